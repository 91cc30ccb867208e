// All SQL that reads areas. Rows are mapped to API objects here and nowhere else.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import type { AreaBoundaryVersion, AreaDetail, AreaSummary } from '../../../shared/api-types.ts'

export type { AreaSummary, AreaDetail }

interface SummaryRow {
  code: string
  name: string
  level: AreaLevel
  parent_code: string | null
  child_count: number
  area_m2: number
  responsible_unit: string | null
  kind: 'urban' | 'rural' | null
}

const toSummary = (r: SummaryRow): AreaSummary => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
  childCount: Number(r.child_count),
  areaKm2: Math.round((r.area_m2 / 1e6) * 1e6) / 1e6,
  responsibleUnit: r.responsible_unit,
  kind: r.kind,
})

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString())

/** Columns of an area summary, with its number of current children. */
const summaryColumns = sql`
  a.code, a.name, a.level, a.parent_code, a.area_m2, a.responsible_unit, a.kind,
  (SELECT count(*)::int FROM area c WHERE c.parent_code = a.code AND c.valid_to IS NULL) AS child_count`

/**
 * The top of the tree a caller sees: the roots of the hierarchy (areas without a parent), or — given
 * the code of the caller's scope — that area alone when it is not a root.
 */
export async function listRoots(db: Kysely<DB>, scopeCode?: string): Promise<AreaSummary[]> {
  const r = await sql<SummaryRow>`
    SELECT ${summaryColumns} FROM current_area a
    WHERE ${scopeCode === undefined ? sql`a.parent_code IS NULL` : sql`a.code = ${scopeCode}`}
    ORDER BY a.code`.execute(db)
  return r.rows.map(toSummary)
}

/** The current children of an area, in code order (grids: west→east, north→south by their serial). */
export async function listChildren(db: Kysely<DB>, parentCode: string): Promise<AreaSummary[]> {
  const r = await sql<SummaryRow>`
    SELECT ${summaryColumns} FROM current_area a WHERE a.parent_code = ${parentCode} ORDER BY a.code`.execute(db)
  return r.rows.map(toSummary)
}

/** Areas whose name contains `q` or whose code starts with it, shallow levels first. */
export async function searchAreas(db: Kysely<DB>, q: string, limit: number, within: RawBuilder<boolean> = sql`true`): Promise<AreaSummary[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
  const prefix = /^\d+$/.test(q) ? `${q}%` : null
  const r = await sql<SummaryRow>`
    SELECT ${summaryColumns}
    FROM current_area a JOIN area_level l ON l.level = a.level
    WHERE (a.name LIKE ${pattern} OR (${prefix}::text IS NOT NULL AND a.code LIKE ${prefix})) AND ${within}
    ORDER BY l.rank, a.code
    LIMIT ${limit}`.execute(db)
  return r.rows.map(toSummary)
}

/** Whether a current area with this code exists. */
export async function areaExists(db: Kysely<DB>, code: string): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM current_area WHERE code = ${code}`.execute(db)
  return (r.rows[0]?.n ?? 0) > 0
}

/** One current area with its parent chain, extent and history size; undefined when absent. */
export async function getAreaDetail(db: Kysely<DB>, code: string): Promise<AreaDetail | undefined> {
  const r = await sql<
    SummaryRow & {
      path: string
      valid_from: Date
      boundary_from: Date
      bbox: string
      version_count: number
      worker_username: string | null
      worker_name: string | null
    }
  >`
    SELECT ${summaryColumns}, a.path, a.valid_from, a.boundary_from,
      json_build_array(ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom))::text AS bbox,
      (SELECT count(*)::int FROM area_boundary b WHERE b.area_code = a.code) AS version_count,
      w.username AS worker_username, w.display_name AS worker_name
    FROM current_area a
    -- The grid's responsible grid worker (assigned by the system admin; see the accounts feature).
    LEFT JOIN grid_assignment g ON g.grid_code = a.code
    LEFT JOIN account w ON w.id = g.account_id AND w.status = 'active'
    WHERE a.code = ${code}`.execute(db)
  const row = r.rows[0]
  if (!row) return undefined
  const ancestorCodes = row.path.split('.').slice(0, -1)
  const ancestorRows =
    ancestorCodes.length === 0
      ? []
      : (
          await sql<{ code: string; name: string; level: AreaLevel }>`
            SELECT code, name, level FROM area WHERE code IN (${sql.join(ancestorCodes)})`.execute(db)
        ).rows
  const byCode = new Map(ancestorRows.map((a) => [a.code, a]))
  return {
    ...toSummary(row),
    ancestors: ancestorCodes.flatMap((c) => byCode.get(c) ?? []),
    gridWorker: row.worker_username ? { username: row.worker_username, displayName: row.worker_name ?? row.worker_username } : null,
    bbox: JSON.parse(row.bbox) as [number, number, number, number],
    validFrom: iso(row.valid_from),
    boundaryFrom: iso(row.boundary_from),
    versionCount: Number(row.version_count),
  }
}

/** The current boundary of an area as a GeoJSON Feature (text, ready to send). */
export async function getAreaFeatureJson(db: Kysely<DB>, code: string): Promise<string | undefined> {
  const r = await sql<{ feature: string }>`
    SELECT json_build_object(
      'type', 'Feature',
      'properties', json_build_object('code', code, 'name', name, 'level', level),
      'geometry', ST_AsGeoJSON(geom, 15)::json)::text AS feature
    FROM current_area WHERE code = ${code}`.execute(db)
  return r.rows[0]?.feature
}

/** Every boundary version of an area (current and past), newest first. */
export async function getBoundaryHistory(db: Kysely<DB>, code: string): Promise<AreaBoundaryVersion[]> {
  const r = await sql<{ valid_from: Date; valid_to: Date | null; area_m2: number; change_id: number; kind: AreaBoundaryVersion['changeKind'] }>`
    SELECT b.valid_from, b.valid_to, b.area_m2, b.change_id, c.kind
    FROM area_boundary b JOIN boundary_change c ON c.id = b.change_id
    WHERE b.area_code = ${code}
    ORDER BY b.valid_from DESC, b.id DESC`.execute(db)
  return r.rows.map((x) => ({
    validFrom: iso(x.valid_from),
    validTo: x.valid_to ? iso(x.valid_to) : null,
    areaKm2: x.area_m2 / 1e6,
    changeId: Number(x.change_id),
    changeKind: x.kind,
  }))
}

/** SQL: the row's `pathColumn` lies in the subtree at `rootPath` (the root included); uses the path index. */
export function subtreeFilter(rootPath: string, pathColumn: string): RawBuilder<boolean> {
  const col = sql.ref(pathColumn)
  return sql<boolean>`(${col} = ${rootPath} OR ${col} LIKE ${`${rootPath.replace(/[\\%_]/g, (m) => `\\${m}`)}.%`})`
}

/** The path of a current area, or undefined. */
export async function getAreaPath(db: Kysely<DB>, code: string): Promise<string | undefined> {
  const r = await sql<{ path: string }>`SELECT path FROM current_area WHERE code = ${code}`.execute(db)
  return r.rows[0]?.path
}
