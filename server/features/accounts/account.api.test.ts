// The system admin's account API on the real app (PGlite, and PostgreSQL when DATABASE_URL is set):
// create, list, get, change, disable, reset credentials, reveal personal data, grid assignment, scope,
// and bad inputs — each refused with its stable code and every offending field, the database unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { Value } from 'typebox/value'
import type { InjectOptions } from 'fastify'
import type { TSchema } from 'typebox'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type TestApp } from '../../../test/helpers.ts'
import { API_PREFIX } from '../../app.ts'
import {
  AccountCreatedSchema,
  AccountListSchema,
  AccountViewSchema,
  GridAssignmentChangeSchema,
  GridAssignmentListSchema,
} from './account.schemas.ts'
import { createAccount, getAccount, listAccounts, listGridAssignments, revealPersonalData, setAccountGrids, type AdminContext } from './account.service.ts'
import { ScopeGuard } from './scope-guard.ts'
import { appendAudit } from '../audit/audit.repository.ts'
import { ROLE_PERMISSIONS, type Role } from '../../../shared/roles.ts'
import type { Principal } from './principal.ts'
import { verifyPassword } from './password.ts'
import { checkPassword } from './password-policy.ts'
import { getSecurityPolicy } from './security-policy.ts'
import type { AccountView } from '../../../shared/api-types.ts'

const COMMUNITY = '630103001003' // 南关街社区 (城中区, 人民街街道)
const OTHER_COMMUNITY = '630103001004' // 水井巷社区, same street
const GRID1 = '630103001003001'
const GRID2 = '630103001003002'
/** Any 11-digit mainland mobile number in a response body is a leak. */
const RAW_MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/

