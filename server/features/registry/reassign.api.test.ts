// When grid boundaries change, every registry record moves to the grid it now lies in, in the
// boundary change's transaction (a dry run only reports), and the totals stay exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'
import { makeIdNumber } from '../../../shared/validation/id-number.ts'

const COMMUNITY = '630103001003'
const [G1, G2] = ['630103001003001', '630103001003002']

describe.each(BACKENDS)('re-assignment after a boundary change on %s', (backend) => {
  let t: TestApp
  let street: Caller

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const a = await createTestAccount(t, { role: 'street_staff', scopeCode: COMMUNITY.slice(0, 9) })
    street = await loginAs(t, a.username)
  }, 300_000)
  afterAll(async () => t?.close())

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: street.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  it('moves buildings, their residents, facilities and located people to their new grids; people placed by grid alone stay', async () => {
    const db = t.database.db
    const p = (await sql<{ lon: number; lat: number }>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${G1}`.execute(db)).rows[0]!
    const building = await call('POST', '/registry/buildings', { name: '重划测试楼', address: '南关街99号1号楼', use: 'residential', floors: 6, location: p, rooms: { units: 1, floors: 2, roomsPerFloor: 2 } })
    expect(building.statusCode, building.body).toBe(201)
    const room = building.json().roomList[0]
    const person = (id: string, extra: object) =>
      call('POST', '/registry/people', { name: '重划居民', idNumber: id, ethnicity: '01', residenceCategory: 'registered', address: '南关街99号1号楼101室', ...extra })
    const inRoom = await person(makeIdNumber('630103', '1970-01-01', 701), { roomId: room.id })
    const located = await person(makeIdNumber('630103', '1970-01-02', 703), { location: p })
    const byGrid = await person(makeIdNumber('630103', '1970-01-03', 705), { gridCode: G1 })
    for (const r of [inRoom, located, byGrid]) expect(r.statusCode, r.body).toBe(201)
    const facility = await call('POST', '/registry/facilities', { class: 'public_utility', kind: 'manhole', name: '重划井盖', location: p })
    expect(facility.statusCode, facility.body).toBe(201)

    // Swap the two grids' shapes: coverage still holds, and everything at p now lies in G2.
    const exported = JSON.parse((await call('GET', `/areas/${COMMUNITY}/export?levels=grid`)).body)
    const f1 = exported.features.find((f: { properties: { code: string } }) => f.properties.code === G1)
    const f2 = exported.features.find((f: { properties: { code: string } }) => f.properties.code === G2)
    ;[f1.geometry, f2.geometry] = [f2.geometry, f1.geometry]
    const body = { type: 'FeatureCollection', features: [f1, f2] }
    const dry = await call('POST', `/areas/${COMMUNITY}/import?dryRun=true`, body)
    expect(dry.statusCode, dry.body).toBe(200)
    expect(dry.json().reassigned).toMatchObject({ building: 1, facility: 1 })
    expect(dry.json().reassigned.person).toBeGreaterThanOrEqual(2)
    const gridOf = async (table: string, id: number) => (await sql<{ g: string }>`SELECT grid_code AS g FROM ${sql.table(table)} WHERE id = ${id}`.execute(db)).rows[0]!.g
    expect(await gridOf('building', building.json().id)).toBe(G1)

    const applied = await call('POST', `/areas/${COMMUNITY}/import`, body)
    expect(applied.statusCode, applied.body).toBe(200)
    expect(await gridOf('building', building.json().id)).toBe(G2)
    expect(await gridOf('person', inRoom.json().id)).toBe(G2)
    expect(await gridOf('person', located.json().id)).toBe(G2)
    expect(await gridOf('facility', facility.json().id)).toBe(G2)
    expect(await gridOf('person', byGrid.json().id)).toBe(G1)
    const history = (await call('GET', `/registry/people/${inRoom.json().id}/history`)).json()
    expect(history.changes[0]).toMatchObject({ action: 'reassign', changes: { gridCode: [G1, G2] } })
    const drift = await sql<{ n: number }>`SELECT count(*)::int AS n FROM registry_total_drift()`.execute(db)
    expect(drift.rows[0]!.n).toBe(0)
  })
})
