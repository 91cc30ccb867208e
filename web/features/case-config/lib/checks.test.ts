import { describe, expect, it } from 'vitest'
import { checkDraft, checkNewDay, countByTab } from './checks'
import { addCategory, addRow, patchRow, removeRow, toDraft } from './draft'
import { testDocument } from './test-document'
import type { ConfigProblem, Draft } from '../types'

const base = () => toDraft(testDocument())
const only = (ps: ConfigProblem[]) => ps.map(({ tab, row, field, problem }) => ({ tab, row, field, problem }))

describe('checks as the admin types', () => {
  it('finds nothing in the seeded document', () => {
    expect(checkDraft(base())).toEqual([])
  })

  it('flags a holiday on a Saturday and a make-up day on a weekday at their rows', () => {
    let d = addRow(base(), 'calendarDays', { key: 'sat', date: '2027-01-02', kind: 'holiday', name: '周六' })
    d = addRow(d, 'calendarDays', { key: 'fri', date: '2027-01-01', kind: 'workday', name: '元旦' })
    d = addRow(d, 'calendarDays', { key: 'bad', date: '2027-02-30', kind: 'holiday', name: '' })
    expect(only(checkDraft(d))).toEqual([
      { tab: 'calendar', row: 'sat', field: undefined, problem: 'holiday_on_weekend' },
      { tab: 'calendar', row: 'fri', field: undefined, problem: 'workday_on_weekday' },
      { tab: 'calendar', row: 'bad', field: 'date', problem: 'invalid_date' },
      { tab: 'calendar', row: 'bad', field: 'name', problem: 'invalid_name' },
    ])
  })

  it('checks the working periods: unreadable times, order, overlap, emptiness', () => {
    const withPeriods = (periods: [string, string][]): Draft => ({ ...base(), periods: periods.map(([start, end], i) => ({ key: `p${i}`, start, end })) })
    expect(only(checkDraft(withPeriods([['9:00', '25:00']])))).toEqual([{ tab: 'settings', row: 'p0', field: 'end', problem: 'bad_time' }])
    expect(only(checkDraft(withPeriods([['13:00', '17:00'], ['09:00', '12:00']])))).toEqual([{ tab: 'settings', row: 'p1', field: undefined, problem: 'not_ascending' }])
    expect(only(checkDraft(withPeriods([['09:00', '14:00'], ['13:00', '17:00']])))).toEqual([{ tab: 'settings', row: 'p1', field: undefined, problem: 'overlapping' }])
    expect(only(checkDraft(withPeriods([['12:00', '12:00']])))).toEqual([{ tab: 'settings', row: 'p0', field: undefined, problem: 'empty_period' }])
    expect(only(checkDraft(withPeriods([])))).toEqual([{ tab: 'settings', row: undefined, field: 'periods', problem: 'no_periods' }])
  })

  it('checks the yellow share', () => {
    expect(only(checkDraft({ ...base(), yellowPercent: 96 }))).toEqual([{ tab: 'settings', row: undefined, field: 'yellowShare', problem: 'yellow_range' }])
    expect(only(checkDraft({ ...base(), yellowPercent: null }))).toEqual([{ tab: 'settings', row: undefined, field: 'yellowShare', problem: 'required' }])
  })

  it('checks limits: unknown category, amount, duplicates, a default per step', () => {
    let d = patchRow(base(), 'limits', 'l4', { category: 'environment.nope' })
    d = patchRow(d, 'limits', 'l5', { amount: 0 })
    d = patchRow(d, 'limits', 'l7', { amount: null })
    d = addRow(d, 'limits', { key: 'dup', category: null, level: null, step: 'accept', urgency: null, amount: 1, unit: 'working_days' })
    d = removeRow(d, 'limits', 'l3') // the verify step's default
    expect(only(checkDraft(d))).toEqual([
      { tab: 'limits', row: 'l4', field: 'category', problem: 'unknown_category' },
      { tab: 'limits', row: 'l5', field: 'amount', problem: 'amount_range' },
      { tab: 'limits', row: 'l7', field: 'amount', problem: 'required' },
      { tab: 'limits', row: 'dup', field: undefined, problem: 'duplicate' },
      { tab: 'limits', row: undefined, field: undefined, problem: 'default_missing' },
    ])
    expect(checkDraft(d).find((p) => p.problem === 'default_missing')!.params).toEqual({ step: 'verify' })
  })

  it('checks escalation rules', () => {
    let d = addRow(base(), 'escalations', { key: 'x', category: null, urgency: null, target: 'street', copyLevels: [] })
    d = addRow(d, 'escalations', { key: 'y', category: 'no.such', urgency: null, target: 'street', copyLevels: [] })
    expect(only(checkDraft(d))).toEqual([
      { tab: 'escalations', row: 'x', field: undefined, problem: 'duplicate' },
      { tab: 'escalations', row: 'y', field: 'category', problem: 'unknown_category' },
    ])
  })

  it('checks new categories: code, names, and that a code is not taken', () => {
    let d = addCategory(base(), 'environment', 'n1')
    expect(only(checkDraft(d)).map((p) => `${p.field}:${p.problem}`)).toEqual(['code:required', 'nameZh:required', 'nameEn:required'])
    d = patchRow(d, 'categories', 'n1', { code: 'environment.Snow', nameZh: '积雪', nameEn: 'Snow' })
    expect(only(checkDraft(d))).toEqual([{ tab: 'categories', row: 'n1', field: 'code', problem: 'bad_code' }])
    d = patchRow(d, 'categories', 'n1', { code: 'environment.garbage' })
    expect(only(checkDraft(d))).toEqual([{ tab: 'categories', row: 'n1', field: 'code', problem: 'duplicate' }])
    d = patchRow(d, 'categories', 'n1', { code: 'environment.snow' })
    expect(checkDraft(d)).toEqual([])
    d = patchRow(d, 'categories', 'c:dispute', { nameZh: 'x'.repeat(41) })
    expect(only(checkDraft(d))).toEqual([{ tab: 'categories', row: 'c:dispute', field: 'nameZh', problem: 'too_long' }])
  })

  it('checks attributes', () => {
    const d = patchRow(base(), 'categories', 'c:environment.garbage', {
      attributes: [
        { variable: true, code: 'size', datatype: 'singlevaluelist', required: true, order: 1, description: '大小', values: [] },
        { variable: true, code: 'size', datatype: 'string', required: false, order: 2000, description: '', values: [{ key: 'a', name: 'A' }] },
        { variable: true, code: '9x', datatype: 'multivaluelist', required: false, order: 3, description: '问', values: [{ key: 'a', name: '' }, { key: 'a', name: 'B' }] },
      ],
    })
    expect(only(checkDraft(d)).map((p) => `${p.field}:${p.problem}`)).toEqual([
      'attributes/0/values:values_needed',
      'attributes/1/code:duplicate',
      'attributes/1/description:required',
      'attributes/1/order:order_range',
      'attributes/1/values:values_not_allowed',
      'attributes/2/code:bad_attribute_code',
      'attributes/2/values/0/name:required',
      'attributes/2/values/1/key:duplicate',
    ])
    expect(countByTab(checkDraft(d))).toEqual({ categories: 8, limits: 0, escalations: 0, calendar: 0, settings: 0 })
  })

  it('checks a day before it is added', () => {
    const days = toDraft(testDocument()).calendarDays
    expect(checkNewDay({ date: '2027-01-02', kind: 'holiday', name: '元旦' }, days)).toEqual(['holiday_on_weekend'])
    expect(checkNewDay({ date: '2027-01-01', kind: 'holiday', name: '元旦' }, days)).toEqual([])
    expect(checkNewDay({ date: '2026-01-01', kind: 'holiday', name: '元旦' }, days)).toEqual(['duplicate_date'])
    expect(checkNewDay({ date: '2027-13-01', kind: 'holiday', name: '元旦' }, days)).toEqual(['invalid_date'])
  })
})
