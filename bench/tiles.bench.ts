// Vector tiles of the demo city: each tiler (PostGIS ST_AsMVT on PostgreSQL; geojson-vt over a
// whole-layer index or per tile, on both backends) against the least work any tiler must do for the
// same tile — a plain SELECT ST_AsGeoJSON(geom) of the tile's features — measured in the same run.
// Per zoom (one for each layer's appearance, plus street level and the maximum): p50/p95 per tile,
// cold (the tile's first render; the tiler already started) and warm (the same tiles again), and the
// first tile after a data change (an index tiler rebuilds its index then). Tiles are the ones holding
// the grids' centres, i.e. where the data is. Prints ratios; asserts nothing. docs/tiles.md holds a run.
import { sql } from 'kysely'
import type { AppDatabase } from '../server/db-schema.ts'
import {
  DEFAULT_TILE_METHOD,
  TILE_METHODS,
  createTileRenderer,
  methodRunsOn,
  type TileMethod,
} from '../server/features/areas/tiles/tile.service.ts'
import { TILE_BUFFER, layersAt, tileAt, tileBounds, type TileAddress } from '../server/features/areas/tiles/tile.contract.ts'
import { BENCH_BACKENDS, fmt, openSeeded, quantile, report } from './lib.ts'

const ZOOMS = [8, 9, 11, 12, 14, 16]
/** Tiles measured per zoom (fewer exist at low zooms). */
const TILES_PER_ZOOM = 24
/** Warm passes over the same tiles. */
const WARM_PASSES = 3
/** Fresh tilers timed for the first tile after a data change. */
const RESTARTS = 3

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const value = await fn()
  return [performance.now() - t0, value]
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)

/** Up to `n` tiles at zoom `z` that hold grid centres, spread evenly over them. */
async function sampleTiles(database: AppDatabase, z: number, n: number): Promise<TileAddress[]> {
  const r = await sql<{ lon: number; lat: number }>`
    SELECT ST_X(p) AS lon, ST_Y(p) AS lat
    FROM (SELECT ST_PointOnSurface(geom) AS p FROM current_area WHERE level = 'grid' ORDER BY code) t`.execute(database.db)
  const keys = new Map<string, TileAddress>()
  for (const { lon, lat } of r.rows) {
    const t = tileAt(z, Number(lon), Number(lat))
    keys.set(`${t.x}/${t.y}`, t)
  }
  const all = [...keys.values()].sort((a, b) => a.x - b.x || a.y - b.y)
  if (all.length <= n) return all
  return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]!)
}

/** The baseline: the tile's features as GeoJSON, nothing more. */
function plainGeojson(database: AppDatabase, t: TileAddress): Promise<unknown> {
  const [w, s, e, n] = tileBounds(t, TILE_BUFFER)
  const levels = layersAt(t.z).map((l) => l.level)
  return sql`
    SELECT ST_AsGeoJSON(geom) FROM current_area
    WHERE level IN (${sql.join(levels)}) AND geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`.execute(database.db)
}

interface Figures {
  cold: number[]
  warm: number[]
  bytes: number
}

