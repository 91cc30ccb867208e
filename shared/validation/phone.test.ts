import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PHONE_PROBLEMS, XINING_AREA_CODE, parsePhone } from './phone.ts'

const problems = (raw: string | null | undefined) => {
  const result = parsePhone(raw)
  return result.ok ? [] : result.problems
}

describe('parsePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    [' 19912345678 ', '19912345678'],
  ])('accepts the mobile number %j as %s', (raw, value) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value, kind: 'mobile' })
  })

  it.each([
    ['0971-1234567', '0971-1234567'],
    ['09711234567', '0971-1234567'],
    ['0971 1234567', '0971-1234567'],
    ['(0971) 1234567', '0971-1234567'],
    ['0971-12345678', '0971-12345678'],
    ['+86 971 1234567', '0971-1234567'],
    ['+86 (0)971 1234567', '0971-1234567'],
    ['+86 10 12345678', '010-12345678'],
    ['010-12345678', '010-12345678'],
    ['01012345678', '010-12345678'],
    ['021 6123 4567', '021-61234567'],
    ['0971-1234567-801', '0971-1234567-801'],
    ['0971-1234567 转 801', '0971-1234567-801'],
    ['0971-1234567 ext. 12', '0971-1234567-12'],
    ['0971 123 4567', '0971-1234567'],
  ])('accepts the landline %j as %s', (raw, value) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value, kind: 'landline' })
  })

  it.each([
    ['', ['empty']],
    ['  ', ['empty']],
    ['1381234567', ['wrong_length']],
    ['138123456789', ['wrong_length']],
    ['12812345678', ['not_mobile']],
    ['11812345678', ['not_mobile']],
    ['1281234567', ['wrong_length', 'not_mobile']],
    ['138-1234-567a', ['bad_characters']],
    ['138.1234.5678', ['bad_characters']],
    ['13812345678 转 12', ['bad_characters']],
    ['１３８１２３４５６７８', ['full_width']],
    ['１３８１２３４５６７', ['full_width', 'wrong_length']],
    ['０９７１－１２３４５６７', ['full_width']],
    ['1234567', ['wrong_length', 'not_mobile']],
    ['7654321', ['bad_area_code']],
    ['097-11234567', ['bad_area_code']],
    ['011-12345678', ['bad_area_code']],
    ['0971-123456', ['wrong_length']],
    ['0971-123456789', ['wrong_length']],
    ['+1 415 555 1234', ['bad_area_code']],
    ['001 415 555 1234', ['bad_area_code']],
    ['+86', ['wrong_length']],
  ] as const)('refuses %j: %j', (raw, expected) => {
    expect(problems(raw)).toEqual(expected)
  })

  it('puts an area code before a bare local number only when asked', () => {
    expect(parsePhone('7654321', { defaultAreaCode: XINING_AREA_CODE })).toEqual({ ok: true, value: '0971-7654321', kind: 'landline' })
    expect(parsePhone('13812345678', { defaultAreaCode: XINING_AREA_CODE })).toMatchObject({ kind: 'mobile' })
  })

  const separator = fc.constantFrom('', ' ', '-')
  const mobile = fc.stringMatching(/^1[3-9]\d{9}$/)

  it('normalises any mobile number however it is spaced or prefixed', () => {
    fc.assert(
      fc.property(mobile, fc.constantFrom('', '+86', '+86 ', '0086', '0086-'), separator, (digits, prefix, sep) => {
        const written = prefix + [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)].join(sep)
        expect(parsePhone(written)).toEqual({ ok: true, value: digits, kind: 'mobile' })
      }),
    )
  })

  it('normalises any landline number however its area code is written', () => {
    const area = fc.oneof(fc.constantFrom('010', '020', '021', '029'), fc.stringMatching(/^0[3-9]\d\d$/))
    const local = fc.stringMatching(/^[2-9]\d{6,7}$/)
    fc.assert(
      fc.property(area, local, fc.constantFrom('', ' ', '-', '(', '+86 '), (a, l, style) => {
        const written = style === '(' ? `(${a})${l}` : style === '+86 ' ? `+86 ${a.slice(1)} ${l}` : a + style + l
        expect(parsePhone(written)).toEqual({ ok: true, value: `${a}-${l}`, kind: 'landline' })
      }),
    )
  })

  it('never throws, and a refusal always names a known problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[+\d \-()]{0,20}$/)), (raw) => {
        const result = parsePhone(raw)
        if (result.ok) expect(result.value).toMatch(/^(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(-\d{1,6})?)$/)
        else {
          expect(result.problems.length).toBeGreaterThan(0)
          for (const p of result.problems) expect(PHONE_PROBLEMS).toContain(p)
        }
      }),
    )
  })
})
