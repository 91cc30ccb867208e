import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { caseConfigEn } from '../../../shared/i18n/messages-caseconfig.en'
import { caseConfigZh } from '../../../shared/i18n/messages-caseconfig.zh'
import { categoryLabel, escalationSentence, limitSentence, problemText, type Words } from './labels'
import { testDocument } from './test-document'

const words = (dict: Record<string, string>, lang: string): Words => ({
  lang,
  tryT: (key, params) => {
    const m = dict[key]
    return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (all, name: string) => (params && name in params ? String(params[name]) : all))
  },
})
const zh = words(caseConfigZh, 'zh-CN')
const en = words(caseConfigEn, 'en-US')
const cats = testDocument().categories

describe('sentences', () => {
  it('says what a limit means', () => {
    expect(limitSentence({ category: 'environment.garbage', level: null, step: 'handle', urgency: null, amount: 4, unit: 'working_hours' }, cats, zh)).toBe('环境秩序·暴露垃圾 在各级 处置 4 工作小时')
    expect(limitSentence({ category: null, level: 'department', step: 'handle', urgency: 'emergency', amount: 0.5, unit: 'calendar_hours' }, cats, zh)).toBe('所有类别 在职能部门 处置 0.5 小时（特急）')
    expect(limitSentence({ category: 'environment.garbage', level: null, step: 'handle', urgency: null, amount: 4, unit: 'working_hours' }, cats, en)).toBe(
      'Environment and order·Exposed garbage, every level: handle within 4 working hours',
    )
    expect(limitSentence({ category: 'component', level: 'street', step: 'accept', urgency: null, amount: null, unit: 'working_days' }, cats, zh)).toBe('城市部件 在街道 受理 ? 个工作日')
  })

  it('says what an escalation rule means', () => {
    expect(escalationSentence({ category: 'emergency', urgency: null, target: 'district', copyLevels: ['community', 'street'] }, cats, zh)).toBe('突发事件、各种紧急程度的报告直接报区县，抄告社区、街道')
    expect(escalationSentence({ category: null, urgency: 'emergency', target: 'district', copyLevels: [] }, cats, en)).toBe('Reports of All categories, emergency: straight to the district')
  })

  it('names unknown categories by their code', () => {
    expect(categoryLabel('no.such', cats, zh)).toBe('no.such')
  })
})

describe('problem texts', () => {
  // Every problem the page's checks, checkCalendarSpec and the server's checkConfigDocument can name.
  const root = path.resolve(__dirname, '../../../..')
  const source = (file: string) => readFileSync(path.join(root, file), 'utf8')
  const codes = new Set<string>()
  for (const m of source('server/features/cases/config.routes.ts').matchAll(/add\([^;\n]*?'([a-z][a-z_]+)',\s*[`'][^`']*[`']\)/g)) codes.add(m[1]!)
  for (const m of source('shared/cases/calendar.ts').matchAll(/add\([^;\n]*?'([a-z][a-z_]+)'\)/g)) codes.add(m[1]!)
  for (const m of source('web/features/case-config/lib/checks.ts').matchAll(/add\([^;\n]*?'([a-z][a-z_]+)'(?:,\s*\{[^}]*\})?\)/g)) codes.add(m[1]!)
  for (const c of ['not_a_handler', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'enum', 'type', 'maxItems', 'minItems', 'additionalProperties']) codes.add(c)

  it('finds the codes in the sources', () => {
    for (const c of ['category_missing', 'bad_parent', 'bad_values', 'default_missing', 'holiday_on_weekend', 'workday_on_weekday', 'not_ascending', 'overlapping', 'bad_time', 'amount_range'])
      expect(codes).toContain(c)
  })

  it('has a text for each in both languages', () => {
    for (const c of codes) {
      expect(caseConfigZh, c).toHaveProperty([`caseConfig.problem.${c}`])
      expect(caseConfigEn, c).toHaveProperty([`caseConfig.problem.${c}`])
    }
  })

  it('fills in the parameters, the step by its name', () => {
    expect(problemText({ problem: 'default_missing', params: { step: 'verify' } }, zh)).toBe('“核查”环节缺少默认时限（所有类别、各级、各种紧急程度）')
    expect(problemText({ problem: 'too_long', params: { max: 40 } }, en)).toBe('Too long: at most 40 characters')
    expect(problemText({ problem: 'something_new', message: 'from the server' }, en)).toBe('from the server')
  })

  it('has the same keys in both languages', () => {
    expect(Object.keys(caseConfigEn).sort()).toEqual(Object.keys(caseConfigZh).sort())
  })
})
