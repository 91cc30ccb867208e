// A synthetic city for the tile tests: the hierarchy city → district → street → community → grid as
// nested blocks of one lattice of wobbly cells. Shared edges are built once and reused by both
// neighbours, so children tile their parent exactly, like real data, and polygons have enough
// vertices for simplification to matter.
import { sql } from 'kysely'
import type { AppDatabase } from '../../../db-schema.ts'
import type { AreaLevel } from '../../../../shared/area-codes.ts'

export interface SyntheticCityOptions {
  /** 6-digit city code ending in "00"; district codes are its first 4 digits + 01, 02, … */
  cityCode: string
  /** South-west corner of the city, degrees. */
  origin: [number, number]
  /** Size of one grid cell in degrees [lon, lat]. */
  cell: [number, number]
  /** Children per parent as [columns, rows] at each level. */
  districts: [number, number]
  streets: [number, number]
  communities: [number, number]
  grids: [number, number]
  /** Points added along each cell edge (more = heavier polygons). */
  edgePoints?: number
}

export interface SyntheticArea {
  code: string
  parentCode: string | null
  level: AreaLevel
  name: string
  path: string
  polygon: [number, number][]
}

/** A small city for tests: 2 districts, 4 streets, 16 communities, 64 grids in about 0.16° × 0.04°. */
export const SMALL_CITY: SyntheticCityOptions = {
  cityCode: '639900',
  origin: [101.7013, 36.6017],
  cell: [0.0101, 0.0097],
  districts: [2, 1],
  streets: [2, 1],
  communities: [2, 2],
  grids: [2, 2],
}

/** Deterministic noise in [-1, 1] from integers. */
function noise(...n: number[]): number {
  let h = 2166136261
  for (const v of n) {
    h ^= v + 0x9e3779b9
    h = Math.imul(h, 16777619)
    h ^= h >>> 13
  }
  return ((h >>> 0) / 0xffffffff) * 2 - 1
}

/** Builds the areas of a synthetic city (pure; no database). */
export function buildSyntheticCity(o: SyntheticCityOptions): SyntheticArea[] {
  const k = o.edgePoints ?? 3
  const [dx, dy] = o.cell
  const cols = o.districts[0] * o.streets[0] * o.communities[0] * o.grids[0]
  const rows = o.districts[1] * o.streets[1] * o.communities[1] * o.grids[1]
  const point = (c: number, r: number): [number, number] => {
    const inside = c > 0 && c < cols && r > 0 && r < rows
    const jx = inside ? 0.15 * noise(c, r, 1) : 0
    const jy = inside ? 0.15 * noise(c, r, 2) : 0
    return [o.origin[0] + (c + jx) * dx, o.origin[1] + (r + jy) * dy]
  }
  // Edge from lattice point a to b (horizontal: kind 0, vertical: kind 1), without its end point.
  const edge = (c: number, r: number, kind: 0 | 1): [number, number][] => {
    const a = point(c, r)
    const b = kind === 0 ? point(c + 1, r) : point(c, r + 1)
    const onBorder = kind === 0 ? r === 0 || r === rows : c === 0 || c === cols
    const out: [number, number][] = [a]
    for (let i = 1; i <= k; i++) {
      const t = i / (k + 1)
      const wobble = onBorder ? 0 : 0.06 * noise(c, r, kind, i)
      out.push(
        kind === 0
          ? [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t + wobble * dy]
          : [a[0] + (b[0] - a[0]) * t + wobble * dx, a[1] + (b[1] - a[1]) * t],
      )
    }
    return out
  }
  // The same edge walked from b to a, without a.
  const backward = (c: number, r: number, kind: 0 | 1): [number, number][] =>
    [...edge(c, r, kind), kind === 0 ? point(c + 1, r) : point(c, r + 1)].reverse().slice(0, -1)
  // Counter-clockwise outline of the block of cells [c0, c1) × [r0, r1).
  const outline = (c0: number, r0: number, c1: number, r1: number): [number, number][] => {
    const ring: [number, number][] = []
    for (let c = c0; c < c1; c++) ring.push(...edge(c, r0, 0))
    for (let r = r0; r < r1; r++) ring.push(...edge(c1, r, 1))
    for (let c = c1 - 1; c >= c0; c--) ring.push(...backward(c, r1, 0))
    for (let r = r1 - 1; r >= r0; r--) ring.push(...backward(c0, r, 1))
    ring.push(ring[0]!)
    return ring
  }

  const areas: SyntheticArea[] = []
  const levels: { level: AreaLevel; size: [number, number]; digits: number; label: string }[] = [
    { level: 'district', size: o.districts, digits: 2, label: '合成区' },
    { level: 'street', size: o.streets, digits: 3, label: '合成街道' },
    { level: 'community', size: o.communities, digits: 3, label: '合成社区' },
    { level: 'grid', size: o.grids, digits: 3, label: '合成网格' },
  ]
  const city: SyntheticArea = {
    code: o.cityCode,
    parentCode: null,
    level: 'city',
    name: '合成市',
    path: o.cityCode,
    polygon: outline(0, 0, cols, rows),
  }
  areas.push(city)
  // Walk down: each parent is a block [c0, c1) × [r0, r1) split into size[0] × size[1] children.
  const walk = (parent: SyntheticArea, depth: number, c0: number, r0: number, w: number, h: number) => {
    const spec = levels[depth]
    if (!spec) return
    const [nc, nr] = spec.size
    const cw = w / nc
    const ch = h / nr
    let serial = 0
    for (let j = nr - 1; j >= 0; j--) {
      for (let i = 0; i < nc; i++) {
        serial++
        const prefix = parent.level === 'city' ? parent.code.slice(0, 4) : parent.code
        const code = prefix + String(serial).padStart(spec.digits, '0')
        const child: SyntheticArea = {
          code,
          parentCode: parent.code,
          level: spec.level,
          name: `${parent.level === 'city' ? '' : parent.name}${spec.label}${serial}`,
          path: `${parent.path}.${code}`,
          polygon: outline(c0 + i * cw, r0 + j * ch, c0 + (i + 1) * cw, r0 + (j + 1) * ch),
        }
        areas.push(child)
        walk(child, depth + 1, c0 + i * cw, r0 + j * ch, cw, ch)
      }
    }
  }
  walk(city, 0, 0, 0, cols, rows)
  return areas
}