describe.each(BACKENDS)('account administration API on %s', (backend) => {
  let t: TestApp
  let db: TestApp['database']['db']
  let admin: { id: number; username: string }
  let adminHeaders: Record<string, string>

  beforeAll(async () => {
    t = await buildTestApp(backend)
    db = t.database.db
    admin = await createTestAccount(t, { role: 'system_admin', scopeCode: '630100', phone: '13700000001' })
    adminHeaders = (await loginAs(t, admin.username)).headers
  })

  afterAll(async () => {
    await t?.close()
  })

  /** Sends a request as `headers` (default: the admin); checks that no raw mobile number leaves, except from personal-data. */
  async function api(method: InjectOptions['method'], url: string, body?: unknown, headers = adminHeaders) {
    const res = await t.app.inject({
      method,
      url: `${API_PREFIX}${url}`,
      headers: { ...headers, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    })
    if (!url.endsWith('/personal-data')) expect(res.body, `${method} ${url}`).not.toMatch(RAW_MOBILE)
    return { status: res.statusCode, json: res.body ? (res.json() as Record<string, any>) : undefined, res }
  }

  const check = (schema: TSchema, value: unknown) => {
    const errors = [...Value.Errors(schema, value)]
    expect(errors).toEqual([])
  }

  /** Everything a refused request must leave as it was. */
  async function fingerprint() {
    const r = await sql<Record<string, unknown>>`
      SELECT (SELECT count(*)::int FROM account) AS accounts,
             (SELECT max(updated_at)::text FROM account) AS account_updated,
             (SELECT md5(string_agg(concat_ws('|', id, username, display_name, role, scope_code, status, phone, password_hash,
                                               must_change_password, totp_secret, version), ',' ORDER BY id)) FROM account) AS account_md5,
             (SELECT count(*)::int FROM grid_assignment) AS grids,
             (SELECT max(assigned_at)::text FROM grid_assignment) AS grid_assigned,
             (SELECT md5(string_agg(grid_code || ':' || account_id, ',' ORDER BY grid_code)) FROM grid_assignment) AS grid_md5,
             (SELECT count(*)::int FROM session WHERE ended_at IS NULL) AS open_sessions,
             (SELECT count(*)::int FROM audit_event WHERE action <> 'request.refused') AS audit`.execute(db)
    return r.rows[0]!
  }

  /**
   * Runs `request`; expects status, code and exactly `fields` (in any order); the database unchanged but
   * for `audits` records. (Refusals by the request schema add their own 'request.refused' record —
   * error-handler.ts, tested in server/features/cases — which these counts leave aside.)
   */
  async function refused(
    request: () => Promise<{ status: number; json?: Record<string, any> }>,
    expected: { status: number; code: string; fields?: string[]; problems?: string[]; audits?: { action: string; outcome: string }[] },
  ) {
    const before = await fingerprint()
    const { status, json } = await request()
    expect({ status, code: json?.error?.code }, JSON.stringify(json)).toEqual({ status: expected.status, code: expected.code })
    const details = (json?.error?.details ?? []) as { field?: string; problem?: string }[]
    if (expected.fields) expect(new Set(details.map((d) => d.field))).toEqual(new Set(expected.fields))
    if (expected.problems) expect(new Set(details.map((d) => d.problem))).toEqual(new Set(expected.problems))
    const after = await fingerprint()
    const audits = expected.audits ?? []
    expect({ ...after, audit: Number(after.audit) - audits.length }).toEqual(before)
    if (audits.length > 0) {
      const r = await sql<{ action: string; outcome: string }>`
        SELECT action, outcome FROM audit_event WHERE action <> 'request.refused' ORDER BY seq DESC LIMIT ${audits.length}`.execute(db)
      expect(r.rows.reverse()).toEqual(audits)
    }
    return json
  }

  const lastAudit = async () =>
    (await sql<{ actor: string; action: string; target: string; outcome: string; detail: any; source: string }>`
      SELECT actor, action, target, outcome, detail, source FROM audit_event WHERE action <> 'request.refused' ORDER BY seq DESC LIMIT 1`.execute(db)).rows[0]!

  const create = (body: Record<string, unknown>) => api('POST', '/accounts', body)

  let created: AccountView

  it('creates an account with a temporary password that satisfies the policy; the user must change it and enrol TOTP', async () => {
    const { status, json } = await create({ username: 'li.na', displayName: '李娜', role: 'community_staff', scopeCode: COMMUNITY, phone: '13912345678' })
    expect(status, JSON.stringify(json)).toBe(201)
    check(AccountCreatedSchema, json)
    created = json!.account as AccountView
    expect(created).toMatchObject({
      username: 'li.na',
      displayName: '李娜',
      role: 'community_staff',
      scope: { code: COMMUNITY, name: '南关街社区', level: 'community' },
      status: 'active',
      phone: '139****5678',
      totpEnrolled: false,
      mustChangePassword: true,
      lastLoginAt: null,
      gridCount: 0,
      version: 1,
    })
    const temporary = json!.temporaryPassword as string
    const policy = await getSecurityPolicy(db, true)
    expect(checkPassword(temporary, policy.password, ['li.na', '李娜'])).toEqual([])
    const row = (await sql<{ password_hash: string; must_change_password: boolean; totp_secret: string | null; phone: string }>`
      SELECT password_hash, must_change_password, totp_secret, phone FROM account WHERE id = ${created.id}`.execute(db)).rows[0]!
    expect(row).toMatchObject({ must_change_password: true, totp_secret: null, phone: '13912345678' })
    expect(await verifyPassword(row.password_hash, temporary)).toBe(true)
    const audit = await lastAudit()
    expect(audit).toMatchObject({ actor: admin.username, action: 'account.create', target: `account:${created.id}`, outcome: 'success' })
    expect(audit.detail).toMatchObject({ username: 'li.na', role: 'community_staff', scopeCode: COMMUNITY, phone: true })
    expect(JSON.stringify(audit.detail)).not.toMatch(RAW_MOBILE)
  })

  it('lists accounts in scope with filters, paging and a fixed order — every phone masked', async () => {
    const all = await api('GET', '/accounts?limit=200')
    expect(all.status).toBe(200)
    check(AccountListSchema, all.json)
    const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM account`.execute(db)).rows[0]!.n
    expect(all.json!.total).toBe(total)
    expect(all.json!.items).toHaveLength(200)
    const names = all.json!.items.map((a: AccountView) => a.username)
    expect(names).toEqual([...names].sort())
    for (const a of all.json!.items as AccountView[]) if (a.phone !== null) expect(a.phone).toMatch(/^1[3-9]\d\*{4}\d{4}$/)

    const q = await api('GET', '/accounts?q=LI.N')
    expect(q.json!.items.map((a: AccountView) => a.username)).toEqual(['li.na'])
    const byName = await api('GET', `/accounts?q=${encodeURIComponent('李娜')}`)
    expect(byName.json!.total).toBe(1)

    const inCommunity = await api('GET', `/accounts?scopeCode=${COMMUNITY}&limit=200`)
    const expected = (await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM account a JOIN area s ON s.code = a.scope_code
      WHERE s.path LIKE '630100.630103.630103001.630103001003%'`.execute(db)).rows[0]!.n
    expect(inCommunity.json!.total).toBe(expected)
    expect(inCommunity.json!.items.every((a: AccountView) => a.scope.code.startsWith(COMMUNITY))).toBe(true)
    expect(inCommunity.json!.items.map((a: AccountView) => a.username)).toEqual(expect.arrayContaining(['li.na', 'community.staff', 'volunteer', `gw${GRID1}`]))

    const admins = await api('GET', '/accounts?role=system_admin&sort=-createdAt')
    expect(admins.json!.items.map((a: AccountView) => a.username)).toEqual([admin.username, 'sysadmin'])
    const page = await api('GET', '/accounts?role=grid_worker&limit=5&offset=5&sort=-username')
    expect(page.json!.items).toHaveLength(5)
    const workers = await api('GET', '/accounts?role=grid_worker&limit=10&sort=-username')
    expect(page.json!.items).toEqual(workers.json!.items.slice(5))
    expect((await api('GET', '/accounts?status=disabled')).json!.total).toBe(0)
  })

  it('shows one account; 404 for one that does not exist', async () => {
    const one = await api('GET', `/accounts/${created.id}`)
    expect(one.status).toBe(200)
    check(AccountViewSchema, one.json)
    expect(one.json).toEqual(created)
    await refused(() => api('GET', '/accounts/999999999'), { status: 404, code: 'not_found' })
  })

  it('changes an account with its current version; a stale version is refused and changes nothing', async () => {
    const { status, json } = await api('PATCH', `/accounts/${created.id}`, { version: 1, displayName: '李娜娜', phone: '13987654321' })
    expect(status, JSON.stringify(json)).toBe(200)
    check(AccountViewSchema, json)
    expect(json).toMatchObject({ displayName: '李娜娜', phone: '139****4321', version: 2 })
    const audit = await lastAudit()
    expect(audit).toMatchObject({ action: 'account.update', target: `account:${created.id}`, outcome: 'success' })
    expect(audit.detail.fields).toEqual(['displayName', 'phone'])
    expect(audit.detail.changes).toEqual({ displayName: { from: '李娜', to: '李娜娜' } })
    expect(JSON.stringify(audit.detail)).not.toMatch(/1391234|13987654321|8765/)

    await refused(() => api('PATCH', `/accounts/${created.id}`, { version: 1, displayName: '王五' }), {
      status: 409,
      code: 'conflict',
      fields: ['/version'],
      problems: ['stale'],
      audits: [{ action: 'account.update', outcome: 'failure' }],
    })
    // A role change applies to the account as it is read on its next request.
    const moved = await api('PATCH', `/accounts/${created.id}`, { version: 2, role: 'volunteer' })
    expect(moved.json).toMatchObject({ role: 'volunteer', version: 3 })
    expect((await lastAudit()).detail.changes).toEqual({ role: { from: 'community_staff', to: 'volunteer' } })
    created = moved.json as AccountView
  })

  it('disabling ends the account\'s sessions at once', async () => {
    const worker = await createTestAccount(t, { role: 'grid_worker', scopeCode: COMMUNITY, phone: '13911112222' })
    const session = await loginAs(t, worker.username)
    expect((await api('GET', '/auth/session', undefined, session.headers)).status).toBe(200)
    const view = (await api('GET', `/accounts/${worker.id}`)).json as AccountView
    const { status, json } = await api('PATCH', `/accounts/${worker.id}`, { version: view.version, status: 'disabled' })
    expect(status, JSON.stringify(json)).toBe(200)
    expect(json).toMatchObject({ status: 'disabled', version: view.version + 1 })
    const open = await sql<{ n: number }>`SELECT count(*)::int AS n FROM session WHERE account_id = ${worker.id} AND ended_at IS NULL`.execute(db)
    expect(open.rows[0]!.n).toBe(0)
    expect((await api('GET', '/auth/session', undefined, session.headers)).status).toBe(401)
    expect((await lastAudit()).detail).toMatchObject({ fields: ['status'], changes: { status: { from: 'active', to: 'disabled' } }, sessionsEnded: 1 })
    const enabled = await api('PATCH', `/accounts/${worker.id}`, { version: view.version + 1, status: 'active' })
    expect(enabled.json).toMatchObject({ status: 'active' })
  })

  it('resets a password (new temporary one, sessions ended) and TOTP (enrol again, sessions ended)', async () => {
    const user = await createTestAccount(t, { role: 'street_staff', scopeCode: '630103001' })
    await loginAs(t, user.username)
    const reset = await api('POST', `/accounts/${user.id}/password-reset`)
    expect(reset.status, JSON.stringify(reset.json)).toBe(200)
    check(AccountCreatedSchema, reset.json)
    expect(reset.json!.account).toMatchObject({ mustChangePassword: true, totpEnrolled: true })
    const row = (await sql<{ password_hash: string; history: string[] | string }>`
      SELECT password_hash, password_history AS history FROM account WHERE id = ${user.id}`.execute(db)).rows[0]!
    expect(await verifyPassword(row.password_hash, reset.json!.temporaryPassword)).toBe(true)
    const history = typeof row.history === 'string' ? JSON.parse(row.history) : row.history
    expect(await verifyPassword(history[0], user.password)).toBe(true)
    expect((await lastAudit())).toMatchObject({ action: 'account.password_reset', target: `account:${user.id}`, detail: { sessionsEnded: 1 } })

    await loginAs(t, user.username)
    const totp = await api('POST', `/accounts/${user.id}/totp-reset`)
    expect(totp.status).toBe(200)
    check(AccountViewSchema, totp.json)
    expect(totp.json).toMatchObject({ totpEnrolled: false })
    const after = (await sql<{ s: string | null; open: number }>`
      SELECT totp_secret AS s, (SELECT count(*)::int FROM session WHERE account_id = ${user.id} AND ended_at IS NULL) AS open
      FROM account WHERE id = ${user.id}`.execute(db)).rows[0]!
    expect(after).toEqual({ s: null, open: 0 })
    expect(await lastAudit()).toMatchObject({ action: 'account.totp_reset', detail: { sessionsEnded: 1 } })

    for (const what of ['password-reset', 'totp-reset']) {
      await refused(() => api('POST', `/accounts/${admin.id}/${what}`), {
        status: 400,
        code: 'validation_failed',
        fields: ['/id'],
        problems: ['self_change'],
        audits: [{ action: what === 'password-reset' ? 'account.password_reset' : 'account.totp_reset', outcome: 'failure' }],
      })
    }
  })

  it('reveals personal data only after a recent re-authentication, with a reason, and audits it', async () => {
    const url = `/accounts/${created.id}/personal-data`
    await refused(() => api('POST', url, { reason: 'Phone the staff member about a flood' }), {
      status: 401,
      code: 'reauth_required',
      audits: [{ action: 'personal_data.unmask', outcome: 'denied' }],
    })
    const fresh = (await loginAs(t, admin.username, { reauth: true })).headers
    await refused(() => api('POST', url, { reason: 'ok' }, fresh), { status: 400, code: 'validation_failed', fields: ['/reason'] })
    await refused(() => api('POST', url, { reason: '      ' }, fresh), { status: 400, code: 'validation_failed', fields: ['/reason'], problems: ['too_short'] })
    await refused(() => api('POST', url, { reason: 'x'.repeat(201) }, fresh), { status: 400, code: 'validation_failed', fields: ['/reason'] })
    await refused(() => api('POST', url, { reason: 'Phone about a flood', fields: ['phone'] }, fresh), { status: 400, code: 'validation_failed', fields: ['/fields'] })

    const { status, json } = await api('POST', url, { reason: 'Phone about the flood warning' }, fresh)
    expect(status).toBe(200)
    expect(json).toEqual({ phone: '13987654321' })
    expect(await lastAudit()).toMatchObject({
      actor: admin.username,
      action: 'personal_data.unmask',
      target: `account:${created.id}`,
      outcome: 'success',
      detail: { fields: ['phone'], reason: 'Phone about the flood warning' },
    })

    // A role without account.manage never reaches the route.
    const cityAdmin = await createTestAccount(t, { role: 'city_admin', scopeCode: '630100' })
    const headers = (await loginAs(t, cityAdmin.username, { reauth: true })).headers
    await refused(() => api('POST', url, { reason: 'Phone about the flood' }, headers), {
      status: 403,
      code: 'forbidden',
      audits: [{ action: 'access.forbidden', outcome: 'denied' }],
    })
  })

  it('assigns grids to a grid worker: replaces the set, moves grids from other workers, releases the rest', async () => {
    const made = await create({ username: 'wang.wu', displayName: '王五', role: 'grid_worker', scopeCode: COMMUNITY, phone: '13955556666' })
    const worker = made.json!.account as AccountView
    const demo1 = (await sql<{ id: number }>`SELECT id FROM account WHERE username = ${`gw${GRID1}`}`.execute(db)).rows[0]!.id
    const put = await api('PUT', `/accounts/${worker.id}/grids`, { gridCodes: [GRID2, GRID1] })
    expect(put.status, JSON.stringify(put.json)).toBe(200)
    check(GridAssignmentChangeSchema, put.json)
    expect(put.json).toMatchObject({
      added: [GRID1, GRID2],
      removed: [],
      moved: [
        { gridCode: GRID1, fromAccountId: demo1, fromUsername: `gw${GRID1}` },
        { gridCode: GRID2, fromUsername: `gw${GRID2}` },
      ],
    })
    expect(put.json!.items.map((g: any) => [g.grid.code, g.username])).toEqual([[GRID1, 'wang.wu'], [GRID2, 'wang.wu']])
    expect(await lastAudit()).toMatchObject({
      action: 'grid.assign',
      target: `account:${worker.id}`,
      detail: { added: [GRID1, GRID2], removed: [], moved: [{ grid: GRID1, from: `gw${GRID1}` }, { grid: GRID2, from: `gw${GRID2}` }] },
    })
    const grids = await api('GET', `/accounts/${worker.id}/grids`)
    check(GridAssignmentListSchema, grids.json)
    expect(grids.json!.total).toBe(2)
    expect((await api('GET', `/accounts/${worker.id}`)).json).toMatchObject({ gridCount: 2 })

    const under = await api('GET', `/grid-assignments?areaCode=${COMMUNITY}`)
    check(GridAssignmentListSchema, under.json)
    const communityGrids = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM area WHERE parent_code = ${COMMUNITY}`.execute(db)).rows[0]!.n
    expect(under.json!.total).toBe(communityGrids)
    expect(under.json!.items.find((g: any) => g.grid.code === GRID1)).toMatchObject({ accountId: worker.id, username: 'wang.wu', displayName: '王五' })

    // Keep one, release the other: it has no worker now.
    const keep = await api('PUT', `/accounts/${worker.id}/grids`, { gridCodes: [GRID2] })
    expect(keep.json).toMatchObject({ added: [], removed: [GRID1], moved: [] })
    const free = await api('GET', `/grid-assignments?areaCode=${COMMUNITY}&unassigned=true`)
    expect(free.json!.items).toEqual([{ grid: { code: GRID1, name: '南关街社区第一网格', level: 'grid' }, accountId: null, username: null, displayName: null }])

    // A scope or role change that would leave a held grid outside is refused, every grid named.
    const v = (await api('GET', `/accounts/${worker.id}`)).json as AccountView
    await refused(() => api('PATCH', `/accounts/${worker.id}`, { version: v.version, scopeCode: OTHER_COMMUNITY }), {
      status: 409,
      code: 'conflict',
      fields: ['/scopeCode'],
      problems: ['grids_assigned'],
      audits: [{ action: 'account.update', outcome: 'failure' }],
    })
    await refused(() => api('PATCH', `/accounts/${worker.id}`, { version: v.version, role: 'volunteer' }), {
      status: 409,
      code: 'conflict',
      fields: ['/role'],
      problems: ['grids_assigned'],
      audits: [{ action: 'account.update', outcome: 'failure' }],
    })
    // Narrowing the scope to the grid it holds is fine.
    const narrowed = await api('PATCH', `/accounts/${worker.id}`, { version: v.version, scopeCode: GRID2 })
    expect(narrowed.json).toMatchObject({ scope: { code: GRID2, level: 'grid' }, gridCount: 1 })

    // Bad grid lists: every offending code named; nothing changes.
    await refused(() => api('PUT', `/accounts/${worker.id}/grids`, { gridCodes: [GRID1, COMMUNITY.padEnd(15, '9'), '630104001001001'] }), {
      status: 400,
      code: 'validation_failed',
      fields: ['/gridCodes/0', '/gridCodes/1', '/gridCodes/2'],
      problems: ['outside_worker_scope', 'not_found'],
      audits: [{ action: 'grid.assign', outcome: 'failure' }],
    })
    await refused(() => api('PUT', `/accounts/${worker.id}/grids`, { gridCodes: [GRID2, GRID2] }), { status: 400, code: 'validation_failed', fields: ['/gridCodes'] })
    await refused(() => api('PUT', `/accounts/${worker.id}/grids`, { gridCodes: [COMMUNITY] }), { status: 400, code: 'validation_failed', fields: ['/gridCodes/0'] })
    const many = Array.from({ length: 201 }, (_, i) => `630103001003${String(i + 1).padStart(3, '0')}`)
    await refused(() => api('PUT', `/accounts/${worker.id}/grids`, { gridCodes: many }), { status: 400, code: 'validation_failed', fields: ['/gridCodes'] })
    await refused(() => api('PUT', `/accounts/${created.id}/grids`, { gridCodes: [GRID1] }), {
      status: 400,
      code: 'validation_failed',
      fields: ['/gridCodes'],
      problems: ['not_grid_worker'],
      audits: [{ action: 'grid.assign', outcome: 'failure' }],
    })
  })

  describe('bad inputs: the stable code, every offending field, nothing changed', () => {
    const valid = { username: 'zhao.liu', displayName: '赵六', role: 'grid_worker', scopeCode: COMMUNITY }

    it('refuses fields nobody may set on create', async () => {
      await refused(() => create({ ...valid, password: 'Secret#123', status: 'active', totpSecret: 'JBSWY3DPEHPK3PXP', id: 1, mustChangePassword: false }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/password', '/status', '/totpSecret', '/id', '/mustChangePassword'],
      })
    })

    it('refuses __proto__ and constructor payloads by name, without touching any prototype', async () => {
      const raw = `{"username":"evil.one","displayName":"E","role":"grid_worker","scopeCode":"${COMMUNITY}","__proto__":{"role":"system_admin"}}`
      await refused(() => api('POST', '/accounts', raw), { status: 400, code: 'validation_failed', fields: ['/__proto__'] })
      const raw2 = `{"username":"evil.two","displayName":"E","role":"grid_worker","scopeCode":"${COMMUNITY}","constructor":{"prototype":{"role":"system_admin"}}}`
      await refused(() => api('POST', '/accounts', raw2), { status: 400, code: 'validation_failed', fields: ['/constructor'] })
      const patch = `{"version":${created.version},"__proto__":{"role":"system_admin","scopeCode":"630100"}}`
      await refused(() => api('PATCH', `/accounts/${created.id}`, patch), { status: 400, code: 'validation_failed', fields: ['/__proto__'] })
      expect(({} as Record<string, unknown>).role).toBeUndefined()
      await refused(() => api('POST', '/accounts', '{"username": '), { status: 400, code: 'invalid_json' })
      const all = `{"username":"evil.three","displayName":"E","role":"grid_worker","scopeCode":"${COMMUNITY}","password":"Secret#123","status":"active","totpSecret":"JBSWY3DPEHPK3PXP","id":1,"__proto__":{"role":"system_admin"}}`
      await refused(() => api('POST', '/accounts', all), { status: 400, code: 'validation_failed', fields: ['/password', '/status', '/totpSecret', '/id', '/__proto__'] })
    })

    it('refuses fields that may not be changed, unknown roles, bad phones and bad names', async () => {
      await refused(() => api('PATCH', `/accounts/${created.id}`, { version: created.version, scope: '630100', username: 'root', password: 'x', totpSecret: null }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/scope', '/username', '/password', '/totpSecret'],
      })
      await refused(() => api('PATCH', `/accounts/${created.id}`, { displayName: 'no version' }), { status: 400, code: 'validation_failed', fields: ['/version', '/'] })
      await refused(() => api('PATCH', `/accounts/${created.id}`, { version: created.version }), { status: 400, code: 'validation_failed', fields: ['/'] })
      await refused(() => create({ ...valid, role: 'superuser' }), { status: 400, code: 'validation_failed', fields: ['/role'] })
      for (const phone of ['12345', '+8613912345678', '1391234567a', '23912345678', '139123456789']) {
        await refused(() => create({ ...valid, phone }), { status: 400, code: 'validation_failed', fields: ['/phone'] })
      }
      await refused(() => create({ ...valid, username: 'Zhao Liu', displayName: '   ', scopeCode: '63010300100' }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/username', '/displayName', '/scopeCode'],
      })
      await refused(() => create({ ...valid, displayName: 'a\u0000b' }), { status: 400, code: 'validation_failed', fields: ['/displayName'] })
      await refused(() => create({ username: 'x' }), { status: 400, code: 'validation_failed', fields: ['/username', '/displayName', '/role', '/scopeCode'] })
    })

    it('refuses a taken username with 409', async () => {
      await refused(() => create({ ...valid, username: 'li.na' }), {
        status: 409,
        code: 'conflict',
        fields: ['/username'],
        problems: ['taken'],
        audits: [{ action: 'account.create', outcome: 'failure' }],
      })
    })

    it('refuses a scope at a level the role does not allow, and areas that do not exist', async () => {
      await refused(() => create({ ...valid, role: 'district_staff', scopeCode: '630103001' }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/scopeCode'],
        problems: ['scope_level'],
        audits: [{ action: 'account.create', outcome: 'failure' }],
      })
      await refused(() => api('PATCH', `/accounts/${created.id}`, { version: created.version, role: 'city_admin' }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/role'],
        problems: ['scope_level'],
        audits: [{ action: 'account.update', outcome: 'failure' }],
      })
      await refused(() => create({ ...valid, scopeCode: '630103001999' }), { status: 404, code: 'not_found' })
    })

    it('keeps the admin duties separate and refuses changes to one\'s own role, scope and status', async () => {
      const auditor = (await sql<{ id: number; version: number }>`SELECT id, version FROM account WHERE username = 'auditor'`.execute(db)).rows[0]!
      await refused(() => api('PATCH', `/accounts/${auditor.id}`, { version: auditor.version, role: 'city_admin' }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/role'],
        problems: ['admin_duty_separate'],
        audits: [{ action: 'account.update', outcome: 'failure' }],
      })
      for (const duty of ['system_admin', 'security_admin', 'auditor'] as const) {
        await refused(() => api('PATCH', `/accounts/${created.id}`, { version: created.version, role: duty, scopeCode: '630100' }), {
          status: 400,
          code: 'validation_failed',
          fields: ['/role'],
          problems: ['admin_duty_separate'],
          audits: [{ action: 'account.update', outcome: 'failure' }],
        })
      }
      const me = (await api('GET', `/accounts/${admin.id}`)).json as AccountView
      await refused(() => api('PATCH', `/accounts/${admin.id}`, { version: me.version, role: 'city_admin', scopeCode: '630103', status: 'disabled' }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/role', '/scopeCode', '/status'],
        problems: ['self_change', 'scope_level'],
        audits: [{ action: 'account.update', outcome: 'failure' }],
      })
      // Changing one's own display name is fine.
      const renamed = await api('PATCH', `/accounts/${admin.id}`, { version: me.version, displayName: '系统管理员（测试）', status: 'active' })
      expect(renamed.json).toMatchObject({ displayName: '系统管理员（测试）', status: 'active' })
    })

    it('keeps the overseeing duties out of the system admin\'s reach; the server\'s command line recovers them', async () => {
      const auditor = (await sql<{ id: number; version: number }>`SELECT id, version FROM account WHERE username = 'auditor'`.execute(db)).rows[0]!
      for (const action of ['password-reset', 'totp-reset']) {
        await refused(() => api('POST', `/accounts/${auditor.id}/${action}`), {
          status: 403,
          code: 'forbidden',
          fields: ['/id'],
          problems: ['admin_duty_separate'],
          audits: [{ action: action === 'password-reset' ? 'account.password_reset' : 'account.totp_reset', outcome: 'denied' }],
        })
      }
      await refused(() => api('PATCH', `/accounts/${auditor.id}`, { version: auditor.version, status: 'disabled' }), {
        status: 400,
        code: 'validation_failed',
        fields: ['/status'],
        problems: ['admin_duty_separate'],
        audits: [{ action: 'account.update', outcome: 'failure' }],
      })
      const { resetCredentialsFromCli } = await import('./account.service.ts')
      const temporary = await resetCredentialsFromCli(db, 'auditor')
      expect(temporary).toMatch(/.{12,}/)
      const after = (await sql<{ must: boolean; totp: string | null }>`SELECT must_change_password AS must, totp_secret AS totp FROM account WHERE username = 'auditor'`.execute(db)).rows[0]!
      expect(after).toEqual({ must: true, totp: null })
      expect(await resetCredentialsFromCli(db, 'nobody-such')).toBeNull()
    })

    it('never lets query text reach SQL: q is a literal, sort an enum, ids integers', async () => {
      const before = await fingerprint()
      for (const q of ["'; DROP TABLE account; --", "%' OR '1'='1", '\\', '%', '_']) {
        const r = await api('GET', `/accounts?q=${encodeURIComponent(q)}&limit=200`)
        expect(r.status).toBe(200)
        // Only accounts that contain the text itself (no LIKE wildcards): '_' is in a few display names.
        expect(r.json!.total).toBeLessThan(10)
        for (const a of r.json!.items as AccountView[]) expect(`${a.username} ${a.displayName}`).toContain(q)
      }
      expect(await fingerprint()).toEqual(before)
      await refused(() => api('GET', `/accounts?sort=${encodeURIComponent('username; DROP TABLE account')}`), { status: 400, code: 'validation_failed', fields: ['/sort'] })
      await refused(() => api('GET', '/accounts?sort=__proto__'), { status: 400, code: 'validation_failed', fields: ['/sort'] })
      await refused(() => api('GET', '/accounts?limit=100000&offset=-1&status=deleted&role=root&scopeCode=x'), {
        status: 400,
        code: 'validation_failed',
        fields: ['/limit', '/offset', '/status', '/role', '/scopeCode'],
      })
      await refused(() => api('GET', '/accounts?orderBy=id'), { status: 400, code: 'validation_failed', fields: ['/orderBy'] })
      await refused(() => api('GET', `/accounts/${encodeURIComponent('1 OR 1=1')}`), { status: 400, code: 'validation_failed', fields: ['/id'] })
      await refused(() => api('GET', '/accounts/0'), { status: 400, code: 'validation_failed', fields: ['/id'] })
    })

    it('answers 401 without a session and 403 to roles without account.manage', async () => {
      await refused(() => api('GET', '/accounts', undefined, {}), { status: 401, code: 'unauthenticated' })
      await refused(() => api('POST', '/accounts', valid, {}), { status: 401, code: 'unauthenticated' })
      const secadmin = await createTestAccount(t, { role: 'security_admin', scopeCode: '630100' })
      const headers = (await loginAs(t, secadmin.username)).headers
      await refused(() => api('GET', '/accounts', undefined, headers), { status: 403, code: 'forbidden', audits: [{ action: 'access.forbidden', outcome: 'denied' }] })
      await refused(() => api('POST', '/accounts', valid, headers), { status: 403, code: 'forbidden', audits: [{ action: 'access.forbidden', outcome: 'denied' }] })
      // Cookie-authenticated writes need the CSRF token.
      await refused(() => api('POST', '/accounts', valid, { cookie: adminHeaders.cookie! }), { status: 403, code: 'csrf_failed' })
    })
  })

  describe('scope (a narrower administrator, through the service)', () => {
    /** A principal scoped to 城东区 (630102): system admins are city-wide by ROLE_SCOPE_LEVELS, so only the service can be asked this way. */
    async function ctxIn(scopeCode: string, role: Role = 'system_admin', reauthAt: Date | null = null): Promise<AdminContext> {
      const path = (await sql<{ path: string }>`SELECT path FROM area WHERE code = ${scopeCode}`.execute(db)).rows[0]!.path
      const principal: Principal = {
        accountId: admin.id,
        username: 'narrow.admin',
        displayName: 'narrow',
        role,
        scopeCode,
        scopePath: path,
        permissions: ROLE_PERMISSIONS[role],
        via: 'session',
        sessionId: null,
        tokenId: null,
        reauthAt,
      }
      const audit = (input: Parameters<AdminContext['audit']>[0]) => appendAudit(db, { ...input, actor: principal.username, source: 'test' }).then(() => undefined)
      return { db, principal, scope: new ScopeGuard(db, principal, audit), source: 'test', audit }
    }

    it('lists only accounts scoped inside the caller\'s area', async () => {
      const ctx = await ctxIn('630102')
      const list = await listAccounts(ctx, { sort: 'username', limit: 200, offset: 0 })
      const expected = (await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM account a JOIN area s ON s.code = a.scope_code
        WHERE s.path = '630100.630102' OR s.path LIKE '630100.630102.%'`.execute(db)).rows[0]!.n
      expect(list.total).toBe(expected)
      expect(list.total).toBeGreaterThan(100)
      expect(list.items.every((a) => a.scope.code.startsWith('630102'))).toBe(true)
      expect((await listAccounts(ctx, { q: 'li.na', sort: 'username', limit: 10, offset: 0 })).total).toBe(0)
    })

    it('answers 404 for anything outside, exactly as for what does not exist, and audits the attempt', async () => {
      const ctx = await ctxIn('630102')
      const before = await fingerprint()
      await expect(getAccount(ctx, created.id)).rejects.toMatchObject({ code: 'not_found', status: 404 })
      expect(await lastAudit()).toMatchObject({ actor: 'narrow.admin', action: 'access.out_of_scope', target: `account:${created.id}`, outcome: 'denied' })
      await expect(getAccount(ctx, 999999999)).rejects.toMatchObject({ code: 'not_found', message: 'Account 999999999 not found' })
      await expect(createAccount(ctx, { username: 'out.side', displayName: 'x', role: 'volunteer', scopeCode: COMMUNITY })).rejects.toMatchObject({ code: 'not_found' })
      await expect(listAccounts(ctx, { scopeCode: '630103', sort: 'username', limit: 10, offset: 0 })).rejects.toMatchObject({ code: 'not_found' })
      await expect(listGridAssignments(ctx, { areaCode: COMMUNITY, limit: 10, offset: 0 })).rejects.toMatchObject({ code: 'not_found' })
      await expect(revealPersonalData(await ctxIn('630102', 'system_admin', new Date()), created.id, 'because of a reason')).rejects.toMatchObject({ code: 'not_found' })
      const after = await fingerprint()
      expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 })
      expect(Number(after.audit) - Number(before.audit)).toBe(5) // one per out-of-scope attempt (not for the id that does not exist)

      // A grid worker inside the caller's area cannot be given a grid outside it.
      const inside = await createAccount(ctx, { username: 'dong.worker', displayName: '城东网格员', role: 'grid_worker', scopeCode: '630102001001' })
      await expect(setAccountGrids(ctx, inside.account.id, [GRID1])).rejects.toMatchObject({ code: 'validation_failed', details: [{ field: '/gridCodes/0', problem: 'not_found' }] })
      const grids = await listGridAssignments(ctx, { limit: 1000, offset: 0 })
      expect(grids.items.every((g) => g.grid.code.startsWith('630102'))).toBe(true)
      expect(grids.total).toBe((await sql<{ n: number }>`SELECT count(*)::int AS n FROM area WHERE level = 'grid' AND code LIKE '630102%'`.execute(db)).rows[0]!.n)
    })

    it('reveals personal data only to a role with personal.unmask', async () => {
      const ctx = await ctxIn('630100', 'security_admin', new Date())
      await expect(revealPersonalData(ctx, created.id, 'because of a reason')).rejects.toMatchObject({ code: 'forbidden', status: 403 })
      expect(await lastAudit()).toMatchObject({ action: 'personal_data.unmask', outcome: 'denied', detail: { problem: 'forbidden' } })
      const stale = await ctxIn('630100', 'system_admin', new Date(Date.now() - 6 * 60_000))
      await expect(revealPersonalData(stale, created.id, 'because of a reason')).rejects.toMatchObject({ code: 'reauth_required', status: 401 })
      const ok = await ctxIn('630100', 'system_admin', new Date(Date.now() - 60_000))
      expect(await revealPersonalData(ok, created.id, 'because of a reason')).toEqual({ phone: '13987654321' })
    })
  })

  it('cannot serialize an unmasked phone: the response schema requires the mask', async () => {
    const Fastify = (await import('fastify')).default
    const app = Fastify()
    const view = { ...created, phone: '13987654321' }
    app.get('/leak', { schema: { response: { 200: AccountViewSchema } } }, async () => view)
    const res = await app.inject('/leak')
    expect(res.statusCode).toBe(500)
    expect(res.body).not.toContain('13987654321')
    await app.close()
  })
})
