// Places through the real app on both backends: buildings placed by their location with rooms from a
// list or a generator, searched with counts, changed against a version, moved with their residents
// (residence history, totals exact), retired only when empty; rooms added; households; rentals and
// tenants — and every bad input refused with its code and field, with nothing written, and every
// record outside the caller's area answered 404 like a missing one, the attempt audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'
import { makeIdNumber } from '../../../shared/validation/id-number.ts'
import { chinaToday } from '../../../shared/registry/person-fields.ts'
import type { RoomView } from '../../../shared/registry/api-types.ts'

const COMMUNITY = '630103001003'
const GRID = '630103001003001'
const GRID2 = '630103001003002'

let serial = 300
/** A fresh, valid ID number (unique per call within a test file). */
const freshId = (birth = '1975-03-09') => makeIdNumber('630103', birth, (serial++ * 2 + 1) % 1000)
let street = 0
/** An address no other test uses. */
const freshAddress = () => `南关街${100 + ++street}号${street % 9 + 1}号楼`

interface LonLat {
  lon: number
  lat: number
}

describe.each(BACKENDS)('places on %s', (backend) => {
  let t: TestApp
  let staff: Caller
  let otherStaff: Caller
  let mediator: Caller
  let otherGrid: string
  let otherCommunity: string
  let inGrid: LonLat
  let inGrid2: LonLat
  let inOther: LonLat
  const offMap: LonLat = { lon: 116.4, lat: 39.9 }

  const pointIn = async (code: string): Promise<LonLat> =>
    (await sql<LonLat>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${code}`.execute(t.database.db)).rows[0]!

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const db = t.database.db
    otherCommunity = (await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'community' AND code <> ${COMMUNITY} AND code LIKE '630104%' ORDER BY code LIMIT 1`.execute(db)).rows[0]!.code
    otherGrid = `${otherCommunity}001`
    const a = await createTestAccount(t, { role: 'community_staff', scopeCode: COMMUNITY })
    const b = await createTestAccount(t, { role: 'community_staff', scopeCode: otherCommunity })
    const m = await createTestAccount(t, { role: 'mediator', scopeCode: COMMUNITY })
    staff = await loginAs(t, a.username)
    otherStaff = await loginAs(t, b.username)
    mediator = await loginAs(t, m.username)
    inGrid = await pointIn(GRID)
    inGrid2 = await pointIn(GRID2)
    inOther = await pointIn(otherGrid)
  }, 300_000)
  afterAll(async () => t?.close())

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  /** Everything a refused write could have touched. */
  const fingerprint = async () =>
    (
      await sql<{ f: string }>`SELECT concat_ws('/',
          (SELECT count(*) FROM building), (SELECT coalesce(sum(version), 0) FROM building), (SELECT count(*) FROM building WHERE status = 'active'),
          (SELECT count(*) FROM room), (SELECT count(*) FROM household), (SELECT coalesce(sum(version), 0) FROM household),
          (SELECT count(*) FROM rental), (SELECT coalesce(sum(version), 0) FROM rental), (SELECT count(*) FROM tenancy), (SELECT count(*) FROM tenancy WHERE ended_on IS NULL),
          (SELECT count(*) FROM person), (SELECT coalesce(sum(version), 0) FROM person), (SELECT count(*) FROM person_residence),
          (SELECT count(*) FROM registry_change), (SELECT coalesce(sum(n), 0) FROM registry_total)) AS f`.execute(t.database.db)
    ).rows[0]!.f

  const drift = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM registry_total_drift()`.execute(t.database.db)).rows[0]!.n

  const gridTotals = async (code: string) => {
    const res = await call(staff, 'GET', `/registry/areas/${COMMUNITY}/totals`)
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().children.find((c: { area: { code: string } }) => c.area.code === code)?.totals ?? {}) as Record<string, number>
  }

  const buildingBody = (over: Record<string, unknown> = {}) => ({
    name: '南关街小区',
    address: freshAddress(),
    use: 'residential',
    floors: 6,
    builtYear: 1998,
    location: inGrid,
    ...over,
  })

  const newBuilding = async (over: Record<string, unknown> = {}) => {
    const res = await call(staff, 'POST', '/registry/buildings', buildingBody(over))
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  const newPerson = async (over: Record<string, unknown> = {}) => {
    const res = await call(staff, 'POST', '/registry/people', {
      name: '马建国',
      idNumber: freshId(),
      ethnicity: '回族',
      residenceCategory: 'registered',
      address: '南关街1号1号楼101室',
      ...(over.roomId === undefined ? { gridCode: GRID } : {}),
      ...over,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  const roomOf = (b: { roomList: RoomView[] }, unit: string, number: string): RoomView => {
    const r = b.roomList.find((x) => x.unit === unit && x.number === number)
    expect(r, `${unit}-${number}`).toBeDefined()
    return r!
  }

  it('registers a building with generated rooms, placed by its location, and finds it with its counts', async () => {
    const g0 = await gridTotals(GRID)
    const address = freshAddress()
    const res = await call(staff, 'POST', '/registry/buildings', buildingBody({ name: '夏都花园5号楼', address, floors: undefined, hazardGrade: '一般隐患', rooms: { units: 2, floors: 12, roomsPerFloor: 4 } }))
    expect(res.statusCode, res.body).toBe(201)
    const b = res.json()
    expect(b).toMatchObject({ name: '夏都花园5号楼', address, use: 'residential', floors: 12, builtYear: 1998, hazardGrade: 'general', grid: { code: GRID }, status: 'active', version: 1, rooms: 96, residents: 0 })
    expect(b.location.lon).toBeCloseTo(inGrid.lon, 9)
    expect(b.roomList).toHaveLength(96)
    expect(roomOf(b, '1', '1204')).toMatchObject({ floor: 12, use: 'residential', residents: 0, rented: false })
    expect(roomOf(b, '2', '101')).toMatchObject({ floor: 1 })
    expect((await gridTotals(GRID)).building).toBe((g0.building ?? 0) + 1)
    const created = await sql<{ action: string; n: number }>`
      SELECT action, count(*)::int AS n FROM audit_event WHERE target = ${`building:${b.id}`} GROUP BY action`.execute(t.database.db)
    expect(created.rows).toEqual([{ action: 'building.create', n: 1 }])

    // A resident of room 1-1204 counts in the building and in the room.
    const person = await newPerson({ roomId: roomOf(b, '1', '1204').id })
    expect(person.grid.code).toBe(GRID)
    const read = (await call(staff, 'GET', `/registry/buildings/${b.id}`)).json()
    expect(read.residents).toBe(1)
    expect(roomOf(read, '1', '1204').residents).toBe(1)

    // Found by a part of its name, by its address written another way, near its location, in its grid.
    const ids = async (query: string) => {
      const found = await call(staff, 'GET', `/registry/buildings?${query}`)
      expect(found.statusCode, found.body).toBe(200)
      return found.json().items as { id: number; rooms: number; residents: number }[]
    }
    expect((await ids(`q=${encodeURIComponent('夏都花园')}`)).find((x) => x.id === b.id)).toMatchObject({ rooms: 96, residents: 1 })
    expect((await ids(`q=${encodeURIComponent(address.replace(/(\d)号楼$/u, '$1栋'))}`)).map((x) => x.id)).toContain(b.id)
    expect((await ids(`lon=${inGrid.lon}&lat=${inGrid.lat}&radius=30`)).map((x) => x.id)).toContain(b.id)
    expect(await ids(`lon=${offMap.lon}&lat=${offMap.lat}&radius=2000`)).toEqual([])
    expect((await ids(`areaCode=${GRID}&hazardGrade=general&use=residential`)).map((x) => x.id)).toContain(b.id)
    expect((await ids(`areaCode=${GRID2}`)).map((x) => x.id)).not.toContain(b.id)
    expect((await call(staff, 'GET', `/registry/buildings?lon=${inGrid.lon}`)).json().error.details).toContainEqual(expect.objectContaining({ field: '/lat', problem: 'required' }))
    expect((await call(staff, 'GET', `/registry/buildings?lon=${inGrid.lon}&lat=${inGrid.lat}&radius=5000`)).statusCode).toBe(400)

    // Pages by id with an opaque cursor.
    await newBuilding()
    const first = (await call(staff, 'GET', '/registry/buildings?limit=1')).json()
    expect(first.items).toHaveLength(1)
    expect(first.next).toEqual(expect.any(String))
    const second = (await call(staff, 'GET', `/registry/buildings?limit=1&cursor=${first.next}`)).json()
    // The two pages of one continue each other: together they are the first two of a page of two.
    const both = (await call(staff, 'GET', '/registry/buildings?limit=2')).json()
    expect([first.items[0].id, second.items[0].id]).toEqual(both.items.map((i: { id: number }) => i.id))
    expect((await call(staff, 'GET', '/registry/buildings?cursor=bm90LWEtY3Vyc29y')).json().error.details[0]).toMatchObject({ field: '/cursor', problem: 'bad_cursor' })

    // An explicit list of rooms, cleaned: "2单元", "301室", full-width digits.
    const listed = await newBuilding({
      rooms: [
        { unit: '2单元', floor: 3, number: '301室', areaM2: 86.456 },
        { unit: '２', floor: 3, number: '302', use: 'office' },
        { floor: -1, number: 'B1', use: 'storage' },
      ],
    })
    expect(listed.rooms).toBe(3)
    expect(roomOf(listed, '2', '301')).toMatchObject({ floor: 3, areaM2: 86.46, use: 'residential' })
    expect(roomOf(listed, '2', '302')).toMatchObject({ use: 'office' })
    expect(roomOf(listed, '', 'B1')).toMatchObject({ floor: -1, use: 'storage' })
    expect(await drift()).toBe(0)
  })

  it('refuses each invalid building field with its pointer and code, and writes nothing', async () => {
    const before = await fingerprint()
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: undefined }, '/name', 'required'],
      [{ name: '  ' }, '/name', 'required'],
      [{ name: '长'.repeat(101) }, '/name', 'too_long'],
      [{ address: '南关街\u202e1号' }, '/address', 'control_character'],
      [{ address: '——' }, '/address', 'not_an_address'],
      [{ use: 'castle' }, '/use', 'not_a_code'],
      [{ hazardGrade: 'dangerous' }, '/hazardGrade', 'not_a_code'],
      [{ floors: 0 }, '/floors', 'minimum'],
      [{ rooms: [{ number: '101', areaM2: 0 }] }, '/rooms/0/areaM2', 'exclusiveMinimum'],
      [{ builtYear: 2150 }, '/builtYear', 'in_future'],
      [{ location: undefined }, '/location', 'required'],
      [{ location: { lon: 200, lat: 36 } }, '/location/lon', 'maximum'],
      [{ location: offMap }, '/location', 'outside_city'],
      [{ location: inOther }, '/location', 'outside_scope'],
      [{ gridCode: GRID2 }, '/gridCode', 'grid_mismatch'],
      [{ gridCode: otherGrid, location: inGrid }, '/gridCode', 'not_found'],
      [{ rooms: { units: 10, floors: 60, roomsPerFloor: 12 }, floors: 60 }, '/rooms', 'too_many_rooms'],
      [{ rooms: { units: 1, floors: 7, roomsPerFloor: 2 } }, '/rooms/floors', 'above_top_floor'],
      [{ rooms: { units: 11, floors: 1, roomsPerFloor: 1 } }, '/rooms/units', 'maximum'],
      [{ rooms: [{ floor: 7, number: '701' }] }, '/rooms/0/floor', 'above_top_floor'],
      [{ rooms: [{ floor: 1, number: ' 室' }] }, '/rooms/0/number', 'required'],
      [{ rooms: [{ floor: 1 }] }, '/rooms/0/number', 'required'],
      [{ rooms: [{ number: '101', use: 'garage' }] }, '/rooms/0/use', 'enum'],
    ]
    for (const [over, field, problem] of cases) {
      const res = await call(staff, 'POST', '/registry/buildings', buildingBody(over))
      expect(res.statusCode, `${field} ${JSON.stringify(over)} ${res.body}`).toBe(400)
      const err = res.json().error
      expect(err.code).toBe('validation_failed')
      expect(err.details, JSON.stringify(over)).toContainEqual(expect.objectContaining({ field, problem }))
    }
    // Several wrong fields: every one is named.
    const many = await call(staff, 'POST', '/registry/buildings', buildingBody({ name: '', use: 'x', location: offMap }))
    expect(many.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['/location', '/name', '/use'])
    // Fields the caller may not set, prototype keys, oversized text.
    for (const extra of [{ grid_code: otherGrid }, { createdBy: 'someone' }, { created_by: 'someone' }, { version: 7 }, { status: 'retired' }, { addressKey: 'x' }, { id: 1 }]) {
      const res = await call(staff, 'POST', '/registry/buildings', buildingBody(extra))
      expect(res.statusCode, JSON.stringify(extra)).toBe(400)
      expect(res.json().error.details).toContainEqual(expect.objectContaining({ field: `/${Object.keys(extra)[0]}`, problem: 'additionalProperties' }))
    }
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/buildings',
      headers: { ...staff.headers, 'content-type': 'application/json' },
      payload: `{"__proto__":{"gridCode":"${otherGrid}"},${JSON.stringify(buildingBody()).slice(1)}`,
    })
    expect(proto.statusCode).toBe(400)
    expect((await call(staff, 'POST', '/registry/buildings', buildingBody({ address: '长'.repeat(300) }))).statusCode).toBe(400)
    // A mediator reads the registry but does not write it.
    expect((await call(mediator, 'POST', '/registry/buildings', buildingBody())).statusCode).toBe(403)
    expect(await fingerprint()).toBe(before)
    // The refusals outside the scope were audited.
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.out_of_scope' AND target = ${`grid:${otherGrid}`}`.execute(t.database.db)
    expect(audit.rows[0]!.n).toBeGreaterThan(0)
  })

  it('refuses a second building at the same address in a grid, and rooms twice, naming each', async () => {
    const address = freshAddress()
    const b = await newBuilding({ address, rooms: [{ unit: '1', floor: 1, number: '101' }] })
    const before = await fingerprint()
    const again = await call(staff, 'POST', '/registry/buildings', buildingBody({ address: `青海省西宁市城东区 ${address.replace(/(\d)号楼$/u, '$1栋')}` }))
    expect(again.statusCode, again.body).toBe(409)
    expect(again.json().error.details[0]).toMatchObject({ field: '/address', problem: 'duplicate_address', buildingId: b.id })
    const twice = await call(staff, 'POST', '/registry/buildings', buildingBody({ rooms: [{ unit: '1', number: '101' }, { unit: '1', number: '102' }, { unit: '1单元', number: '101室' }] }))
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.details).toEqual([expect.objectContaining({ field: '/rooms/2', problem: 'duplicate_room', unit: '1', number: '101' })])
    const add = await call(staff, 'POST', `/registry/buildings/${b.id}/rooms`, { version: 1, rooms: [{ unit: '1', number: '101' }, { unit: '1', number: '201', floor: 2 }, { unit: '1', number: '201', floor: 2 }] })
    expect(add.statusCode).toBe(409)
    expect(add.json().error.details.map((d: { field: string; problem: string }) => `${d.field}:${d.problem}`).sort()).toEqual(['/rooms/0:duplicate_room', '/rooms/2:duplicate_room'])
    const staleAdd = await call(staff, 'POST', `/registry/buildings/${b.id}/rooms`, { version: 2, rooms: [{ unit: '1', number: '301', floor: 3 }] })
    expect(staleAdd.statusCode).toBe(409)
    expect(staleAdd.json().error.details[0]).toMatchObject({ field: '/version', problem: 'stale_version' })
    expect((await call(staff, 'POST', `/registry/buildings/${b.id}/rooms`, { version: 1, rooms: [{ unit: '1', number: '901', floor: 9 }] })).json().error.details[0]).toMatchObject({ field: '/rooms/0/floor', problem: 'above_top_floor' })
    expect((await call(staff, 'POST', `/registry/buildings/${b.id}/rooms`, { version: 1, rooms: [] })).statusCode).toBe(400)
    expect(await fingerprint()).toBe(before)
    // The same address in another grid is another building.
    expect((await call(staff, 'POST', '/registry/buildings', buildingBody({ address, location: inGrid2 }))).statusCode).toBe(201)
    // Adding new rooms: the building's version moves on.
    const added = await call(staff, 'POST', `/registry/buildings/${b.id}/rooms`, { version: 1, rooms: [{ unit: '1', number: '102', floor: 1 }, { unit: '1', number: '201', floor: 2 }] })
    expect(added.statusCode, added.body).toBe(201)
    expect(added.json()).toMatchObject({ version: 2, rooms: 3 })
    const history = (await call(staff, 'GET', `/registry/buildings/${b.id}/history`)).json()
    expect(history.changes.map((c: { action: string }) => c.action)).toEqual(['rooms.add', 'create'])
  })

  it('changes a building against its version, and a move to another grid takes its residents, households and rentals along with exact totals', async () => {
    const b = await newBuilding({ rooms: { units: 1, floors: 3, roomsPerFloor: 2 } })
    const rooms = b.roomList as { id: number; number: string }[]
    const people = [await newPerson({ roomId: rooms[0]!.id }), await newPerson({ roomId: rooms[0]!.id }), await newPerson({ roomId: rooms[1]!.id })]
    const gone = await newPerson({ roomId: rooms[2]!.id })
    expect((await call(staff, 'POST', `/registry/people/${gone.id}/status`, { version: 1, status: 'moved_out', reason: '迁往外省' })).statusCode).toBe(200)
    const listed = await call(staff, 'POST', `/registry/people/${people[0]!.id}/lists`, { listCode: 'elderly_alone', fields: { emergencyContact: '王芳', emergencyPhone: '13700002222' } })
    expect(listed.statusCode, listed.body).toBe(201)
    const household = (await call(staff, 'POST', '/registry/households', { roomId: rooms[0]!.id })).json()
    expect(household.grid.code).toBe(GRID)
    const rental = await call(staff, 'POST', '/registry/rentals', { roomId: rooms[1]!.id, landlordName: '李秀英', startedOn: '2025-06-01', tenants: [people[2]!.id] })
    expect(rental.statusCode, rental.body).toBe(201)
    const [a0, b0] = [await gridTotals(GRID), await gridTotals(GRID2)]

    // A plain change: no move.
    const renamed = await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 1, name: '南关街新楼', hazardGrade: 'serious' })
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect(renamed.json()).toMatchObject({ version: 2, name: '南关街新楼', hazardGrade: 'serious', grid: { code: GRID } })

    // Stale versions and places outside the scope or the city change nothing.
    const before = await fingerprint()
    const stale = await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 1, location: inGrid2 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.details[0]).toMatchObject({ field: '/version', problem: 'stale_version' })
    for (const [body, field, problem] of [
      [{ location: inOther }, '/location', 'outside_scope'],
      [{ location: offMap }, '/location', 'outside_city'],
      [{ location: inGrid2, gridCode: GRID }, '/gridCode', 'grid_mismatch'],
      [{ floors: 2 }, '/floors', 'below_room_floors'],
      [{ use: '城堡' }, '/use', 'not_a_code'],
    ] as const) {
      const res = await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 2, ...body })
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.details).toContainEqual(expect.objectContaining({ field, problem }))
    }
    for (const extra of [{ grid_code: GRID2 }, { status: 'retired' }, { updatedBy: 'x' }]) {
      expect((await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 2, ...extra })).statusCode).toBe(400)
    }
    expect(await fingerprint()).toBe(before)

    // The move.
    const moved = await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 2, location: inGrid2, reason: '坐标更正' })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({ version: 3, grid: { code: GRID2 }, residents: 3 })
    for (const p of people) {
      const now = (await call(staff, 'GET', `/registry/people/${p.id}`)).json()
      expect(now).toMatchObject({ grid: { code: GRID2 }, version: p.version + 1 })
      const history = (await call(staff, 'GET', `/registry/people/${p.id}/history`)).json()
      expect(history.changes[0]).toMatchObject({ action: 'move', reason: 'building moved', changes: { gridCode: [GRID, GRID2], buildingId: b.id } })
      expect(history.residences.map((r: { grid: { code: string }; validTo: string | null; reason: string }) => [r.grid.code, r.validTo === null, r.reason])).toEqual([
        [GRID2, true, 'building moved'],
        [GRID, false, 'registered'],
      ])
    }
    expect((await call(staff, 'GET', `/registry/people/${gone.id}`)).json().grid.code).toBe(GRID)
    expect((await call(staff, 'GET', `/registry/households/${household.id}`)).json()).toMatchObject({ grid: { code: GRID2 }, version: 2 })
    expect((await call(staff, 'GET', `/registry/rentals/${rental.json().id}`)).json()).toMatchObject({ grid: { code: GRID2 }, version: 2 })
    const listGrid = await sql<{ grid_code: string }>`SELECT grid_code FROM person_list WHERE person_id = ${people[0]!.id} AND ended_at IS NULL`.execute(t.database.db)
    expect(listGrid.rows).toEqual([{ grid_code: GRID2 }])
    const [a1, b1] = [await gridTotals(GRID), await gridTotals(GRID2)]
    for (const [metric, n] of [['person', 3], ['building', 1], ['household', 1], ['list.elderly_alone', 1]] as const) {
      expect(a1[metric] ?? 0, metric).toBe((a0[metric] ?? 0) - n)
      expect(b1[metric] ?? 0, metric).toBe((b0[metric] ?? 0) + n)
    }
    expect(await drift()).toBe(0)
    const buildingHistory = (await call(staff, 'GET', `/registry/buildings/${b.id}/history`)).json()
    expect(buildingHistory.changes[0]).toMatchObject({ action: 'move', reason: '坐标更正', changes: { gridCode: [GRID, GRID2], moved: { people: 3, households: 1, rentals: 1 } } })
    // Moving back is a move too.
    const back = await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 3, location: inGrid, gridCode: GRID })
    expect(back.statusCode, back.body).toBe(200)
    expect(back.json().grid.code).toBe(GRID)
    expect(await drift()).toBe(0)
  })

  it('retires a building only when no one lives in it and no room is rented', async () => {
    const b = await newBuilding({ rooms: [{ unit: '1', floor: 1, number: '101' }, { unit: '1', floor: 1, number: '102' }] })
    const resident = await newPerson({ roomId: b.roomList[0].id })
    const g0 = await gridTotals(GRID)
    const before = await fingerprint()
    const busy = await call(staff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 1, reason: '拆除' })
    expect(busy.statusCode).toBe(409)
    expect(busy.json().error.details).toEqual([expect.objectContaining({ problem: 'has_residents', count: 1 })])
    expect((await call(staff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 1, reason: '' })).statusCode).toBe(400)
    expect((await call(staff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 1 })).json().error.details).toContainEqual(expect.objectContaining({ field: '/reason', problem: 'required' }))
    expect(await fingerprint()).toBe(before)
    const failed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'building.retire' AND target = ${`building:${b.id}`} AND outcome = 'failure'`.execute(t.database.db)
    expect(failed.rows[0]!.n).toBe(1)

    expect((await call(staff, 'POST', `/registry/people/${resident.id}/status`, { version: 1, status: 'moved_out', reason: '搬走' })).statusCode).toBe(200)
    expect((await call(staff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 2, reason: '拆除' })).json().error.details[0]).toMatchObject({ problem: 'stale_version' })
    const retired = await call(staff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 1, reason: '拆除' })
    expect(retired.statusCode, retired.body).toBe(200)
    expect(retired.json()).toMatchObject({ status: 'retired', statusReason: '拆除', version: 2 })
    expect((await gridTotals(GRID)).building).toBe((g0.building ?? 0) - 1)
    expect(await drift()).toBe(0)
    const q = `q=${encodeURIComponent(b.address)}`
    expect((await call(staff, 'GET', `/registry/buildings?${q}`)).json().items).toEqual([])
    expect((await call(staff, 'GET', `/registry/buildings?${q}&status=retired`)).json().items.map((x: { id: number }) => x.id)).toEqual([b.id])
    // A retired building is not changed, not retired again, takes no rooms, people or rentals.
    expect((await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 2, name: '新名' })).json().error.details[0]).toMatchObject({ problem: 'not_active' })
    expect((await call(staff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 2, reason: '再次' })).json().error.details[0]).toMatchObject({ problem: 'already_retired' })
    expect((await call(staff, 'POST', `/registry/buildings/${b.id}/rooms`, { version: 2, rooms: [{ number: '103' }] })).statusCode).toBe(409)
    const person = await call(staff, 'POST', '/registry/people', { name: '马建国', idNumber: freshId(), ethnicity: '01', residenceCategory: 'registered', address: 'x路1号', roomId: b.roomList[1].id })
    expect(person.json().error.details).toContainEqual(expect.objectContaining({ field: '/roomId', problem: 'not_found' }))
    const rent = await call(staff, 'POST', '/registry/rentals', { roomId: b.roomList[1].id, landlordName: '李秀英', startedOn: '2025-01-01' })
    expect(rent.json().error.details).toContainEqual(expect.objectContaining({ field: '/roomId', problem: 'not_active' }))
    // The same address may be registered again.
    expect((await call(staff, 'POST', '/registry/buildings', buildingBody({ address: b.address }))).statusCode).toBe(201)
  })

  it('registers and changes households at a room or an address', async () => {
    const address = freshAddress()
    const b = await newBuilding({ address, rooms: { units: 2, floors: 3, roomsPerFloor: 2 } })
    const atRoom = await call(staff, 'POST', '/registry/households', { roomId: roomOf(b, '2', '301').id, householdNo: '630103-0001', kind: 'family' })
    expect(atRoom.statusCode, atRoom.body).toBe(201)
    expect(atRoom.json()).toMatchObject({ householdNo: '630103-0001', kind: 'family', address: `${address}2单元301室`, grid: { code: GRID }, room: { id: roomOf(b, '2', '301').id, unit: '2', number: '301' }, members: [], version: 1 })
    // An address of a registered building finds its grid and room; another address needs a grid code.
    const byAddress = await call(staff, 'POST', '/registry/households', { address: `${address}1单元202室`, kind: 'collective' })
    expect(byAddress.statusCode, byAddress.body).toBe(201)
    expect(byAddress.json()).toMatchObject({ kind: 'collective', grid: { code: GRID }, room: { unit: '1', number: '202' } })
    const byGrid = await call(staff, 'POST', '/registry/households', { address: '没有登记的楼1号', gridCode: GRID2 })
    expect(byGrid.statusCode, byGrid.body).toBe(201)
    expect(byGrid.json()).toMatchObject({ grid: { code: GRID2 }, room: null, kind: 'family' })

    const before = await fingerprint()
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, '/address', 'required'],
      [{ address: '没有登记的楼2号' }, '/address', 'no_grid'],
      [{ address: '某路1号', gridCode: otherGrid }, '/gridCode', 'not_found'],
      [{ roomId: 999999999 }, '/roomId', 'not_found'],
      [{ roomId: roomOf(b, '1', '101').id, gridCode: GRID2 }, '/gridCode', 'grid_mismatch'],
      [{ roomId: roomOf(b, '1', '101').id, householdNo: '户 号#1' }, '/householdNo', 'bad_format'],
      [{ roomId: roomOf(b, '1', '101').id, kind: 'tribe' }, '/kind', 'enum'],
      [{ roomId: roomOf(b, '1', '101').id, grid_code: GRID2 }, '/grid_code', 'additionalProperties'],
      [{ roomId: roomOf(b, '1', '101').id, version: 3 }, '/version', 'additionalProperties'],
      [{ roomId: roomOf(b, '1', '101').id, createdBy: 'x' }, '/createdBy', 'additionalProperties'],
    ]
    for (const [body, field, problem] of cases) {
      const res = await call(staff, 'POST', '/registry/households', body)
      expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(400)
      expect(res.json().error.details, JSON.stringify(body)).toContainEqual(expect.objectContaining({ field, problem }))
    }
    const h = atRoom.json()
    expect((await call(staff, 'PATCH', `/registry/households/${h.id}`, { version: 2, kind: 'collective' })).json().error.details[0]).toMatchObject({ problem: 'stale_version' })
    expect((await call(staff, 'PATCH', `/registry/households/${h.id}`, { version: 1, householdNo: '#' })).json().error.details[0]).toMatchObject({ field: '/householdNo', problem: 'bad_format' })
    expect((await call(otherStaff, 'PATCH', `/registry/households/${h.id}`, { version: 1, kind: 'collective' })).statusCode).toBe(404)
    expect(await fingerprint()).toBe(before)
    const denied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.out_of_scope' AND target = ${`household:${h.id}`}`.execute(t.database.db)
    expect(denied.rows[0]!.n).toBe(1)

    const changed = await call(staff, 'PATCH', `/registry/households/${h.id}`, { version: 1, householdNo: '630103-0002', kind: 'collective' })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ householdNo: '630103-0002', kind: 'collective', version: 2 })
    // Members join through the person's householdId.
    const member = await newPerson({ roomId: roomOf(b, '2', '301').id, householdId: h.id, relation: '户主' })
    const withMember = (await call(staff, 'GET', `/registry/households/${h.id}`)).json()
    expect(withMember.members.map((m: { id: number; relation: string }) => [m.id, m.relation])).toEqual([[member.id, '02']])
    const change = await sql<{ action: string; changes: Record<string, unknown> }>`
      SELECT action, changes FROM registry_change WHERE entity = 'household' AND entity_id = ${h.id} ORDER BY id`.execute(t.database.db)
    expect(change.rows.map((r) => r.action)).toEqual(['create', 'update'])
    expect(change.rows[1]!.changes).toEqual({ householdNo: ['630103-0001', '630103-0002'], kind: ['family', 'collective'] })
    expect(await drift()).toBe(0)
  })

  it('registers rentals with their tenants, one per room, and ends tenancies and rentals', async () => {
    const b = await newBuilding({ rooms: { units: 1, floors: 2, roomsPerFloor: 2 } })
    const [r1, r2] = [roomOf(b, '1', '101'), roomOf(b, '1', '102')]
    const landlord = await newPerson({ name: '韩永福' })
    const tenantId = freshId('1995-07-07')
    const tenantA = await newPerson({ name: '才让卓玛', idNumber: tenantId, phone: '13897001234', roomId: r1.id, residenceCategory: 'floating' })
    const tenantB = await newPerson({ name: '李娜', roomId: r1.id })
    const outsider = (
      await call(otherStaff, 'POST', '/registry/people', { name: '外区人', idNumber: freshId(), ethnicity: '01', residenceCategory: 'registered', address: '外区某路1号', gridCode: otherGrid })
    ).json()
    expect(outsider.id).toBeGreaterThan(0)

    const res = await call(staff, 'POST', '/registry/rentals', { roomId: r1.id, landlordPersonId: landlord.id, purpose: 'residence', startedOn: '2025-03-01', tenants: [tenantA.id] })
    expect(res.statusCode, res.body).toBe(201)
    const rental = res.json()
    expect(rental).toMatchObject({
      room: { id: r1.id, buildingId: b.id, unit: '1', number: '101' },
      grid: { code: GRID },
      landlordName: '韩永福',
      landlordPersonId: landlord.id,
      startedOn: '2025-03-01',
      endedOn: null,
      status: 'active',
      tenantCount: 1,
      version: 1,
    })
    expect(rental.tenants).toEqual([
      expect.objectContaining({ personId: tenantA.id, startedOn: '2025-03-01', endedOn: null, person: expect.objectContaining({ name: '才让卓玛', phoneMasked: '138****1234', residenceCategory: 'floating' }) }),
    ])
    expect(rental.tenants[0].person.idNumberMasked).toBe(`${tenantId.slice(0, 6)}********${tenantId.slice(14)}`)
    expect(res.body).not.toContain(tenantId)
    expect(res.body).not.toContain('13897001234')
    const room = (await call(staff, 'GET', `/registry/buildings/${b.id}`)).json().roomList.find((r: { id: number }) => r.id === r1.id)
    expect(room).toMatchObject({ rented: true, residents: 2 })

    // Bad input, a second rental of the room, people outside the scope: nothing written.
    const before = await fingerprint()
    const twice = await call(staff, 'POST', '/registry/rentals', { roomId: r1.id, landlordName: '王五', startedOn: '2025-04-01' })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.details[0]).toMatchObject({ field: '/roomId', problem: 'already_rented', rentalId: rental.id })
    const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10)
    const cases: [Record<string, unknown>, string, string][] = [
      [{ tenants: [outsider.id] }, '/tenants/0', 'not_found'],
      [{ tenants: [tenantB.id, 999999999] }, '/tenants/1', 'not_found'],
      [{ landlordName: undefined }, '/landlordName', 'required'],
      [{ landlordName: '王五5' }, '/landlordName', 'bad_characters'],
      [{ landlordName: undefined, landlordPersonId: outsider.id }, '/landlordPersonId', 'not_found'],
      [{ landlordName: '别人', landlordPersonId: landlord.id }, '/landlordName', 'landlord_mismatch'],
      [{ landlordName: undefined, landlordPersonId: landlord.id, tenants: [landlord.id] }, '/tenants/0', 'landlord_as_tenant'],
      [{ startedOn: future }, '/startedOn', 'in_future'],
      [{ startedOn: '2025-02-30' }, '/startedOn', 'format'],
      [{ startedOn: undefined }, '/startedOn', 'required'],
      [{ purpose: 'party' }, '/purpose', 'enum'],
      [{ roomId: 999999999 }, '/roomId', 'not_found'],
      [{ tenants: [tenantB.id, tenantB.id] }, '/tenants', 'uniqueItems'],
      [{ grid_code: GRID2 }, '/grid_code', 'additionalProperties'],
      [{ status: 'ended' }, '/status', 'additionalProperties'],
      [{ version: 2 }, '/version', 'additionalProperties'],
    ]
    for (const [over, field, problem] of cases) {
      const body = { roomId: r2.id, landlordName: '王五', startedOn: '2025-04-01', ...over }
      const bad = await call(staff, 'POST', '/registry/rentals', body)
      expect(bad.statusCode, `${JSON.stringify(over)} ${bad.body}`).toBe(400)
      expect(bad.json().error.details, JSON.stringify(over)).toContainEqual(expect.objectContaining({ field, problem }))
    }
    // A room outside the scope is a room that does not exist.
    const otherBuilding = await call(otherStaff, 'POST', '/registry/buildings', buildingBody({ location: inOther, rooms: [{ number: '1' }] }))
    expect(otherBuilding.statusCode, otherBuilding.body).toBe(201)
    const foreignRoom = otherBuilding.json().roomList[0].id
    const before2 = await fingerprint()
    expect((await call(staff, 'POST', '/registry/rentals', { roomId: foreignRoom, landlordName: '王五', startedOn: '2025-04-01' })).json().error.details).toContainEqual(
      expect.objectContaining({ field: '/roomId', problem: 'not_found' }),
    )
    expect(await fingerprint()).toBe(before2)
    expect(before2).not.toBe(before)
    const denied = await sql<{ target: string }>`SELECT DISTINCT target FROM audit_event WHERE action = 'access.out_of_scope' AND target IN (${`person:${outsider.id}`}, ${`room:${foreignRoom}`})`.execute(t.database.db)
    expect(denied.rows.map((r) => r.target).sort()).toEqual([`person:${outsider.id}`, `room:${foreignRoom}`].sort())

    // Tenants come and go against the rental's version.
    const beforeTenants = await fingerprint()
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants`, { version: 1, personId: tenantA.id })).json().error.details[0]).toMatchObject({ problem: 'already_tenant' })
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants`, { version: 1, personId: outsider.id })).json().error.details[0]).toMatchObject({ field: '/personId', problem: 'not_found' })
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants`, { version: 1, personId: tenantB.id, startedOn: '2025-01-01' })).json().error.details[0]).toMatchObject({ field: '/startedOn', problem: 'before_start' })
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants`, { version: 2, personId: tenantB.id })).json().error.details[0]).toMatchObject({ problem: 'stale_version' })
    expect(await fingerprint()).toBe(beforeTenants)
    const added = await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants`, { version: 1, personId: tenantB.id, startedOn: '2025-05-01' })
    expect(added.statusCode, added.body).toBe(201)
    expect(added.json()).toMatchObject({ version: 2, tenantCount: 2 })
    const early = await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants/${tenantB.id}/end`, { version: 2, endedOn: '2025-04-01' })
    expect(early.json().error.details[0]).toMatchObject({ field: '/endedOn', problem: 'before_start' })
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants/${landlord.id}/end`, { version: 2, endedOn: '2025-06-01' })).statusCode).toBe(404)
    const endedB = await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants/${tenantB.id}/end`, { version: 2, endedOn: '2025-06-30' })
    expect(endedB.statusCode, endedB.body).toBe(200)
    expect(endedB.json()).toMatchObject({ version: 3, tenantCount: 1 })
    expect(endedB.json().tenants.map((x: { personId: number; endedOn: string | null }) => [x.personId, x.endedOn])).toEqual([
      [tenantA.id, null],
      [tenantB.id, '2025-06-30'],
    ])

    // Lists and reads: scoped, audited; another area sees nothing and gets 404.
    expect((await call(staff, 'GET', `/registry/rentals/${rental.id}`)).json()).toMatchObject({ version: 3, tenantCount: 1 })
    const list = await call(staff, 'GET', `/registry/rentals?areaCode=${COMMUNITY}&buildingId=${b.id}`)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().items.map((x: { id: number }) => x.id)).toEqual([rental.id])
    expect((await call(staff, 'GET', `/registry/rentals?status=ended&buildingId=${b.id}`)).json().items).toEqual([])
    expect((await call(otherStaff, 'GET', `/registry/rentals?buildingId=${b.id}`)).json().items).toEqual([])
    expect((await call(otherStaff, 'GET', `/registry/rentals?areaCode=${COMMUNITY}`)).statusCode).toBe(404)
    const hidden = await call(otherStaff, 'GET', `/registry/rentals/${rental.id}`)
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().error.code).toBe((await call(otherStaff, 'GET', '/registry/rentals/999999999')).json().error.code)
    const audits = await sql<{ action: string; outcome: string }>`SELECT action, outcome FROM audit_event WHERE target = ${`rental:${rental.id}`} AND action IN ('rental.read', 'access.out_of_scope') ORDER BY seq`.execute(t.database.db)
    expect(audits.rows).toEqual([{ action: 'rental.read', outcome: 'success' }, { action: 'access.out_of_scope', outcome: 'denied' }])
    const searches = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'rental.search'`.execute(t.database.db)
    expect(searches.rows[0]!.n).toBeGreaterThanOrEqual(3)

    // Ending the rental ends its open tenancies; the room can be rented again.
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/end`, { version: 3, endedOn: '2025-02-01', reason: '退租' })).json().error.details[0]).toMatchObject({ field: '/endedOn', problem: 'before_start' })
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/end`, { version: 3, endedOn: '2025-08-01' })).json().error.details).toContainEqual(expect.objectContaining({ field: '/reason', problem: 'required' }))
    const ended = await call(staff, 'POST', `/registry/rentals/${rental.id}/end`, { version: 3, endedOn: chinaToday(), reason: '退租' })
    expect(ended.statusCode, ended.body).toBe(200)
    expect(ended.json()).toMatchObject({ status: 'ended', endedOn: chinaToday(), tenantCount: 0, version: 4 })
    expect(ended.json().tenants.every((x: { endedOn: string | null }) => x.endedOn !== null)).toBe(true)
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/end`, { version: 4, endedOn: chinaToday(), reason: '退租' })).json().error.details[0]).toMatchObject({ problem: 'rental_ended' })
    expect((await call(staff, 'POST', `/registry/rentals/${rental.id}/tenants`, { version: 4, personId: tenantB.id })).json().error.details[0]).toMatchObject({ problem: 'rental_ended' })
    const again = await call(staff, 'POST', '/registry/rentals', { roomId: r1.id, landlordName: '韩永福', purpose: 'business', startedOn: chinaToday() })
    expect(again.statusCode, again.body).toBe(201)
    expect(again.json()).toMatchObject({ tenantCount: 0, tenants: [], purpose: 'business' })
    const history = await sql<{ action: string; reason: string | null }>`SELECT action, reason FROM registry_change WHERE entity = 'rental' AND entity_id = ${rental.id} ORDER BY id`.execute(t.database.db)
    expect(history.rows).toEqual([
      { action: 'create', reason: null },
      { action: 'tenant.add', reason: null },
      { action: 'tenant.end', reason: null },
      { action: 'end', reason: '退租' },
    ])
  })

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json()
    for (const p of ['/api/v1/registry/buildings', '/api/v1/registry/buildings/{id}', '/api/v1/registry/buildings/{id}/rooms', '/api/v1/registry/households', '/api/v1/registry/rentals/{id}/tenants/{personId}/end']) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
    const body = doc.paths['/api/v1/registry/buildings'].post.requestBody.content['application/json'].schema
    expect(body.properties.floors).toMatchObject({ type: 'integer', nullable: true, minimum: 1 })
    // null clears a field; 0 is refused, not taken for null.
    const b = await newBuilding({ floors: 9 })
    const cleared = await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 1, floors: null, builtYear: null })
    expect(cleared.statusCode, cleared.body).toBe(200)
    expect(cleared.json()).toMatchObject({ floors: null, builtYear: null, version: 2 })
    expect((await call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 2, floors: 0 })).statusCode).toBe(400)
  })

  it('hides buildings outside the scope: 404 like a missing one, audited, absent from searches, not changed', async () => {
    const b = await newBuilding({ name: '范围测试楼', rooms: [{ number: '1' }] })
    const res = await call(otherStaff, 'GET', `/registry/buildings/${b.id}`)
    expect(res.statusCode).toBe(404)
    const missing = await call(otherStaff, 'GET', '/registry/buildings/999999999')
    expect(res.json().error.code).toBe(missing.json().error.code)
    expect((await call(otherStaff, 'GET', `/registry/buildings/${b.id}/history`)).statusCode).toBe(404)
    expect((await call(otherStaff, 'GET', `/registry/buildings?q=${encodeURIComponent('范围测试楼')}`)).json().items).toEqual([])
    expect((await call(otherStaff, 'GET', `/registry/buildings?areaCode=${GRID}`)).statusCode).toBe(404)
    expect((await call(otherStaff, 'GET', `/registry/buildings?lon=${inGrid.lon}&lat=${inGrid.lat}&radius=50`)).json().items).toEqual([])
    const before = await fingerprint()
    expect((await call(otherStaff, 'PATCH', `/registry/buildings/${b.id}`, { version: 1, name: '改名' })).statusCode).toBe(404)
    expect((await call(otherStaff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 1, reason: '拆除' })).statusCode).toBe(404)
    expect((await call(otherStaff, 'POST', `/registry/buildings/${b.id}/rooms`, { version: 1, rooms: [{ number: '2' }] })).statusCode).toBe(404)
    expect((await call(otherStaff, 'POST', '/registry/households', { roomId: b.roomList[0].id })).json().error.details).toContainEqual(expect.objectContaining({ field: '/roomId', problem: 'not_found' }))
    expect(await fingerprint()).toBe(before)
    const denied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.out_of_scope' AND target = ${`building:${b.id}`}`.execute(t.database.db)
    expect(denied.rows[0]!.n).toBe(5)
    // The mediator reads buildings in the scope.
    expect((await call(mediator, 'GET', `/registry/buildings/${b.id}`)).statusCode).toBe(200)
    expect((await call(mediator, 'PATCH', `/registry/buildings/${b.id}`, { version: 1, name: '改名' })).statusCode).toBe(403)
  })

  it('keeps the totals exact under concurrent registrations, moves and retirements of buildings', async () => {
    const [a0, b0] = [await gridTotals(GRID), await gridTotals(GRID2)]
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => call(staff, 'POST', '/registry/buildings', buildingBody({ location: i % 2 ? inGrid2 : inGrid }))))
    expect(created.map((r) => r.statusCode)).toEqual(Array(8).fill(201))
    const bs = created.map((r) => r.json())
    const results = await Promise.all([
      ...bs.slice(0, 4).map((b) => call(staff, 'PATCH', `/registry/buildings/${b.id}`, { version: 1, location: b.grid.code === GRID ? inGrid2 : inGrid })),
      ...bs.slice(4, 6).map((b) => call(staff, 'POST', `/registry/buildings/${b.id}/retire`, { version: 1, reason: '重复登记' })),
    ])
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(200))
    const [a1, b1] = [await gridTotals(GRID), await gridTotals(GRID2)]
    expect((a1.building ?? 0) + (b1.building ?? 0)).toBe((a0.building ?? 0) + (b0.building ?? 0) + 6)
    expect(await drift()).toBe(0)
  })
})
