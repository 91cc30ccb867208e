// The password rules of the policy as lines to show next to the form, with a live check of the ones
// the browser can judge (length, character classes, control characters); the server checks all.
import type { PasswordPolicyView } from '../../../../shared/api-types'
import type { MessageKey, MessageParams } from '../../../shared/i18n'

/** Every problem code the server may return in details[].problem of 400 password_rejected. */
export const PASSWORD_PROBLEMS = ['too_short', 'too_long', 'too_few_classes', 'common', 'contains_context', 'repetitive', 'control_characters', 'reused'] as const
export type PasswordProblemCode = (typeof PASSWORD_PROBLEMS)[number]

export interface PasswordRule {
  key: MessageKey
  params?: MessageParams
  /** Whether the typed password meets it; undefined when only the server can tell. */
  met?: boolean
}

/** Lower, upper, digit, other: how many of the four appear. */
export function characterClasses(password: string): number {
  let n = 0
  if (/\p{Ll}/u.test(password)) n++
  if (/\p{Lu}/u.test(password)) n++
  if (/\p{Nd}/u.test(password)) n++
  if (/[^\p{Ll}\p{Lu}\p{Nd}]/u.test(password)) n++
  return n
}

/** The rules of `policy`, checked against `password` where the browser can (nothing is checked while it is empty). */
export function passwordRules(policy: PasswordPolicyView, password = ''): PasswordRule[] {
  const typed = password.length > 0
  const length = [...password].length
  const rules: PasswordRule[] = [
    { key: 'password.rule.length', params: { min: policy.minLength, max: policy.maxLength }, met: typed ? length >= policy.minLength && length <= policy.maxLength : undefined },
  ]
  if (policy.minClasses > 0) rules.push({ key: 'password.rule.classes', params: { count: policy.minClasses }, met: typed ? characterClasses(password) >= policy.minClasses : undefined })
  if (policy.rejectCommon) rules.push({ key: 'password.rule.common' })
  if (policy.rejectContext) rules.push({ key: 'password.rule.context' })
  if (policy.historySize > 0) rules.push({ key: 'password.rule.history', params: { count: policy.historySize } })
  if (policy.maxAgeDays > 0) rules.push({ key: 'password.rule.maxAge', params: { days: policy.maxAgeDays } })
  return rules
}

/** The text key and parameters for one problem the server found. */
export function passwordProblemText(problem: string, policy: PasswordPolicyView | undefined): { key: string; params: MessageParams } {
  return {
    key: `password.problem.${problem}`,
    params: { min: policy?.minLength ?? '?', max: policy?.maxLength ?? '?', count: policy?.minClasses ?? '?', history: policy?.historySize ?? '?' },
  }
}
