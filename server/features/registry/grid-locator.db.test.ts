// The grid locator on the demo city, against PostGIS in the same database: random points over the
// city, and points on grid vertices and edges and 1e-9° beside them. Every point farther than 1e-12°
// from any grid boundary must get exactly PostGIS's answer (ST_Contains); a point on a boundary (within
// 1e-12°, where both sides' floating-point tests may differ) must go to a grid within 1e-9° of it, or
// to none when the tiling itself leaves a gap there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/helpers.ts'
import { GridLocator, loadGridLocator } from './grid-locator.ts'

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface PostgisAnswer {
  /**
   * The grids whose interior holds the point (ST_Contains): one or none — or two where a T-junction
   * leaves a sliver of overlap. The demo's vertices are rounded to 1e-9°, so a vertex of one grid that
   * lies on a neighbour's edge is off that edge by up to ~5e-10° (within the coverage check's
   * tolerance). The locator then answers the lowest code, as documented.
   */
  inside: string[]
  /** The grids within 1e-9° of the point. */
  near: string[]
  /** Whether the point is within 1e-12° of some grid's boundary. */
  onBoundary: boolean
}

describe.each(BACKENDS)('grid locator on the demo city (%s)', (backend) => {
  let t: TestDatabase
  let locator: GridLocator
  beforeAll(async () => {
    t = await openTestDatabase(backend)
    locator = await loadGridLocator(t.database.db)
  })
  afterAll(async () => t?.close())

  /**
   * PostGIS's answer for each point, in order. The points go into an indexed temporary table so the
   * join runs grid by grid (each grid's prepared geometry against the points in its box): ~8× faster
   * than probing the grids' index once per point.
   */
  const postgis = (lons: number[], lats: number[]): Promise<PostgisAnswer[]> =>
    t.database.db.transaction().execute(async (trx) => {
      await sql`
        CREATE TEMP TABLE locator_points ON COMMIT DROP AS
        SELECT u.i::int AS i, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) AS pt
        FROM unnest(${lons}::float8[], ${lats}::float8[]) WITH ORDINALITY AS u(lon, lat, i)`.execute(trx)
      await sql`CREATE INDEX ON locator_points USING gist (pt)`.execute(trx)
      await sql`ANALYZE locator_points`.execute(trx)
      const r = await sql<{ i: number; code: string; inside: boolean; on_boundary: boolean }>`
        SELECT p.i, g.code, ST_Contains(g.geom, p.pt) AS inside, ST_DWithin(ST_Boundary(g.geom), p.pt, 1e-12) AS on_boundary
        FROM current_area g JOIN locator_points p ON ST_DWithin(g.geom, p.pt, 1e-9)
        WHERE g.level = 'grid'`.execute(trx)
      const out: PostgisAnswer[] = lons.map(() => ({ inside: [], near: [], onBoundary: false }))
      for (const { i, code, inside, on_boundary } of r.rows) {
        const a = out[i - 1]!
        a.near.push(code)
        if (inside) a.inside.push(code)
        if (on_boundary) a.onBoundary = true
      }
      for (const a of out) {
        a.inside.sort()
        a.near.sort()
      }
      return out
    })

  /** For each point, whether the grids leave some of the disc of radius 1e-9° around it uncovered. */
  const gapsNear = async (lons: number[], lats: number[]): Promise<boolean[]> => {
    if (lons.length === 0) return []
    const r = await sql<{ gap: boolean }>`
      SELECT NOT ST_Covers(
               coalesce((SELECT ST_Union(g.geom) FROM current_area g WHERE g.level = 'grid' AND ST_DWithin(g.geom, p.pt, 2e-9)),
                        'SRID=4326;POLYGON EMPTY'::geometry),
               ST_Buffer(p.pt, 1e-9)) AS gap
      FROM (SELECT u.i, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) AS pt
            FROM unnest(${lons}::float8[], ${lats}::float8[]) WITH ORDINALITY AS u(lon, lat, i)) p
      ORDER BY p.i`.execute(t.database.db)
    return r.rows.map((x) => x.gap)
  }

  /** Every point where the locator (single or batch form) answers what the rules above forbid. */
  const disagreements = async (lons: number[], lats: number[], expected: PostgisAnswer[]) => {
    const batch = locator.locateMany(Float64Array.from(lons), Float64Array.from(lats))
    const bad: unknown[] = []
    const noneOnBoundary: number[] = [] // boundary points given to no grid: fine only beside a gap
    for (let i = 0; i < lons.length; i++) {
      const got = locator.locate(lons[i]!, lats[i]!) ?? null
      const batchGot = batch[i]! < 0 ? null : locator.codes[batch[i]!]
      const e = expected[i]!
      const ok = !e.onBoundary ? got === (e.inside[0] ?? null) : got === null || e.near.includes(got)
      if (ok && e.onBoundary && got === null) noneOnBoundary.push(i)
      if (!ok || batchGot !== got) bad.push({ lon: lons[i], lat: lats[i], got, batchGot, ...e })
    }
    const gaps = await gapsNear(
      noneOnBoundary.map((i) => lons[i]!),
      noneOnBoundary.map((i) => lats[i]!),
    )
    noneOnBoundary.forEach((i, k) => {
      if (!gaps[k]) bad.push({ lon: lons[i], lat: lats[i], got: null, noGapNear: true, ...expected[i] })
    })
    return bad
  }

  it('reads every current grid once, in code order', async () => {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM current_area WHERE level = 'grid'`.execute(t.database.db)
    expect(locator.codes.length).toBe(r.rows[0]!.n)
    expect(locator.codes.length).toBeGreaterThan(2000)
    expect([...locator.codes]).toEqual([...locator.codes].sort())
  })

  it('agrees with PostGIS on 20,000 random points over the city', async () => {
    const box = await sql<{ w: number; s: number; e: number; n: number }>`
      SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
      FROM (SELECT ST_Extent(geom)::box2d AS x FROM current_area WHERE level = 'grid') b`.execute(t.database.db)
    const { w, s, e, n } = box.rows[0]!
    const rnd = prng(20261126)
    const lons: number[] = []
    const lats: number[] = []
    // A little beyond the box on every side, so some points lie outside every grid.
    for (let i = 0; i < 20_000; i++) {
      lons.push(w - 0.01 + rnd() * (e - w + 0.02))
      lats.push(s - 0.01 + rnd() * (n - s + 0.02))
    }
    const expected = await postgis(lons, lats)
    expect(expected.filter((x) => x.inside.length === 1 && !x.onBoundary).length).toBeGreaterThan(8_000)
    expect(expected.filter((x) => x.near.length === 0).length).toBeGreaterThan(1_000)
    expect(await disagreements(lons, lats, expected)).toEqual([])
  })

  it('agrees with PostGIS on grid vertices, edge midpoints and points 1e-9° beside them', async () => {
    // Every segment of 150 grids picked at random (but the same each run).
    const r = await sql<{ x0: number; y0: number; x1: number; y1: number }>`
      SELECT ST_X(ST_StartPoint(s.geom)) AS x0, ST_Y(ST_StartPoint(s.geom)) AS y0,
             ST_X(ST_EndPoint(s.geom)) AS x1, ST_Y(ST_EndPoint(s.geom)) AS y1
      FROM (SELECT code, geom FROM current_area WHERE level = 'grid' ORDER BY md5(code) LIMIT 150) g,
           LATERAL (SELECT (ST_DumpSegments(g.geom)).geom) s`.execute(t.database.db)
    expect(r.rows.length).toBeGreaterThan(3_000)
    const lons: number[] = []
    const lats: number[] = []
    const d = 1e-9
    for (const { x0, y0, x1, y1 } of r.rows) {
      for (const [x, y] of [
        [x0, y0],
        [(x0 + x1) / 2, (y0 + y1) / 2],
      ] as const) {
        lons.push(x, x + d, x - d, x, x, x + d, x - d)
        lats.push(y, y, y, y + d, y - d, y - d, y + d)
      }
    }
    const expected = await postgis(lons, lats)
    // Vertices and midpoints lie on boundaries; most points beside them lie clear of every boundary.
    expect(expected.filter((x) => x.onBoundary).length).toBeGreaterThan(2 * r.rows.length)
    expect(expected.filter((x) => !x.onBoundary && x.inside.length === 1).length).toBeGreaterThan(lons.length / 2)
    expect(await disagreements(lons, lats, expected)).toEqual([])
  })

  it('loads only the grids under a code prefix', async () => {
    // The district with the fewest grids.
    const district = await sql<{ code: string; n: number }>`
      SELECT left(code, 6) AS code, count(*)::int AS n
      FROM current_area WHERE level = 'grid' GROUP BY left(code, 6) ORDER BY count(*), left(code, 6) LIMIT 1`.execute(t.database.db)
    const { code, n } = district.rows[0]!
    const part = await loadGridLocator(t.database.db, code)
    expect(part.codes.length).toBe(n)
    expect(part.codes.every((c) => c.startsWith(code))).toBe(true)
    // A point inside one of its grids is found by both; a point in another district only by the full one.
    const pointIn = async (inDistrict: boolean) => {
      const r = await sql<{ x: number; y: number; code: string }>`
        SELECT ST_X(p) AS x, ST_Y(p) AS y, code FROM (
          SELECT code, ST_PointOnSurface(geom) AS p FROM current_area
          WHERE level = 'grid' AND (left(code, 6) = ${code}) = ${inDistrict} ORDER BY code LIMIT 1) s`.execute(t.database.db)
      return r.rows[0]!
    }
    const own = await pointIn(true)
    expect(part.locate(own.x, own.y)).toBe(own.code)
    expect(locator.locate(own.x, own.y)).toBe(own.code)
    const other = await pointIn(false)
    expect(locator.locate(other.x, other.y)).toBe(other.code)
    expect(part.locate(other.x, other.y)).toBeUndefined()
    // LIKE's wildcards in a prefix are taken literally.
    expect((await loadGridLocator(t.database.db, `${code.slice(0, 4)}__`)).codes).toEqual([])
  })
})
