import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ID_NUMBER_PROBLEMS, idCheckCharacter, makeIdNumber, parseIdNumber, upgradeFirstGeneration } from './id-number.ts'

const today = '2025-06-30'
/** A number with a correct check character, whatever its other faults. */
const withCheck = (first17: string) => first17 + idCheckCharacter(first17)
const problems = (raw: string | null | undefined, options = {}) => {
  const result = parseIdNumber(raw, { today, ...options })
  return result.ok ? [] : result.problems
}
const toFullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => (c === 'X' ? '\uff38' : String.fromCodePoint(0xff10 + Number(c))))

describe('parseIdNumber (GB 11643-1999)', () => {
  it("accepts the standard's examples and reads birth date, sex and region", () => {
    expect(parseIdNumber('11010519491231002X', { today })).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    })
    const xining = makeIdNumber('630102', '1990-03-07', 123)
    expect(parseIdNumber(xining, { today })).toMatchObject({ ok: true, birthDate: '1990-03-07', sex: 'male', regionCode: '630102' })
    // The standard's other example was born in 1880: well-formed, but before the 1900 floor.
    expect(idCheckCharacter('44052418800101001')).toBe('4')
    expect(problems('440524188001010014')).toEqual(['bad_date'])
  })

  it('accepts a lower-case x and normalises it to X; trims surrounding spaces', () => {
    expect(parseIdNumber(' 11010519491231002x ', { today })).toMatchObject({ ok: true, value: '11010519491231002X' })
  })

  it('detects a wrong check digit', () => {
    expect(problems('110105194912310021')).toEqual(['bad_check_digit'])
    expect(problems('11010519491231002Y')).toEqual(['bad_characters'])
  })

  it.each([
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['16 characters', '1101051949123100'],
  ])('refuses %s as wrong_length', (_, raw) => {
    expect(problems(raw)).toEqual(['wrong_length'])
  })

  it('refuses full-width digits with their own code rather than converting them', () => {
    expect(problems(toFullWidth('11010519491231002X'))).toEqual(['full_width'])
    expect(problems('６３０１０２' + makeIdNumber('630102', '1990-03-07', 123).slice(6))).toEqual(['full_width'])
    expect(problems(toFullWidth('110105194912310021'))).toEqual(['full_width', 'bad_check_digit'])
  })

  it('refuses other characters', () => {
    expect(problems('1101051949123100 2X')).toEqual(['wrong_length', 'bad_characters'])
    expect(problems('11010519491231X02X')).toContain('bad_characters')
    expect(problems('11O10519491231002X')).toContain('bad_characters')
  })

  it.each([null, undefined, '', '   '])('calls %j empty', (raw) => {
    expect(problems(raw)).toEqual(['empty'])
  })

  describe('birth dates', () => {
    it('refuses 30 February and other days that do not exist', () => {
      expect(problems(withCheck('63010219900230123'))).toEqual(['bad_date'])
      expect(problems(withCheck('63010219900431123'))).toEqual(['bad_date'])
      expect(problems(withCheck('63010219901301123'))).toEqual(['bad_date'])
      expect(problems(withCheck('63010219900100123'))).toEqual(['bad_date'])
    })

    it('accepts 29 February only in leap years', () => {
      for (const year of ['1904', '1996', '2000', '2024']) expect(problems(withCheck(`630102${year}0229123`))).toEqual([])
      for (const year of ['1900', '1999', '2023']) expect(problems(withCheck(`630102${year}0229123`))).toEqual(['bad_date'])
    })

    it('refuses birth dates before 1900', () => {
      expect(problems(withCheck('63010218991231123'))).toEqual(['bad_date'])
      expect(problems(withCheck('63010219000101123'))).toEqual([])
    })

    it('refuses birth dates after today, accepts today', () => {
      expect(problems(withCheck('63010220250701123'))).toEqual(['future_birth_date'])
      expect(problems(withCheck('63010220250630123'))).toEqual([])
      expect(problems(withCheck('63010230000101123'), { today: undefined })).toEqual(['future_birth_date'])
    })

    it("takes a Date's day in China (UTC+8)", () => {
      const born = withCheck('63010220250701123')
      expect(problems(born, { today: new Date('2025-06-30T15:59:59Z') })).toEqual(['future_birth_date'])
      expect(problems(born, { today: new Date('2025-06-30T16:00:00Z') })).toEqual([])
    })
  })

  it('lists every problem at once', () => {
    expect(problems('63010219900230123A')).toEqual(['bad_characters', 'bad_date'])
    const right = withCheck('63010219900230123')
    const wrong = right.slice(0, 17) + (right[17] === '1' ? '2' : '1')
    expect(problems(wrong)).toEqual(['bad_date', 'bad_check_digit'])
  })

  it('reports unknown regions only when asked', () => {
    const id = makeIdNumber('990102', '1990-03-07', 123)
    expect(problems(id)).toEqual([])
    const isKnownRegion = (code: string) => code.startsWith('63')
    expect(problems(id, { isKnownRegion })).toEqual(['unknown_region'])
    expect(problems(makeIdNumber('630102', '1990-03-07', 123), { isKnownRegion })).toEqual([])
  })

  it('refuses 15-digit first-generation numbers and upgrades them', () => {
    expect(problems('630102900307123')).toEqual(['first_generation'])
    expect(problems('630102900230123')).toEqual(['first_generation', 'bad_date'])
    expect(upgradeFirstGeneration('630102900307123', { today })).toEqual({
      ok: true,
      value: withCheck('63010219900307123'),
      birthDate: '1990-03-07',
      sex: 'male',
      regionCode: '630102',
    })
    expect(upgradeFirstGeneration('630102900230123', { today })).toEqual({ ok: false, problems: ['bad_date'] })
    expect(upgradeFirstGeneration(toFullWidth('630102900307123'), { today })).toEqual({ ok: false, problems: ['full_width'] })
    expect(upgradeFirstGeneration('11010519491231002X', { today })).toEqual({ ok: false, problems: ['wrong_length'] })
    expect(upgradeFirstGeneration('', { today })).toEqual({ ok: false, problems: ['empty'] })
  })

  it('makeIdNumber refuses malformed parts', () => {
    expect(makeIdNumber('630102', '19900307', '124')).toBe(withCheck('63010219900307124'))
    expect(() => makeIdNumber('63010', '1990-03-07', 1)).toThrow()
    expect(() => makeIdNumber('630102', '1990-02-30', 1)).toThrow()
    expect(() => makeIdNumber('630102', '1990-03-07', 1000)).toThrow()
    expect(() => idCheckCharacter('1234')).toThrow()
  })

  const region = fc.stringMatching(/^[1-8]\d{5}$/)
  const birthDate = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10))
  const sequence = fc.integer({ min: 0, max: 999 })

  it('makeIdNumber always makes numbers parseIdNumber accepts, with the same birth date and sex', () => {
    fc.assert(
      fc.property(region, birthDate, sequence, (r, b, s) => {
        const result = parseIdNumber(makeIdNumber(r, b, s), { today })
        expect(result).toMatchObject({ ok: true, birthDate: b, sex: s % 2 === 1 ? 'male' : 'female', regionCode: r })
      }),
    )
  })

  it('detects every change of one character (MOD 11-2 detects all single substitutions)', () => {
    fc.assert(
      fc.property(region, birthDate, sequence, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (r, b, s, at, shift) => {
        const id = makeIdNumber(r, b, s)
        const alphabet = at === 17 ? '0123456789X' : '0123456789'
        const replacement = alphabet[(alphabet.indexOf(id[at]!) + shift) % alphabet.length]!
        fc.pre(replacement !== id[at])
        const changed = id.slice(0, at) + replacement + id.slice(at + 1)
        const result = parseIdNumber(changed, { today })
        expect(result.ok).toBe(false)
        expect(result.ok ? [] : result.problems).toContain('bad_check_digit')
      }),
    )
  })

  it('never throws, and a refusal always names a known problem', () => {
    const input = fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9Xx０-９]{14,19}$/))
    fc.assert(
      fc.property(input, (raw) => {
        const result = parseIdNumber(raw, { today })
        if (result.ok) expect(result.value).toMatch(/^\d{17}[\dX]$/)
        else {
          expect(result.problems.length).toBeGreaterThan(0)
          for (const p of result.problems) expect(ID_NUMBER_PROBLEMS).toContain(p)
        }
      }),
    )
  })
})
