import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  CREDIT_CODE_CATEGORIES,
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_PROBLEMS,
  creditCheckCharacter,
  makeCreditCode,
  orgCodeCheckCharacter,
  parseCreditCode,
} from './credit-code.ts'

const problems = (raw: string | null | undefined) => {
  const result = parseCreditCode(raw)
  return result.ok ? [] : result.problems
}

describe('parseCreditCode (GB 32100-2015)', () => {
  // Published codes of real organisations (as printed on their licences and in public registries).
  it.each([
    ['91350100M000100Y43', 'the example commonly cited with the standard'],
    ['91330000755918469E', 'a Zhejiang enterprise, example in a provincial data-service API'],
    ['91370000728611939A', '山东步长制药股份有限公司'],
    ['91110108551385082Q', '小米科技有限责任公司'],
    ['531000005000160090', '中国红十字基金会 (民政, 基金会)'],
    ['52410000663412719U', '河南省嵩山少林寺文化院 (民政, 民办非企业单位)'],
  ])('accepts %s (%s)', (code) => {
    expect(problems(code)).toEqual([])
  })

  it('splits a code into its parts', () => {
    expect(parseCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      prefix: '91',
      category: { department: '工商', type: '企业', source: 'GB 32100-2015' },
      regionCode: '350100',
      orgCode: 'M000100Y4',
    })
    expect(parseCreditCode('531000005000160090')).toMatchObject({ ok: true, category: { department: '民政', type: '基金会' } })
  })

  it('accepts lower case and normalises it; an unlisted prefix is no problem', () => {
    expect(parseCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' })
    const unlisted = makeCreditCode('91', '630102', '12345678').replace(/^91/, 'A1')
    const recomputed = unlisted.slice(0, 17) + creditCheckCharacter(unlisted.slice(0, 17))
    expect(parseCreditCode(recomputed)).toMatchObject({ ok: true, prefix: 'A1', category: undefined })
  })

  it('computes both checks as the standards define them', () => {
    // GB 11714: letters by alphabet position (M = 22, Y = 34); 3·22 + 5·1 + 2·34 = 139, 11 − 139 mod 11 = 4.
    expect(orgCodeCheckCharacter('M000100Y')).toBe('4')
    expect(orgCodeCheckCharacter('00000000')).toBe('0') // 11 → 0
    expect(orgCodeCheckCharacter('00000001')).toBe('9')
    expect(orgCodeCheckCharacter('40000000')).toBe('X') // 3·4 = 12, 11 − 1 = 10 → X
    // GB 32100: letters by their index in the 31-character set; 31 − 0 = 31 → 0.
    expect(creditCheckCharacter('00000000000000000')).toBe('0')
    expect(creditCheckCharacter('10000000000000000')).toBe('Y') // 31 − 1 = 30 → Y
  })

  it('detects a wrong check character', () => {
    expect(problems('91110108551385082F')).toEqual(['bad_check_character'])
    // Some codes issued in the pilot regions before the standard do not follow it; they are refused
    // (hutool's tests keep this one as "not conforming").
    expect(problems('91350211M00013FA1N')).toEqual(['bad_check_character'])
  })

  it('detects a wrong organisation-code check character', () => {
    const good = makeCreditCode('91', '630102', '12345678')
    const orgCheck = good[16]!
    const other = orgCheck === '0' ? '1' : '0'
    const first17 = good.slice(0, 16) + other
    expect(problems(first17 + creditCheckCharacter(first17))).toEqual(['bad_org_check'])
    expect(problems(first17 + good[17])).toContain('bad_org_check')
  })

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the letter %s', (letter) => {
    expect(problems(`91350100M000100Y4${letter}`)).toEqual(['bad_characters'])
  })

  it('refuses letters in the region code, other characters and full-width forms', () => {
    expect(problems('913501A0M000100Y43')).toContain('bad_characters')
    expect(problems('91350100M000100Y4-')).toEqual(['bad_characters'])
    expect(problems('９１350100M000100Y43')).toEqual(['bad_characters'])
  })

  it.each([
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y433'],
  ])('refuses %s as wrong_length', (_, raw) => {
    expect(problems(raw)).toEqual(['wrong_length'])
  })

  it.each([null, undefined, '', ' '])('calls %j empty', (raw) => {
    expect(problems(raw)).toEqual(['empty'])
  })

  it('makeCreditCode refuses malformed parts', () => {
    expect(makeCreditCode('91', '350100', 'M000100Y')).toBe('91350100M000100Y43')
    expect(() => makeCreditCode('9Z', '630102', '12345678')).toThrow()
    expect(() => makeCreditCode('91', '63010', '12345678')).toThrow()
    expect(() => makeCreditCode('91', '630102', '1234567O')).toThrow()
    expect(() => creditCheckCharacter('91350100M000100Y')).toThrow()
  })

  const prefix = fc.constantFrom(...Object.keys(CREDIT_CODE_CATEGORIES))
  const region = fc.stringMatching(/^\d{6}$/)
  const codeChar = fc.constantFrom(...CREDIT_CODE_CHARSET)
  const orgBase = fc.array(codeChar, { minLength: 8, maxLength: 8 }).map((cs) => cs.join(''))

  it('makeCreditCode always makes codes parseCreditCode accepts', () => {
    fc.assert(
      fc.property(prefix, region, orgBase, (p, r, o) => {
        expect(parseCreditCode(makeCreditCode(p, r, o))).toMatchObject({ ok: true, prefix: p, regionCode: r })
      }),
    )
  })

  it('detects every change of one character (MOD 31 detects all single substitutions)', () => {
    fc.assert(
      fc.property(prefix, region, orgBase, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (p, r, o, at, shift) => {
        const code = makeCreditCode(p, r, o)
        const replacement = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(code[at]!) + shift) % 31]!
        const changed = code.slice(0, at) + replacement + code.slice(at + 1)
        const result = parseCreditCode(changed)
        expect(result.ok).toBe(false)
        expect(result.ok ? [] : result.problems).toContain('bad_check_character')
      }),
    )
  })

  it('never throws, and a refusal always names a known problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9A-Za-z]{16,19}$/)), (raw) => {
        const result = parseCreditCode(raw)
        if (result.ok) expect(result.value).toHaveLength(18)
        else {
          expect(result.problems.length).toBeGreaterThan(0)
          for (const p of result.problems) expect(CREDIT_CODE_PROBLEMS).toContain(p)
        }
      }),
    )
  })
})
