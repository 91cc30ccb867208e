// Which grid a reported point lies in, answered in process: the registry's GridLocator (a raster
// point-in-polygon index over the current grids) instead of a PostGIS query per report. The index is
// rebuilt when the boundaries change: the latest boundary_change id is asked at most every few
// seconds (a boundary import in this process forgets the index at once: forgetCaseGrids).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { loadGridLocator, type GridLocator } from '../registry/grid-locator.ts'

const RECHECK_MS = 5000

let cache: { db: Kysely<DB>; locator: GridLocator; version: string; checkedAt: number } | undefined
let loading: Promise<GridLocator> | undefined

async function boundaryVersion(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ v: string | null }>`SELECT max(id)::text AS v FROM boundary_change`.execute(db)
  return r.rows[0]?.v ?? '0'
}

/** The code of the current grid containing the point, or undefined outside every grid. */
export async function gridOfPoint(db: Kysely<DB>, p: { lon: number; lat: number }): Promise<string | undefined> {
  const now = Date.now()
  if (!cache || cache.db !== db || now - cache.checkedAt >= RECHECK_MS) {
    const version = await boundaryVersion(db)
    if (cache && cache.db === db && cache.version === version) cache.checkedAt = now
    else {
      loading ??= loadGridLocator(db).finally(() => (loading = undefined))
      const locator = await loading
      cache = { db, locator, version, checkedAt: now }
    }
  }
  return cache.locator.locate(p.lon, p.lat)
}

/** Forgets the index (after a boundary change in this process). */
export function forgetCaseGrids(): void {
  cache = undefined
}
