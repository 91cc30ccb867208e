import { describe, expect, it } from 'vitest'
import { PASSWORD_PROFILES as SERVER_PROFILES } from '../../../../server/features/accounts/password-policy'
import { DEFAULT_SECURITY_POLICY, MIN_AUDIT_RETENTION_DAYS as SERVER_MIN_RETENTION, SecurityPolicySchema } from '../../../../server/features/accounts/security-policy'
import { LIMITS, matchesProfile, MIN_AUDIT_RETENTION_DAYS, outOfRange, PASSWORD_PROFILES, policyOf, withProfile } from './policy'

describe('security policy form rules', () => {
  it('has the same profiles and limits as the server', () => {
    expect(PASSWORD_PROFILES).toEqual(SERVER_PROFILES)
    expect(MIN_AUDIT_RETENTION_DAYS).toBe(SERVER_MIN_RETENTION)
    const schema = SecurityPolicySchema as unknown as { properties: Record<string, { properties: Record<string, { minimum?: number; maximum?: number }> }> }
    for (const [path, [min, max]] of Object.entries(LIMITS)) {
      const [section, field] = path.split('.') as [string, string]
      const s = schema.properties[section]!.properties[field]!
      expect([path, s.minimum, s.maximum]).toEqual([path, min, max])
    }
  })
  it('switches profiles', () => {
    const custom = { ...PASSWORD_PROFILES.mlps, profile: 'custom' as const, minLength: 10 }
    expect(withProfile(custom, 'nist')).toEqual(PASSWORD_PROFILES.nist)
    expect(withProfile(PASSWORD_PROFILES.mlps, 'custom')).toEqual({ ...PASSWORD_PROFILES.mlps, profile: 'custom' })
    expect(matchesProfile(PASSWORD_PROFILES.mlps)).toBe(true)
    expect(matchesProfile({ ...PASSWORD_PROFILES.mlps, minLength: 9 })).toBe(false)
  })
  it('finds values the server would refuse', () => {
    const policy = policyOf(DEFAULT_SECURITY_POLICY)
    expect(outOfRange(policy)).toEqual([])
    policy.audit.retentionDays = 90
    policy.session.idleMinutes = 2.5
    expect(outOfRange(policy).map((p) => p.path)).toEqual(['session.idleMinutes', 'audit.retentionDays'])
  })
})
