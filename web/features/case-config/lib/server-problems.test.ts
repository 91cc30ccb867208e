import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/api/client'
import { addRow, removeRow, toDraft } from './draft'
import { dropEdited, placeServerProblem, serverProblems } from './server-problems'
import { testDocument } from './test-document'

const detail = (field: string, problem: string) => ({ field, location: 'body', problem, message: `server says ${problem}` })

describe("the server's problems at their place", () => {
  const sent = addRow(toDraft(testDocument()), 'calendarDays', { key: 'sat', date: '2027-01-02', kind: 'holiday', name: '周六' })
  const lastDay = sent.calendarDays.length - 1

  it('places rows by index in the draft that was sent, and fields within them', () => {
    expect(placeServerProblem(detail('/config/limits/3/category', 'unknown_category'), sent)).toEqual({
      tab: 'limits',
      row: 'l3',
      field: 'category',
      problem: 'unknown_category',
      message: 'server says unknown_category',
      source: 'server',
    })
    expect(placeServerProblem(detail('/config/limits/4', 'duplicate'), sent)).toMatchObject({ tab: 'limits', row: 'l4', problem: 'duplicate' })
    expect(placeServerProblem(detail('/config/limits', 'default_missing'), sent)).toMatchObject({ tab: 'limits', problem: 'default_missing' })
    expect(placeServerProblem(detail('/config/limits', 'default_missing'), sent)!.row).toBeUndefined()
    expect(placeServerProblem(detail('/config/escalations/1/category', 'unknown_category'), sent)).toMatchObject({ tab: 'escalations', row: 'e1', field: 'category' })
    expect(placeServerProblem(detail('/config/categories/2/attributes/0/values', 'bad_values'), sent)).toMatchObject({
      tab: 'categories',
      row: `c:${sent.categories[2]!.code}`,
      field: 'attributes/0/values',
    })
    expect(placeServerProblem(detail('/config/categories', 'category_missing'), sent)).toMatchObject({ tab: 'categories', problem: 'category_missing' })
  })

  it('places calendar and settings problems', () => {
    expect(placeServerProblem(detail(`/config/calendarDays/${lastDay}`, 'holiday_on_weekend'), sent)).toMatchObject({ tab: 'calendar', row: 'sat', problem: 'holiday_on_weekend' })
    expect(placeServerProblem(detail(`/config/calendarDays/${lastDay}/name`, 'invalid_name'), sent)).toMatchObject({ tab: 'calendar', row: 'sat', field: 'name' })
    expect(placeServerProblem(detail('/config/settings/periods/1', 'not_ascending'), sent)).toMatchObject({ tab: 'settings', row: 'p1', problem: 'not_ascending' })
    expect(placeServerProblem(detail('/config/settings/periods/0/1', 'maximum'), sent)).toMatchObject({ tab: 'settings', row: 'p0', field: 'end' })
    expect(placeServerProblem(detail('/config/settings/periods', 'no_periods'), sent)).toMatchObject({ tab: 'settings', field: 'periods' })
    expect(placeServerProblem(detail('/config/settings/yellowShare', 'maximum'), sent)).toMatchObject({ tab: 'settings', field: 'yellowShare' })
  })

  it('leaves what names no place for the general alert', () => {
    const error = new ApiError(400, 'validation_failed', 'bad', [detail('/config/limits/0/amount', 'exclusiveMinimum'), detail('/version', 'minimum'), { message: 'no field' }])
    const { problems, other } = serverProblems(error, sent)
    expect(problems.map((p) => p.row)).toEqual(['l0'])
    expect(other.map((d) => d.message)).toEqual(['server says minimum', 'no field'])
    expect(serverProblems(new ApiError(409, 'conflict', 'stale', [detail('/version', 'stale')]), sent)).toEqual({ problems: [], other: [] })
  })

  it('keeps a row’s problem at the row while rows before it are removed, and drops it once the row is edited', () => {
    const { problems } = serverProblems(new ApiError(400, 'validation_failed', 'bad', [detail('/config/limits/5/category', 'unknown_category'), detail('/config/limits', 'default_missing')]), sent)
    const after = removeRow(sent, 'limits', 'l0')
    expect(after.limits.findIndex((l) => l.key === problems[0]!.row)).toBe(4)
    expect(dropEdited(problems, { tab: 'limits', row: 'l5' }).map((p) => p.problem)).toEqual(['default_missing'])
    expect(dropEdited(problems, { tab: 'limits' }).map((p) => p.problem)).toEqual(['unknown_category'])
  })
})
