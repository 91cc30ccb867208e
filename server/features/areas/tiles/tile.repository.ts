// All SQL of the vector tiles: the data version, the map's bounds, ST_AsMVT tiles (PostgreSQL only) and
// GeoJSON features for the JavaScript tiler (both backends).
import { subtreeFilter } from '../area.repository.ts'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../../db-schema.ts'
import {
  SIMPLIFY_TOLERANCE,
  MAX_ZOOM,
  TILE_BUFFER,
  TILE_EXTENT,
  layersAt,
  tileBounds,
  type TileAddress,
  type TileLayerId,
} from './tile.contract.ts'

/** Half the equator in Web Mercator metres: a zoom-0 tile is twice this wide. */
const MERCATOR_HALF = 20037508.342789244

/**
 * The data version of the map. Every boundary change adds a row to boundary_change, so max(id) moves
 * with every change; the row count is added because identity values are handed out before commit, so a
 * change with a lower id can become visible after one with a higher id.
 */
export async function readDataVersion(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ max_id: number | null; n: number }>`
    SELECT max(id) AS max_id, count(*) AS n FROM boundary_change`.execute(db)
  const row = r.rows[0]
  return `${Number(row?.max_id ?? 0)}.${Number(row?.n ?? 0)}`
}

/** Whether data version `a` is newer than `b` (both from readDataVersion). */
export function isNewerVersion(a: string, b: string): boolean {
  const [am = 0, an = 0] = a.split('.').map(Number)
  const [bm = 0, bn = 0] = b.split('.').map(Number)
  return am > bm || (am === bm && an > bn)
}

/** West, south, east, north of every current area, or undefined when the map is empty. */
export async function readMapBounds(db: Kysely<DB>): Promise<[number, number, number, number] | undefined> {
  const r = await sql<{ w: number | null; s: number | null; e: number | null; n: number | null }>`
    SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
    FROM (SELECT ST_Extent(geom)::box2d AS x FROM current_area) t`.execute(db)
  const row = r.rows[0]
  if (!row || row.w === null || row.s === null || row.e === null || row.n === null) return undefined
  return [Number(row.w), Number(row.s), Number(row.e), Number(row.n)]
}

/** Simplification tolerance in Web Mercator metres for a tile at zoom `z` (0 at the maximum zoom). */
export function simplifyToleranceMetres(z: number): number {
  if (z >= MAX_ZOOM) return 0
  return ((2 * MERCATOR_HALF) / 2 ** z / TILE_EXTENT) * SIMPLIFY_TOLERANCE
}

/**
 * One tile encoded by PostGIS (ST_AsMVT; PostgreSQL only — PGlite's PostGIS is built without protobuf).
 * Each layer is its own ST_AsMVT aggregate; the bytes are concatenated, which is how protobuf repeats a
 * field. A layer without features encodes to no bytes, so it is omitted like below its minzoom.
 *
 * Geometry follows geojson-vt's steps in the same order, so both tilers hold the same features:
 * simplify the whole area by the zoom's tolerance (Douglas–Peucker), clip it to the buffered tile, then
 * snap to the tile grid (ST_AsMVTGeom). An area smaller than the tolerance squared is left out (under a
 * pixel), and so is one that simplification or snapping collapses.
 */
export async function renderTilePostgis(db: Kysely<DB>, tile: TileAddress, scopePath: string | null = null): Promise<Uint8Array> {
  const layers = layersAt(tile.z)
  if (layers.length === 0) return new Uint8Array(0)
  const tolerance = simplifyToleranceMetres(tile.z)
  const parts = layers.map(
    (layer) => sql`coalesce((
      SELECT ST_AsMVT(f, ${layer.id}::text, ${TILE_EXTENT}::int4, 'geom', 'id')
      FROM (SELECT id, code, name, level, geom FROM shaped WHERE level = ${layer.level} AND geom IS NOT NULL ORDER BY code) f
    ), ''::bytea)`,
  )
  // The search box is computed here, not by transforming the buffered envelope: at the antimeridian
  // that envelope leaves the Mercator square and its transform wraps around.
  const [w, s, e, n] = tileBounds(tile, TILE_BUFFER)
  // Both steps are materialized so each area is transformed and shaped once, and only areas of the
  // tile's layers are (otherwise the planner shapes every area in the box once per layer, twice).
  const r = await sql<{ mvt: Uint8Array }>`
    WITH b AS (
      SELECT ST_TileEnvelope(${tile.z}::int4, ${tile.x}::int4, ${tile.y}::int4) AS tile,
             ST_TileEnvelope(${tile.z}::int4, ${tile.x}::int4, ${tile.y}::int4, margin => ${TILE_BUFFER / TILE_EXTENT}::float8) AS clip),
    candidate AS MATERIALIZED (
      SELECT a.code, a.name, a.level, m.geom
      FROM current_area a, LATERAL (SELECT ST_Transform(a.geom, 3857) AS geom) m
      WHERE a.level IN (${sql.join(layers.map((l) => l.level))})
        AND a.geom && ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326)
        AND ${scopePath === null ? sql`true` : subtreeFilter(scopePath, 'a.path')}
        AND ST_Area(m.geom) >= ${tolerance * tolerance}::float8),
    shaped AS MATERIALIZED (
      SELECT c.code::bigint AS id, c.code, c.name, c.level,
             ST_AsMVTGeom(ST_ClipByBox2D(ST_Simplify(c.geom, ${tolerance}::float8), b.clip),
                          b.tile, ${TILE_EXTENT}::int4, ${TILE_BUFFER}::int4, true) AS geom
      FROM candidate c, b)
    SELECT ${sql.join(parts, sql` || `)} AS mvt`.execute(db)
  const mvt = r.rows[0]?.mvt
  return mvt ? new Uint8Array(mvt.buffer, mvt.byteOffset, mvt.byteLength) : new Uint8Array(0)
}

/** A current area as the JavaScript tiler needs it: code, name and GeoJSON geometry (text). */
export interface AreaGeometryRow {
  code: string
  name: string
  /** Ancestor chain (for the caller's scope). */
  path: string
  geojson: string
}

/** Every current area of one level with its geometry (input of a whole-layer geojson-vt index). */
export async function readLayerGeometries(db: Kysely<DB>, layer: TileLayerId): Promise<AreaGeometryRow[]> {
  const r = await sql<AreaGeometryRow>`
    SELECT code, name, path, ST_AsGeoJSON(geom, 7) AS geojson
    FROM current_area WHERE level = ${layer} ORDER BY code`.execute(db)
  return r.rows
}

/**
 * The current areas of one level that reach into a box, their geometry clipped to the box (input of a
 * per-tile geojson-vt index). Rows whose clipped geometry is empty are left out.
 */
export async function readLayerGeometriesInBox(
  db: Kysely<DB>,
  layer: TileLayerId,
  box: readonly [number, number, number, number],
): Promise<AreaGeometryRow[]> {
  const [w, s, e, n] = box
  const r = await sql<AreaGeometryRow>`
    SELECT code, name, path, ST_AsGeoJSON(clipped, 7) AS geojson FROM (
      SELECT a.code, a.name, a.path, ST_ClipByBox2D(a.geom, env) AS clipped
      FROM current_area a, ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326) AS env
      WHERE a.level = ${layer} AND a.geom && env
    ) t
    WHERE NOT ST_IsEmpty(clipped)
    ORDER BY code`.execute(db)
  return r.rows
}
