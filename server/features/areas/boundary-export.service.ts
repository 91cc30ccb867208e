// Exporting a subtree as GeoJSON. Coordinates are written at full precision (15 decimals, shortest
// round-trip form), so importing the file back changes nothing (see boundary-import.service.ts).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import { subtreeFilter } from './area.repository.ts'

/** The current areas of a subtree (optionally only some levels) as GeoJSON text, or undefined if the root is absent. */
export async function exportSubtree(db: Kysely<DB>, rootCode: string, levels?: AreaLevel[]): Promise<string | undefined> {
  const root = (await sql<{ path: string }>`SELECT path FROM current_area WHERE code = ${rootCode}`.execute(db)).rows[0]
  if (!root) return undefined
  const levelFilter = levels && levels.length > 0 ? sql`AND a.level IN (${sql.join(levels)})` : sql``
  const r = await sql<{ feature: string }>`
    SELECT json_build_object(
      'type', 'Feature',
      'properties', json_build_object(
        'code', a.code, 'name', a.name, 'level', a.level, 'parent_code', a.parent_code,
        'responsible_unit', a.responsible_unit, 'kind', a.kind, 'valid_from', a.boundary_from),
      'geometry', ST_AsGeoJSON(a.geom, 15)::json)::text AS feature
    FROM current_area a
    WHERE ${subtreeFilter(root.path, 'a.path')} ${levelFilter}
    ORDER BY a.path`.execute(db)
  const crs = '{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}'
  return `{"type":"FeatureCollection","name":"frontline-${rootCode}","crs":${crs},"features":[\n${r.rows
    .map((x) => x.feature)
    .join(',\n')}\n]}\n`
}
