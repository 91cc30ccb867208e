// Password rules, as a configurable policy with two ready profiles:
//   mlps — China's Multi-Level Protection Scheme practice (等保): length ≥ 8, at least three of four
//          character classes, rotation every 90 days, no reuse of the last 5;
//   nist — NIST SP 800-63B / OWASP ASVS: length ≥ 12 (up to 128), no composition rules, no forced
//          rotation, but no common or context-derived passwords.
// Pure: returns every problem with a stable code, so forms can show them all at once.

import type { PasswordPolicyView } from '../../../shared/api-types.ts'

/** The rules; one shape with what the API shows (shared/api-types.ts). */
export type PasswordPolicy = PasswordPolicyView

export const PASSWORD_PROFILES: Record<'mlps' | 'nist', PasswordPolicy> = {
  mlps: { profile: 'mlps', minLength: 8, maxLength: 128, minClasses: 3, maxAgeDays: 90, historySize: 5, rejectCommon: true, rejectContext: true },
  nist: { profile: 'nist', minLength: 12, maxLength: 128, minClasses: 0, maxAgeDays: 0, historySize: 0, rejectCommon: true, rejectContext: true },
}

export type PasswordProblem =
  | 'too_short'
  | 'too_long'
  | 'too_few_classes'
  | 'common'
  | 'contains_context'
  | 'repetitive'
  | 'control_characters'

/** Passwords that lead every breach list, and their obvious local variants. */
const COMMON = new Set(
  [
    '123456', '123456789', '12345678', '1234567890', 'password', 'password1', 'password123', 'qwerty', 'qwerty123',
    '111111', '000000', '123123', 'abc123', 'iloveyou', 'admin', 'admin123', 'admin@123', 'root', 'welcome',
    'welcome1', 'letmein', 'p@ssw0rd', 'passw0rd', 'a123456', 'aa123456', 'woaini', 'woaini1314', '5201314',
    '1qaz2wsx', '1qaz@wsx', 'qwe123', 'zxcvbnm', 'asdfghjkl', 'changeme', 'frontline', 'xining', 'xining123',
  ].map((p) => p.toLowerCase()),
)

/** Character classes present in a password. */
export function characterClasses(password: string): number {
  let n = 0
  if (/\p{Ll}/u.test(password)) n++
  if (/\p{Lu}/u.test(password)) n++
  if (/\p{Nd}/u.test(password)) n++
  if (/[^\p{Ll}\p{Lu}\p{Nd}]/u.test(password)) n++
  return n
}

/** Every rule of `policy` that `password` breaks; `context` holds words it must not contain (username, name). */
export function checkPassword(password: string, policy: PasswordPolicy, context: string[] = []): PasswordProblem[] {
  const problems: PasswordProblem[] = []
  const length = [...password].length
  if (length < policy.minLength) problems.push('too_short')
  if (length > policy.maxLength) problems.push('too_long')
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(password)) problems.push('control_characters')
  if (policy.minClasses > 0 && characterClasses(password) < policy.minClasses) problems.push('too_few_classes')
  const lower = password.toLowerCase()
  if (policy.rejectCommon && (COMMON.has(lower) || COMMON.has(lower.replace(/[!@#$%^&*.\d]+$/, '')))) problems.push('common')
  if (policy.rejectContext && context.some((w) => w.length >= 3 && lower.includes(w.toLowerCase()))) problems.push('contains_context')
  if (length > 0 && new Set(password).size <= Math.max(2, Math.floor(length / 4))) problems.push('repetitive')
  return problems
}

/** Whether a password set at `changedAt` must be changed at `now` under `policy`. */
export function passwordExpired(policy: PasswordPolicy, changedAt: Date, now = new Date()): boolean {
  return policy.maxAgeDays > 0 && now.getTime() - changedAt.getTime() >= policy.maxAgeDays * 86_400_000
}
