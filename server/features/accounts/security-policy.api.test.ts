// The security admin's policy API over HTTP: read, replace (optimistic version, fixed password
// profiles, closed schemas that name every unknown key — "__proto__" included), each change saved with
// its audit record; only the security admin may call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, cityCaller, type Caller, type TestApp } from '../../../test/helpers.ts'
import { latestAuditEvents } from '../audit/index.ts'
import type { SecurityPolicy, SecurityPolicyView } from '../../../shared/api-types.ts'
import type { Role } from '../../../shared/roles.ts'
import { DEFAULT_SECURITY_POLICY, getSecurityPolicy } from './security-policy.ts'
import { PASSWORD_PROFILES } from './password-policy.ts'

const policyOf = (v: SecurityPolicyView): SecurityPolicy => ({ password: v.password, lockout: v.lockout, session: v.session, audit: v.audit })

describe.each(BACKENDS)('security policy API on %s', (backend) => {
  let t: TestApp
  let admin: Caller

  beforeAll(async () => {
    t = await buildTestApp(backend)
    admin = await cityCaller(t, 'security_admin')
  })
  afterAll(async () => t?.close())

  const get = (caller: Caller | null = admin) => t.app.inject({ method: 'GET', url: '/api/v1/security/policy', headers: caller?.headers ?? {} })
  const put = (body: unknown, caller: Caller | null = admin) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/security/policy',
      headers: { ...(caller?.headers ?? {}), 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const current = async () => (await get()).json() as SecurityPolicyView
  // Schema refusals add a 'request.refused' record of their own (error-handler.ts), left aside here.
  const auditCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action <> 'request.refused'`.execute(t.database.db)).rows[0]!.n

  it('shows the policy (the defaults until first saved) and saves a change with its audit record', async () => {
    const r = await get()
    expect(r.statusCode, r.body).toBe(200)
    const before = r.json() as SecurityPolicyView
    expect(policyOf(before)).toEqual(DEFAULT_SECURITY_POLICY)
    expect(before.version).toBe(0)

    const next: SecurityPolicy = {
      ...policyOf(before),
      lockout: { ...before.lockout, maxFailures: 6 },
      session: { ...before.session, idleMinutes: 20 },
      audit: { retentionDays: 365 },
    }
    const saved = await put({ version: before.version, policy: next })
    expect(saved.statusCode, saved.body).toBe(200)
    const view = saved.json() as SecurityPolicyView
    expect(policyOf(view)).toEqual(next)
    expect(view.version).toBe(1)
    expect(view.updatedBy).toMatch(/securityadmin/)
    expect(await current()).toEqual(view)
    // The server's own cached copy follows at once (login checks read it).
    expect((await getSecurityPolicy(t.database.db)).audit.retentionDays).toBe(365)

    const [rec] = await latestAuditEvents(t.database.db, 1)
    expect(rec).toMatchObject({
      actor: view.updatedBy,
      action: 'security.policy_update',
      target: 'security_policy',
      outcome: 'success',
      source: '127.0.0.1',
      detail: {
        fromVersion: 0,
        toVersion: 1,
        changes: {
          'lockout.maxFailures': { from: 5, to: 6 },
          'session.idleMinutes': { from: 30, to: 20 },
          'audit.retentionDays': { from: 185, to: 365 },
        },
      },
    })
    expect(Object.keys(rec!.detail.changes as object)).toHaveLength(3)
  })

  it('refuses a stale version with 409 conflict, changes nothing and records the refusal', async () => {
    const now = await current()
    const r = await put({ version: now.version - 1, policy: { ...policyOf(now), lockout: { ...now.lockout, lockMinutes: 60 } } })
    expect(r.statusCode).toBe(409)
    expect(r.json().error).toMatchObject({ code: 'conflict', details: [{ field: '/version', problem: 'stale' }] })
    expect(await current()).toEqual(now)
    const [rec] = await latestAuditEvents(t.database.db, 1)
    expect(rec).toMatchObject({ action: 'security.policy_update', outcome: 'failure', detail: { code: 'conflict' } })
  })

  it('holds named password profiles to their values; "custom" takes any allowed values', async () => {
    let now = await current()
    const mlps = await put({ version: now.version, policy: { ...policyOf(now), password: { ...PASSWORD_PROFILES.mlps, minLength: 10, historySize: 3 } } })
    expect(mlps.statusCode).toBe(400)
    const error = mlps.json().error
    expect(error.code).toBe('validation_failed')
    expect(error.details.map((d: { field: string; problem: string }) => [d.field, d.problem])).toEqual([
      ['/policy/password/minLength', 'profile_mismatch'],
      ['/policy/password/historySize', 'profile_mismatch'],
    ])
    expect(await current()).toEqual(now)
    expect((await latestAuditEvents(t.database.db, 1))[0]).toMatchObject({ action: 'security.policy_update', outcome: 'failure', detail: { code: 'validation_failed' } })

    const custom = await put({ version: now.version, policy: { ...policyOf(now), password: { ...PASSWORD_PROFILES.mlps, profile: 'custom', minLength: 10, historySize: 3 } } })
    expect(custom.statusCode, custom.body).toBe(200)
    now = custom.json() as SecurityPolicyView
    expect(now.password).toMatchObject({ profile: 'custom', minLength: 10, historySize: 3 })

    const nist = await put({ version: now.version, policy: { ...policyOf(now), password: PASSWORD_PROFILES.nist } })
    expect(nist.statusCode, nist.body).toBe(200)
    expect((nist.json() as SecurityPolicyView).password).toEqual(PASSWORD_PROFILES.nist)
    expect((await latestAuditEvents(t.database.db, 1))[0]!.detail.changes).toMatchObject({
      'password.profile': { from: 'custom', to: 'nist' },
      'password.minLength': { from: 10, to: 12 },
      'password.minClasses': { from: 3, to: 0 },
    })
  })

  it('refuses values out of range and unknown keys — "__proto__" and "constructor" too — naming each, and changes nothing', async () => {
    const now = await current()
    const auditBefore = await auditCount()
    const short = await put({ version: now.version, policy: { ...policyOf(now), audit: { retentionDays: 100 } } })
    expect(short.statusCode).toBe(400)
    expect(short.json().error).toMatchObject({ code: 'validation_failed', details: [{ field: '/policy/audit/retentionDays', location: 'body' }] })

    const policy = JSON.stringify(policyOf(now))
    const sneaky = await put(
      `{"version":${now.version},"role":"system_admin","__proto__":{"isAdmin":true},` +
        `"policy":${policy.replace('"lockout":{', '"lockout":{"__proto__":{"maxFailures":100},"constructor":{"prototype":{"x":1}},')}}`,
    )
    expect(sneaky.statusCode, sneaky.body).toBe(400)
    const error = sneaky.json().error
    expect(error.code).toBe('validation_failed')
    expect(error.details.map((d: { field: string }) => d.field).sort()).toEqual(['/__proto__', '/policy/lockout/__proto__', '/policy/lockout/constructor', '/role'])
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()

    const missing = await put({ version: now.version, policy: { password: now.password, lockout: now.lockout, session: now.session } })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.details).toMatchObject([{ field: '/policy/audit', problem: 'required' }])

    const wrongType = await put({ version: 'latest', policy: { ...policyOf(now), session: { ...now.session, idleMinutes: 1 } } })
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['/policy/session/idleMinutes', '/version'])

    const notJson = await put('{"version":')
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json().error.code).toBe('invalid_json')

    expect(await current()).toEqual(now)
    expect(await auditCount()).toBe(auditBefore)
  })

  it.each<Role>(['auditor', 'system_admin', 'city_admin'])('refuses %s (403 forbidden)', async (role) => {
    const caller = await cityCaller(t, role)
    const now = await current()
    expect((await get(caller)).statusCode).toBe(403)
    const r = await put({ version: now.version, policy: policyOf(now) }, caller)
    expect(r.statusCode).toBe(403)
    expect(r.json().error.code).toBe('forbidden')
    expect(await current()).toEqual(now)
  })

  it('refuses anonymous callers (401) and a session write without its CSRF token (403)', async () => {
    const now = await current()
    expect((await get(null)).statusCode).toBe(401)
    expect((await put({ version: now.version, policy: policyOf(now) }, null)).statusCode).toBe(401)
    const noCsrf = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/security/policy',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ version: now.version, policy: policyOf(now) }),
    })
    expect(noCsrf.statusCode).toBe(403)
    expect(noCsrf.json().error.code).toBe('csrf_failed')
    expect(await current()).toEqual(now)
  })
})
