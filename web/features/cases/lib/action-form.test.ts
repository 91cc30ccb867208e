import { describe, expect, it } from 'vitest'
import { CASE_ACTIONS, REASON_REQUIRED, RESULT_REQUIRED } from '../../../../shared/cases/workflow'
import { actionBody, actionFieldOf, actionFields, actionProblems, extensionMax } from './action-form'

const codes = (m: Map<string, { problem: string }[]>) => Object.fromEntries([...m].map(([f, ps]) => [f, ps.map((p) => p.problem)]))

describe('what a step asks for', () => {
  it('requires a reason exactly where the workflow does, and a result where it does', () => {
    for (const a of CASE_ACTIONS) {
      const fields = actionFields(a)
      const reason = fields.find((f) => f.field === 'reason')
      if (a === 'rate') expect(reason).toBeUndefined()
      else expect(reason?.required).toBe(REASON_REQUIRED.has(a))
      if (RESULT_REQUIRED.has(a) && a !== 'resolve_on_spot') expect(fields.find((f) => f.field === 'result')?.required).toBe(true)
    }
  })
  it('asks each step for its own input', () => {
    expect(actionFields('assign').map((f) => f.field)).toEqual(['target', 'reason'])
    expect(actionFields('dispatch').map((f) => f.field)).toEqual(['department', 'reason'])
    expect(actionFields('urge')).toEqual([
      { field: 'card', required: true },
      { field: 'reason', required: true },
    ])
    expect(actionFields('rate')).toEqual([
      { field: 'rating', required: true },
      { field: 'comment', required: false },
    ])
    expect(actionFields('close').map((f) => f.field)).toEqual(['result', 'photos', 'reason'])
  })
})

describe('step checks', () => {
  it('names missing and bad input', () => {
    expect(codes(actionProblems('reject', {}))).toEqual({ reason: ['required'] })
    expect(codes(actionProblems('accept', {}))).toEqual({})
    expect(codes(actionProblems('urge', { reason: '  ' }))).toEqual({ card: ['required'], reason: ['required'] })
    expect(codes(actionProblems('rate', { rating: 0 }))).toEqual({ rating: ['required'] })
    expect(codes(actionProblems('close', { result: '已清理', photos: [{ uid: '1', status: 'uploading' }] }))).toEqual({ photos: ['uploading'] })
  })
  it('keeps an extension within the limit of its unit', () => {
    expect(extensionMax('working_days')).toBe(30)
    expect(extensionMax('working_hours')).toBe(240)
    expect(codes(actionProblems('request_extension', { amount: 31, reason: '材料未齐' }, 'calendar_days'))).toEqual({ amount: ['out_of_range'] })
    expect(codes(actionProblems('request_extension', { amount: 31, reason: '材料未齐' }, 'working_hours'))).toEqual({})
    expect(codes(actionProblems('request_extension', { amount: 0, reason: '材料未齐' }, 'working_hours'))).toEqual({ amount: ['out_of_range'] })
  })
})

describe('step body', () => {
  it('sends the version and only the step\'s own fields, trimmed', () => {
    const values = { reason: ' 已核实 ', result: '清理完毕', card: 'red' as const, target: '630103001003', photos: [{ uid: '1', status: 'done' as const, response: { name: 'p.jpg', url: '', thumbUrl: '', width: 1, height: 1 } }] }
    expect(actionBody('accept', 3, values)).toEqual({ action: 'accept', version: 3, reason: '已核实' })
    expect(actionBody('close', 4, values)).toEqual({ action: 'close', version: 4, result: '清理完毕', photos: ['p.jpg'], reason: '已核实' })
    expect(actionBody('urge', 5, values)).toEqual({ action: 'urge', version: 5, card: 'red', reason: '已核实' })
    expect(actionBody('rate', 6, { rating: 5, comment: ' ' })).toEqual({ action: 'rate', version: 6, rating: 5 })
    expect(actionBody('merge', 2, { mergeInto: 9, reason: '重复' })).toEqual({ action: 'merge', version: 2, mergeInto: 9, reason: '重复' })
  })
  it('puts server problems under the dialog\'s fields', () => {
    expect(actionFieldOf('close', '/photos/1')).toBe('photos')
    expect(actionFieldOf('reject', '/reason')).toBe('reason')
    expect(actionFieldOf('reject', '/version')).toBeUndefined()
  })
})
