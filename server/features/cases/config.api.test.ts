// The city admin's case configuration on both backends: read, replace against the version (the new
// limits, categories and holidays take effect on the next step), refuse a stale version and every
// kind of bad document with its pointer — changing nothing — and manage departments and members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'

const GRID = '630103001003001'

describe.each(BACKENDS)('case configuration on %s', (backend) => {
  let t: TestApp
  let admin: Caller
  let community: Caller
  let worker: Caller

  beforeAll(async () => {
    t = await buildTestApp(backend)
    admin = await loginAs(t, (await createTestAccount(t, { role: 'city_admin', scopeCode: '630100' })).username)
    community = await loginAs(t, (await createTestAccount(t, { role: 'community_staff', scopeCode: '630103001003' })).username)
    worker = await loginAs(t, (await createTestAccount(t, { role: 'grid_worker', scopeCode: GRID })).username)
  }, 300_000)
  afterAll(async () => t?.close())

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const read = async () => {
    const res = await call(admin, 'GET', '/case-config')
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const state = async () =>
    (
      await sql<{ f: string }>`SELECT concat_ws('/', (SELECT version FROM case_settings), (SELECT count(*) FROM case_category), (SELECT count(*) FILTER (WHERE active) FROM case_category),
        (SELECT count(*) FROM case_time_limit), (SELECT count(*) FROM case_escalation_rule), (SELECT count(*) FROM work_calendar_day)) AS f`.execute(t.database.db)
    ).rows[0]!.f

  it('is read and changed by the city admin only', async () => {
    expect((await call(community, 'GET', '/case-config')).statusCode).toBe(403)
    const doc = await read()
    expect(doc.categories.length).toBeGreaterThan(30)
    expect(doc.settings.yellowShare).toBe(0.75)
    const { version, updatedAt: _u, updatedBy: _b, ...config } = doc
    expect((await call(community, 'PUT', '/case-config', { version, config })).statusCode).toBe(403)
  })

  it('takes a new subcategory, a new limit and a holiday, and the next report follows them', async () => {
    const { version, updatedAt: _u, updatedBy: _b, ...config } = await read()
    config.categories.push({ code: 'environment.snow', parentCode: 'environment', nameZh: '积雪未清', nameEn: 'Uncleared snow', isPublic: true, active: true, attributes: [] })
    config.limits.push({ category: 'environment.snow', level: null, step: 'accept', urgency: null, amount: 3, unit: 'calendar_hours' })
    config.calendarDays.push({ date: '2027-01-01', kind: 'holiday', name: '元旦' })
    config.settings.yellowShare = 0.8
    const res = await call(admin, 'PUT', '/case-config', { version, config })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().version).toBe(version + 1)
    const point = (await sql<{ lon: number; lat: number }>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${GRID}`.execute(t.database.db)).rows[0]!
    const r = await call(worker, 'POST', '/cases', { category: 'environment.snow', description: '人行道积雪', location: point })
    expect(r.statusCode, r.body).toBe(201)
    const c = (await call(community, 'GET', `/cases/${r.json().id}`)).json()
    expect(c.limit).toEqual({ amount: 3, unit: 'calendar_hours', extension: 0 })
    const started = new Date(c.stepStartedAt).getTime()
    expect(new Date(c.dueAt).getTime() - started).toBe(3 * 3_600_000)
    expect(new Date(c.warnAt).getTime() - started).toBe(Math.round(0.8 * 3 * 3_600_000))
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.config_update' AND outcome = 'success'`.execute(t.database.db)
    expect(audit.rows[0]!.n).toBe(1)
  })

  it('refuses a stale version and bad documents with every problem, and changes nothing', async () => {
    const { version, updatedAt: _u, updatedBy: _b, ...config } = await read()
    const before = await state()
    expect((await call(admin, 'PUT', '/case-config', { version: version - 1, config })).statusCode).toBe(409)
    const bad = structuredClone(config)
    bad.categories = bad.categories.filter((c: { code: string }) => c.code !== 'dispute.contract')
    bad.categories.push({ code: 'dispute.family', parentCode: 'dispute', nameZh: '重复', nameEn: 'Twice', isPublic: true, active: true, attributes: [] })
    bad.categories.push({ code: 'orphan.thing', parentCode: 'orphan', nameZh: '孤儿', nameEn: 'Orphan', isPublic: true, active: true, attributes: [] })
    bad.limits.push({ category: 'no.such', level: null, step: 'handle', urgency: null, amount: 1, unit: 'working_days' })
    bad.limits = bad.limits.filter((l: { step: string; category: string | null; level: string | null; urgency: string | null }) => !(l.step === 'verify' && l.category === null && l.level === null && l.urgency === null))
    bad.calendarDays.push({ date: '2027-01-02', kind: 'holiday', name: '周六' })
    bad.settings.periods = [[780, 1020], [540, 720]]
    const res = await call(admin, 'PUT', '/case-config', { version, config: bad })
    expect(res.statusCode, res.body).toBe(400)
    const problems = res.json().error.details.map((d: { problem: string }) => d.problem).sort()
    expect(problems).toEqual(expect.arrayContaining(['category_missing', 'duplicate', 'bad_parent', 'unknown_category', 'default_missing', 'holiday_on_weekend', 'not_ascending']))
    const schemaBad = await call(admin, 'PUT', '/case-config', { version, config: { ...config, settings: { ...config.settings, yellowShare: 2 }, extra: true } })
    expect(schemaBad.statusCode).toBe(400)
    expect(await state()).toBe(before)
    // A category is deactivated, not removed: new reports refuse it.
    const off = structuredClone(config)
    off.categories.find((c: { code: string }) => c.code === 'dispute.contract').active = false
    expect((await call(admin, 'PUT', '/case-config', { version, config: off })).statusCode).toBe(200)
    const cats = (await call(worker, 'GET', '/cases/categories')).json().categories.flatMap((c: { subcategories: { code: string }[] }) => c.subcategories.map((s) => s.code))
    expect(cats).not.toContain('dispute.contract')
  })

  it('adds, changes and staffs departments', async () => {
    const created = await call(admin, 'POST', '/departments', { key: 'heating', areaCode: '630103', name: '城中区供热办', nameEn: 'Heating Office', categories: ['livelihood.utilities'] })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json().code).toBe('630103-heating')
    expect((await call(admin, 'POST', '/departments', { key: 'heating', areaCode: '630103', name: 'x', nameEn: 'x', categories: [] })).statusCode).toBe(409)
    expect((await call(admin, 'POST', '/departments', { key: 'bad', areaCode: '630103', name: 'x', nameEn: 'x', categories: ['no.such'] })).statusCode).toBe(400)
    const patched = await call(admin, 'PATCH', '/departments/630103-heating', { active: false })
    expect(patched.json().active).toBe(false)
    const handler = await createTestAccount(t, { role: 'department_handler', scopeCode: '630103' })
    const member = await call(admin, 'PUT', `/departments/630103-heating/members/${handler.id}`)
    expect(member.statusCode, member.body).toBe(200)
    expect(member.json().members.map((m: { username: string }) => m.username)).toEqual([handler.username])
    const notHandler = await createTestAccount(t, { role: 'community_staff', scopeCode: '630103001003' })
    expect((await call(admin, 'PUT', `/departments/630103-heating/members/${notHandler.id}`)).statusCode).toBe(400)
    expect((await call(community, 'POST', '/departments', { key: 'x', areaCode: '630103', name: 'x', nameEn: 'x', categories: [] })).statusCode).toBe(403)
    const list = (await call(community, 'GET', '/departments')).json().departments
    expect(list.every((d: { areaCode: string }) => '630103001003'.startsWith(d.areaCode) || d.areaCode.startsWith('630103001003'))).toBe(true)
  })
})
