// Small pieces shared by the tabs: a row's problems, a field's error state, the category, level and
// urgency choices (with "all" for null), and an input that commits when left.
import { Input, type InputProps } from 'antd'
import { useEffect, useState } from 'react'
import { useI18n, type MessageKey } from '../../../shared/i18n'
import { HOLDER_LEVELS, URGENCIES } from '../../../../shared/cases/workflow'
import { LIMIT_LEVELS } from '../../../../shared/cases/categories'
import type { ConfigProblem, DraftCategory, HolderLevel, LimitLevel, Urgency } from '../types'
import { categoryName, problemText } from '../lib/labels'

/** The value standing for null ("all") in a select. */
export const ANY = '*'
export const fromAny = <T extends string>(v: string): T | null => (v === ANY ? null : (v as T))

/** 'error' when any of the problems is about the field. */
export function statusOf(problems: readonly ConfigProblem[], row: string, field: string): 'error' | undefined {
  return problems.some((p) => p.row === row && p.field === field) ? 'error' : undefined
}

const FIELD_LABELS: Partial<Record<string, MessageKey>> = {
  code: 'caseConfig.categories.code',
  nameZh: 'caseConfig.categories.nameZh',
  nameEn: 'caseConfig.categories.nameEn',
  category: 'caseConfig.limits.category',
  amount: 'caseConfig.limits.amount',
  date: 'caseConfig.calendar.date',
  name: 'caseConfig.calendar.name',
  start: 'caseConfig.settings.start',
  end: 'caseConfig.settings.end',
}

/** The name of the field a problem is about ('attributes/2/code' → '属性 3'), or undefined. */
export function useFieldLabel() {
  const { t } = useI18n()
  return (field: string | undefined): string | undefined => {
    if (!field) return undefined
    const attr = /^attributes\/(\d+)/.exec(field)
    if (attr) return t('caseConfig.attributeN', { n: Number(attr[1]) + 1 })
    const key = FIELD_LABELS[field]
    return key ? t(key) : undefined
  }
}

/** The problems of a row, one per line (with the field's name where the problem is about one). */
export function RowProblems({ problems, testId = 'row-problems' }: { problems: readonly ConfigProblem[]; testId?: string }) {
  const i18n = useI18n()
  const fieldLabel = useFieldLabel()
  if (problems.length === 0) return null
  return (
    <ul className="cc-problems" data-testid={testId}>
      {problems.map((p, i) => {
        const field = fieldLabel(p.field)
        const text = problemText(p, i18n)
        return (
          <li key={i} data-problem={p.problem} data-field={p.field ?? ''} data-source={p.source}>
            {field ? i18n.t('caseConfig.fieldProblem', { field, problem: text }) : text}
          </li>
        )
      })}
    </ul>
  )
}

/** Options of a category select: "all", then each category with its subcategories (inactive ones marked). */
export function useCategoryOptions(categories: readonly DraftCategory[], withAny = true) {
  const { t, lang } = useI18n()
  const mark = (c: DraftCategory) => `${categoryName(c, lang)}${c.active ? '' : ` (${t('caseConfig.inactiveMark')})`}`
  const parents = categories.filter((c) => c.parentCode === null && c.code)
  const groups = parents.map((p) => ({
    label: categoryName(p, lang),
    title: p.code,
    options: [
      { value: p.code, label: `${mark(p)} · ${t('caseConfig.wholeCategory')}` },
      ...categories.filter((c) => c.parentCode === p.code && c.code !== `${p.code}.`).map((c) => ({ value: c.code, label: `${categoryName(p, lang)}·${mark(c)}` })),
    ],
  }))
  return withAny ? [{ value: ANY, label: t('caseConfig.anyCategory') }, ...groups] : groups
}

export function useLevelOptions(withDepartment: boolean) {
  const { t } = useI18n()
  const levels: readonly LimitLevel[] = withDepartment ? LIMIT_LEVELS : HOLDER_LEVELS
  return [{ value: ANY, label: t('caseConfig.atLevel.any') }, ...levels.map((l) => ({ value: l, label: t(`caseConfig.level.${l}`) }))]
}

export function useHolderLevelOptions() {
  const { t } = useI18n()
  return HOLDER_LEVELS.map((l: HolderLevel) => ({ value: l, label: t(`caseConfig.level.${l}`) }))
}

export function useUrgencyOptions() {
  const { t } = useI18n()
  return [{ value: ANY, label: t('caseConfig.anyUrgency') }, ...URGENCIES.map((u: Urgency) => ({ value: u, label: t(`caseConfig.urgency.${u}`) }))]
}

/** A text input that keeps what is typed to itself and hands it on when left (blur or Enter). */
export function CommitInput({ value, onCommit, ...rest }: Omit<InputProps, 'value' | 'onChange'> & { value: string; onCommit: (v: string) => void }) {
  const [text, setText] = useState(value)
  useEffect(() => setText(value), [value])
  const commit = () => {
    if (text !== value) onCommit(text)
  }
  return <Input {...rest} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onPressEnter={commit} />
}

/** How a tab changes the draft: the tab and row edited (their server problems are dropped) and the change. */
export type Editor = (tab: import('../types').ConfigTab, row: string | undefined, change: (d: import('../types').Draft) => import('../types').Draft) => void

export interface TabProps {
  draft: import('../types').Draft
  problems: readonly ConfigProblem[]
  edit: Editor
}
