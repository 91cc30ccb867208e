// The problems the server would find in the document (the schema's bounds and checkConfigDocument's
// rules, with the work calendar checked by the shared checkCalendarSpec), found in the browser as the
// admin types, each placed at its tab, row and field.
import { checkCalendarSpec } from '../../../../shared/cases/calendar'
import { CASE_STEPS } from '../../../../shared/cases/workflow'
import type { CaseAttribute, ConfigProblem, ConfigTab, Draft, DraftCategory } from '../types'
import { hhmmToMinutes } from './time'

/** A category code: 'environment' or 'environment.garbage' (as the server's pattern). */
export const CATEGORY_CODE = /^[a-z][a-z_]{1,30}(\.[a-z][a-z_]{1,30})?$/
/** One part of a code, as typed for a new category or subcategory. */
export const CODE_PART = /^[a-z][a-z_]{1,30}$/
export const ATTRIBUTE_CODE = /^[a-z][a-z0-9_]{0,40}$/
export const DEPARTMENT_KEY = /^[a-z][a-z_]{1,29}$/

/** The schema's bounds. */
export const BOUNDS = {
  nameZh: 40,
  nameEn: 80,
  attributes: 30,
  attributeDescription: 200,
  datatypeDescription: 200,
  attributeOrder: 1000,
  values: 100,
  valueKey: 60,
  valueName: 100,
  amountMax: 1000,
  periods: 6,
  limits: 2000,
  escalations: 500,
  calendarDays: 2000,
  categories: 500,
  yellowMin: 50,
  yellowMax: 95,
  departmentName: 60,
  departmentNameEn: 100,
  departmentCategories: 50,
} as const

export const isListDatatype = (d: CaseAttribute['datatype']) => d === 'singlevaluelist' || d === 'multivaluelist'

const length = (s: string) => [...s].length

function checkText(add: (field: string, problem: string, params?: ConfigProblem['params']) => void, field: string, value: string, max: number) {
  if (value.trim() === '') add(field, 'required')
  else if (length(value.trim()) > max) add(field, 'too_long', { max })
}

function checkAttributes(c: DraftCategory, add: (field: string | undefined, problem: string, params?: ConfigProblem['params']) => void) {
  if (c.attributes.length > BOUNDS.attributes) add('attributes', 'too_many', { max: BOUNDS.attributes })
  const seen = new Set<string>()
  c.attributes.forEach((a, j) => {
    const at = `attributes/${j}`
    if (!ATTRIBUTE_CODE.test(a.code)) add(`${at}/code`, a.code === '' ? 'required' : 'bad_attribute_code')
    else if (seen.has(a.code)) add(`${at}/code`, 'duplicate')
    seen.add(a.code)
    checkText((f, p, params) => add(f, p, params), `${at}/description`, a.description, BOUNDS.attributeDescription)
    if (a.datatype_description && length(a.datatype_description) > BOUNDS.datatypeDescription) add(`${at}/datatype_description`, 'too_long', { max: BOUNDS.datatypeDescription })
    if (!Number.isInteger(a.order) || a.order < 0 || a.order > BOUNDS.attributeOrder) add(`${at}/order`, 'order_range', { min: 0, max: BOUNDS.attributeOrder })
    const values = a.values ?? []
    if (isListDatatype(a.datatype) && values.length === 0) add(`${at}/values`, 'values_needed')
    if (!isListDatatype(a.datatype) && values.length > 0) add(`${at}/values`, 'values_not_allowed')
    if (values.length > BOUNDS.values) add(`${at}/values`, 'too_many', { max: BOUNDS.values })
    const keys = new Set<string>()
    values.forEach((v, k) => {
      checkText((f, p, params) => add(f, p, params), `${at}/values/${k}/key`, v.key, BOUNDS.valueKey)
      if (keys.has(v.key)) add(`${at}/values/${k}/key`, 'duplicate')
      keys.add(v.key)
      checkText((f, p, params) => add(f, p, params), `${at}/values/${k}/name`, v.name, BOUNDS.valueName)
    })
  })
}

