// The security policy (edited by the security admin): password rules, lockout, session timeouts and
// audit retention. One row; read on every login and every session check, so it is cached briefly and
// the cache is dropped whenever this process writes it.
import { sql, type Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { DB } from '../../db-schema.ts'
import type { SecurityPolicy, SecurityPolicyView } from '../../../shared/api-types.ts'
import { PASSWORD_PROFILES } from './password-policy.ts'

/** Retention of the audit log may not be set below this (about six months, DESIGN.md §3.10). */
export const MIN_AUDIT_RETENTION_DAYS = 185

export const PasswordPolicySchema = Type.Object(
  {
    profile: Type.Union([Type.Literal('mlps'), Type.Literal('nist'), Type.Literal('custom')]),
    minLength: Type.Integer({ minimum: 8, maximum: 64 }),
    maxLength: Type.Integer({ minimum: 64, maximum: 256 }),
    minClasses: Type.Integer({ minimum: 0, maximum: 4 }),
    maxAgeDays: Type.Integer({ minimum: 0, maximum: 3650 }),
    historySize: Type.Integer({ minimum: 0, maximum: 24 }),
    rejectCommon: Type.Boolean(),
    rejectContext: Type.Boolean(),
  },
  { additionalProperties: false },
)

export const SecurityPolicySchema = Type.Object(
  {
    password: PasswordPolicySchema,
    lockout: Type.Object(
      {
        maxFailures: Type.Integer({ minimum: 3, maximum: 20, description: 'Failed logins before an account name is locked' }),
        lockMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
        sourceMaxFailures: Type.Integer({ minimum: 5, maximum: 1000, description: 'Failed logins from one address before it is locked' }),
        sourceLockMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
      },
      { additionalProperties: false },
    ),
    session: Type.Object(
      {
        idleMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
        absoluteHours: Type.Integer({ minimum: 1, maximum: 24 }),
        reauthMinutes: Type.Integer({ minimum: 1, maximum: 60 }),
      },
      { additionalProperties: false },
    ),
    audit: Type.Object(
      { retentionDays: Type.Integer({ minimum: MIN_AUDIT_RETENTION_DAYS, maximum: 36500 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)

export type SecurityPolicyInput = Static<typeof SecurityPolicySchema>

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  password: PASSWORD_PROFILES.mlps,
  lockout: { maxFailures: 5, lockMinutes: 15, sourceMaxFailures: 30, sourceLockMinutes: 15 },
  session: { idleMinutes: 30, absoluteHours: 12, reauthMinutes: 5 },
  audit: { retentionDays: MIN_AUDIT_RETENTION_DAYS },
}

const CACHE_MS = 2000
const cache = new WeakMap<object, { at: number; value: SecurityPolicyView }>()

interface Row {
  policy: SecurityPolicy | string
  updated_at: Date | string
  updated_by: string
  version: number
}

const toView = (r: Row): SecurityPolicyView => {
  const stored = (typeof r.policy === 'string' ? JSON.parse(r.policy) : r.policy) as Partial<SecurityPolicy>
  // Sections missing from an older stored policy fall back to the defaults.
  return {
    password: { ...DEFAULT_SECURITY_POLICY.password, ...stored.password },
    lockout: { ...DEFAULT_SECURITY_POLICY.lockout, ...stored.lockout },
    session: { ...DEFAULT_SECURITY_POLICY.session, ...stored.session },
    audit: { ...DEFAULT_SECURITY_POLICY.audit, ...stored.audit },
    version: Number(r.version),
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by,
  }
}

/** The current policy (the defaults until the security admin first saves one). */
export async function getSecurityPolicy(db: Kysely<DB>, fresh = false): Promise<SecurityPolicyView> {
  const hit = cache.get(db)
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.value
  const row = (await sql<Row>`SELECT policy, updated_at, updated_by, version FROM security_policy WHERE id = 1`.execute(db)).rows[0]
  const value = row
    ? toView(row)
    : { ...DEFAULT_SECURITY_POLICY, version: 0, updatedAt: new Date(0).toISOString(), updatedBy: 'system' }
  cache.set(db, { at: Date.now(), value })
  return value
}

/**
 * Saves a new policy if `expectedVersion` is still current (0 = never saved). Returns the saved view,
 * or null when someone else saved first. Runs in the caller's transaction when given one.
 */
export async function saveSecurityPolicy(
  db: Kysely<DB>,
  policy: SecurityPolicyInput,
  expectedVersion: number,
  updatedBy: string,
): Promise<SecurityPolicyView | null> {
  const json = JSON.stringify(policy)
  const r = await sql<Row>`
    INSERT INTO security_policy AS p (id, policy, updated_at, updated_by, version)
    VALUES (1, ${json}::jsonb, now(), ${updatedBy}, 1)
    ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now(), updated_by = EXCLUDED.updated_by,
      version = p.version + 1
    WHERE p.version = ${expectedVersion}
    RETURNING policy, updated_at, updated_by, version`.execute(db)
  cache.delete(db)
  const row = r.rows[0]
  if (!row) return null
  if (expectedVersion === 0 && Number(row.version) !== 1) return null
  return toView(row)
}
