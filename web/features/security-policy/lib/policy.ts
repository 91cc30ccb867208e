// The security policy form's rules: the two ready password profiles (the same values as the server's
// PASSWORD_PROFILES, checked by a test), the limits of each field (as the server's schema), and the
// policy to send built from the form.
import type { PasswordPolicyView, SecurityPolicy, SecurityPolicyView } from '../../../../shared/api-types'

export type PasswordProfile = PasswordPolicyView['profile']

export const PASSWORD_PROFILES: Record<'mlps' | 'nist', PasswordPolicyView> = {
  mlps: { profile: 'mlps', minLength: 8, maxLength: 128, minClasses: 3, maxAgeDays: 90, historySize: 5, rejectCommon: true, rejectContext: true },
  nist: { profile: 'nist', minLength: 12, maxLength: 128, minClasses: 0, maxAgeDays: 0, historySize: 0, rejectCommon: true, rejectContext: true },
}

/** Audit records are kept at least this long (about six months). */
export const MIN_AUDIT_RETENTION_DAYS = 185

/** Inclusive bounds of every number field, by path (as the server's schema). */
export const LIMITS = {
  'password.minLength': [8, 64],
  'password.maxLength': [64, 256],
  'password.minClasses': [0, 4],
  'password.maxAgeDays': [0, 3650],
  'password.historySize': [0, 24],
  'lockout.maxFailures': [3, 20],
  'lockout.lockMinutes': [1, 1440],
  'lockout.sourceMaxFailures': [5, 1000],
  'lockout.sourceLockMinutes': [1, 1440],
  'session.idleMinutes': [5, 240],
  'session.absoluteHours': [1, 24],
  'session.reauthMinutes': [1, 60],
  'audit.retentionDays': [MIN_AUDIT_RETENTION_DAYS, 36500],
} as const satisfies Record<string, readonly [number, number]>

export type LimitPath = keyof typeof LIMITS
export const FIELD_PATHS = [...Object.keys(LIMITS), 'password.profile', 'password.rejectCommon', 'password.rejectContext'] as const

/** The policy part of the view (what the form edits and PUT sends). */
export function policyOf(view: SecurityPolicyView | SecurityPolicy): SecurityPolicy {
  return {
    password: { ...view.password },
    lockout: { ...view.lockout },
    session: { ...view.session },
    audit: { ...view.audit },
  }
}

/** The password rules after choosing a profile: a ready profile's values, or the current ones to edit. */
export function withProfile(current: PasswordPolicyView, profile: PasswordProfile): PasswordPolicyView {
  if (profile === 'custom') return { ...current, profile: 'custom' }
  return { ...PASSWORD_PROFILES[profile] }
}

/** Whether the password rules are exactly a ready profile's (the form then shows them read-only). */
export function matchesProfile(p: PasswordPolicyView): boolean {
  if (p.profile === 'custom') return true
  const ref = PASSWORD_PROFILES[p.profile]
  return (Object.keys(ref) as (keyof PasswordPolicyView)[]).every((k) => ref[k] === p[k])
}

/** Problems the server would refuse, found before sending: the path and its bounds. */
export function outOfRange(policy: SecurityPolicy): { path: LimitPath; min: number; max: number }[] {
  const out: { path: LimitPath; min: number; max: number }[] = []
  for (const [path, [min, max]] of Object.entries(LIMITS) as [LimitPath, readonly [number, number]][]) {
    const [section, field] = path.split('.') as [keyof SecurityPolicy, string]
    const value = (policy[section] as unknown as Record<string, unknown>)[field]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) out.push({ path, min, max })
  }
  return out
}
