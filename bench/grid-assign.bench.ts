// Assigning points to grids: the in-process locator (server/features/registry/grid-locator.ts) against
// a PostGIS spatial join of the same 2,000,000 points in the same database, on each backend.
//
// The baseline is `SELECT count(*) FROM current_area g JOIN points p ON ST_Intersects(g.geom, p.geom)`
// over an indexed table of the points: the join's work with nothing written and nothing sent back, the
// cheapest form an assignment can take in SQL and so the fairest to PostGIS (an UPDATE … SET grid_code
// costs 8–9× the count on both backends, measured once; see docs/benchmarks.md). Loading the points into the table
// is reported but not counted: in the database they would already be there.
import { sql } from 'kysely'
import { GridLocator, loadGridLocator } from '../server/features/registry/grid-locator.ts'
import { BENCH_BACKENDS, fmt, openSeeded, quantile } from './lib.ts'

const POINTS = 2_000_000
const CHUNK = 100_000

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

/** Sorted durations (ms) of `runs` calls after `warmup` calls. */
function timeSync(fn: () => unknown, runs: number, warmup = 1): number[] {
  for (let i = 0; i < warmup; i++) fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    out.push(performance.now() - t0)
  }
  return out.sort((a, b) => a - b)
}

const mps = (pointsPerSecond: number) => `${(pointsPerSecond / 1e6).toFixed(2)} M points/s`
const count = (n: number) => n.toLocaleString('en-US')

export async function run(): Promise<void> {
  console.log(`\n== Grid assignment of ${count(POINTS)} points: in-process locator vs PostGIS join ==`)
  for (const backend of BENCH_BACKENDS) {
    const { database, close } = await openSeeded(backend)
    try {
      const db = database.db
      const box = await sql<{ w: number; s: number; e: number; n: number; grids: number }>`
        SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n, grids FROM (
          SELECT ST_Extent(geom)::box2d AS x, count(*)::int AS grids FROM current_area WHERE level = 'grid') b`.execute(db)
      const { w, s, e, n, grids } = box.rows[0]!
      // The same points on every backend and every run: uniform over the grids' bounding box.
      const rnd = prng(20261126)
      const lons = new Float64Array(POINTS)
      const lats = new Float64Array(POINTS)
      for (let i = 0; i < POINTS; i++) {
        lons[i] = w + rnd() * (e - w)
        lats[i] = s + rnd() * (n - s)
      }

      // The locator: load (read the grids + build), the assignment itself, then the build alone.
      const loads: number[] = []
      let locator: GridLocator | undefined
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now()
        locator = await loadGridLocator(db)
        loads.push(performance.now() - t0)
      }
      loads.sort((a, b) => a - b)
      const loc = locator!
      const out = new Int32Array(POINTS)
      const locateMany = () => loc.locateMany(lons, lats, out)
      const locateEach = () => {
        for (let i = 0; i < POINTS; i++) out[i] = loc.locateIndex(lons[i]!, lats[i]!)
      }
      // Warm up both forms, then alternate the measured rounds so drift hits both alike.
      locateMany()
      locateEach()
      const batch: number[] = []
      const single: number[] = []
      for (let round = 0; round < 5; round++) {
        batch.push(timeSync(locateMany, 1, 0)[0]!)
        single.push(timeSync(locateEach, 1, 0)[0]!)
      }
      batch.sort((a, b) => a - b)
      single.sort((a, b) => a - b)
      locateMany()
      let inGrid = 0
      for (let i = 0; i < POINTS; i++) if (out[i]! >= 0) inGrid++
      const rows = await db
        .selectFrom('current_area')
        .select(['code', sql<string>`encode(ST_AsBinary(geom), 'base64')`.as('wkb')])
        .where('level', '=', 'grid')
        .orderBy('code')
        .execute()
      const wkb = rows.map((r) => ({ code: r.code, wkb: Buffer.from(r.wkb, 'base64') }))
      const builds = timeSync(() => GridLocator.fromWkb(wkb), 5)

      // The baseline: the points in an indexed table, then one spatial join.
      let t0 = performance.now()
      await sql`DROP TABLE IF EXISTS bench_point`.execute(db)
      await sql`CREATE UNLOGGED TABLE bench_point (i int PRIMARY KEY, geom geometry(Point, 4326) NOT NULL)`.execute(db)
      for (let a = 0; a < POINTS; a += CHUNK) {
        const b = Math.min(POINTS, a + CHUNK)
        await sql`
          INSERT INTO bench_point (i, geom)
          SELECT ${a}::int + u.k::int - 1, ST_SetSRID(ST_MakePoint(u.x, u.y), 4326)
          FROM unnest(${Array.from(lons.subarray(a, b))}::float8[], ${Array.from(lats.subarray(a, b))}::float8[]) WITH ORDINALITY AS u(x, y, k)`.execute(db)
      }
      const insertMs = performance.now() - t0
      t0 = performance.now()
      await sql`CREATE INDEX bench_point_geom ON bench_point USING gist (geom)`.execute(db)
      await sql`ANALYZE bench_point`.execute(db)
      const indexMs = performance.now() - t0
      t0 = performance.now()
      const joined = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM current_area g JOIN bench_point p ON ST_Intersects(g.geom, p.geom) WHERE g.level = 'grid'`.execute(db)
      const joinMs = performance.now() - t0
      await sql`DROP TABLE bench_point`.execute(db)

      const postgisRate = POINTS / (joinMs / 1000)
      const load = quantile(loads, 0.5)
      const line = (name: string, ms: number) => {
        const rate = POINTS / (ms / 1000)
        console.log(
          `  ${backend} ${name.padEnd(44)} ${fmt(ms).padStart(8)} ms = ${mps(rate).padStart(17)}   ${(rate / postgisRate).toFixed(1).padStart(6)}× PostGIS join (${mps(postgisRate)})`,
        )
      }
      console.log(
        `${backend}: ${count(grids)} grids; points in a grid: locator ${count(inGrid)}, PostGIS ${count(joined.rows[0]!.n)} (pairs from ST_Intersects)`,
      )
      console.log(`  ${backend} locator load: read + build (median of 3) ${fmt(load).padStart(8)} ms; build alone (median of 5) ${fmt(quantile(builds, 0.5))} ms`)
      line('locator locateMany (median of 5)', quantile(batch, 0.5))
      line('locator locateIndex per point (median of 5)', quantile(single, 0.5))
      line('locator load + locateMany', load + quantile(batch, 0.5))
      line('PostGIS join count(*) (one run)', joinMs)
      console.log(`  ${backend} (not counted: loading the points into PostGIS ${fmt(insertMs)} ms, GiST index + ANALYZE ${fmt(indexMs)} ms)`)
    } finally {
      await close()
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
