// The coverage invariant (全覆盖、无缝隙): the current children of every area tile it exactly.
// Checked in PostGIS, per parent, for a whole subtree or for the parents a change touches:
//   gap      — part of the parent that no child covers          (parent − ∪children), with the children touching it
//   overlap  — part covered by two siblings                      (childA ∩ childB)
//   outside  — part of the children that lies outside the parent (∪children − parent)
// Pieces smaller than the tolerance are slivers of floating-point arithmetic, not gaps (docs/coverage.md).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { CoverageIssueKind, CoverageSummary } from '../../../shared/api-types.ts'

/**
 * Default tolerance per piece, in m². Boundaries computed in double precision leave slivers far below
 * 0.01 m² (widths of ~1e-9°, a tenth of a millimetre); a real gap between grids that matters to a grid
 * worker is tens of m² at the least (a grid is ~0.1–1 km²). 1 m² sits between the two with margin.
 */
export const DEFAULT_TOLERANCE_M2 = 1

/**
 * Precision grid (degrees) of every overlay in the check: ~0.1 mm. Fixed-precision overlay (GEOS
 * OverlayNG with snap-rounding) never fails on nearly coincident edges, which floating-point overlay
 * can (TopologyException) on exactly the boundaries a tiling produces. Pieces it rounds away are far
 * below any tolerance.
 */
export const OVERLAY_GRID_DEG = 1e-9

/** No square degree holds more than this many m² (≈ at the equator): converts a tolerance safely. */
const M2_PER_SQUARE_DEGREE_MAX = 1.24e10

export type CoverageKind = CoverageIssueKind
export type { CoverageSummary }

export interface CoverageIssue {
  kind: CoverageKind
  parentCode: string
  parentName: string
  areaCodes: string[]
  areaNames: string[]
  areaM2: number
  /** GeoJSON geometry of the piece. */
  geometry: unknown
}

export interface CoverageResult {
  parentsChecked: number
  areasChecked: number
  issues: CoverageIssue[]
}

interface IssueRow {
  kind: CoverageKind
  parent_code: string
  parent_name: string
  area_codes: string[] | string
  area_names: string[] | string
  area_m2: number
  geometry: string
}

/**
 * Checks the children of every parent chosen by `parents`: a subtree root's path (every parent in
 * that subtree, the root included) or an explicit list of parent codes (the parents a change touched).
 */
