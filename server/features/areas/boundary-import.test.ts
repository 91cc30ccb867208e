// Import and export of boundaries through the real HTTP app: round trips, redraws with history, and
// every kind of bad input — each a clear 4xx naming the feature and field, with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, type TestApp } from '../../../test/helpers.ts'
import { boxAreaM2, boxPolygon, createSquareCity, type SquareCity } from '../../../test/fixtures.ts'

type Box = [number, number, number, number]

const feature = (code: string, name: string, geometry: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, name, ...extra },
  geometry,
})
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features })

describe.each(BACKENDS)('boundary import and export on %s', (backend) => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(backend, { as: 'city_admin' })
  })
  afterAll(async () => t?.close())

  /** A fingerprint of every boundary version and area row: equal before and after = nothing changed. */
  const fingerprint = async () => {
    const r = await sql<{ f: string }>`
      SELECT md5(string_agg(x, '|' ORDER BY x)) AS f FROM (
        SELECT concat_ws(',', b.id, b.area_code, b.valid_to, md5(ST_AsBinary(b.geom))) AS x FROM area_boundary b
        UNION ALL SELECT concat_ws(',', a.code, a.name, a.valid_to, a.responsible_unit) FROM area a
        UNION ALL SELECT concat_ws(',', 'change', c.id) FROM boundary_change c
      ) s`.execute(t.database.db)
    return r.rows[0]!.f
  }

  const post = (root: string, body: unknown, query = '', contentType = 'application/geo+json') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${root}/import${query}`,
      headers: { 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    })

  /** Two grids side by side, each split into the given boxes. */
  const grids = (c: SquareCity, boxes: Box[], codes = c.grids) =>
    collection(boxes.map((b, i) => feature(codes[i]!, `网格${i + 1}`, boxPolygon(b))))

  describe('round trip', () => {
    it('exports a demo district and imports it back with nothing changed', async () => {
      const before = await fingerprint()
      const exp = await t.app.inject({ url: '/api/v1/areas/630103/export' })
      expect(exp.statusCode).toBe(200)
      expect(exp.headers['content-type']).toMatch(/application\/geo\+json/)
      const fc = exp.json()
      const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM current_area WHERE path LIKE '630100.630103%'`.execute(t.database.db)
      expect(fc.features).toHaveLength(count.rows[0]!.n)
      expect(fc.features[0].properties).toMatchObject({ code: '630103', level: 'district', parent_code: '630100' })

      const res = await post('630103', exp.body)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ applied: true, created: [], updated: [], retired: [], unchanged: fc.features.length, changeId: null })
      expect(await fingerprint()).toBe(before)
    })

    it('downloads with a file name, and filters by level', async () => {
      const res = await t.app.inject({ url: '/api/v1/areas/630102001/export?levels=grid&download=true' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-disposition']).toContain('frontline-630102001.geojson')
      const levels = new Set(res.json().features.map((f: { properties: { level: string } }) => f.properties.level))
      expect([...levels]).toEqual(['grid'])
    })
  })

  describe('redrawing the grids of a community', () => {
    it('splits a grid in two: new versions are written, the old grid is retired with its history kept', async () => {
      const c = await createSquareCity(t.database.db, { rows: 1, cols: 2 })
      const [w, s, e, n] = c.gridBox(1)
      const mid = (w + e) / 2
      const body = collection([
        feature(c.grids[0]!, '网格一', boxPolygon(c.gridBox(0))),
        feature(`${c.community}003`, '网格三', boxPolygon([w, s, mid, n])),
        feature(`${c.community}004`, '网格四', boxPolygon([mid, s, e, n])),
      ])
      const before = await fingerprint()
      const dry = await post(c.community, body, '?dryRun=true&mode=replace')
      expect(dry.statusCode, dry.body).toBe(200)
      expect(dry.json()).toMatchObject({
        dryRun: true,
        applied: false,
        created: [`${c.community}003`, `${c.community}004`],
        updated: [c.grids[0]],
        retired: [c.grids[1]],
      })
      expect(await fingerprint()).toBe(before)

      const res = await post(c.community, body, '?mode=replace')
      expect(res.statusCode, res.body).toBe(200)
      const result = res.json()
      expect(result.applied).toBe(true)
      expect(result.changeId).toBeGreaterThan(0)
      expect(result.coverage.summary.gaps + result.coverage.summary.overlaps).toBe(0)

      const children = await t.app.inject({ url: `/api/v1/areas?parentCode=${c.community}` })
      expect(children.json().items.map((i: { code: string }) => i.code)).toEqual([c.grids[0], `${c.community}003`, `${c.community}004`])
      const history = await t.app.inject({ url: `/api/v1/areas/${c.grids[1]}/history` })
      expect(history.statusCode).toBe(200)
      expect(history.json().items).toHaveLength(1)
      expect(history.json().items[0].validTo).not.toBeNull()
      const renamed = await t.app.inject({ url: `/api/v1/areas/${c.grids[0]}/history` })
      expect(renamed.json().items).toHaveLength(2)
      expect(renamed.json().items[0]).toMatchObject({ validTo: null, changeKind: 'import' })
      expect((await t.app.inject({ url: `/api/v1/areas/${c.grids[1]}` })).statusCode).toBe(404)
    })
  })

  describe('bad input changes nothing', () => {
    let c: SquareCity
    let before: string
    beforeAll(async () => {
      c = await createSquareCity(t.database.db, { rows: 1, cols: 2 })
    })
    const expectUnchanged = async () => expect(await fingerprint()).toBe(before)

    it.each([
      ['malformed JSON', '{"type": "FeatureCollection", "features": [', 400, 'invalid_json'],
      ['an empty body', '', 400, 'invalid_json'],
      ['not a FeatureCollection', JSON.stringify({ type: 'Feature' }), 400, 'invalid_geojson'],
      ['no features', JSON.stringify(collection([])), 400, 'invalid_geojson'],
    ])('rejects %s', async (_label, body, status, code) => {
      before = await fingerprint()
      const res = await post(c.community, body)
      expect(res.statusCode, res.body).toBe(status)
      expect(res.json().error.code).toBe(code)
      await expectUnchanged()
    })

    it('lists every structural problem with its feature and field', async () => {
      before = await fingerprint()
      const body = collection([
        feature(c.grids[0]!, '点', { type: 'Point', coordinates: [100, 36] }),
        feature(c.grids[1]!, '越界', boxPolygon([100, 36.5, 100.01, 95])),
        feature(`${c.community}003`, '未闭合', { type: 'Polygon', coordinates: [[[100, 36.5], [100.01, 36.5], [100.01, 36.51], [100, 36.51]]] }),
        feature('1234', '短码', boxPolygon([100, 36.5, 100.01, 36.51])),
        feature(c.grids[0]!, '重复', boxPolygon([100, 36.5, 100.01, 36.51])),
      ])
      const res = await post(c.community, body)
      expect(res.statusCode).toBe(400)
      const err = res.json().error
      expect(err.code).toBe('invalid_geojson')
      const problems = err.details.map((d: { feature: number; problem: string }) => `${d.feature}:${d.problem}`)
      expect(problems).toEqual(
        expect.arrayContaining(['0:geometry_type_unsupported', '1:latitude_out_of_range', '2:ring_not_closed', '3:code_malformed', '4:duplicate_code']),
      )
      const lat = err.details.find((d: { problem: string }) => d.problem === 'latitude_out_of_range')
      expect(lat.field).toMatch(/^\/features\/1\/geometry\/coordinates\/0\/\d+/)
      await expectUnchanged()
    })

    it('rejects a self-intersecting polygon with where it crosses itself', async () => {
      before = await fingerprint()
      const [w, s, e, n] = c.gridBox(0)
      const bowtie = { type: 'Polygon', coordinates: [[[w, s], [e, n], [e, s], [w, n], [w, s]]] }
      const res = await post(c.community, collection([feature(c.grids[0]!, '蝴蝶结', bowtie), feature(c.grids[1]!, '网格二', boxPolygon(c.gridBox(1)))]))
      expect(res.statusCode).toBe(422)
      const err = res.json().error
      expect(err.code).toBe('boundary_invalid')
      expect(err.details).toHaveLength(1)
      expect(err.details[0]).toMatchObject({ feature: 0, areaCode: c.grids[0], problem: 'self_intersection', field: '/features/0/geometry' })
      expect(err.details[0].geometry.type).toBe('Point')
      await expectUnchanged()
    })

    it('rejects codes of the wrong parent or outside the root', async () => {
      before = await fingerprint()
      const res = await post(
        c.community,
        collection([
          feature(`${c.street}002001`, '别的社区的网格', boxPolygon(c.gridBox(0))),
          feature('630102001001001', '西宁的网格', boxPolygon(c.gridBox(1))),
        ]),
      )
      expect(res.statusCode).toBe(422)
      const problems = res.json().error.details.map((d: { feature: number; problem: string }) => `${d.feature}:${d.problem}`)
      expect(problems.sort()).toEqual(['0:outside_root', '1:outside_root'])
      await expectUnchanged()
    })

    it('rejects a new grid whose parent does not exist', async () => {
      before = await fingerprint()
      const res = await post(c.street, collection([feature(`${c.street}005001`, '无主网格', boxPolygon(c.gridBox(0)))]))
      expect(res.statusCode).toBe(422)
      expect(res.json().error.details[0]).toMatchObject({ feature: 0, problem: 'parent_unknown' })
      await expectUnchanged()
    })

    it('rejects a redraw that leaves a gap, with the gap and its area', async () => {
      before = await fingerprint()
      const [w, s, e, n] = c.gridBox(1)
      const res = await post(c.community, grids(c, [c.gridBox(0), [w, s, e - 0.002, n]]), '?mode=replace')
      expect(res.statusCode).toBe(422)
      const err = res.json().error
      expect(err.code).toBe('coverage_violation')
      expect(err.details).toHaveLength(1)
      expect(err.details[0]).toMatchObject({ problem: 'gap', parentCode: c.community })
      expect(err.details[0].areaM2).toBeCloseTo(await boxAreaM2(t.database.db, [e - 0.002, s, e, n]), 0)
      expect(err.details[0].geometry.type).toBe('Polygon')
      await expectUnchanged()
    })

    it('rejects overlapping grids and a grid outside its community', async () => {
      before = await fingerprint()
      const [w, s, e, n] = c.gridBox(1)
      const res = await post(c.community, grids(c, [c.gridBox(0), [w - 0.001, s, e + 0.002, n]]), '?mode=replace')
      expect(res.statusCode).toBe(422)
      const problems = res.json().error.details.map((d: { problem: string }) => d.problem).sort()
      expect(problems).toEqual(['outside', 'overlap'])
      await expectUnchanged()
    })

    it('rejects a dry run with the same problems as the real thing', async () => {
      before = await fingerprint()
      const [w, s, e, n] = c.gridBox(1)
      const res = await post(c.community, grids(c, [c.gridBox(0), [w, s, e - 0.002, n]]), '?mode=replace&dryRun=true')
      expect(res.statusCode).toBe(422)
      expect(res.json().error.code).toBe('coverage_violation')
      await expectUnchanged()
    })

    it('rejects unknown roots, bad parameters, wrong media types and huge payloads', async () => {
      before = await fingerprint()
      const unknown = await post('999999001', grids(c, [c.gridBox(0)]))
      expect(unknown.statusCode).toBe(404)
      const badQuery = await post(c.community, grids(c, [c.gridBox(0)]), '?mode=merge&dryRun=maybe')
      expect(badQuery.statusCode).toBe(400)
      expect(badQuery.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['/dryRun', '/mode'])
      const text = await post(c.community, 'code,name', '', 'text/csv')
      expect(text.statusCode).toBe(415)
      expect(text.json().error.code).toBe('unsupported_media_type')
      const huge = await t.app.inject({
        method: 'POST',
        url: `/api/v1/areas/${c.community}/import`,
        headers: { 'content-type': 'application/json' },
        payload: `{"type":"FeatureCollection","features":[${'0,'.repeat(40 * 1024 * 1024)}0]}`,
      })
      expect(huge.statusCode).toBe(413)
      expect(huge.json().error.code).toBe('payload_too_large')
      await expectUnchanged()
    })
  })
})
