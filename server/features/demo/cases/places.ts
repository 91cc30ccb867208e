// Where a demo case happened: a point inside its grid (a handful of points per grid, made once by
// PostGIS and picked from) and an address as the reporter writes it — a road and a house number in
// town (the roads of the residents' generator, so the same names appear in the registry), a hamlet
// (组) of the village in the country.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../../db-schema.ts'
import { chineseNumeral } from '../names.ts'
import { hashString, type Rng } from '../population/rng.ts'
import type { GridInfo } from '../population/model.ts'

/** Points per grid: cases of one grid gather at a few places (a market, a gate, a crossing). */
const POINTS = { urban: 12, industrial: 8, rural: 6 } as const

export type GridPoints = Map<string, [number, number][]>

/**
 * A few uniform points in every grid (ST_GeneratePoints, seeded: the same on every run of one
 * backend). A grid whose points went missing (PGlite's PostGIS can drop a statement's result on a
 * GEOS error) gets its point on surface instead.
 */
export async function gridPoints(db: Kysely<DB>, grids: readonly GridInfo[], seed: number): Promise<GridPoints> {
  const requests = grids.map((g) => ({
    code: g.code,
    n: POINTS[g.industrial ? 'industrial' : g.kind],
    seed: (hashString(`case-points:${g.code}`, seed) % 2_000_000_000) + 1,
  }))
  const out: GridPoints = new Map()
  if (requests.length === 0) return out
  const r = await sql<{ code: string; x: number; y: number }>`
    SELECT r.code, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
    FROM json_to_recordset(${JSON.stringify(requests)}::json) AS r(code text, n int, seed int)
    JOIN current_area g ON g.code = r.code
    CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(g.geom, r.n + ST_NumGeometries(g.geom), r.seed)) d
    ORDER BY r.code, d.path[1]`.execute(db)
  for (const p of r.rows) {
    let list = out.get(p.code)
    if (!list) out.set(p.code, (list = []))
    list.push([p.x, p.y])
  }
  const missing = grids.filter((g) => !out.get(g.code)?.length).map((g) => g.code)
  if (missing.length > 0) {
    const m = await sql<{ code: string; x: number; y: number }>`
      SELECT code, ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM current_area WHERE code = ANY(${missing}::text[])) s`.execute(db)
    for (const p of m.rows) out.set(p.code, [[p.x, p.y]])
  }
  const still = grids.filter((g) => !out.get(g.code)?.length)
  if (still.length > 0) throw new Error(`demo cases: no point in grid ${still[0]!.code}`)
  return out
}

/** One of the grid's points (always one draw of `rng`, so the plan does not depend on how many points a backend made). */
export function pickPoint(rng: Rng, points: GridPoints, grid: string): [number, number] {
  const list = points.get(grid)!
  return list[Math.floor(rng.next() * list.length)]!
}

const URBAN_SPOTS = ['', '', '院内', '门口', '楼下', '东侧', '西侧', '附近', '对面', '小区南门', '小区北门', '地下车库入口']
const RURAL_SPOTS = ['', '', '村道旁', '村口', '农户门前', '村委会附近', '文化广场', '河道边']

/** The place of a report: an address in the grid. */
export function placeIn(rng: Rng, grid: GridInfo, roads: readonly string[] | undefined): string {
  if (grid.kind === 'rural' && !grid.industrial) {
    const hamlet = chineseNumeral(rng.int(1, 8))
    return `${grid.communityName}${hamlet}组${rng.pick(RURAL_SPOTS)}`
  }
  if (!roads || roads.length === 0) return `${grid.communityName}${rng.pick(URBAN_SPOTS)}`
  const road = rng.pick(roads)
  if (rng.chance(0.15) && roads.length > 1) {
    const other = rng.pick(roads)
    if (other !== road) return `${road}与${other}交叉口`
  }
  return `${road}${rng.int(1, 180)}号${rng.pick(URBAN_SPOTS)}`
}
