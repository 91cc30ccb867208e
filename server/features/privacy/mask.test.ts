// Masking of personal data: examples, and properties over random values — a mask keeps the length,
// shows only the kept positions and says nothing about the hidden ones.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MASKED_MOBILE_PATTERN, maskIdNumber, maskName, maskPhone } from './mask.ts'

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))
const mobileArb = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([b, rest]) => `1${b}${rest}`)
const idArb = fc.tuple(digits(17), fc.constantFrom(...'0123456789X')).map(([a, c]) => a + c)

/** Positions (code points) where `masked` shows '*' and `plain` does not. */
const hidden = (plain: string, masked: string) => [...masked].flatMap((c, i) => (c === '*' && [...plain][i] !== '*' ? [i] : []))

/** Changes the characters of `s` at `positions` to other digits. */
const alter = (s: string, positions: number[], by: number) =>
  [...s].map((c, i) => (positions.includes(i) ? String((Number(c) + by) % 10) : c)).join('')

describe('maskPhone', () => {
  it('masks mobiles, landlines and other numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+8613812345678')).toBe('+86138****5678')
    expect(maskPhone('0971-6123456')).toBe('0971-***3456')
    expect(maskPhone('097161234567')).toBe('0971****4567')
    expect(maskPhone('010-87654321')).toBe('010-****4321')
    expect(maskPhone('0971-6123456-808')).toBe('0971-***3456-***')
    expect(maskPhone('12345')).toBe('****5')
    expect(maskPhone(null)).toBeNull()
  })

  it('keeps the length, shows only prefix and last 4 of a mobile, and hides the middle digits entirely', () => {
    fc.assert(
      fc.property(mobileArb, fc.integer({ min: 1, max: 9 }), (phone, by) => {
        const masked = maskPhone(phone)
        expect(masked).toHaveLength(phone.length)
        expect(masked).toMatch(new RegExp(MASKED_MOBILE_PATTERN))
        expect(masked.slice(0, 3) + masked.slice(7)).toBe(phone.slice(0, 3) + phone.slice(7))
        expect(hidden(phone, masked)).toEqual([3, 4, 5, 6])
        // Nothing of the hidden digits leaks: changing them does not change the mask.
        expect(maskPhone(alter(phone, [3, 4, 5, 6], by))).toBe(masked)
      }),
    )
  })

  it('keeps a landline\'s area code and last 4 digits only', () => {
    const landline = fc.tuple(fc.constantFrom('010', '021', '0971', '0372'), fc.constantFrom('', '-', ' '), fc.integer({ min: 7, max: 8 }).chain((n) => digits(n)))
    fc.assert(
      fc.property(landline, fc.integer({ min: 1, max: 9 }), ([area, sep, local], by) => {
        const phone = area + sep + local
        const masked = maskPhone(phone)
        const start = area.length + sep.length
        expect(masked).toBe(area + sep + '*'.repeat(local.length - 4) + local.slice(-4))
        const hiddenPositions = Array.from({ length: local.length - 4 }, (_, i) => start + i)
        expect(maskPhone(alter(phone, hiddenPositions, by))).toBe(masked)
      }),
    )
  })

  it('shows at most a third of the digits of anything it does not recognize, and keeps its length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const masked = maskPhone(s)
        expect([...masked]).toHaveLength([...s].length)
        const shownDigits = [...masked].filter((c, i) => /\d/.test(c) && c === [...s][i]).length
        const allDigits = [...s].filter((c) => /\d/.test(c)).length
        if (!/^(\+?86[- ]?)?1\d{10}$/.test(s) && !/^\(?0/.test(s)) expect(shownDigits).toBeLessThanOrEqual(Math.floor(allDigits / 3))
        // Every shown character is the original one.
        ;[...masked].forEach((c, i) => c !== '*' && expect(c).toBe([...s][i]))
      }),
    )
  })
})

describe('maskIdNumber', () => {
  it('keeps the region code and the last 4, hides the birth date', () => {
    expect(maskIdNumber('630102199001011234')).toBe('630102********1234')
    expect(maskIdNumber('63010219900101123X')).toBe('630102********123X')
    expect(maskIdNumber('630102900101123')).toBe('630102******123')
    expect(maskIdNumber('AB12')).toBe('****')
    expect(maskIdNumber(null)).toBeNull()
  })

  it('never shows a hidden digit and keeps the length', () => {
    fc.assert(
      fc.property(idArb, fc.integer({ min: 1, max: 9 }), (id, by) => {
        const masked = maskIdNumber(id)
        expect(masked).toHaveLength(18)
        expect(masked.slice(6, 14)).toBe('********')
        expect(masked.slice(0, 6) + masked.slice(14)).toBe(id.slice(0, 6) + id.slice(14))
        expect(maskIdNumber(alter(id, [6, 7, 8, 9, 10, 11, 12, 13], by))).toBe(masked)
      }),
    )
  })
})

describe('maskName', () => {
  it('keeps the surname and hides the given name', () => {
    expect(maskName('张三丰')).toBe('张**')
    expect(maskName('李四')).toBe('李*')
    expect(maskName('王')).toBe('*')
    expect(maskName('欧阳娜娜')).toBe('欧阳**')
    expect(maskName('欧阳')).toBe('欧*')
    expect(maskName('扎西·多吉')).toBe('扎*·**')
    expect(maskName('John Smith')).toBe('J*** *****')
    expect(maskName(null)).toBeNull()
  })

  it('keeps the length and shows at most the first two characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), (name) => {
        const masked = maskName(name)
        const plain = [...name]
        expect([...masked]).toHaveLength(plain.length)
        const shown = [...masked].filter((c, i) => c !== '*' && /[\p{L}\p{N}]/u.test(plain[i]!)).length
        expect(shown).toBeLessThanOrEqual(2)
        ;[...masked].forEach((c, i) => c !== '*' && expect(c).toBe(plain[i]))
      }),
    )
  })

  it('hides every character after the surname of a Chinese name', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)), minLength: 2, maxLength: 4 }), (name) => {
        const masked = maskName(name)
        expect(masked.slice(1).replace(/^[\u4e00-\u9fa5]/, '')).toMatch(/^\*+$/)
        expect(masked[0]).toBe(name[0])
      }),
    )
  })
})