export async function checkCoverage(
  db: Kysely<DB>,
  parents: { rootPath: string } | { codes: string[] },
  toleranceM2 = DEFAULT_TOLERANCE_M2,
): Promise<CoverageResult> {
  const kidFilter =
    'rootPath' in parents
      ? sql`a.path LIKE ${`${parents.rootPath}.%`}`
      : parents.codes.length > 0
        ? sql`a.parent_code IN (${sql.join(parents.codes)})`
        : sql`false`

  // Children are read once; per parent, one union (an aggregate, not a subquery per parent). The
  // overlap test runs only for the parents whose children's areas add up to more than their union
  // (sum − union = total overlap), which is exact: if the total overlap is below the tolerance, no
  // single piece can exceed it. The union is computed in floating point, so that comparison is exact
  // to ~1e-15; the differences and intersections that cut out pieces use a fixed precision grid (see
  // OVERLAY_GRID_DEG), whose rounding would swamp the sum-versus-union test but never a piece's area.
  const result = await sql<IssueRow & { parents_checked: number; areas_checked: number }>`
    WITH kids AS MATERIALIZED (
      SELECT a.code, a.name, a.parent_code, b.geom
      FROM area a JOIN area_boundary b ON b.area_code = a.code AND b.valid_to IS NULL
      WHERE a.valid_to IS NULL AND ${kidFilter}
    ),
    per_parent AS MATERIALIZED (
      SELECT p.code, p.name, b.geom, u.kids_union, u.sum_area
      FROM (
        SELECT k.parent_code, ST_Union(k.geom) AS kids_union, sum(ST_Area(k.geom)) AS sum_area
        FROM kids k GROUP BY k.parent_code
      ) u
      JOIN area p ON p.code = u.parent_code
      JOIN area_boundary b ON b.area_code = p.code AND b.valid_to IS NULL
    ),
    -- Gaps and outside pieces from one overlay: the symmetric difference of parent and union,
    -- each piece classified by which side of the parent an interior point of it lies on.
    diff_pieces AS (
      SELECT d.parent_code, d.geom,
        CASE WHEN ST_Intersects(d.parent_geom, ST_PointOnSurface(d.geom)) THEN 'gap' ELSE 'outside' END AS kind
      FROM (
        SELECT pp.code AS parent_code, pp.geom AS parent_geom,
          (ST_Dump(ST_SymDifference(pp.geom, pp.kids_union, ${OVERLAY_GRID_DEG}::float8))).geom AS geom
        FROM per_parent pp
      ) d
      WHERE ST_Dimension(d.geom) = 2
    ),
    overlap_pieces AS (
      SELECT a.parent_code, a.code AS a_code, b.code AS b_code, (ST_Dump(ST_Intersection(a.geom, b.geom, ${OVERLAY_GRID_DEG}::float8))).geom AS geom
      FROM per_parent pp
      JOIN kids a ON a.parent_code = pp.code
      JOIN kids b ON b.parent_code = pp.code AND a.code < b.code AND a.geom && b.geom
      WHERE pp.sum_area - ST_Area(pp.kids_union) > ${toleranceM2 / M2_PER_SQUARE_DEGREE_MAX}
    ),
    pieces AS (
      SELECT kind, parent_code, NULL::text AS a_code, NULL::text AS b_code, geom FROM diff_pieces
      UNION ALL
      SELECT 'overlap', parent_code, a_code, b_code, geom FROM overlap_pieces
    ),
    measured AS (
      SELECT kind, parent_code, a_code, b_code, geom, ST_Area(geom::geography) AS area_m2
      FROM pieces
      WHERE ST_Dimension(geom) = 2
    ),
    issues AS (
      SELECT m.kind, m.parent_code, m.geom, m.area_m2,
        CASE
          WHEN m.kind = 'overlap' THEN ARRAY[m.a_code, m.b_code]
          WHEN m.kind = 'outside' THEN ARRAY(
            SELECT k.code FROM kids k WHERE k.parent_code = m.parent_code AND ST_Intersects(k.geom, ST_PointOnSurface(m.geom)) ORDER BY k.code)
          ELSE ARRAY(
            SELECT k.code FROM kids k WHERE k.parent_code = m.parent_code AND ST_DWithin(k.geom, m.geom, ${OVERLAY_GRID_DEG * 10}::float8) ORDER BY k.code)
        END AS area_codes
      FROM measured m
      WHERE m.area_m2 > ${toleranceM2}
    )
    SELECT i.kind, i.parent_code, pp.name AS parent_name, i.area_codes,
      ARRAY(SELECT a.name FROM unnest(i.area_codes) WITH ORDINALITY AS u(code, n) JOIN area a ON a.code = u.code ORDER BY u.n) AS area_names,
      i.area_m2, ST_AsGeoJSON(i.geom, 9) AS geometry,
      (SELECT count(*)::int FROM per_parent) AS parents_checked,
      (SELECT count(*)::int FROM kids) AS areas_checked
    FROM issues i JOIN per_parent pp ON pp.code = i.parent_code
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT count(*)::int FROM per_parent), (SELECT count(*)::int FROM kids)
    ORDER BY 1 NULLS LAST, 2, 6 DESC`.execute(db)

  const rows = result.rows
  const last = rows[rows.length - 1]
  // The query always yields its summary row. None means the engine failed without raising: PGlite
  // has been seen to return an empty result when GEOS throws inside a query. Never report that as
  // "no gaps".
  if (!last || last.kind !== null) throw new Error('coverage check returned no summary row: the database engine failed')
  return {
    parentsChecked: Number(last?.parents_checked ?? 0),
    areasChecked: Number(last?.areas_checked ?? 0),
    issues: rows
      .filter((r) => r.kind !== null)
      .map((r) => ({
        kind: r.kind,
        parentCode: r.parent_code,
        parentName: r.parent_name,
        areaCodes: pgArray(r.area_codes),
        areaNames: pgArray(r.area_names),
        areaM2: Math.round(r.area_m2 * 100) / 100,
        geometry: JSON.parse(r.geometry),
      })),
  }
}

/** Totals by kind. */
export function summarize(issues: CoverageIssue[]): CoverageSummary {
  const s: CoverageSummary = { gaps: 0, overlaps: 0, outside: 0, gapM2: 0, overlapM2: 0, outsideM2: 0 }
  for (const i of issues) {
    if (i.kind === 'gap') (s.gaps++, (s.gapM2 += i.areaM2))
    else if (i.kind === 'overlap') (s.overlaps++, (s.overlapM2 += i.areaM2))
    else (s.outside++, (s.outsideM2 += i.areaM2))
  }
  s.gapM2 = Math.round(s.gapM2 * 100) / 100
  s.overlapM2 = Math.round(s.overlapM2 * 100) / 100
  s.outsideM2 = Math.round(s.outsideM2 * 100) / 100
  return s
}

/** Arrays arrive as JS arrays from node-postgres and PGlite; tolerate the text form just in case. */
function pgArray(v: string[] | string | null): string[] {
  if (v === null) return []
  if (Array.isArray(v)) return v
  return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''))
}
