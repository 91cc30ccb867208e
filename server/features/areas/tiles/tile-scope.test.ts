// Tiles through the whole app with real accounts: each caller's tiles hold only the areas of their scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../../test/helpers.ts'
import { tileAt } from './tile.contract.ts'

function codes(body: Buffer): Record<string, string[]> {
  const tile = new VectorTile(new Pbf(body))
  const out: Record<string, string[]> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.code)).sort()
  }
  return out
}

describe.each(BACKENDS)('scoped tiles on %s', (backend) => {
  let t: TestApp
  let community: Caller
  let city: Caller
  beforeAll(async () => {
    t = await buildTestApp(backend)
    community = await loginAs(t, (await createTestAccount(t, { role: 'community_staff', scopeCode: '630102001001' })).username)
    city = await loginAs(t, (await createTestAccount(t, { role: 'city_admin', scopeCode: '630100' })).username)
  })
  afterAll(async () => t?.close())

  it('serves a community worker only their community and its grids, the city everything', async () => {
    const detail = (await t.app.inject({ url: '/api/v1/areas/630102001001', headers: community.headers })).json()
    const [w, s, e, n] = detail.bbox as number[]
    const address = tileAt(12, (w! + e!) / 2, (s! + n!) / 2)
    const url = `/api/v1/tiles/${address.z}/${address.x}/${address.y}.mvt`

    const mine = await t.app.inject({ url, headers: community.headers })
    const all = await t.app.inject({ url, headers: city.headers })
    expect(mine.statusCode).toBe(200)
    expect(all.statusCode).toBe(200)
    expect(mine.headers.etag).not.toBe(all.headers.etag)
    expect(mine.headers['cache-control']).toMatch(/private/)

    const seen = codes(mine.rawPayload)
    const everything = codes(all.rawPayload)
    expect(seen.district ?? []).toEqual([])
    expect(seen.street ?? []).toEqual([])
    expect(seen.community).toEqual(['630102001001'])
    expect(seen.grid!.length).toBeGreaterThan(0)
    expect(seen.grid!.every((c) => c.startsWith('630102001001'))).toBe(true)
    expect(everything.grid!).toEqual(expect.arrayContaining(seen.grid!))
    expect(everything.grid!.length).toBeGreaterThan(seen.grid!.length)
    expect(everything.district!.length).toBeGreaterThan(0)

    expect((await t.app.inject({ url })).statusCode).toBe(401)
  })
})
