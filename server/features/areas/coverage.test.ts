// The coverage check, proven both ways: the demo city has no gap or overlap, and a grid shrunk,
// moved or duplicated produces exactly the expected pieces with the right areas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, type TestApp } from '../../../test/helpers.ts'
import { boxAreaM2, createSquareCity, setBoundaryUnchecked } from '../../../test/fixtures.ts'

describe.each(BACKENDS)('coverage check on %s', (backend) => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(backend, { as: 'city_admin' })
  })
  afterAll(async () => t?.close())

  const coverage = async (root: string, tolerance?: number) => {
    const res = await t.app.inject({ url: `/api/v1/coverage?root=${root}${tolerance !== undefined ? `&toleranceM2=${tolerance}` : ''}` })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  it('finds no gap, overlap or piece outside a parent anywhere in the demo city', async () => {
    const report = await coverage('630100')
    const counts = await sql<{ parents: number; children: number }>`
      SELECT count(DISTINCT parent_code)::int AS parents, count(*)::int AS children
      FROM current_area WHERE path LIKE '630100.%'`.execute(t.database.db)
    expect(report.parentsChecked).toBe(counts.rows[0]!.parents)
    expect(report.areasChecked).toBe(counts.rows[0]!.children)
    expect(report.summary).toEqual({ gaps: 0, overlaps: 0, outside: 0, gapM2: 0, overlapM2: 0, outsideM2: 0 })
    expect(report.issues.features).toEqual([])
  })

  it('reports a shrunk grid as a gap of exactly the area it gave up', async () => {
    const c = await createSquareCity(t.database.db, { rows: 2, cols: 2, cellDeg: 0.01 })
    const [w, s, e, n] = c.gridBox(0)
    const shrunk: [number, number, number, number] = [w, s, e - 0.002, n]
    await setBoundaryUnchecked(t.database.db, c.grids[0]!, shrunk)
    const expected = await boxAreaM2(t.database.db, [e - 0.002, s, e, n])

    const report = await coverage(c.city)
    expect(report.summary.gaps).toBe(1)
    expect(report.summary.overlaps).toBe(0)
    expect(report.summary.outside).toBe(0)
    const gap = report.issues.features[0]
    expect(gap.properties.kind).toBe('gap')
    expect(gap.properties.parentCode).toBe(c.community)
    expect(gap.properties.areaM2).toBeCloseTo(expected, 0)
    // Every grid touching the gap: west and east along it, south along its end, south-east at a corner.
    expect(gap.properties.areaCodes).toEqual(c.grids)
    expect(gap.geometry.type).toBe('Polygon')
  })

  it('reports a moved grid as an overlap with its neighbour, a gap behind it and a piece outside the parent', async () => {
    const c = await createSquareCity(t.database.db, { rows: 1, cols: 2, cellDeg: 0.01 })
    const [w, s, e, n] = c.gridBox(1)
    // Move the eastern grid 0.003° west: it now overlaps grid 1's neighbour, leaves a strip uncovered
    // at the eastern edge of the community, and nothing lies outside.
    await setBoundaryUnchecked(t.database.db, c.grids[1]!, [w - 0.003, s, e - 0.003, n])
    const overlap = await boxAreaM2(t.database.db, [w - 0.003, s, w, n])
    const gap = await boxAreaM2(t.database.db, [e - 0.003, s, e, n])
    const report = await coverage(c.city)
    expect(report.summary.overlaps).toBe(1)
    expect(report.summary.gaps).toBe(1)
    expect(report.summary.outside).toBe(0)
    const byKind = Object.fromEntries(report.issues.features.map((f: { properties: { kind: string } }) => [f.properties.kind, f.properties]))
    expect(byKind.overlap.areaM2).toBeCloseTo(overlap, 0)
    expect(byKind.overlap.areaCodes).toEqual([c.grids[0], c.grids[1]])
    expect(byKind.gap.areaM2).toBeCloseTo(gap, 0)

    // Move it east instead: part of it now lies outside the community (and outside every ancestor).
    await setBoundaryUnchecked(t.database.db, c.grids[1]!, [w + 0.004, s, e + 0.004, n])
    const outside = await boxAreaM2(t.database.db, [e, s, e + 0.004, n])
    const again = await coverage(c.city)
    const out = again.issues.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'outside')
    expect(out).toHaveLength(1)
    expect(out[0].properties.parentCode).toBe(c.community)
    expect(out[0].properties.areaCodes).toEqual([c.grids[1]])
    expect(out[0].properties.areaM2).toBeCloseTo(outside, 0)
    expect(again.summary.gaps).toBe(1)
  })

  it('reports a duplicated grid as an overlap of the whole grid', async () => {
    const c = await createSquareCity(t.database.db, { rows: 1, cols: 2, cellDeg: 0.01 })
    const dup = `${c.community}009`
    await t.database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO area (code, parent_code, level, name, path) VALUES (${dup}, ${c.community}, 'grid', '重复网格', ${`${c.city}.${c.district}.${c.street}.${c.community}.${dup}`})`.execute(trx)
      await sql`INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
        SELECT ${dup}, change_id, geom, area_m2 FROM area_boundary WHERE area_code = ${c.grids[0]!} AND valid_to IS NULL`.execute(trx)
    })
    const whole = await boxAreaM2(t.database.db, c.gridBox(0))
    const report = await coverage(c.community)
    expect(report.summary).toMatchObject({ gaps: 0, overlaps: 1, outside: 0 })
    expect(report.issues.features[0].properties.areaCodes).toEqual([c.grids[0], dup])
    expect(report.issues.features[0].properties.areaM2).toBeCloseTo(whole, 0)
  })

  it('ignores slivers at or below the tolerance and reports them above it', async () => {
    const c = await createSquareCity(t.database.db, { rows: 1, cols: 2, cellDeg: 0.01 })
    const [w, s, e, n] = c.gridBox(0)
    // A strip 1e-6° wide (~9 cm) and 0.01° long (~1.1 km): about 100 m².
    await setBoundaryUnchecked(t.database.db, c.grids[0]!, [w, s, e - 1e-6, n])
    const sliver = await boxAreaM2(t.database.db, [e - 1e-6, s, e, n])
    expect((await coverage(c.city, sliver + 1)).summary.gaps).toBe(0)
    const report = await coverage(c.city, sliver / 2)
    expect(report.summary.gaps).toBe(1)
    expect(report.summary.gapM2).toBeCloseTo(sliver, 0)
  })

  it('answers 404 for an unknown root and 400 for a malformed one', async () => {
    const missing = await t.app.inject({ url: '/api/v1/coverage?root=999999' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('not_found')
    const bad = await t.app.inject({ url: '/api/v1/coverage?root=12ab&toleranceM2=-1' })
    expect(bad.statusCode).toBe(400)
    const err = bad.json().error
    expect(err.code).toBe('validation_failed')
    expect(err.details.map((d: { field: string }) => d.field).sort()).toEqual(['/root', '/toleranceM2'])
  })
})
