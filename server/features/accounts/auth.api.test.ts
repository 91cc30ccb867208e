// Logging in through the real app: password, second factor, first-login steps, sessions and their
// timeouts, CSRF, lockout, API tokens — and the bad inputs of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, TEST_PASSWORD, buildTestApp, createTestAccount, loginAs, type TestApp } from '../../../test/helpers.ts'
import { totpCode } from './totp.ts'
import { insertAccount } from './account.repository.ts'
import { latestAuditEvents } from '../audit/audit.repository.ts'

const DEMO_CITY = '630100'

describe.each(BACKENDS)('logging in on %s', (backend) => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(backend)
  })
  afterAll(async () => t?.close())

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers })
  const cookieOf = (res: { headers: Record<string, unknown> }) => {
    const raw = res.headers['set-cookie']
    const line = (Array.isArray(raw) ? raw : [raw]).find((c) => typeof c === 'string' && c.startsWith('frontline_session='))
    return line ? (line as string).split(';')[0]! : undefined
  }
  const fingerprint = async () => {
    const r = await sql<{ a: number; s: number; k: number }>`
      SELECT (SELECT count(*)::int FROM account) AS a, (SELECT count(*)::int FROM session) AS s,
             (SELECT count(*)::int FROM api_token) AS k`.execute(t.database.db)
    return r.rows[0]
  }

  it('logs in with password and TOTP, opens the API, and logs out for real', async () => {
    const a = await createTestAccount(t, { role: 'district_staff', scopeCode: '630102' })
    const anonymous = await t.app.inject({ url: '/api/v1/areas' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().error.code).toBe('unauthenticated')

    const login = await post('/auth/login', { username: a.username.toUpperCase(), password: a.password })
    expect(login.statusCode, login.body).toBe(200)
    expect(login.json()).toMatchObject({ stage: 'totp', account: { username: a.username, role: 'district_staff', scope: { code: '630102' } } })
    const setCookie = String(login.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/Secure/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    const cookie = cookieOf(login)!
    const csrf = login.json().csrfToken as string

    // Half logged in: the API stays closed.
    const early = await t.app.inject({ url: '/api/v1/areas', headers: { cookie } })
    expect(early.statusCode).toBe(401)
    expect(early.json().error.code).toBe('login_incomplete')

    const second = await post('/auth/totp', { code: totpCode(a.totpSecret) }, { cookie, 'x-csrf-token': csrf })
    expect(second.statusCode, second.body).toBe(200)
    expect(second.json().stage).toBe('active')
    const areas = await t.app.inject({ url: '/api/v1/areas', headers: { cookie } })
    expect(areas.statusCode).toBe(200)
    expect(areas.json().items.map((i: { code: string }) => i.code)).toEqual(['630102'])

    const logout = await post('/auth/logout', undefined, { cookie, 'x-csrf-token': csrf })
    expect(logout.statusCode).toBe(204)
    const after = await t.app.inject({ url: '/api/v1/areas', headers: { cookie } })
    expect(after.statusCode).toBe(401)

    const actions = (await latestAuditEvents(t.database.db, 10)).filter((e) => e.actor === a.username).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.totp', 'auth.login_complete', 'auth.logout']))
  })

  it('walks a new account through password change and TOTP enrolment with a QR code', async () => {
    await insertAccount(t.database.db, {
      username: 'newcomer',
      displayName: '新同事',
      role: 'community_staff',
      scopeCode: '630102001001',
      password: 'Temp#Pass-4821',
      mustChangePassword: true,
    })
    const login = await post('/auth/login', { username: 'newcomer', password: 'Temp#Pass-4821' })
    expect(login.json().stage).toBe('password_change')
    const cookie = cookieOf(login)!
    const h = { cookie, 'x-csrf-token': login.json().csrfToken as string }

    // Enrolment is not due yet; the policy's every broken rule is listed.
    expect((await post('/auth/totp/enrolment', undefined, h)).statusCode).toBe(409)
    const weak = await post('/auth/password', { currentPassword: 'Temp#Pass-4821', newPassword: 'newcomer1' }, h)
    expect(weak.statusCode).toBe(400)
    expect(weak.json().error.code).toBe('password_rejected')
    expect(weak.json().error.details.map((d: { problem: string }) => d.problem)).toEqual(expect.arrayContaining(['contains_context']))
    const same = await post('/auth/password', { currentPassword: 'Temp#Pass-4821', newPassword: 'Temp#Pass-4821' }, h)
    expect(same.json().error.details.map((d: { problem: string }) => d.problem)).toEqual(['reused'])
    const wrongCurrent = await post('/auth/password', { currentPassword: 'nope', newPassword: 'Brand#New-Pass-77' }, h)
    expect(wrongCurrent.statusCode).toBe(401)

    const changed = await post('/auth/password', { currentPassword: 'Temp#Pass-4821', newPassword: 'Brand#New-Pass-77' }, h)
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().stage).toBe('totp_enrol')

    // Codes are made for one instant: a time step may pass while the test runs.
    const at = Date.now()
    const enrol = await post('/auth/totp/enrolment', undefined, h)
    expect(enrol.statusCode).toBe(200)
    const { secret, otpauthUri, qrSvg } = enrol.json()
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Frontline:newcomer\?/)
    expect(qrSvg).toMatch(/^<svg/)
    const wrongCode = [-1, 0, 1].map((d) => totpCode(secret, at + d * 30_000)).includes('000000') ? '111111' : '000000'
    expect((await post('/auth/totp/enrolment/confirm', { code: wrongCode }, h)).statusCode).toBe(401)
    const done = await post('/auth/totp/enrolment/confirm', { code: totpCode(secret, at) }, h)
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json().stage).toBe('active')
    expect((await t.app.inject({ url: '/api/v1/areas', headers: { cookie } })).statusCode).toBe(200)

    // The next login asks for the second factor; the same code cannot be used twice.
    const again = await post('/auth/login', { username: 'newcomer', password: 'Brand#New-Pass-77' })
    expect(again.json().stage).toBe('totp')
    const h2 = { cookie: cookieOf(again)!, 'x-csrf-token': again.json().csrfToken as string }
    const replay = await post('/auth/totp', { code: totpCode(secret, at) }, h2)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().error.code).toBe('totp_replayed')
    const next = await post('/auth/totp', { code: totpCode(secret, at + 30_000) }, h2)
    expect(next.statusCode, next.body).toBe(200)
  })

  it('answers a wrong password and an unknown name alike, and locks both after repeated failures', async () => {
    const a = await createTestAccount(t, { role: 'grid_worker', scopeCode: '630102001001' })
    const wrong = await post('/auth/login', { username: a.username, password: 'wrong-password' })
    const unknown = await post('/auth/login', { username: 'nobody-here', password: 'wrong-password' })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json()).toEqual(unknown.json())

    for (let i = 0; i < 4; i++) {
      await post('/auth/login', { username: a.username, password: 'wrong-password' })
      await post('/auth/login', { username: 'nobody-here', password: 'wrong-password' })
    }
    const lockedKnown = await post('/auth/login', { username: a.username, password: a.password })
    const lockedUnknown = await post('/auth/login', { username: 'nobody-here', password: 'x' })
    expect(lockedKnown.statusCode).toBe(429)
    expect(lockedKnown.json().error.code).toBe('login_locked')
    expect(Number(lockedKnown.headers['retry-after'])).toBeGreaterThan(0)
    expect(lockedUnknown.statusCode).toBe(429)
    expect(lockedUnknown.json().error.message).toBe(lockedKnown.json().error.message)
    await sql`DELETE FROM login_throttle`.execute(t.database.db)
  })

  it('locks a source address that tries many names, and ignores spoofed forwarding headers', async () => {
    for (let i = 0; i < 30; i++) {
      await post('/auth/login', { username: `spray${i}`, password: 'Password1!' }, { 'x-forwarded-for': `10.0.0.${i}`, 'x-real-ip': `10.1.0.${i}` })
    }
    const a = await createTestAccount(t, { role: 'volunteer', scopeCode: DEMO_CITY })
    const res = await post('/auth/login', { username: a.username, password: a.password }, { 'x-forwarded-for': '203.0.113.9' })
    expect(res.statusCode).toBe(429)
    const [last] = await latestAuditEvents(t.database.db, 1)
    expect(last).toMatchObject({ action: 'auth.login', outcome: 'denied', source: '127.0.0.1' })
    await sql`DELETE FROM login_throttle`.execute(t.database.db)
  })

  it('refuses bad login bodies with every offending field, and changes nothing', async () => {
    const before = await fingerprint()
    const extra = await post('/auth/login', { username: 'a', password: 'b', role: 'system_admin', scopeCode: DEMO_CITY })
    expect(extra.statusCode).toBe(400)
    expect(extra.json().error.code).toBe('validation_failed')
    const fields = extra.json().error.details.map((d: { field: string }) => d.field)
    expect(fields).toEqual(expect.arrayContaining(['/role', '/scopeCode']))
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"a","password":"b","__proto__":{"role":"system_admin"}}',
    })
    expect(proto.statusCode).toBe(400)
    const missing = await post('/auth/login', {})
    expect(missing.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['/username', '/password']))
    expect(await fingerprint()).toEqual(before)
  })

  it('ends idle and expired sessions for good, and gives a new session id at every login', async () => {
    const a = await createTestAccount(t, { role: 'street_staff', scopeCode: '630102001' })
    const c1 = await loginAs(t, a.username)
    const c2 = await loginAs(t, a.username)
    expect(c1.cookie).not.toBe(c2.cookie)
    await sql`UPDATE session SET last_seen_at = now() - interval '31 minutes' WHERE account_id = ${a.id}`.execute(t.database.db)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: c1.headers })).statusCode).toBe(401)
    // Coming back does not revive it.
    await sql`UPDATE session SET last_seen_at = now() WHERE account_id = ${a.id}`.execute(t.database.db)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: c1.headers })).statusCode).toBe(401)

    const c3 = await loginAs(t, a.username)
    await sql`UPDATE session SET expires_at = now() - interval '1 second' WHERE account_id = ${a.id} AND ended_at IS NULL`.execute(t.database.db)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: c3.headers })).statusCode).toBe(401)

    // A login from a browser that still holds a session replaces it.
    const c4 = await loginAs(t, a.username)
    const relog = await post('/auth/login', { username: a.username, password: TEST_PASSWORD }, { cookie: c4.cookie })
    expect(relog.statusCode).toBe(200)
    expect(cookieOf(relog)).not.toBe(c4.cookie)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: c4.headers })).statusCode).toBe(401)
  })

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const a = await createTestAccount(t, { role: 'city_admin', scopeCode: DEMO_CITY })
    const c = await loginAs(t, a.username)
    const without = await post('/auth/tokens', { name: 'x' }, { cookie: c.cookie })
    expect(without.statusCode).toBe(403)
    expect(without.json().error.code).toBe('csrf_failed')
    const wrong = await post('/auth/tokens', { name: 'x' }, { cookie: c.cookie, 'x-csrf-token': 'forged' })
    expect(wrong.statusCode).toBe(403)
    const other = await loginAs(t, a.username)
    expect((await post('/auth/tokens', { name: 'x' }, { cookie: c.cookie, 'x-csrf-token': other.csrfToken })).statusCode).toBe(403)
    expect(await t.database.db.selectFrom('api_token').select('id').where('account_id', '=', a.id).execute()).toHaveLength(0)
  })

  it('applies a change of role or scope on the next request, and a disabled account loses its sessions', async () => {
    const a = await createTestAccount(t, { role: 'district_staff', scopeCode: '630102' })
    const c = await loginAs(t, a.username)
    expect((await t.app.inject({ url: '/api/v1/areas/630103', headers: c.headers })).statusCode).toBe(404)
    await sql`UPDATE account SET scope_code = '630103' WHERE id = ${a.id}`.execute(t.database.db)
    expect((await t.app.inject({ url: '/api/v1/areas/630103', headers: c.headers })).statusCode).toBe(200)
    await sql`UPDATE account SET role = 'auditor', scope_code = ${DEMO_CITY} WHERE id = ${a.id}`.execute(t.database.db)
    const forbidden = await t.app.inject({ url: '/api/v1/areas/630103', headers: c.headers })
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json().error.code).toBe('forbidden')
    await sql`UPDATE account SET status = 'disabled' WHERE id = ${a.id}`.execute(t.database.db)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: c.headers })).statusCode).toBe(401)
    await sql`UPDATE account SET status = 'active' WHERE id = ${a.id}`.execute(t.database.db)
    // The session ended when it met the disabled account; enabling it again does not bring it back.
    expect((await t.app.inject({ url: '/api/v1/areas', headers: c.headers })).statusCode).toBe(401)
  })

  it('issues API tokens that act as their account, scoped like it, until revoked', async () => {
    const a = await createTestAccount(t, { role: 'community_staff', scopeCode: '630102001001' })
    const c = await loginAs(t, a.username)
    const created = await post('/auth/tokens', { name: 'sync job', expiresInDays: 30 }, c.headers)
    expect(created.statusCode, created.body).toBe(201)
    const { token, id, prefix } = created.json()
    expect(token.startsWith(prefix)).toBe(true)
    const bearer = { authorization: `Bearer ${token}` }
    expect((await t.app.inject({ url: '/api/v1/areas/630102001001', headers: bearer })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/v1/areas/630102001002', headers: bearer })).statusCode).toBe(404)
    // A token needs no CSRF token for writes, but cannot mint more tokens.
    expect((await post('/auth/tokens', { name: 'child' }, bearer)).statusCode).toBe(403)
    const list = await t.app.inject({ url: '/api/v1/auth/tokens', headers: c.headers })
    expect(list.json().items).toHaveLength(1)
    expect(JSON.stringify(list.json())).not.toContain(token)
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: c.headers })
    expect(revoke.statusCode).toBe(204)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: bearer })).statusCode).toBe(401)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: { authorization: 'Bearer flt_madeup' } })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: c.headers })).statusCode).toBe(404)
  })

  it('re-authenticates with password and a fresh code before sensitive acts', async () => {
    const a = await createTestAccount(t, { role: 'system_admin', scopeCode: DEMO_CITY })
    const c = await loginAs(t, a.username)
    const before = await t.app.inject({ url: '/api/v1/auth/session', headers: c.headers })
    expect(before.json().reauthUntil).toBeNull()
    const at = Date.now()
    const bad = await post('/auth/reauth', { password: 'wrong', code: totpCode(a.totpSecret, at) }, c.headers)
    expect(bad.statusCode).toBe(401)
    const ok = await post('/auth/reauth', { password: a.password, code: totpCode(a.totpSecret, at) }, c.headers)
    expect(ok.statusCode, ok.body).toBe(200)
    expect(new Date(ok.json().reauthUntil).getTime()).toBeGreaterThan(Date.now())
    const replay = await post('/auth/reauth', { password: a.password, code: totpCode(a.totpSecret, at) }, c.headers)
    expect(replay.json().error.code).toBe('totp_replayed')
    await sql`DELETE FROM login_throttle`.execute(t.database.db)
  })
})