/** Every problem of the draft, in the order of the tabs. */
export function checkDraft(draft: Draft): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  const adder =
    (tab: ConfigTab, row?: string) =>
    (field: string | undefined, problem: string, params?: ConfigProblem['params']) =>
      problems.push({ tab, ...(row !== undefined ? { row } : {}), ...(field !== undefined ? { field } : {}), problem, ...(params ? { params } : {}), source: 'local' })

  // Categories
  const codes = new Set<string>()
  const parents = new Set(draft.categories.filter((c) => c.parentCode === null).map((c) => c.code))
  if (draft.categories.length > BOUNDS.categories) adder('categories')(undefined, 'too_many', { max: BOUNDS.categories })
  for (const c of draft.categories) {
    const add = adder('categories', c.key)
    if (!c.saved) {
      const part = c.parentCode ? c.code.slice(c.parentCode.length + 1) : c.code
      if (part === '') add('code', 'required')
      else if (!CODE_PART.test(part) || !CATEGORY_CODE.test(c.code)) add('code', 'bad_code')
      else if (c.parentCode && !parents.has(c.parentCode)) add('code', 'bad_parent')
    }
    if (codes.has(c.code)) add('code', 'duplicate')
    codes.add(c.code)
    checkText(add, 'nameZh', c.nameZh, BOUNDS.nameZh)
    checkText(add, 'nameEn', c.nameEn, BOUNDS.nameEn)
    checkAttributes(c, add)
  }
  const known = (code: string | null) => code === null || codes.has(code)

  // Limits
  if (draft.limits.length > BOUNDS.limits) adder('limits')(undefined, 'too_many', { max: BOUNDS.limits })
  const limitKeys = new Set<string>()
  for (const l of draft.limits) {
    const add = adder('limits', l.key)
    if (!known(l.category)) add('category', 'unknown_category')
    if (l.amount === null) add('amount', 'required')
    else if (!(l.amount > 0) || l.amount > BOUNDS.amountMax) add('amount', 'amount_range', { max: BOUNDS.amountMax })
    const k = `${l.category}|${l.level}|${l.step}|${l.urgency}`
    if (limitKeys.has(k)) add(undefined, 'duplicate')
    limitKeys.add(k)
  }
  for (const step of CASE_STEPS)
    if (!draft.limits.some((l) => l.step === step && l.category === null && l.level === null && l.urgency === null)) adder('limits')(undefined, 'default_missing', { step })

  // Escalation rules
  if (draft.escalations.length > BOUNDS.escalations) adder('escalations')(undefined, 'too_many', { max: BOUNDS.escalations })
  const escKeys = new Set<string>()
  for (const e of draft.escalations) {
    const add = adder('escalations', e.key)
    if (!known(e.category)) add('category', 'unknown_category')
    const k = `${e.category}|${e.urgency}`
    if (escKeys.has(k)) add(undefined, 'duplicate')
    escKeys.add(k)
  }

  // Calendar and working periods: the shared check, once every time reads.
  if (draft.calendarDays.length > BOUNDS.calendarDays) adder('calendar')(undefined, 'too_many', { max: BOUNDS.calendarDays })
  const periods: [number, number][] = []
  let periodsRead = true
  for (const p of draft.periods) {
    const add = adder('settings', p.key)
    const s = hhmmToMinutes(p.start)
    const e = hhmmToMinutes(p.end)
    if (s === undefined) add('start', 'bad_time')
    if (e === undefined) add('end', 'bad_time')
    if (s === undefined || e === undefined) periodsRead = false
    else periods.push([s, e])
  }
  if (draft.periods.length > BOUNDS.periods) adder('settings')('periods', 'too_many', { max: BOUNDS.periods })
  const spec = {
    days: draft.calendarDays.map((d) => ({ date: d.date.trim(), kind: d.kind, name: d.name })),
    ...(periodsRead ? { periods } : {}),
    utcOffsetMinutes: draft.utcOffsetMinutes,
  }
  for (const p of checkCalendarSpec(spec)) problems.push(...placeCalendarProblem(p.pointer, p.problem, draft, 'local'))

  // Settings
  const y = draft.yellowPercent
  if (y === null) adder('settings')('yellowShare', 'required')
  else if (y < BOUNDS.yellowMin || y > BOUNDS.yellowMax) adder('settings')('yellowShare', 'yellow_range', { min: BOUNDS.yellowMin, max: BOUNDS.yellowMax })
  return problems
}

/**
 * A problem of checkCalendarSpec (pointers into { days, periods, utcOffsetMinutes }) at its place in
 * the draft: '/days/3/date' → the calendar tab, the day's row, 'date'; '/periods/1/0' → the settings
 * tab, the period's row, 'start'.
 */
export function placeCalendarProblem(pointer: string, problem: string, draft: Draft, source: ConfigProblem['source'], message?: string): ConfigProblem[] {
  const parts = pointer.split('/').filter(Boolean)
  const extra = message !== undefined ? { message } : {}
  if (parts[0] === 'days') {
    const row = parts[1] !== undefined ? draft.calendarDays[Number(parts[1])]?.key : undefined
    const field = parts[2]
    return [{ tab: 'calendar', ...(row ? { row } : {}), ...(row && field ? { field } : {}), problem, source, ...extra }]
  }
  if (parts[0] === 'periods') {
    const row = parts[1] !== undefined ? draft.periods[Number(parts[1])]?.key : undefined
    const field = parts[2] === '0' ? 'start' : parts[2] === '1' ? 'end' : undefined
    return [{ tab: 'settings', ...(row ? { row } : { field: 'periods' }), ...(row && field ? { field } : {}), problem, source, ...extra }]
  }
  return [{ tab: 'settings', field: parts[0] ?? 'settings', problem, source, ...extra }]
}

/** Problems of one row (and, with `field`, of one field of it). */
export function problemsAt(problems: readonly ConfigProblem[], row: string, field?: string): ConfigProblem[] {
  return problems.filter((p) => p.row === row && (field === undefined || p.field === field))
}

/** Problems of a tab that are about no row (default_missing, a general limit). */
export function tabProblems(problems: readonly ConfigProblem[], tab: ConfigTab, field?: string): ConfigProblem[] {
  return problems.filter((p) => p.tab === tab && p.row === undefined && (field === undefined || p.field === field))
}

/** Problems per tab, for the badges. */
export function countByTab(problems: readonly ConfigProblem[]): Record<ConfigTab, number> {
  const out: Record<ConfigTab, number> = { categories: 0, limits: 0, escalations: 0, calendar: 0, settings: 0 }
  for (const p of problems) out[p.tab] += 1
  return out
}

/** A day as typed in the "add a day" form, checked alone and against the days already listed. */
export function checkNewDay(day: { date: string; kind: 'holiday' | 'workday'; name: string }, existing: readonly { date: string }[]): string[] {
  const problems = checkCalendarSpec({ days: [{ date: day.date.trim(), kind: day.kind, name: day.name }] }).map((p) => p.problem)
  if (existing.some((d) => d.date.trim() === day.date.trim())) problems.push('duplicate_date')
  return problems
}
