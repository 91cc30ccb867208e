// People through the real app on both backends: register (placed in a grid), read masked, search,
// change against a version, move, lists with their own fields, status, history, unmask — and every
// bad input refused with its code and field, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'
import { makeIdNumber } from '../../../shared/validation/id-number.ts'

const COMMUNITY = '630103001003'
const GRID = '630103001003001'

let serial = 100
/** A fresh, valid ID number (unique per call within a test file). */
const freshId = (birth = '1980-05-17', male = true) => makeIdNumber('630103', birth, (serial++ * 2 + (male ? 1 : 0)) % 1000)
/** The same number with another (wrong) check character. */
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0')

describe.each(BACKENDS)('people on %s', (backend) => {
  let t: TestApp
  let staff: Caller
  let otherStaff: Caller
  let mediator: Caller
  let worker: Caller
  let otherGrid: string
  let otherCommunity: string

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const db = t.database.db
    otherCommunity = (await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'community' AND code <> ${COMMUNITY} AND code LIKE '630104%' ORDER BY code LIMIT 1`.execute(db)).rows[0]!.code
    otherGrid = `${otherCommunity}001`
    const a = await createTestAccount(t, { role: 'community_staff', scopeCode: COMMUNITY })
    const b = await createTestAccount(t, { role: 'community_staff', scopeCode: otherCommunity })
    const m = await createTestAccount(t, { role: 'mediator', scopeCode: COMMUNITY })
    const w = await createTestAccount(t, { role: 'grid_worker', scopeCode: GRID })
    staff = await loginAs(t, a.username, { reauth: true })
    otherStaff = await loginAs(t, b.username)
    mediator = await loginAs(t, m.username)
    worker = await loginAs(t, w.username)
  }, 300_000)
  afterAll(async () => t?.close())

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  const fingerprint = async () =>
    (
      await sql<{ f: string }>`SELECT (SELECT count(*) FROM person) || '/' || (SELECT count(*) FROM person_list) || '/' || (SELECT coalesce(sum(n), 0) FROM registry_total)
        || '/' || (SELECT count(*) FROM registry_change) || '/' || (SELECT coalesce(max(version), 0) FROM person) AS f`.execute(t.database.db)
    ).rows[0]!.f

  const personBody = (over: Record<string, unknown> = {}) => ({
    name: '阿依古丽·买买提',
    idNumber: freshId('1990-02-28', false),
    phone: '13912345678',
    ethnicity: '回族',
    residenceCategory: '流动人口',
    address: '南关街12号3号楼2单元301室',
    gridCode: GRID,
    ...over,
  })

  it('registers a person in a grid and answers with masked personal data only', async () => {
    const idNumber = freshId('1990-02-28', false)
    const res = await call(staff, 'POST', '/registry/people', personBody({ idNumber, name: '𪚥卓玛' }))
    expect(res.statusCode, res.body).toBe(201)
    const p = res.json()
    expect(p).toMatchObject({ name: '𪚥卓玛', sex: '2', birthDate: '1990-02-28', ethnicity: '03', residenceCategory: 'floating', grid: { code: GRID }, status: 'active', version: 1 })
    expect(p.idNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`)
    expect(p.phoneMasked).toBe('139****5678')
    expect(res.body).not.toContain(idNumber)
    expect(res.body).not.toContain('13912345678')
    // Stored encrypted: the row holds neither value in clear.
    const row = (await sql<{ id_cipher: string; phone_cipher: string }>`SELECT id_cipher, phone_cipher FROM person WHERE id = ${p.id}`.execute(t.database.db)).rows[0]!
    expect(row.id_cipher).not.toContain(idNumber)
    expect(row.phone_cipher).not.toContain('13912345678')
    // Found by its exact ID number and by its phone, through the blind indexes.
    for (const q of [`idNumber=${idNumber}`, `q=${idNumber.toLowerCase()}`, 'phone=139-1234-5678']) {
      const found = await call(staff, 'GET', `/registry/people?${q}`)
      expect(found.statusCode, q).toBe(200)
      expect(found.json().items.map((x: { id: number }) => x.id), q).toContain(p.id)
    }
  })

  it('refuses each invalid field with its own code, all at once, and writes nothing', async () => {
    const before = await fingerprint()
    const cases: [Record<string, unknown>, string, string][] = [
      [{ idNumber: '63010319900228002' }, '/idNumber', 'wrong_length'],
      [{ idNumber: '6301031990022800211' }, '/idNumber', 'wrong_length'],
      [{ idNumber: wrongCheck(freshId()) }, '/idNumber', 'bad_check_digit'],
      [{ idNumber: '６３０１０３１９９００２２８００２１' }, '/idNumber', 'full_width'],
      [{ idNumber: makeIdNumber('630103', '2000-02-28', 11).replace('20000228', '20000230') }, '/idNumber', 'bad_date'],
      [{ idNumber: makeIdNumber('630103', '9999-01-01', 11) }, '/idNumber', 'future_birth_date'],
      [{ phone: '1391234567' }, '/phone', 'wrong_length'],
      [{ name: '张\u202e三' }, '/name', 'bidi_control'],
      [{ name: '' }, '/name', 'required'],
      [{ ethnicity: '火星族' }, '/ethnicity', 'not_a_code'],
      [{ residenceCategory: '游客' }, '/residenceCategory', 'not_a_code'],
      [{ politicalStatus: '无' }, '/politicalStatus', 'not_a_code'],
    ]
    for (const [over, field, problem] of cases) {
      const res = await call(staff, 'POST', '/registry/people', personBody(over))
      expect(res.statusCode, `${field} ${JSON.stringify(over)}`).toBe(400)
      const err = res.json().error
      expect(err.code).toBe('validation_failed')
      expect(err.details, JSON.stringify(over)).toContainEqual(expect.objectContaining({ field, problem }))
    }
    // Several wrong fields: every one is named.
    const many = await call(staff, 'POST', '/registry/people', personBody({ idNumber: '123', phone: 'abc', ethnicity: 'x' }))
    expect(many.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['/ethnicity', '/idNumber', '/phone'])
    expect(await fingerprint()).toBe(before)
  })

  it('refuses fields the caller may not set, prototype keys and oversized text', async () => {
    const before = await fingerprint()
    for (const extra of [{ grid_code: otherGrid }, { createdBy: 'someone' }, { idCipher: 'x' }, { version: 7 }, { status: 'deceased' }, { householdId: 0 }, { roomId: -1 }]) {
      const res = await call(staff, 'POST', '/registry/people', personBody(extra))
      expect(res.statusCode, JSON.stringify(extra)).toBe(400)
    }
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/people',
      headers: { ...staff.headers, 'content-type': 'application/json' },
      payload: `{"__proto__":{"gridCode":"${otherGrid}"},${JSON.stringify(personBody()).slice(1)}`,
    })
    expect(proto.statusCode).toBe(400)
    expect((await call(staff, 'POST', '/registry/people', personBody({ address: '长'.repeat(300) }))).statusCode).toBe(400)
    expect(await fingerprint()).toBe(before)
  })

  it('refuses a duplicate ID number, naming the existing record only when it is in scope', async () => {
    const idNumber = freshId()
    expect((await call(staff, 'POST', '/registry/people', personBody({ idNumber }))).statusCode).toBe(201)
    const before = await fingerprint()
    const again = await call(staff, 'POST', '/registry/people', personBody({ idNumber, name: '另一个人' }))
    expect(again.statusCode).toBe(409)
    expect(again.json().error.details[0]).toMatchObject({ field: '/idNumber', problem: 'duplicate_id_number' })
    expect(again.json().error.details[0].personId).toBeGreaterThan(0)
    const elsewhere = await call(otherStaff, 'POST', '/registry/people', personBody({ idNumber, gridCode: otherGrid }))
    expect(elsewhere.statusCode).toBe(409)
    expect(elsewhere.json().error.details[0].personId).toBeUndefined()
    expect(elsewhere.body).not.toContain(COMMUNITY)
    expect(await fingerprint()).toBe(before)
  })

  it('places a person only inside the caller\'s area, and audits attempts outside it', async () => {
    const before = await fingerprint()
    const outside = await call(staff, 'POST', '/registry/people', personBody({ gridCode: otherGrid }))
    expect(outside.statusCode).toBe(400)
    expect(outside.json().error.details).toContainEqual(expect.objectContaining({ field: '/gridCode', problem: 'not_found' }))
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.out_of_scope' AND target = ${`grid:${otherGrid}`}`.execute(t.database.db)
    expect(audit.rows[0]!.n).toBeGreaterThan(0)
    // A point in another community's grid, and one outside the city.
    const p = (await sql<{ lon: number; lat: number }>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${otherGrid}`.execute(t.database.db)).rows[0]!
    const far = await call(staff, 'POST', '/registry/people', personBody({ gridCode: undefined, location: { lon: p.lon, lat: p.lat } }))
    expect(far.json().error.details).toContainEqual(expect.objectContaining({ field: '/location', problem: 'outside_scope' }))
    const offMap = await call(staff, 'POST', '/registry/people', personBody({ gridCode: undefined, location: { lon: 116.4, lat: 39.9 } }))
    expect(offMap.json().error.details).toContainEqual(expect.objectContaining({ field: '/location', problem: 'outside_city' }))
    const nowhere = await call(staff, 'POST', '/registry/people', personBody({ gridCode: undefined, address: '没有这栋楼路1号' }))
    expect(nowhere.json().error.details).toContainEqual(expect.objectContaining({ problem: 'no_grid' }))
    expect(await fingerprint()).toBe(before)
    // A point inside the caller's own grid places the person there.
    const own = (await sql<{ lon: number; lat: number }>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${GRID}`.execute(t.database.db)).rows[0]!
    const placed = await call(staff, 'POST', '/registry/people', personBody({ gridCode: undefined, location: own }))
    expect(placed.statusCode, placed.body).toBe(201)
    expect(placed.json().grid.code).toBe(GRID)
  })

  it('hides people outside the scope: 404 like a missing record, audited, and absent from searches', async () => {
    const created = (await call(staff, 'POST', '/registry/people', personBody({ name: '范围测试' }))).json()
    const res = await call(otherStaff, 'GET', `/registry/people/${created.id}`)
    expect(res.statusCode).toBe(404)
    const missing = await call(otherStaff, 'GET', '/registry/people/999999999')
    expect(res.json().error.code).toBe(missing.json().error.code)
    const denied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.out_of_scope' AND target = ${`person:${created.id}`}`.execute(t.database.db)
    expect(denied.rows[0]!.n).toBe(1)
    const search = await call(otherStaff, 'GET', `/registry/people?q=${encodeURIComponent('范围测试')}`)
    expect(search.json().items).toEqual([])
    // Widening through the query is refused as a missing area, not answered.
    expect((await call(otherStaff, 'GET', `/registry/people?areaCode=${COMMUNITY}`)).statusCode).toBe(404)
    expect((await call(otherStaff, 'GET', '/registry/people?areaCode=630100')).statusCode).toBe(404)
    // Reads are audited.
    await call(staff, 'GET', `/registry/people/${created.id}`)
    const reads = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.read' AND target = ${`person:${created.id}`}`.execute(t.database.db)
    expect(reads.rows[0]!.n).toBe(1)
  })

  it('changes a person against the version read, records who changed what, and keeps the residence history', async () => {
    const created = (await call(staff, 'POST', '/registry/people', personBody())).json()
    const grid2 = `${COMMUNITY}002`
    const moved = await call(staff, 'PATCH', `/registry/people/${created.id}`, { version: 1, phone: '13800001111', gridCode: grid2, address: '南关街8号1号楼101室', moveReason: '搬家' })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({ version: 2, grid: { code: grid2 }, phoneMasked: '138****1111', address: '南关街8号1号楼101室' })
    const stale = await call(staff, 'PATCH', `/registry/people/${created.id}`, { version: 1, workplace: '某单位' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.details[0]).toMatchObject({ field: '/version', problem: 'stale_version' })
    const history = (await call(staff, 'GET', `/registry/people/${created.id}/history`)).json()
    expect(history.changes[0]).toMatchObject({ action: 'move', reason: '搬家' })
    expect(history.changes[0].changes.phone).toEqual(['139****5678', '138****1111'])
    expect(history.changes[0].changes.gridCode).toEqual([GRID, grid2])
    expect(history.changes.at(-1)).toMatchObject({ action: 'create' })
    expect(history.residences.map((r: { grid: { code: string }; validTo: string | null }) => [r.grid.code, r.validTo === null])).toEqual([
      [grid2, true],
      [GRID, false],
    ])
    expect(JSON.stringify(history)).not.toContain('13800001111')
  })

  it('puts a person on lists with their own fields, hides special groups from roles without the right, and keeps ended entries', async () => {
    const p = (await call(staff, 'POST', '/registry/people', personBody({ idNumber: freshId('1940-01-01') }))).json()
    const totals = async () => (await call(staff, 'GET', `/registry/areas/${COMMUNITY}/totals`)).json().totals as Record<string, number>
    const t0 = await totals()
    const bad = await call(staff, 'POST', `/registry/people/${p.id}/lists`, { listCode: 'elderly_alone', fields: { emergencyContact: '', emergencyPhone: '123', color: 'red' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.map((d: { field: string; problem: string }) => `${d.field}:${d.problem}`).sort()).toEqual([
      '/fields/color:unknown_field',
      '/fields/emergencyContact:required',
      '/fields/emergencyPhone:bad_phone',
    ])
    const added = await call(staff, 'POST', `/registry/people/${p.id}/lists`, { listCode: 'elderly_alone', attention: 'medium', fields: { emergencyContact: '王芳', emergencyPhone: '13700002222', needsCare: true } })
    expect(added.statusCode, added.body).toBe(201)
    expect(added.json().fields.emergencyPhone).toBe('137****2222')
    expect((await call(staff, 'POST', `/registry/people/${p.id}/lists`, { listCode: 'elderly_alone', fields: { emergencyContact: '王芳', emergencyPhone: '13700002222' } })).statusCode).toBe(409)
    const special = await call(staff, 'POST', `/registry/people/${p.id}/lists`, {
      listCode: 'community_correction',
      fields: { sentenceType: 'probation', caseType: '盗窃', correctionStart: '2026-01-01', correctionEnd: '2027-01-01' },
    })
    expect(special.statusCode, special.body).toBe(201)
    expect((await totals())['list.elderly_alone']).toBe((t0['list.elderly_alone'] ?? 0) + 1)

    // The mediator reads the registry but not special groups.
    const seen = (await call(mediator, 'GET', `/registry/people/${p.id}`)).json()
    expect(seen.lists).toEqual(['elderly_alone'])
    expect(seen.listEntries.map((e: { listCode: string }) => e.listCode)).toEqual(['elderly_alone'])
    expect((await call(mediator, 'GET', '/registry/people?list=community_correction')).statusCode).toBe(400)
    const mediatorTotals = (await call(mediator, 'GET', `/registry/areas/${COMMUNITY}/totals`)).json().totals
    expect(mediatorTotals['list.community_correction']).toBeUndefined()
    expect((await call(mediator, 'POST', `/registry/people/${p.id}/lists`, { listCode: 'disabled', fields: { category: 'visual', grade: 2 } })).statusCode).toBe(403)

    // Taking someone off a list needs a reason; the entry stays, ended.
    const entry = added.json()
    expect((await call(staff, 'POST', `/registry/people/${p.id}/lists/${entry.id}/end`, { version: entry.version, reason: '' })).statusCode).toBe(400)
    const ended = await call(staff, 'POST', `/registry/people/${p.id}/lists/${entry.id}/end`, { version: entry.version, reason: '已随子女居住' })
    expect(ended.statusCode).toBe(200)
    expect(ended.json()).toMatchObject({ endReason: '已随子女居住', endedBy: expect.any(String) })
    const after = (await call(staff, 'GET', `/registry/people/${p.id}`)).json()
    expect(after.lists).toEqual(['community_correction'])
    expect(after.listEntries.find((e: { id: number }) => e.id === entry.id).endedAt).not.toBeNull()
    expect((await totals())['list.elderly_alone'] ?? 0).toBe(t0['list.elderly_alone'] ?? 0)

    // Moving out ends the remaining entries with the same reason, and the person no longer counts.
    const moved = await call(staff, 'POST', `/registry/people/${p.id}/status`, { version: after.version, status: 'moved_out', reason: '迁往外省' })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json().listEntries.every((e: { endReason: string | null }) => e.endReason !== null)).toBe(true)
    const t2 = await totals()
    expect(t2.person).toBe((await totals()).person)
    expect(t2['list.community_correction'] ?? 0).toBe(t0['list.community_correction'] ?? 0)
    const drift = await sql<{ n: number }>`SELECT count(*)::int AS n FROM registry_total_drift()`.execute(t.database.db)
    expect(drift.rows[0]!.n).toBe(0)
  })

  it('reveals an ID number only with the right, a reason and a fresh re-authentication, and audits it', async () => {
    const idNumber = freshId()
    const p = (await call(staff, 'POST', '/registry/people', personBody({ idNumber }))).json()
    const asWorker = await call(worker, 'POST', `/registry/people/${p.id}/personal-data`, { fields: ['idNumber'], reason: '核实身份信息' })
    expect(asWorker.statusCode).toBe(403)
    const noReason = await call(staff, 'POST', `/registry/people/${p.id}/personal-data`, { fields: ['idNumber'], reason: '看' })
    expect(noReason.statusCode).toBe(400)
    const staleAuth = await call(otherStaff, 'POST', `/registry/people/${p.id}/personal-data`, { fields: ['idNumber'], reason: '核实身份信息' })
    expect(staleAuth.statusCode).toBe(404)
    const ok = await call(staff, 'POST', `/registry/people/${p.id}/personal-data`, { fields: ['idNumber', 'phone'], reason: '核实身份信息' })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ idNumber, phone: '13912345678' })
    const audit = await sql<{ outcome: string; detail: { reason: string } }>`
      SELECT outcome, detail FROM audit_event WHERE action = 'personal_data.unmask' AND target = ${`person:${p.id}`} ORDER BY seq`.execute(t.database.db)
    expect(audit.rows.map((r) => r.outcome)).toEqual(['denied', 'success'])
    expect(audit.rows[1]!.detail.reason).toBe('核实身份信息')
    // Without a recent re-authentication the answer is 401 reauth_required.
    const fresh = await loginAs(t, (await sql<{ username: string }>`SELECT username FROM account WHERE role = 'community_staff' AND scope_code = ${COMMUNITY} LIMIT 1`.execute(t.database.db)).rows[0]!.username)
    expect((await call(fresh, 'POST', `/registry/people/${p.id}/personal-data`, { fields: ['idNumber'], reason: '核实身份信息' })).json().error.code).toBe('reauth_required')
  })

  it('keeps the totals exact under concurrent registrations and moves', async () => {
    const grids = [GRID, `${COMMUNITY}002`]
    const before = (await call(staff, 'GET', `/registry/areas/${COMMUNITY}/totals`)).json()
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(staff, 'POST', '/registry/people', personBody({ gridCode: grids[i % 2], name: `并发${'甲乙丙丁戊己庚辛壬癸子丑'[i]}` }))),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201))
    const created = results.map((r) => r.json())
    const moves = await Promise.all(created.slice(0, 6).map((p) => call(staff, 'PATCH', `/registry/people/${p.id}`, { version: 1, gridCode: grids[(grids.indexOf(p.grid.code) + 1) % 2] })))
    expect(moves.map((r) => r.statusCode), moves[0]!.body).toEqual(Array(6).fill(200))
    const afterRes = await call(staff, 'GET', `/registry/areas/${COMMUNITY}/totals`)
    expect(afterRes.statusCode, afterRes.body).toBe(200)
    const after = afterRes.json()
    expect(after.totals.person).toBe(before.totals.person + 12)
    const child = (a: typeof after, code: string) => a.children.find((c: { area: { code: string } }) => c.area.code === code).totals.person ?? 0
    expect(child(after, GRID) + child(after, grids[1]!)).toBe(child(before, GRID) + child(before, grids[1]!) + 12)
    const drift = await sql<{ n: number }>`SELECT count(*)::int AS n FROM registry_total_drift()`.execute(t.database.db)
    expect(drift.rows[0]!.n).toBe(0)
    // The city's totals equal the sum of its districts'.
    const city = (await t.app.inject({ url: '/api/v1/registry/areas/630100/totals', headers: (await loginAs(t, (await createTestAccount(t, { role: 'city_admin', scopeCode: '630100' })).username)).headers })).json()
    expect(city.children.reduce((s: number, c: { totals: Record<string, number> }) => s + (c.totals.person ?? 0), 0)).toBe(city.totals.person)
  })
})