/** Prints the tile figures for every backend and method. */
export async function run(): Promise<void> {
  console.log('\n== Vector tiles of the demo city (per tile; ratios to a plain ST_AsGeoJSON of the same tile) ==')
  if (!process.env.DATABASE_URL) console.log('(DATABASE_URL is not set: PostgreSQL and its ST_AsMVT tiler are skipped)')
  for (const backend of BENCH_BACKENDS) {
    const { database, close } = await openSeeded(backend)
    try {
      // Planner statistics, as autovacuum keeps them on PostgreSQL (PGlite has no autovacuum).
      await database.exec('ANALYZE')
      const counts = await sql<{ level: string; n: number }>`
        SELECT level, count(*)::int AS n FROM current_area GROUP BY level ORDER BY min(length(code))`.execute(database.db)
      console.log(`\n${backend}: ${counts.rows.map((r) => `${r.n} ${r.level}`).join(', ')}`)
      const methods = TILE_METHODS.filter((m) => methodRunsOn(m, backend))
      const samples = new Map<number, TileAddress[]>()
      for (const z of ZOOMS) samples.set(z, await sampleTiles(database, z, TILES_PER_ZOOM))

      // Warm everything the baseline touches (connections, catalog, buffers) before timing anything.
      for (const tiles of samples.values()) for (const t of tiles) await plainGeojson(database, t)
      const baseline = new Map<number, number[]>()
      for (const [z, tiles] of samples) {
        const times: number[] = []
        for (let pass = 0; pass < WARM_PASSES; pass++) for (const t of tiles) times.push((await timed(() => plainGeojson(database, t)))[0])
        baseline.set(z, sorted(times))
      }

      const restart: Record<string, number> = {}
      const figures = new Map<TileMethod, Map<number, Figures>>()
      const firstTile = samples.get(12)![0]!
      for (const method of methods) {
        // First tile after a data change: a fresh tiler (an index tiler builds its indexes now).
        const starts: number[] = []
        for (let i = 0; i < RESTARTS; i++) starts.push((await timed(() => createTileRenderer(database, method).render(firstTile, `r${i}`)))[0])
        restart[method] = quantile(sorted(starts), 0.5)

        const renderer = createTileRenderer(database, method)
        // Start the tiler on a tile outside the samples, so "cold" below is the tile's own first render.
        await renderer.render({ z: 16, x: 0, y: 0 }, 'v')
        await renderer.render(tileAt(16, 101.5, 36.9), 'v')
        const perZoom = new Map<number, Figures>()
        for (const [z, tiles] of samples) {
          const cold: number[] = []
          let bytes = 0
          for (const t of tiles) {
            const [ms, body] = await timed(() => renderer.render(t, 'v'))
            cold.push(ms)
            bytes += body.byteLength
          }
          const warm: number[] = []
          for (let pass = 0; pass < WARM_PASSES; pass++) for (const t of tiles) warm.push((await timed(() => renderer.render(t, 'v')))[0])
          perZoom.set(z, { cold: sorted(cold), warm: sorted(warm), bytes: bytes / Math.max(1, tiles.length) })
        }
        figures.set(method, perZoom)
      }

      for (const z of ZOOMS) {
        const base = baseline.get(z)!
        const n = samples.get(z)!.length
        console.log(`  z${z} (${layersAt(z).map((l) => l.id).join('+')}; ${n} tiles)`)
        for (const method of methods) {
          const f = figures.get(method)!.get(z)!
          const label = `    ${method.padEnd(17)}`
          report(`${label} cold p50`, quantile(f.cold, 0.5), 'baseline p50', quantile(base, 0.5))
          report(`${label} cold p95`, quantile(f.cold, 0.95), 'baseline p95', quantile(base, 0.95))
          report(`${label} warm p50`, quantile(f.warm, 0.5), 'baseline p50', quantile(base, 0.5))
          report(`${label} warm p95`, quantile(f.warm, 0.95), 'baseline p95', quantile(base, 0.95))
        }
        console.log(`    mean tile size: ${methods.map((m) => `${m} ${(figures.get(m)!.get(z)!.bytes / 1024).toFixed(1)} KiB`).join(', ')}`)
      }
      const base12 = quantile(baseline.get(12)!, 0.5)
      console.log('  first tile after a data change (z12, fresh tiler; median of 3)')
      for (const method of methods) report(`    ${method}`, restart[method]!, 'baseline p50 z12', base12)

      // The choice: the lowest sum over zooms of warm and cold p50 (restart cost shown above).
      const score = (m: TileMethod) =>
        ZOOMS.reduce((sum, z) => sum + quantile(figures.get(m)!.get(z)!.warm, 0.5) + quantile(figures.get(m)!.get(z)!.cold, 0.5), 0)
      const ranked = [...methods].sort((a, b) => score(a) - score(b))
      console.log(
        `  ranking by Σ(cold p50 + warm p50): ${ranked.map((m) => `${m} ${fmt(score(m))} ms`).join(' < ')}; ` +
          `default on ${backend}: ${DEFAULT_TILE_METHOD[backend]}`,
      )
    } finally {
      await close()
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