/** Inserts a synthetic city with one seed boundary change; returns its areas. */
export async function seedSyntheticCity(database: AppDatabase, options: SyntheticCityOptions): Promise<SyntheticArea[]> {
  const areas = buildSyntheticCity(options)
  const db = database.db
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(areas, 500)) {
      await trx
        .insertInto('area')
        .values(
          chunk.map((a) => ({ code: a.code, parent_code: a.parentCode, level: a.level, name: a.name, path: a.path })),
        )
        .execute()
    }
    const change = await trx
      .insertInto('boundary_change')
      .values({ root_code: options.cityCode, kind: 'seed', summary: JSON.stringify({ synthetic: true, areas: areas.length }) })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const chunk of chunks(areas, 200)) {
      const rows = chunk.map(
        (a) => sql`(${a.code}, ${JSON.stringify({ type: 'Polygon', coordinates: [a.polygon] })})`,
      )
      await sql`
        INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
        SELECT v.code, ${change.id}::bigint, g.geom, ST_Area(g.geom::geography)
        FROM (VALUES ${sql.join(rows)}) AS v(code, geojson),
             LATERAL (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(v.geojson), 4326)) AS geom) g`.execute(trx)
    }
  })
  return areas
}

/**
 * Redraws one area as a boundary edit: a new boundary_change and a new current boundary version,
 * the old version closed. Returns the change id.
 */
export async function redrawArea(database: AppDatabase, code: string, polygon: [number, number][]): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    const change = await trx
      .insertInto('boundary_change')
      .values({ root_code: code, kind: 'edit', summary: JSON.stringify({ updated: [code] }) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await sql`UPDATE area_boundary SET valid_to = now() WHERE area_code = ${code} AND valid_to IS NULL`.execute(trx)
    const geojson = JSON.stringify({ type: 'Polygon', coordinates: [polygon] })
    await sql`
      INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
      SELECT ${code}, ${change.id}::bigint, g, ST_Area(g::geography)
      FROM ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)) AS g`.execute(trx)
    return change.id
  })
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
