// Passwords (argon2id, policy profiles) and the TOTP second factor: the pure building blocks of sign-in.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hashPassword, needsRehash, verifyPassword } from './password.ts'
import { PASSWORD_PROFILES, characterClasses, checkPassword, passwordExpired } from './password-policy.ts'
import { newTotpSecret, totpCode, totpUri, verifyTotp } from './totp.ts'

describe('password hashing', () => {
  it('hashes with argon2id and a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('Correct horse 电池 staple')
    const b = await hashPassword('Correct horse 电池 staple')
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword(a, 'Correct horse 电池 staple')).toBe(true)
    expect(await verifyPassword(a, 'correct horse 电池 staple')).toBe(false)
    expect(await verifyPassword('not a hash', 'x')).toBe(false)
    expect(needsRehash(a)).toBe(false)
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA')).toBe(true)
  })

  it('treats composed and decomposed Unicode as the same password', async () => {
    const h = await hashPassword('Cafe\u0301-密码-2026')
    expect(await verifyPassword(h, 'Caf\u00e9-密码-2026')).toBe(true)
  })
})

describe('password policy', () => {
  const { mlps, nist } = PASSWORD_PROFILES
  it.each([
    ['Ab1!', mlps, ['too_short']],
    ['abcdefgh', mlps, ['too_few_classes']],
    ['abcdefg1', mlps, ['too_few_classes']],
    ['Abcdefg1', mlps, []],
    ['Password1', mlps, ['common']],
    ['Zhangwei2026!', mlps, ['contains_context']],
    ['aaaaaaaaaaaa', nist, ['repetitive']],
    ['short-pass', nist, ['too_short']],
    ['correct horse battery staple', nist, []],
    ['tab\tinside-long-enough', nist, ['control_characters']],
  ] as const)('%j under %o breaks %j', (password, policy, expected) => {
    expect(checkPassword(password, policy, ['zhangwei'])).toEqual(expected)
  })

  it('counts characters, not UTF-16 units, for length', () => {
    expect(checkPassword('𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋', nist)).toEqual([])
    expect(characterClasses('Aa1!')).toBe(4)
  })

  it('expires passwords after the profile\'s age (never under nist)', () => {
    const changed = new Date('2026-01-01T00:00:00Z')
    expect(passwordExpired(mlps, changed, new Date('2026-03-31T23:59:59Z'))).toBe(false)
    expect(passwordExpired(mlps, changed, new Date('2026-04-01T00:00:00Z'))).toBe(true)
    expect(passwordExpired(nist, changed, new Date('2036-01-01T00:00:00Z'))).toBe(false)
  })

  it('never throws and reports only known problems', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (pw) => {
        for (const p of checkPassword(pw, mlps, ['admin'])) {
          expect(['too_short', 'too_long', 'too_few_classes', 'common', 'contains_context', 'repetitive', 'control_characters']).toContain(p)
        }
      }),
    )
  })
})

describe('TOTP second factor', () => {
  // RFC 6238 appendix B, SHA-1, secret "12345678901234567890", 8 digits.
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ])('matches the RFC 6238 test vector at %i s', (seconds, expected) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(expected)
  })

  it('accepts a code once, within ±30 s of drift, and refuses replays, wrong and malformed codes', () => {
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    const now = Date.parse('2026-11-26T08:00:10Z')
    const code = totpCode(secret, now)
    const first = verifyTotp(secret, code, null, now)
    expect(first.ok).toBe(true)
    const step = first.ok ? first.step : -1
    expect(verifyTotp(secret, code, step, now + 5_000)).toEqual({ ok: false, reason: 'replayed' })
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), null, now).ok).toBe(true)
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), step, now)).toEqual({ ok: false, reason: 'replayed' })
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), step, now).ok).toBe(true)
    expect(verifyTotp(secret, totpCode(secret, now - 120_000), null, now)).toEqual({ ok: false, reason: 'wrong' })
    expect(verifyTotp(secret, '12345', null, now)).toEqual({ ok: false, reason: 'malformed' })
    expect(verifyTotp(secret, '１２３４５６', null, now)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('gives authenticator apps an otpauth URI', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'gridworker01')
    expect(uri).toMatch(/^otpauth:\/\/totp\/Frontline:gridworker01\?/)
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP')
    expect(uri).toContain('period=30')
  })
})
