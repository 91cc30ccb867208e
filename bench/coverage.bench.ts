// Coverage check of the whole demo city, against a plain ST_Union of the same grids (the least work
// any tiling check must do), on each backend.
import { sql } from 'kysely'
import { checkCoverage } from '../server/features/areas/index.ts'
import { BENCH_BACKENDS, openSeeded, quantile, report, timeRuns } from './lib.ts'

/** Prints the coverage-check figures. */
export async function run(): Promise<void> {
  console.log('\n== Coverage check of the whole demo city ==')
  for (const backend of BENCH_BACKENDS) {
    const { database, close } = await openSeeded(backend)
    try {
      const db = database.db
      const counts = await sql<{ parents: number; areas: number }>`
        SELECT count(DISTINCT parent_code)::int AS parents, count(*)::int AS areas FROM current_area WHERE parent_code IS NOT NULL`.execute(db)
      const runs = backend === 'pglite' ? 3 : 5
      const check = await timeRuns(() => checkCoverage(db, { rootPath: '630100' }), runs)
      const union = await timeRuns(
        () => sql`SELECT ST_Area(ST_Union(geom)) FROM current_area WHERE level = 'grid'`.execute(db),
        runs,
      )
      const c = counts.rows[0]!
      console.log(`${backend}: ${c.parents} parents, ${c.areas} areas`)
      report(`  ${backend} coverage check (median)`, quantile(check, 0.5), 'ST_Union of all grids', quantile(union, 0.5))
    } finally {
      await close()
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
