// Every problem code the case pages can meet has words in both languages, and the field-specific
// texts are found before the general ones.
import { describe, expect, it } from 'vitest'
import { zh } from '../../../shared/i18n/messages.zh'
import { en } from '../../../shared/i18n/messages.en'
import { CASE_PROBLEM_CODES, caseProblemText, detailText, type TryT } from './problems'

const tryTOf =
  (dict: Record<string, string>): TryT =>
  (key, params) => {
    const m = dict[key]
    return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (_, n: string) => String(params?.[n] ?? `{${n}}`))
  }

describe('case problem texts', () => {
  for (const [lang, dict] of [
    ['zh', zh],
    ['en', en],
  ] as const) {
    it(`has a text for every code (${lang})`, () => {
      const tryT = tryTOf(dict)
      const missing = CASE_PROBLEM_CODES.filter((code) => caseProblemText(tryT, 'x', code) === undefined)
      expect(missing).toEqual([])
    })
  }
  it('prefers the field-specific text and fills in the limits', () => {
    const tryT = tryTOf(zh)
    expect(caseProblemText(tryT, 'description', 'too_long')).toContain('4000')
    expect(caseProblemText(tryT, 'category', 'required')).not.toBe(caseProblemText(tryT, 'x', 'required'))
  })
  it('names a server detail by the field of its pointer, or keeps its message', () => {
    const tryT = tryTOf(en)
    expect(detailText(tryT, { field: '/location', problem: 'outside_scope', message: 'the place lies outside your area' })).toBe(caseProblemText(tryT, 'location', 'outside_scope'))
    expect(detailText(tryT, { field: '/x', problem: 'something_new', message: 'as the server says' })).toBe('as the server says')
  })
})
