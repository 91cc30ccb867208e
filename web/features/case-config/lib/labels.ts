// Words for the configuration: category names in the page's language, a sentence for each limit and
// escalation rule ("环境秩序·暴露垃圾 在各级 处置 4 工作小时"), and texts for problems.
import type { CategoryConfig, ConfigProblem, EscalationConfig, LimitConfig } from '../types'

/** What labels need of the i18n object (useI18n()). */
export interface Words {
  lang: string
  tryT: (key: string, params?: Record<string, string | number>) => string | undefined
}

const word = (w: Words, key: string, params?: Record<string, string | number>) => w.tryT(key, params) ?? key

type CategoryLike = Pick<CategoryConfig, 'code' | 'parentCode' | 'nameZh' | 'nameEn'>

export function categoryName(c: Pick<CategoryConfig, 'nameZh' | 'nameEn' | 'code'>, lang: string): string {
  const name = lang.startsWith('en') ? c.nameEn || c.nameZh : c.nameZh || c.nameEn
  return name.trim() || c.code
}

/** 'environment.garbage' → '环境秩序·暴露垃圾'; null → '所有类别'; an unknown code as it is. */
export function categoryLabel(code: string | null, categories: readonly CategoryLike[], w: Words): string {
  if (code === null) return word(w, 'caseConfig.anyCategory')
  const c = categories.find((x) => x.code === code)
  if (!c) return code
  const own = categoryName(c, w.lang)
  if (!c.parentCode) return own
  const parent = categories.find((x) => x.code === c.parentCode)
  return parent ? `${categoryName(parent, w.lang)}·${own}` : own
}

/** A number without trailing zeros, in the page's language (0.5, 4, 1 000). */
export function amountText(amount: number | null, lang: string): string {
  if (amount === null || !Number.isFinite(amount)) return '?'
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(amount)
}

/** The limit as a sentence. */
export function limitSentence(l: Omit<LimitConfig, 'amount'> & { amount: number | null }, categories: readonly CategoryLike[], w: Words): string {
  return word(w, 'caseConfig.limitSentence', {
    category: categoryLabel(l.category, categories, w),
    level: word(w, l.level ? `caseConfig.atLevel.${l.level}` : 'caseConfig.atLevel.any'),
    step: word(w, `caseConfig.step.${l.step}`),
    amount: amountText(l.amount, w.lang),
    unit: word(w, `caseConfig.unitIn.${l.unit}`),
    urgency: l.urgency ? word(w, 'caseConfig.urgencySuffix', { urgency: word(w, `caseConfig.urgency.${l.urgency}`) }) : '',
  })
}

/** The escalation rule as a sentence. */
export function escalationSentence(e: EscalationConfig, categories: readonly CategoryLike[], w: Words): string {
  const copies = e.copyLevels.map((l) => word(w, `caseConfig.level.${l}`)).join(word(w, 'caseConfig.listSeparator'))
  return word(w, e.copyLevels.length ? 'caseConfig.escalationSentenceCopy' : 'caseConfig.escalationSentence', {
    category: categoryLabel(e.category, categories, w),
    urgency: e.urgency ? word(w, `caseConfig.urgency.${e.urgency}`) : word(w, 'caseConfig.anyUrgency'),
    target: word(w, `caseConfig.level.${e.target}`),
    copies,
  })
}

/**
 * The text of a problem: the page's own text (caseConfig.problem.<code>), then the app's
 * (problem.<code>), then the server's message, then the code.
 */
export function problemText(p: Pick<ConfigProblem, 'problem' | 'params' | 'message'>, w: Words): string {
  const params = { ...(p.params ?? {}) }
  if (typeof params.step === 'string') params.step = word(w, `caseConfig.step.${params.step}`)
  return w.tryT(`caseConfig.problem.${p.problem}`, params) ?? w.tryT(`problem.${p.problem}`, params) ?? p.message ?? p.problem
}
