// The areas API over the demo city, and the platform around it (OpenAPI, error shape, 404s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS, buildTestApp, type TestApp } from '../../../test/helpers.ts'

describe.each(BACKENDS)('areas API on %s', (backend) => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(backend, { as: 'city_admin' })
  })
  afterAll(async () => t?.close())

  const get = async (url: string, status = 200) => {
    const res = await t.app.inject({ url })
    expect(res.statusCode, res.body).toBe(status)
    return res.json()
  }

  it('lists the city as the root, and the 7 county-level areas below it', async () => {
    const roots = await get('/api/v1/areas')
    expect(roots.items).toHaveLength(1)
    expect(roots.items[0]).toMatchObject({ code: '630100', name: '西宁市', level: 'city', parentCode: null, childCount: 7 })
    const districts = await get('/api/v1/areas?parentCode=630100')
    expect(districts.items.map((d: { code: string }) => d.code)).toEqual(['630102', '630103', '630104', '630105', '630106', '630121', '630123'])
    expect(districts.items.reduce((s: number, d: { childCount: number }) => s + d.childCount, 0)).toBe(80)
    const total = districts.items.reduce((s: number, d: { areaKm2: number }) => s + d.areaKm2, 0)
    expect(total).toBeCloseTo(roots.items[0].areaKm2, 0)
  })

  it('shows an area with its parent chain, size, child count and responsible unit', async () => {
    const grids = await get('/api/v1/areas?parentCode=630102001001')
    expect(grids.items.length).toBeGreaterThan(1)
    const grid = grids.items[0]
    expect(grid.code).toMatch(/^630102001001\d{3}$/)
    const detail = await get(`/api/v1/areas/${grid.code}`)
    expect(detail).toMatchObject({ code: grid.code, level: 'grid', parentCode: '630102001001', childCount: 0, versionCount: 1 })
    expect(detail.ancestors.map((a: { code: string }) => a.code)).toEqual(['630100', '630102', '630102001', '630102001001'])
    expect(detail.ancestors.map((a: { level: string }) => a.level)).toEqual(['city', 'district', 'street', 'community'])
    expect(detail.areaKm2).toBeGreaterThan(0)
    expect(detail.responsibleUnit).toMatch(/综治工作站$/)
    const [w, s, e, n] = detail.bbox
    expect(w).toBeLessThan(e)
    expect(s).toBeLessThan(n)
    // Every demo grid has its responsible grid worker.
    expect(detail.gridWorker).toEqual({ username: `gw${grid.code}`, displayName: expect.stringContaining('网格员') })
    const community = await get('/api/v1/areas/630102001001')
    expect(community.gridWorker).toBeNull()
    expect(community.childCount).toBe(grids.items.length)
    expect(community.kind).toBe('urban')
  })

  it('serves an area boundary as GeoJSON and its history', async () => {
    const res = await t.app.inject({ url: '/api/v1/areas/630104/geometry' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/)
    const f = res.json()
    expect(f).toMatchObject({ type: 'Feature', properties: { code: '630104', level: 'district' } })
    expect(f.geometry.type).toBe('MultiPolygon')
    const history = await get('/api/v1/areas/630104/history')
    expect(history.items).toHaveLength(1)
    expect(history.items[0]).toMatchObject({ validTo: null, changeKind: 'seed' })
  })

  it('searches by name and by code prefix', async () => {
    const byName = await get(`/api/v1/areas?q=${encodeURIComponent('城东')}`)
    expect(byName.items[0]).toMatchObject({ code: '630102', name: '城东区' })
    const byCode = await get('/api/v1/areas?q=630121&limit=5')
    expect(byCode.items).toHaveLength(5)
    expect(byCode.items.every((i: { code: string }) => i.code.startsWith('630121'))).toBe(true)
    const none = await get(`/api/v1/areas?q=${encodeURIComponent('%_\\')}`)
    expect(none.items).toEqual([])
  })

  it('answers unknown areas with 404 and malformed codes with 400, in the one error shape', async () => {
    const missing = await get('/api/v1/areas/630199', 404)
    expect(missing).toEqual({ error: { code: 'not_found', message: expect.any(String), details: [] } })
    const bad = await get('/api/v1/areas/63010X', 400)
    expect(bad.error.code).toBe('validation_failed')
    expect(bad.error.details[0]).toMatchObject({ field: '/code', location: 'params' })
    const both = await get('/api/v1/areas?parentCode=630100&q=x', 400)
    expect(both.error.details[0].field).toBe('/q')
    const extra = await get('/api/v1/areas?role=admin', 400)
    expect(extra.error.details[0].field).toBe('/role')
    const unknownChildren = await get('/api/v1/areas?parentCode=630199', 404)
    expect(unknownChildren.error.code).toBe('not_found')
    const levels = await get('/api/v1/areas/630102/export?levels=grid,province', 400)
    expect(levels.error.details[0]).toMatchObject({ field: '/levels', location: 'querystring' })
    const route = await get('/api/v1/nothing-here', 404)
    expect(route.error.code).toBe('route_not_found')
  })

  it('publishes an OpenAPI 3 document covering every API route', async () => {
    const doc = await get('/api/openapi.json')
    expect(doc.openapi).toMatch(/^3\./)
    for (const p of ['/api/v1/areas', '/api/v1/areas/{code}', '/api/v1/coverage', '/api/v1/areas/{code}/import', '/api/v1/areas/{code}/export', '/api/v1/health']) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
    const importOp = doc.paths['/api/v1/areas/{code}/import'].post
    expect(Object.keys(importOp.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '413', '415', '422']))
    const docs = await t.app.inject({ url: '/api/docs' })
    expect([200, 302]).toContain(docs.statusCode)
  })

  it('reports its backend', async () => {
    expect(await get('/api/v1/health')).toMatchObject({ status: 'ok', backend })
  })
})
