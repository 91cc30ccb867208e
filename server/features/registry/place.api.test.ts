// Organizations, facilities and residents' concerns through the real app on both backends: register
// (placed in a grid), read (the phone masked), search, change against a version, retire / close /
// convert with a reason, history, unmask — and every bad input, every field the caller may not set,
// every stale version, duplicate and out-of-scope attempt refused with its code, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'
import { CREDIT_CODE_CHARSET, makeCreditCode } from '../../../shared/validation/credit-code.ts'
import { makeIdNumber } from '../../../shared/validation/id-number.ts'
import { normalizeAddress } from '../../../shared/registry/address.ts'
import { chinaToday } from '../../../shared/registry/person-fields.ts'

const COMMUNITY = '630103001003'
const GRID = '630103001003001'
const GRID2 = '630103001003002'

let serial = 1
/** A fresh, valid credit code (unique per call within a test file). */
const freshCode = () => makeCreditCode('91', '630103', `WYQ${String(serial++).padStart(5, '0')}`)
const badCheck = (code: string) => code.slice(0, 17) + CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(code[17]!) + 1) % 31]

describe.each(BACKENDS)('organizations, facilities and concerns on %s', (backend) => {
  let t: TestApp
  let staff: Caller
  let otherStaff: Caller
  let mediator: Caller
  let worker: Caller
  let otherGrid: string
  let here: { lon: number; lat: number }
  let here2: { lon: number; lat: number }
  let there: { lon: number; lat: number }
  let building: number
  let otherBuilding: number
  const BUILDING_ADDRESS = '测试大道888号'
  let staffUsername: string

  const pointIn = async (code: string) =>
    (await sql<{ lon: number; lat: number }>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${code}`.execute(t.database.db))
      .rows[0]!

  const insertBuilding = async (grid: string, address: string, p: { lon: number; lat: number }) =>
    Number(
      (
        await sql<{ id: number }>`
          INSERT INTO building (grid_code, name, address, address_key, use, location, created_by, updated_by)
          VALUES (${grid}, ${address}, ${address}, ${normalizeAddress(address)}, 'commercial', ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326), 'test', 'test')
          RETURNING id`.execute(t.database.db)
      ).rows[0]!.id,
    )

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const db = t.database.db
    const otherCommunity = (await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'community' AND code LIKE '630104%' ORDER BY code LIMIT 1`.execute(db)).rows[0]!.code
    otherGrid = `${otherCommunity}001`
    const a = await createTestAccount(t, { role: 'community_staff', scopeCode: COMMUNITY })
    const b = await createTestAccount(t, { role: 'community_staff', scopeCode: otherCommunity })
    const m = await createTestAccount(t, { role: 'mediator', scopeCode: COMMUNITY })
    const w = await createTestAccount(t, { role: 'grid_worker', scopeCode: GRID })
    staffUsername = a.username
    staff = await loginAs(t, a.username, { reauth: true })
    otherStaff = await loginAs(t, b.username)
    mediator = await loginAs(t, m.username)
    worker = await loginAs(t, w.username, { reauth: true })
    here = await pointIn(GRID)
    here2 = await pointIn(GRID2)
    there = await pointIn(otherGrid)
    building = await insertBuilding(GRID, BUILDING_ADDRESS, here)
    otherBuilding = await insertBuilding(otherGrid, '八一路7号', there)
  }, 300_000)
  afterAll(async () => t?.close())

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  /** Everything a refused write could have touched. */
  const fingerprint = async () =>
    (
      await sql<{ f: string }>`SELECT
          (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM organization) || '/' ||
          (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM facility) || '/' ||
          (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM concern) || '/' ||
          (SELECT count(*) FROM registry_change) || '/' || (SELECT coalesce(sum(n), 0) FROM registry_total) AS f`.execute(t.database.db)
    ).rows[0]!.f
  const drift = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM registry_total_drift()`.execute(t.database.db)).rows[0]!.n
  const totals = async (code = COMMUNITY) => (await call(staff, 'GET', `/registry/areas/${code}/totals`)).json().totals as Record<string, number>
  const audits = async (action: string, target: string) =>
    (await sql<{ outcome: string }>`SELECT outcome FROM audit_event WHERE action = ${action} AND target = ${target} ORDER BY seq`.execute(t.database.db)).rows.map((r) => r.outcome)
  const problemsOf = (res: { json(): { error: { details: { field?: string; problem?: string }[] } } }) => res.json().error.details.map((d) => `${d.field}:${d.problem}`)

  // --- organizations ---------------------------------------------------------------------------------------

  const orgBody = (over: Record<string, unknown> = {}) => ({
    name: '西宁市城东区南关商贸有限公司',
    kind: 'business',
    creditCode: freshCode(),
    legalRep: '马明',
    address: '测试大道东侧空地',
    location: here,
    employees: 25,
    securityContact: '韩梅',
    phone: '13912345678',
    ...over,
  })

  it('registers an organization at a location, answering with the phone masked, stored encrypted and counted', async () => {
    const t0 = await totals()
    const creditCode = freshCode()
    const res = await call(staff, 'POST', '/registry/organizations', orgBody({ creditCode: creditCode.toLowerCase() }))
    expect(res.statusCode, res.body).toBe(201)
    const o = res.json()
    expect(o).toMatchObject({ kind: 'business', creditCode, grid: { code: GRID }, keyPlace: false, phoneMasked: '139****5678', status: 'active', version: 1, employees: 25, building: null })
    expect(res.body).not.toContain('13912345678')
    const row = (await sql<{ phone_cipher: string; phone_index: string; phone_masked: string }>`SELECT phone_cipher, phone_index, phone_masked FROM organization WHERE id = ${o.id}`.execute(t.database.db)).rows[0]!
    expect(row.phone_cipher).not.toContain('13912345678')
    expect(row.phone_index).not.toContain('13912345678')
    expect(row.phone_masked).toBe('139****5678')
    // A school is a key place by default.
    const school = await call(staff, 'POST', '/registry/organizations', orgBody({ name: '南关小学', kind: '学校', creditCode: null }))
    expect(school.statusCode, school.body).toBe(201)
    expect(school.json()).toMatchObject({ kind: 'school', keyPlace: true, creditCode: null })
    const t1 = await totals()
    expect(t1.organization).toBe((t0.organization ?? 0) + 2)
    expect(t1['organization.school']).toBe((t0['organization.school'] ?? 0) + 1)
    expect(await drift()).toBe(0)
    const history = (await call(staff, 'GET', `/registry/organizations/${o.id}/history`)).json()
    expect(history.changes).toEqual([expect.objectContaining({ action: 'create', changes: expect.objectContaining({ placedBy: 'location' }) })])
    expect(await audits('organization.create', `organization:${o.id}`)).toEqual(['success'])
  })

  it('places an organization at a building (its grid, point and address) or by the address of a registered building', async () => {
    const byId = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, address: undefined, buildingId: building }))
    expect(byId.statusCode, byId.body).toBe(201)
    expect(byId.json()).toMatchObject({ grid: { code: GRID }, address: BUILDING_ADDRESS, building: { id: building, address: BUILDING_ADDRESS } })
    expect(byId.json().location.lon).toBeCloseTo(here.lon, 9)
    const byAddress = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, address: '西宁市城东区测试大道 888号' }))
    expect(byAddress.statusCode, byAddress.body).toBe(201)
    expect(byAddress.json()).toMatchObject({ grid: { code: GRID }, building: { id: building } })
    const before = await fingerprint()
    // A grid alone gives no point; a location elsewhere than the building's grid does not agree with it.
    const gridOnly = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, gridCode: GRID }))
    expect(problemsOf(gridOnly)).toEqual(['/location:required'])
    const mismatch = await call(staff, 'POST', '/registry/organizations', orgBody({ buildingId: building, location: here2 }))
    expect(problemsOf(mismatch)).toEqual(['/location:grid_mismatch'])
    const gridMismatch = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, buildingId: building, gridCode: GRID2 }))
    expect(problemsOf(gridMismatch)).toEqual(['/gridCode:grid_mismatch'])
    const nowhere = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, address: '没有这栋楼路1号' }))
    expect(problemsOf(nowhere)).toEqual(['/address:no_grid'])
    expect(await fingerprint()).toBe(before)
  })

  it('refuses each invalid organization field with its own code, all at once, and writes nothing', async () => {
    const before = await fingerprint()
    const code = freshCode()
    const cases: [Record<string, unknown>, string, string][] = [
      [{ creditCode: code.slice(0, 17) }, '/creditCode', 'wrong_length'],
      [{ creditCode: `${code.slice(0, 4)}I${code.slice(5)}` }, '/creditCode', 'bad_characters'],
      [{ creditCode: badCheck(code) }, '/creditCode', 'bad_check_character'],
      [{ creditCode: null }, '/creditCode', 'required'],
      [{ kind: 'social', creditCode: '' }, '/creditCode', 'required'],
      [{ kind: '公司' }, '/kind', 'not_a_code'],
      [{ name: '' }, '/name', 'required'],
      [{ name: '商贸\u202e公司' }, '/name', 'bidi_control'],
      [{ legalRep: '马\u202e明' }, '/legalRep', 'bidi_control'],
      [{ legalRep: 'R2-D2' }, '/legalRep', 'bad_characters'],
      [{ address: '南关街\t12号' }, '/address', 'control_character'],
      [{ phone: '1391234567' }, '/phone', 'wrong_length'],
      [{ employees: -1 }, '/employees', 'out_of_range'],
      [{ employees: 2_000_000 }, '/employees', 'out_of_range'],
    ]
    for (const [over, field, problem] of cases) {
      const res = await call(staff, 'POST', '/registry/organizations', orgBody(over))
      expect(res.statusCode, `${field} ${JSON.stringify(over)}`).toBe(400)
      expect(res.json().error.code).toBe('validation_failed')
      expect(res.json().error.details, JSON.stringify(over)).toContainEqual(expect.objectContaining({ field, problem, location: 'body' }))
    }
    const many = await call(staff, 'POST', '/registry/organizations', orgBody({ creditCode: '123', phone: 'abc', kind: 'x', location: undefined }))
    expect(many.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['/address', '/creditCode', '/kind', '/phone'])
    expect(await fingerprint()).toBe(before)
  })

  it('refuses fields the caller may not set, prototype keys, oversized text and writes without the right', async () => {
    const before = await fingerprint()
    for (const extra of [{ grid_code: otherGrid }, { createdBy: 'someone' }, { created_by: 'someone' }, { version: 7 }, { phone_cipher: 'x' }, { phoneCipher: 'x' }, { status: 'retired' }, { id: 1 }]) {
      const res = await call(staff, 'POST', '/registry/organizations', orgBody(extra))
      expect(res.statusCode, JSON.stringify(extra)).toBe(400)
      expect(res.json().error.details[0]).toMatchObject({ field: `/${Object.keys(extra)[0]}`, problem: 'additionalProperties' })
    }
    for (const [url, body] of [
      ['/registry/organizations', orgBody()],
      ['/registry/facilities', { class: 'public_utility', kind: 'manhole', name: '井盖', location: here }],
      ['/registry/concerns', { theme: 'other', content: '反映', gridCode: GRID }],
    ] as const) {
      const proto = await t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { ...staff.headers, 'content-type': 'application/json' },
        payload: `{"__proto__":{"gridCode":"${otherGrid}","createdBy":"x"},${JSON.stringify(body).slice(1)}`,
      })
      expect(proto.statusCode, url).toBe(400)
      expect(proto.json().error.details[0]).toMatchObject({ field: '/__proto__', problem: 'additionalProperties' })
    }
    expect((await call(staff, 'POST', '/registry/organizations', orgBody({ address: '长'.repeat(300) }))).statusCode).toBe(400)
    expect((await call(mediator, 'POST', '/registry/organizations', orgBody())).statusCode).toBe(403)
    expect(await fingerprint()).toBe(before)
  })

  it('refuses a duplicate credit code, naming the existing record only when it is in scope', async () => {
    const creditCode = freshCode()
    const first = await call(staff, 'POST', '/registry/organizations', orgBody({ creditCode }))
    expect(first.statusCode).toBe(201)
    const before = await fingerprint()
    const again = await call(staff, 'POST', '/registry/organizations', orgBody({ creditCode, name: '另一家公司' }))
    expect(again.statusCode).toBe(409)
    expect(again.json().error.details).toEqual([expect.objectContaining({ field: '/creditCode', problem: 'duplicate_credit_code', organizationId: first.json().id })])
    const elsewhere = await call(otherStaff, 'POST', '/registry/organizations', orgBody({ creditCode, location: there }))
    expect(elsewhere.statusCode).toBe(409)
    expect(elsewhere.json().error.details[0].organizationId).toBeUndefined()
    expect(elsewhere.body).not.toContain(String(first.json().id))
    // With other problems too, all of them are named in a 400.
    const mixed = await call(staff, 'POST', '/registry/organizations', orgBody({ creditCode, phone: 'abc' }))
    expect(mixed.statusCode).toBe(400)
    expect(problemsOf(mixed).sort()).toEqual(['/creditCode:duplicate_credit_code', '/phone:bad_characters'])
    // Changing another record to the code is refused the same way.
    const other = (await call(staff, 'POST', '/registry/organizations', orgBody())).json()
    const b2 = await fingerprint()
    const patch = await call(staff, 'PATCH', `/registry/organizations/${other.id}`, { version: 1, creditCode })
    expect(patch.statusCode).toBe(409)
    expect(problemsOf(patch)).toEqual(['/creditCode:duplicate_credit_code'])
    expect(await fingerprint()).toBe(b2)
    expect(before).not.toBe(b2)
    // Two registrations of one code at the same moment: one record, the other refused the same way.
    const raced = freshCode()
    const results = await Promise.all([0, 1].map((i) => call(staff, 'POST', '/registry/organizations', orgBody({ creditCode: raced, name: `并发公司${i}` }))))
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409])
    expect(problemsOf(results.find((r) => r.statusCode === 409)!)).toEqual(['/creditCode:duplicate_credit_code'])
    expect(await drift()).toBe(0)
  })

  it("places organizations only inside the caller's area, and audits attempts outside it", async () => {
    const before = await fingerprint()
    const outside = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, gridCode: otherGrid }))
    expect(problemsOf(outside)).toEqual(['/gridCode:not_found'])
    expect(await audits('access.out_of_scope', `grid:${otherGrid}`)).toContain('denied')
    const far = await call(staff, 'POST', '/registry/organizations', orgBody({ location: there }))
    expect(problemsOf(far)).toEqual(['/location:outside_scope'])
    const offMap = await call(staff, 'POST', '/registry/organizations', orgBody({ location: { lon: 116.4, lat: 39.9 } }))
    expect(problemsOf(offMap)).toEqual(['/location:outside_city'])
    const theirBuilding = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, buildingId: otherBuilding }))
    expect(problemsOf(theirBuilding)).toEqual(['/buildingId:not_found'])
    expect(await audits('access.out_of_scope', `building:${otherBuilding}`)).toEqual(['denied'])
    const missing = await call(staff, 'POST', '/registry/organizations', orgBody({ location: undefined, buildingId: 999999999 }))
    expect(problemsOf(missing)).toEqual(['/buildingId:not_found'])
    // The grid worker's scope is one grid.
    const nextGrid = await call(worker, 'POST', '/registry/organizations', orgBody({ location: here2 }))
    expect(problemsOf(nextGrid)).toEqual(['/location:outside_scope'])
    expect(await fingerprint()).toBe(before)
  })

  it('hides organizations outside the scope: 404 like a missing record, audited, absent from searches', async () => {
    const o = (await call(staff, 'POST', '/registry/organizations', orgBody({ name: '范围测试商店' }))).json()
    const before = await fingerprint()
    const res = await call(otherStaff, 'GET', `/registry/organizations/${o.id}`)
    expect(res.statusCode).toBe(404)
    const missing = await call(otherStaff, 'GET', '/registry/organizations/999999999')
    expect(res.json().error).toEqual({ ...missing.json().error, message: expect.any(String) })
    expect(res.json().error.code).toBe('not_found')
    expect(await audits('access.out_of_scope', `organization:${o.id}`)).toEqual(['denied'])
    for (const [method, url, body] of [
      ['GET', `/registry/organizations/${o.id}/history`, undefined],
      ['PATCH', `/registry/organizations/${o.id}`, { version: 1, name: '改名' }],
      ['POST', `/registry/organizations/${o.id}/retire`, { version: 1, reason: '已注销' }],
    ] as const) {
      const r = await call(otherStaff, method, url, body)
      expect(r.statusCode, url).toBe(404)
    }
    expect(await audits('access.out_of_scope', `organization:${o.id}`)).toEqual(['denied', 'denied', 'denied', 'denied'])
    expect((await call(otherStaff, 'GET', `/registry/organizations?q=${encodeURIComponent('范围测试')}`)).json().items).toEqual([])
    expect((await call(otherStaff, 'GET', `/registry/organizations?areaCode=${COMMUNITY}`)).statusCode).toBe(404)
    expect((await call(staff, 'GET', `/registry/organizations?q=${encodeURIComponent('范围测试')}`)).json().items.map((x: { id: number }) => x.id)).toEqual([o.id])
    expect(await fingerprint()).toBe(before)
    // Reads are audited.
    expect((await call(staff, 'GET', `/registry/organizations/${o.id}`)).statusCode).toBe(200)
    expect(await audits('organization.read', `organization:${o.id}`)).toEqual(['success'])
  })

  it('searches by name prefix or credit code, kind, key place and area, page by page', async () => {
    const bracketed = (await call(staff, 'POST', '/registry/organizations', orgBody({ name: '城东（南关）便利店', kind: 'other', creditCode: null }))).json()
    expect((await call(staff, 'GET', `/registry/organizations?q=${encodeURIComponent('城东（南关')}`)).json().items.map((x: { id: number }) => x.id)).toEqual([bracketed.id])
    const codes = [freshCode(), freshCode(), freshCode()]
    const ids: number[] = []
    for (const [i, creditCode] of codes.entries()) {
      const r = await call(staff, 'POST', '/registry/organizations', orgBody({ name: `翻页测试公司${i}`, creditCode, location: i === 2 ? here2 : here }))
      ids.push(r.json().id)
    }
    const q = encodeURIComponent('翻页测试')
    const p1 = (await call(staff, 'GET', `/registry/organizations?q=${q}&limit=2`)).json()
    expect(p1.items.map((x: { id: number }) => x.id)).toEqual([ids[2], ids[1]])
    expect(p1.next).toEqual(expect.any(String))
    const p2 = (await call(staff, 'GET', `/registry/organizations?q=${q}&limit=2&cursor=${p1.next}`)).json()
    expect(p2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], next: null })
    expect((await call(staff, 'GET', `/registry/organizations?q=${codes[1]!.toLowerCase()}`)).json().items.map((x: { id: number }) => x.id)).toEqual([ids[1]])
    const badCode = await call(staff, 'GET', `/registry/organizations?q=${badCheck(codes[1]!)}`)
    expect(badCode.statusCode).toBe(400)
    expect(badCode.json().error.details[0]).toMatchObject({ field: '/q', location: 'querystring', problem: 'bad_check_character' })
    expect((await call(staff, 'GET', `/registry/organizations?q=${q}&areaCode=${GRID2}`)).json().items.map((x: { id: number }) => x.id)).toEqual([ids[2]])
    expect((await call(staff, 'GET', `/registry/organizations?q=${q}&kind=school`)).json().items).toEqual([])
    expect((await call(staff, 'GET', `/registry/organizations?q=${q}&keyPlace=false`)).json().items).toHaveLength(3)
    expect((await call(staff, 'GET', `/registry/organizations?kind=company`)).statusCode).toBe(400)
    const badCursor = await call(staff, 'GET', '/registry/organizations?cursor=bm9wZQ')
    expect(badCursor.json().error.details[0]).toMatchObject({ field: '/cursor', problem: 'bad_cursor' })
    const searches = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'organization.search'`.execute(t.database.db)
    expect(searches.rows[0]!.n).toBeGreaterThan(0)
  })

  it('changes an organization against the version read, records who changed what (phone masked), and moves it', async () => {
    const o = (await call(staff, 'POST', '/registry/organizations', orgBody())).json()
    const changed = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 1, phone: '0971-6123456', employees: 30, kind: 'key_site' })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ version: 2, phoneMasked: '0971-***3456', employees: 30, kind: 'key_site', keyPlace: false })
    const before = await fingerprint()
    const stale = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 1, employees: 31 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.details[0]).toMatchObject({ field: '/version', problem: 'stale_version' })
    const bad = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 2, phone: '1391234567', name: '' })
    expect(problemsOf(bad).sort()).toEqual(['/name:required', '/phone:wrong_length'])
    const noVersion = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { employees: 31 })
    expect(problemsOf(noVersion)).toEqual(['/version:required'])
    const outside = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 2, location: there })
    expect(problemsOf(outside)).toEqual(['/location:outside_scope'])
    for (const extra of [{ grid_code: otherGrid }, { gridCode: otherGrid }, { created_by: 'x' }, { phone_cipher: 'x' }, { status: 'active' }, { updatedBy: 'x' }]) {
      const res = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 2, ...extra })
      expect(res.statusCode, JSON.stringify(extra)).toBe(400)
    }
    const proto = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registry/organizations/${o.id}`,
      headers: { ...staff.headers, 'content-type': 'application/json' },
      payload: '{"version":2,"__proto__":{"version":1,"gridCode":"' + otherGrid + '"}}',
    })
    expect(proto.statusCode).toBe(400)
    expect(await fingerprint()).toBe(before)
    // An unchanged value is no change: no new version, no history row.
    expect((await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 2, employees: 30 })).json().version).toBe(2)
    expect(await fingerprint()).toBe(before)
    const moved = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 2, location: here2 })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({ version: 3, grid: { code: GRID2 } })
    // Two changes against the same version at the same moment: one wins, the other is stale.
    const raced = await Promise.all([call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 3, employees: 40 }), call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 3, employees: 41 })])
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 409])
    expect(problemsOf(raced.find((r) => r.statusCode === 409)!)).toEqual(['/version:stale_version'])
    const history = (await call(staff, 'GET', `/registry/organizations/${o.id}/history`)).json()
    expect(history.changes.map((c: { action: string }) => c.action)).toEqual(['update', 'move', 'update', 'create'])
    expect(history.changes[2].changes.phone).toEqual(['139****5678', '0971-***3456'])
    expect(history.changes[2].changes.kind).toEqual(['business', 'key_site'])
    expect(history.changes[1].changes.gridCode).toEqual([GRID, GRID2])
    expect(JSON.stringify(history)).not.toContain('6123456')
    expect(JSON.stringify(history)).not.toContain('13912345678')
    expect(await drift()).toBe(0)
  })

  it('retires an organization with a reason: it stays, no longer counts, and can no longer be changed', async () => {
    const o = (await call(staff, 'POST', '/registry/organizations', orgBody({ kind: 'hazardous_chemical' }))).json()
    const t0 = await totals()
    const before = await fingerprint()
    expect(problemsOf(await call(staff, 'POST', `/registry/organizations/${o.id}/retire`, { version: 1, reason: ' 注 ' }))).toEqual(['/reason:too_short'])
    expect(problemsOf(await call(staff, 'POST', `/registry/organizations/${o.id}/retire`, { version: 1, reason: '已\u202e注销' }))).toEqual(['/reason:bidi_control'])
    expect(problemsOf(await call(staff, 'POST', `/registry/organizations/${o.id}/retire`, { version: 1 }))).toEqual(['/reason:required'])
    expect(problemsOf(await call(staff, 'POST', `/registry/organizations/${o.id}/retire`, { version: 9, reason: '已注销' }))).toEqual(['/version:stale_version'])
    expect(await fingerprint()).toBe(before)
    const retired = await call(staff, 'POST', `/registry/organizations/${o.id}/retire`, { version: 1, reason: '已注销' })
    expect(retired.statusCode, retired.body).toBe(200)
    expect(retired.json()).toMatchObject({ status: 'retired', statusReason: '已注销', version: 2 })
    const t1 = await totals()
    expect(t1.organization).toBe(t0.organization! - 1)
    expect(t1['organization.hazardous_chemical'] ?? 0).toBe(t0['organization.hazardous_chemical']! - 1)
    const b2 = await fingerprint()
    const again = await call(staff, 'POST', `/registry/organizations/${o.id}/retire`, { version: 2, reason: '已注销' })
    expect(again.statusCode).toBe(409)
    expect(problemsOf(again)).toEqual(['/version:already_retired'])
    const patch = await call(staff, 'PATCH', `/registry/organizations/${o.id}`, { version: 2, name: '复活' })
    expect(patch.statusCode).toBe(409)
    expect(problemsOf(patch)).toEqual(['/version:not_active'])
    expect(await fingerprint()).toBe(b2)
    // Still there: by id, and in searches for retired records.
    expect((await call(staff, 'GET', `/registry/organizations/${o.id}`)).json().status).toBe('retired')
    expect((await call(staff, 'GET', `/registry/organizations?q=${o.creditCode}&status=retired`)).json().items).toHaveLength(1)
    expect((await call(staff, 'GET', `/registry/organizations?q=${o.creditCode}`)).json().items).toHaveLength(0)
    const history = (await call(staff, 'GET', `/registry/organizations/${o.id}/history`)).json()
    expect(history.changes[0]).toMatchObject({ action: 'retire', reason: '已注销', changes: { status: ['active', 'retired'] } })
    expect(await audits('organization.retire', `organization:${o.id}`)).toEqual(['failure', 'failure', 'failure', 'success', 'failure'])
    expect(await drift()).toBe(0)
  })

  it('reveals the phone only with the right, a reason and a fresh re-authentication, and audits it', async () => {
    const o = (await call(staff, 'POST', '/registry/organizations', orgBody({ phone: '13700002222' }))).json()
    const target = `organization:${o.id}`
    const asWorker = await call(worker, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['phone'], reason: '核实联系方式' })
    expect(asWorker.statusCode).toBe(403)
    const asMediator = await call(mediator, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['phone'], reason: '核实联系方式' })
    expect(asMediator.statusCode).toBe(403)
    const noReason = await call(staff, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['phone'], reason: '看' })
    expect(noReason.statusCode).toBe(400)
    const blankReason = await call(staff, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['phone'], reason: '          ' })
    expect(problemsOf(blankReason)).toEqual(['/reason:too_short'])
    const elsewhere = await call(otherStaff, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['phone'], reason: '核实联系方式' })
    expect(elsewhere.statusCode).toBe(404)
    const otherField = await call(staff, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['idNumber'], reason: '核实联系方式' })
    expect(otherField.statusCode).toBe(400)
    const fresh = await loginAs(t, staffUsername)
    const noReauth = await call(fresh, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['phone'], reason: '核实联系方式' })
    expect(noReauth.statusCode).toBe(401)
    expect(noReauth.json().error.code).toBe('reauth_required')
    expect(noReauth.body).not.toContain('13700002222')
    const ok = await call(staff, 'POST', `/registry/organizations/${o.id}/personal-data`, { fields: ['phone'], reason: '核实联系方式' })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ phone: '13700002222' })
    const rows = await sql<{ outcome: string; detail: { reason: string; problem?: string } }>`
      SELECT outcome, detail FROM audit_event WHERE action = 'personal_data.unmask' AND target = ${target} ORDER BY seq`.execute(t.database.db)
    expect(rows.rows.map((r) => `${r.outcome}:${r.detail.problem ?? ''}`)).toEqual(['denied:forbidden', 'denied:forbidden', 'denied:reauth_required', 'success:'])
    expect(rows.rows[3]!.detail.reason).toBe('核实联系方式')
    expect(await audits('access.out_of_scope', target)).toEqual(['denied'])
  })

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json()
    for (const path of [
      '/api/v1/registry/organizations',
      '/api/v1/registry/organizations/{id}',
      '/api/v1/registry/organizations/{id}/retire',
      '/api/v1/registry/organizations/{id}/personal-data',
      '/api/v1/registry/organizations/{id}/history',
      '/api/v1/registry/facilities',
      '/api/v1/registry/facilities/{id}',
      '/api/v1/registry/facilities/{id}/retire',
      '/api/v1/registry/facilities/{id}/history',
      '/api/v1/registry/concerns',
      '/api/v1/registry/concerns/{id}',
      '/api/v1/registry/concerns/{id}/close',
      '/api/v1/registry/concerns/{id}/convert',
      '/api/v1/registry/concerns/{id}/history',
    ]) {
      expect(doc.paths[path], path).toBeDefined()
    }
  })

  // --- facilities (部件) -----------------------------------------------------------------------------------

  let facilitySerial = 1
  const facilityBody = (over: Record<string, unknown> = {}) => ({
    class: 'public_utility',
    kind: 'manhole',
    name: `南关街井盖（${facilitySerial}号）`,
    code: `T630103-JG-${String(facilitySerial++).padStart(6, '0')}`,
    location: here,
    ownerDept: '市政公用局',
    maintainerDept: '城东区市政养护所',
    ...over,
  })

  it('registers facilities at their location, with labels, other kinds and defaults, and counts them', async () => {
    const t0 = await totals()
    const res = await call(staff, 'POST', '/registry/facilities', facilityBody({ class: '公用设施', kind: '井盖' }))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ class: 'public_utility', kind: 'manhole', state: 'intact', hazard: false, grid: { code: GRID }, status: 'active', version: 1 })
    const custom = await call(staff, 'POST', '/registry/facilities', facilityBody({ class: 'other', kind: 'smart_bench', code: null, state: 'damaged', hazard: true, gridCode: GRID2, location: here2 }))
    expect(custom.statusCode, custom.body).toBe(201)
    expect(custom.json()).toMatchObject({ kind: 'smart_bench', code: null, state: 'damaged', hazard: true, grid: { code: GRID2 } })
    const t1 = await totals()
    expect(t1.facility).toBe((t0.facility ?? 0) + 2)
    expect(t1['facility.damaged']).toBe((t0['facility.damaged'] ?? 0) + 1)
    expect(await drift()).toBe(0)
  })

  it('refuses each invalid facility field, duplicate codes and placements outside the area, writing nothing', async () => {
    const taken = (await call(staff, 'POST', '/registry/facilities', facilityBody())).json()
    const before = await fingerprint()
    const cases: [Record<string, unknown>, string, string][] = [
      [{ class: 'roads' }, '/class', 'not_a_code'],
      [{ kind: 'Smart Bench' }, '/kind', 'not_a_code'],
      [{ name: '  ' }, '/name', 'required'],
      [{ name: '井盖\u200b' }, '/name', 'control_character'],
      [{ code: '井盖 1' }, '/code', 'bad_format'],
      [{ state: 'broken' }, '/state', 'not_a_code'],
      [{ ownerDept: '部'.repeat(101) }, '/ownerDept', 'too_long'],
      [{ location: undefined }, '/location', 'required'],
      [{ location: undefined, gridCode: GRID }, '/location', 'required'],
      [{ gridCode: GRID2 }, '/gridCode', 'grid_mismatch'],
      [{ location: there }, '/location', 'outside_scope'],
      [{ location: { lon: 116.4, lat: 39.9 } }, '/location', 'outside_city'],
      [{ location: here, gridCode: otherGrid }, '/gridCode', 'not_found'],
    ]
    for (const [over, field, problem] of cases) {
      const res = await call(staff, 'POST', '/registry/facilities', facilityBody(over))
      expect(res.statusCode, `${field} ${JSON.stringify(over)}`).toBe(400)
      expect(res.json().error.details, JSON.stringify(over)).toContainEqual(expect.objectContaining({ field, problem }))
    }
    const many = await call(staff, 'POST', '/registry/facilities', facilityBody({ class: 'x', kind: 'Y', location: undefined }))
    expect(problemsOf(many).sort()).toEqual(['/class:not_a_code', '/kind:not_a_code', '/location:required'])
    for (const extra of [{ grid_code: GRID }, { version: 2 }, { created_by: 'x' }, { status: 'retired' }]) {
      expect((await call(staff, 'POST', '/registry/facilities', facilityBody(extra))).statusCode, JSON.stringify(extra)).toBe(400)
    }
    const dup = await call(staff, 'POST', '/registry/facilities', facilityBody({ code: taken.code }))
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.details).toEqual([expect.objectContaining({ field: '/code', problem: 'duplicate_code', facilityId: taken.id })])
    const dupElsewhere = await call(otherStaff, 'POST', '/registry/facilities', facilityBody({ code: taken.code, location: there }))
    expect(dupElsewhere.statusCode).toBe(409)
    expect(dupElsewhere.json().error.details[0].facilityId).toBeUndefined()
    expect(await fingerprint()).toBe(before)
  })

  it('changes a facility against the version read; a change of state is its own history entry', async () => {
    const f = (await call(staff, 'POST', '/registry/facilities', facilityBody())).json()
    const t0 = await totals()
    const damaged = await call(staff, 'PATCH', `/registry/facilities/${f.id}`, { version: 1, state: '损坏' })
    expect(damaged.statusCode, damaged.body).toBe(200)
    expect(damaged.json()).toMatchObject({ state: 'damaged', version: 2 })
    const t1 = await totals()
    expect(t1['facility.damaged']).toBe((t0['facility.damaged'] ?? 0) + 1)
    expect(t1['facility.intact'] ?? 0).toBe(t0['facility.intact']! - 1)
    expect(t1.facility).toBe(t0.facility)
    const both = await call(staff, 'PATCH', `/registry/facilities/${f.id}`, { version: 2, state: 'intact', maintainerDept: '南关社区', hazard: true })
    expect(both.statusCode, both.body).toBe(200)
    const before = await fingerprint()
    const stale = await call(staff, 'PATCH', `/registry/facilities/${f.id}`, { version: 2, state: 'missing' })
    expect(stale.statusCode).toBe(409)
    expect(problemsOf(stale)).toEqual(['/version:stale_version'])
    expect(problemsOf(await call(staff, 'PATCH', `/registry/facilities/${f.id}`, { version: 3, state: 'gone' }))).toEqual(['/state:not_a_code'])
    expect((await call(staff, 'PATCH', `/registry/facilities/${f.id}`, { version: 3, location: null })).statusCode).toBe(400)
    expect((await call(staff, 'PATCH', `/registry/facilities/${f.id}`, { version: 3, grid_code: GRID2 })).statusCode).toBe(400)
    expect((await call(otherStaff, 'PATCH', `/registry/facilities/${f.id}`, { version: 3, state: 'missing' })).statusCode).toBe(404)
    expect(await fingerprint()).toBe(before)
    const history = (await call(staff, 'GET', `/registry/facilities/${f.id}/history`)).json()
    expect(history.changes.map((c: { action: string; changes: Record<string, unknown> }) => [c.action, c.changes.state ?? Object.keys(c.changes).sort()])).toEqual([
      ['update', ['hazard', 'maintainerDept']],
      ['state', ['damaged', 'intact']],
      ['state', ['intact', 'damaged']],
      ['create', 'intact'],
    ])
    expect(await audits('facility.update', `facility:${f.id}`)).toEqual(['success', 'success', 'failure', 'failure'])
    expect(await drift()).toBe(0)
  })

  it('retires a facility with a reason, and hides facilities outside the scope', async () => {
    const f = (await call(staff, 'POST', '/registry/facilities', facilityBody())).json()
    expect((await call(otherStaff, 'GET', `/registry/facilities/${f.id}`)).statusCode).toBe(404)
    expect((await call(otherStaff, 'GET', `/registry/facilities/${f.id}/history`)).statusCode).toBe(404)
    expect(await audits('access.out_of_scope', `facility:${f.id}`)).toEqual(['denied', 'denied'])
    const before = await fingerprint()
    expect((await call(otherStaff, 'POST', `/registry/facilities/${f.id}/retire`, { version: 1, reason: '已拆除' })).statusCode).toBe(404)
    expect(problemsOf(await call(staff, 'POST', `/registry/facilities/${f.id}/retire`, { version: 1, reason: '拆' }))).toEqual(['/reason:minLength'])
    expect(problemsOf(await call(staff, 'POST', `/registry/facilities/${f.id}/retire`, { version: 2, reason: '已拆除' }))).toEqual(['/version:stale_version'])
    expect(await fingerprint()).toBe(before)
    const t0 = await totals()
    const retired = await call(staff, 'POST', `/registry/facilities/${f.id}/retire`, { version: 1, reason: '已拆除' })
    expect(retired.statusCode, retired.body).toBe(200)
    expect(retired.json()).toMatchObject({ status: 'retired', statusReason: '已拆除' })
    expect((await totals()).facility).toBe(t0.facility! - 1)
    expect(problemsOf(await call(staff, 'PATCH', `/registry/facilities/${f.id}`, { version: 2, state: 'damaged' }))).toEqual(['/version:not_active'])
    expect(await drift()).toBe(0)
  })

  it('searches facilities by class, kind, state, hazard, area and near a point', async () => {
    const near = { lon: here2.lon + 0.0001, lat: here2.lat }
    const a = (await call(staff, 'POST', '/registry/facilities', facilityBody({ kind: 'test_hydrant', class: 'public_utility', location: here2, hazard: true }))).json()
    const b = (await call(staff, 'POST', '/registry/facilities', facilityBody({ kind: 'test_hydrant', class: 'public_utility', location: near, state: 'occupied' }))).json()
    const ids = (res: { json(): { items: { id: number }[] } }) => res.json().items.map((x) => x.id)
    const around = await call(staff, 'GET', `/registry/facilities?lon=${here2.lon}&lat=${here2.lat}&radius=50&kind=test_hydrant`)
    expect(around.statusCode, around.body).toBe(200)
    expect(ids(around)).toEqual([b.id, a.id])
    expect(around.json().items[1].distanceM).toBeLessThan(1)
    expect(around.json().items[0].distanceM).toBeGreaterThan(5)
    expect(around.json().items[0].distanceM).toBeLessThan(15)
    expect(ids(await call(staff, 'GET', `/registry/facilities?lon=${here2.lon}&lat=${here2.lat}&radius=2&kind=test_hydrant`))).toEqual([a.id])
    expect(ids(await call(staff, 'GET', `/registry/facilities?lon=${here2.lon}&lat=${here2.lat}&radius=50&hazard=true&kind=test_hydrant`))).toEqual([a.id])
    expect(ids(await call(staff, 'GET', `/registry/facilities?areaCode=${GRID2}&state=occupied&kind=test_hydrant&class=public_utility`))).toEqual([b.id])
    expect(ids(await call(staff, 'GET', `/registry/facilities?q=${b.code}`))).toEqual([b.id])
    const page = (await call(staff, 'GET', `/registry/facilities?areaCode=${GRID2}&kind=test_hydrant&limit=1`)).json()
    expect(page.items.map((x: { id: number }) => x.id)).toEqual([b.id])
    expect(ids(await call(staff, 'GET', `/registry/facilities?areaCode=${GRID2}&kind=test_hydrant&limit=1&cursor=${page.next}`))).toEqual([a.id])
    expect(problemsOf(await call(staff, 'GET', `/registry/facilities?lon=${here2.lon}&lat=${here2.lat}&radius=2001`))).toEqual(['/radius:out_of_range'])
    expect(problemsOf(await call(staff, 'GET', `/registry/facilities?lon=${here2.lon}&radius=100`))).toEqual(['/lat:required'])
    expect((await call(staff, 'GET', '/registry/facilities?state=broken')).statusCode).toBe(400)
    expect(ids(await call(otherStaff, 'GET', `/registry/facilities?lon=${here2.lon}&lat=${here2.lat}&radius=50`))).toEqual([])
    expect((await call(otherStaff, 'GET', `/registry/facilities?areaCode=${GRID2}`)).statusCode).toBe(404)
  })

  // --- concerns (社情民意) ---------------------------------------------------------------------------------

  let idSerial = 300
  const registerPerson = async (caller: Caller, gridCode: string, name = '王芳') => {
    const res = await call(caller, 'POST', '/registry/people', {
      name,
      idNumber: makeIdNumber('630103', '1944-11-23', (idSerial++ * 2) % 1000),
      ethnicity: '01',
      residenceCategory: 'registered',
      address: '测试大道东侧空地',
      gridCode,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: number; version: number }
  }

  it("records a concern at a location, in a grid, or in the resident's grid, and counts it open", async () => {
    const t0 = await totals()
    const person = await registerPerson(staff, GRID2)
    const byPerson = await call(staff, 'POST', '/registry/concerns', { theme: '环境卫生', content: '小区垃圾清运不及时，\n楼道堆放杂物。', personId: person.id })
    expect(byPerson.statusCode, byPerson.body).toBe(201)
    expect(byPerson.json()).toMatchObject({ theme: 'environment', content: '小区垃圾清运不及时，\n楼道堆放杂物。', personId: person.id, residentName: '王芳', grid: { code: GRID2 }, status: 'open', version: 1, caseRef: null })
    const atPoint = await call(staff, 'POST', '/registry/concerns', { theme: 'safety', content: '路灯不亮', location: here, residentName: '匿名群众' })
    expect(atPoint.statusCode, atPoint.body).toBe(201)
    expect(atPoint.json()).toMatchObject({ grid: { code: GRID }, residentName: '匿名群众', personId: null })
    expect(atPoint.json().location.lat).toBeCloseTo(here.lat, 9)
    const inGrid = await call(worker, 'POST', '/registry/concerns', { theme: 'other', content: '咨询养老政策', gridCode: GRID })
    expect(inGrid.statusCode, inGrid.body).toBe(201)
    expect(inGrid.json()).toMatchObject({ location: null, residentName: null })
    const t1 = await totals()
    expect(t1['concern.open']).toBe((t0['concern.open'] ?? 0) + 3)
    expect(await drift()).toBe(0)
    const history = (await call(staff, 'GET', `/registry/concerns/${byPerson.json().id}/history`)).json()
    expect(history.changes).toEqual([expect.objectContaining({ action: 'create', changes: { theme: 'environment', placedBy: 'person' } })])
    expect(await audits('concern.create', `concern:${byPerson.json().id}`)).toEqual(['success'])
  })

  it('refuses each invalid concern, residents outside the area or gone, and writes nothing', async () => {
    const theirs = await registerPerson(otherStaff, otherGrid, '李雷')
    const gone = await registerPerson(staff, GRID)
    expect((await call(staff, 'POST', `/registry/people/${gone.id}/status`, { version: gone.version, status: 'moved_out', reason: '迁往外省' })).statusCode).toBe(200)
    const before = await fingerprint()
    const cases: [Record<string, unknown>, string, string][] = [
      [{ theme: 'weather' }, '/theme', 'not_a_code'],
      [{ content: '' }, '/content', 'required'],
      [{ content: '内容\u202e倒序' }, '/content', 'bidi_control'],
      [{ content: '响铃\u0007' }, '/content', 'control_character'],
      [{ content: '话'.repeat(2001) }, '/content', 'too_long'],
      [{ residentName: '王\u200d芳' }, '/residentName', 'invisible_characters'],
      [{ gridCode: undefined }, '/gridCode', 'no_grid'],
      [{ gridCode: otherGrid }, '/gridCode', 'not_found'],
      [{ gridCode: undefined, location: there }, '/location', 'outside_scope'],
      [{ gridCode: undefined, personId: theirs.id }, '/personId', 'not_found'],
      [{ gridCode: undefined, personId: 999999999 }, '/personId', 'not_found'],
      [{ gridCode: undefined, personId: gone.id }, '/personId', 'not_active'],
    ]
    for (const [over, field, problem] of cases) {
      const res = await call(staff, 'POST', '/registry/concerns', { theme: 'other', content: '反映情况', gridCode: GRID, ...over })
      expect(res.statusCode, `${field} ${JSON.stringify(over)}`).toBe(400)
      expect(res.json().error.details, JSON.stringify(over)).toContainEqual(expect.objectContaining({ field, problem }))
    }
    expect(await audits('access.out_of_scope', `person:${theirs.id}`)).toEqual(['denied'])
    for (const extra of [{ status: 'closed' }, { caseRef: 'SJ1' }, { grid_code: GRID }, { version: 1 }, { createdBy: 'x' }]) {
      expect((await call(staff, 'POST', '/registry/concerns', { theme: 'other', content: '反映', gridCode: GRID, ...extra })).statusCode, JSON.stringify(extra)).toBe(400)
    }
    expect((await call(mediator, 'POST', '/registry/concerns', { theme: 'other', content: '反映', gridCode: GRID })).statusCode).toBe(403)
    expect(await fingerprint()).toBe(before)
  })

  it('lists concerns newest first, filtered by theme, status, area, resident and period, page by page', async () => {
    const person = await registerPerson(staff, GRID)
    const ids: number[] = []
    for (const theme of ['dispute', 'dispute', 'policy']) {
      ids.push((await call(staff, 'POST', '/registry/concerns', { theme, content: `${theme} 反映`, personId: person.id })).json().id)
    }
    const list = (q: string) => call(staff, 'GET', `/registry/concerns?personId=${person.id}${q}`)
    const ids2 = async (q: string) => (await list(q)).json().items.map((x: { id: number }) => x.id)
    const p1 = (await list('&limit=2')).json()
    expect(p1.items.map((x: { id: number }) => x.id)).toEqual([ids[2], ids[1]])
    expect(await ids2(`&limit=2&cursor=${p1.next}`)).toEqual([ids[0]])
    expect((await list(`&limit=2&cursor=${p1.next}`)).json().next).toBeNull()
    expect(await ids2('&theme=dispute')).toEqual([ids[1], ids[0]])
    expect(await ids2('&status=closed')).toEqual([])
    expect(await ids2(`&areaCode=${GRID}`)).toHaveLength(3)
    expect(await ids2(`&areaCode=${GRID2}`)).toEqual([])
    const today = chinaToday()
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    expect(await ids2(`&since=${today}&until=${today}`)).toHaveLength(3)
    expect(await ids2(`&until=${yesterday}`)).toEqual([])
    expect(problemsOf(await list('&since=2026-02-30'))).toEqual(['/since:bad_date'])
    expect(problemsOf(await list(`&since=${today}&until=${yesterday}`))).toEqual(['/until:before_since'])
    expect(problemsOf(await list('&cursor=bm9wZQ'))).toEqual(['/cursor:bad_cursor'])
    expect((await call(otherStaff, 'GET', `/registry/concerns?personId=${person.id}`)).json().items).toEqual([])
    expect((await call(mediator, 'GET', `/registry/concerns?personId=${person.id}`)).json().items).toHaveLength(3)
  })

  it('closes a concern with a reason or converts it into a case, once, against the version read', async () => {
    const c1 = (await call(staff, 'POST', '/registry/concerns', { theme: 'livelihood', content: '暖气不热', gridCode: GRID })).json()
    const c2 = (await call(staff, 'POST', '/registry/concerns', { theme: 'dispute', content: '邻里噪音纠纷', gridCode: GRID })).json()
    const t0 = await totals()
    const before = await fingerprint()
    expect(problemsOf(await call(staff, 'POST', `/registry/concerns/${c1.id}/close`, { version: 1, reason: '  好 ' }))).toEqual(['/reason:too_short'])
    expect(problemsOf(await call(staff, 'POST', `/registry/concerns/${c1.id}/close`, { version: 2, reason: '已协调供热公司' }))).toEqual(['/version:stale_version'])
    expect(problemsOf(await call(staff, 'POST', `/registry/concerns/${c2.id}/convert`, { version: 1, caseRef: ' ' }))).toEqual(['/caseRef:required'])
    expect(problemsOf(await call(staff, 'POST', `/registry/concerns/${c2.id}/convert`, { version: 1, caseRef: 'SJ\u202e1' }))).toEqual(['/caseRef:bidi_control'])
    expect((await call(staff, 'POST', `/registry/concerns/${c2.id}/convert`, { version: 1, caseRef: 'SJ1', status: 'closed' })).statusCode).toBe(400)
    expect((await call(otherStaff, 'POST', `/registry/concerns/${c1.id}/close`, { version: 1, reason: '已协调供热公司' })).statusCode).toBe(404)
    expect((await call(mediator, 'POST', `/registry/concerns/${c1.id}/close`, { version: 1, reason: '已协调供热公司' })).statusCode).toBe(403)
    expect(await fingerprint()).toBe(before)
    const closed = await call(staff, 'POST', `/registry/concerns/${c1.id}/close`, { version: 1, reason: '已协调供热公司' })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({ status: 'closed', statusReason: '已协调供热公司', version: 2 })
    const converted = await call(staff, 'POST', `/registry/concerns/${c2.id}/convert`, { version: 1, caseRef: 'SJ2026031400012' })
    expect(converted.statusCode, converted.body).toBe(200)
    expect(converted.json()).toMatchObject({ status: 'converted', caseRef: 'SJ2026031400012', statusReason: null, version: 2 })
    const t1 = await totals()
    expect(t1['concern.open']).toBe(t0['concern.open']! - 2)
    expect(t1['concern.closed']).toBe((t0['concern.closed'] ?? 0) + 1)
    expect(t1['concern.converted']).toBe((t0['concern.converted'] ?? 0) + 1)
    const b2 = await fingerprint()
    expect(problemsOf(await call(staff, 'POST', `/registry/concerns/${c1.id}/convert`, { version: 2, caseRef: 'SJ2' }))).toEqual(['/version:not_open'])
    expect(problemsOf(await call(staff, 'POST', `/registry/concerns/${c2.id}/close`, { version: 2, reason: '重复' }))).toEqual(['/version:not_open'])
    expect(await fingerprint()).toBe(b2)
    const h1 = (await call(staff, 'GET', `/registry/concerns/${c1.id}/history`)).json()
    expect(h1.changes[0]).toMatchObject({ action: 'close', reason: '已协调供热公司', changes: { status: ['open', 'closed'] } })
    const h2 = (await call(staff, 'GET', `/registry/concerns/${c2.id}/history`)).json()
    expect(h2.changes[0]).toMatchObject({ action: 'convert', changes: { status: ['open', 'converted'], caseRef: 'SJ2026031400012' } })
    expect(await audits('concern.close', `concern:${c1.id}`)).toEqual(['failure', 'failure', 'success'])
    expect(await drift()).toBe(0)
  })

  it('hides concerns outside the scope: 404 like a missing record, audited; reads are audited', async () => {
    const c = (await call(staff, 'POST', '/registry/concerns', { theme: 'service', content: '办证排队时间长', gridCode: GRID, residentName: '马明' })).json()
    const res = await call(otherStaff, 'GET', `/registry/concerns/${c.id}`)
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe((await call(otherStaff, 'GET', '/registry/concerns/999999999')).json().error.code)
    expect((await call(otherStaff, 'GET', `/registry/concerns/${c.id}/history`)).statusCode).toBe(404)
    expect(await audits('access.out_of_scope', `concern:${c.id}`)).toEqual(['denied', 'denied'])
    expect((await call(otherStaff, 'GET', `/registry/concerns?areaCode=${GRID}`)).statusCode).toBe(404)
    const read = await call(mediator, 'GET', `/registry/concerns/${c.id}`)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ content: '办证排队时间长', residentName: '马明' })
    expect(await audits('concern.read', `concern:${c.id}`)).toEqual(['success'])
    expect(await drift()).toBe(0)
  })
})
