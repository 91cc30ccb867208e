// HTTP routes of the security admin (permission security.manage): read and change the security policy
// (password rules, lockout, session timeouts, audit retention). A change is optimistic (`version`),
// saved in one transaction with its audit record (security.policy_update, with every changed value
// before and after); a refusal is recorded as a failure.
//
// Password profiles: "mlps" and "nist" are fixed rule sets (PASSWORD_PROFILES). With either, the
// password section must equal that profile exactly — a request that changes one of its values is
// refused (400 validation_failed, one detail per differing field, problem "profile_mismatch"). To
// set other values, choose profile "custom", which takes any values the schema allows.
import { usePlainJsonParser } from '../../infra/http/plain-json.ts'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { Type } from 'typebox'
import type { AppDatabase } from '../../db-schema.ts'
import type { SecurityPolicy, SecurityPolicyView } from '../../../shared/api-types.ts'
import { AppError, Errors, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { appendAuditIn } from '../audit/audit.repository.ts'
import { PASSWORD_PROFILES } from './password-policy.ts'
import { getSecurityPolicy, saveSecurityPolicy, SecurityPolicySchema } from './security-policy.ts'

export interface SecurityPolicyRoutesOptions {
  database: AppDatabase
}

export const SecurityPolicyViewSchema = Type.Object({
  ...SecurityPolicySchema.properties,
  version: Type.Integer({ description: '0 until the policy is first saved (the defaults apply)' }),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
})

export const SecurityPolicyUpdateBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: 'The version you read (GET /security/policy); 409 conflict when it is no longer current' }),
    policy: SecurityPolicySchema,
  },
  { additionalProperties: false },
)

const ACTION = 'security.policy_update'
const TARGET = 'security_policy'
const SECTIONS = ['password', 'lockout', 'session', 'audit'] as const

/** Every password field that differs from the fixed values of a named profile (none for "custom"). */
export function profileMismatches(password: SecurityPolicy['password']): ErrorDetail[] {
  if (password.profile === 'custom') return []
  const fixed = PASSWORD_PROFILES[password.profile]
  return (Object.keys(fixed) as (keyof typeof fixed)[])
    .filter((k) => password[k] !== fixed[k])
    .map((k) => ({
      field: `/policy/password/${k}`,
      location: 'body',
      message: `must be ${JSON.stringify(fixed[k])} under profile ${password.profile} (choose profile "custom" to set other values)`,
      problem: 'profile_mismatch',
    }))
}

/** The changed values between two policies, keyed by dotted path ("password.minLength"). */
export function policyChanges(before: SecurityPolicy, after: SecurityPolicy): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const section of SECTIONS) {
    const a = before[section] as unknown as Record<string, unknown>
    const b = after[section] as unknown as Record<string, unknown>
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[key] !== b[key]) changes[`${section}.${key}`] = { from: a[key] ?? null, to: b[key] ?? null }
    }
  }
  return changes
}

/** Registers GET and PUT /security/policy. */
export const securityPolicyRoutes: FastifyPluginAsync<SecurityPolicyRoutesOptions> = async (fastify, { database }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = database.db

  // Closed bodies: a "__proto__" key is refused by name like any other (see plain-json.ts).
  usePlainJsonParser(app)

  const refuse = async (request: FastifyRequest, err: AppError): Promise<never> => {
    await request.audit({
      action: ACTION,
      target: TARGET,
      outcome: 'failure',
      detail: { code: err.code, problems: err.details.map((d) => ({ field: d.field, problem: d.problem })) },
    })
    throw err
  }

  app.get(
    '/security/policy',
    {
      config: { permission: 'security.manage' },
      schema: {
        tags: ['security'],
        summary: 'The security policy: password rules, lockout, session timeouts, audit retention',
        response: { 200: SecurityPolicyViewSchema, ...Errors(401, 403) },
      },
    },
    async () => getSecurityPolicy(db, true),
  )

  app.put(
    '/security/policy',
    {
      config: { permission: 'security.manage' },
      schema: {
        tags: ['security'],
        summary: 'Replace the security policy (optimistic: send the version you read)',
        description:
          'policy is the whole policy. Password profile "mlps" or "nist" fixes every password value to that profile (400 profile_mismatch naming each differing field); "custom" takes any allowed values. audit.retentionDays is at least 185. 409 conflict when version is not current. Audited as security.policy_update with every changed value.',
        body: SecurityPolicyUpdateBody,
        response: { 200: SecurityPolicyViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const principal = request.principal
      if (!principal) throw new AppError('unauthenticated', 'Log in first: no session, or it has ended')
      const { version, policy } = request.body
      const mismatches = profileMismatches(policy.password)
      if (mismatches.length > 0) {
        return refuse(request, validationFailed(mismatches, `The password rules of profile ${policy.password.profile} are fixed`))
      }
      const saved = await db.transaction().execute(async (trx): Promise<SecurityPolicyView | { stale: number }> => {
        // Lock the row (when there is one) so `before` is exactly the version this save replaces.
        await sql`SELECT 1 FROM security_policy WHERE id = 1 FOR UPDATE`.execute(trx)
        const before = await getSecurityPolicy(trx, true)
        if (before.version !== version) return { stale: before.version }
        const after = await saveSecurityPolicy(trx, policy, version, principal.username)
        if (!after) return { stale: (await getSecurityPolicy(trx, true)).version }
        await appendAuditIn(trx, {
          actor: principal.username,
          source: request.ip,
          action: ACTION,
          target: TARGET,
          outcome: 'success',
          detail: { fromVersion: before.version, toVersion: after.version, changes: policyChanges(before, after) },
        })
        return after
      })
      if ('stale' in saved) {
        return refuse(
          request,
          new AppError('conflict', 'The security policy was changed by someone else since you read it: reload and try again', [
            { field: '/version', location: 'body', message: `is not the current version (${saved.stale})`, problem: 'stale' },
          ]),
        )
      }
      // This process's cached policy is refreshed at once (other processes' within seconds).
      await getSecurityPolicy(db, true)
      return saved
    },
  )
}
