// Small, exact area trees for tests: each test builds its own city under its own code, so tests never
// depend on each other or on the demo data.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../server/db-schema.ts'

export interface SquareCity {
  city: string
  district: string
  street: string
  community: string
  grids: string[]
  /** [west, south, east, north] of grid i (row-major from the north-west). */
  gridBox(i: number): [number, number, number, number]
  box: [number, number, number, number]
}

let counter = 0

/** A fresh city code that no other fixture in this process uses (91xx00 … 98xx00, not real codes). */
export function freshCityCode(): string {
  counter += 1
  const n = (process.pid * 7 + counter) % 800
  return `${91 + Math.floor(n / 100)}${String(n % 100).padStart(2, '0')}00`
}

const box = (w: number, s: number, e: number, n: number) =>
  `MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`

/**
 * city → district → street → community → rows×cols square grids of `cellDeg` degrees, all tiling
 * exactly (shared edges have identical coordinates). Placed near Xining's latitude by default.
 */
export async function createSquareCity(
  db: Kysely<DB>,
  opts: { rows?: number; cols?: number; cellDeg?: number; west?: number; north?: number; cityCode?: string } = {},
): Promise<SquareCity> {
  const rows = opts.rows ?? 2
  const cols = opts.cols ?? 2
  const cell = opts.cellDeg ?? 0.01
  const west = opts.west ?? 100
  const north = opts.north ?? 36.6
  const city = opts.cityCode ?? freshCityCode()
  const prefix = city.slice(0, 4)
  const district = `${prefix}01`
  const street = `${district}001`
  const community = `${street}001`
  const whole: [number, number, number, number] = [west, north - rows * cell, west + cols * cell, north]
  const gridBox = (i: number): [number, number, number, number] => {
    const r = Math.floor(i / cols)
    const c = i % cols
    return [west + c * cell, north - (r + 1) * cell, west + (c + 1) * cell, north - r * cell]
  }
  const grids = Array.from({ length: rows * cols }, (_, i) => `${community}${String(i + 1).padStart(3, '0')}`)

  await db.transaction().execute(async (trx) => {
    const areas: [string, string | null, string, string, string][] = [
      [city, null, 'city', `测试市${city}`, city],
      [district, city, 'district', '测试区', `${city}.${district}`],
      [street, district, 'street', '测试街道', `${city}.${district}.${street}`],
      [community, street, 'community', '测试社区', `${city}.${district}.${street}.${community}`],
      ...grids.map((g, i): [string, string, string, string, string] => [g, community, 'grid', `测试社区第${i + 1}网格`, `${city}.${district}.${street}.${community}.${g}`]),
    ]
    for (const [code, parent, level, name, path] of areas) {
      await sql`INSERT INTO area (code, parent_code, level, name, path, kind) VALUES (${code}, ${parent}, ${level}, ${name}, ${path}, 'urban')`.execute(trx)
    }
    const change = await sql<{ id: number }>`INSERT INTO boundary_change (root_code, kind) VALUES (${city}, 'seed') RETURNING id`.execute(trx)
    const changeId = change.rows[0]!.id
    const geoms: [string, string][] = [
      [city, box(...whole)],
      [district, box(...whole)],
      [street, box(...whole)],
      [community, box(...whole)],
      ...grids.map((g, i): [string, string] => [g, box(...gridBox(i))]),
    ]
    for (const [code, wkt] of geoms) {
      await sql`INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
        VALUES (${code}, ${changeId}, ST_GeomFromText(${wkt}, 4326), ST_Area(ST_GeomFromText(${wkt}, 4326)::geography))`.execute(trx)
    }
  })
  return { city, district, street, community, grids, gridBox, box: whole }
}

/** Geodesic area in m² of a lon/lat box, computed by PostGIS the same way the coverage check does. */
export async function boxAreaM2(db: Kysely<DB>, b: [number, number, number, number]): Promise<number> {
  const r = await sql<{ a: number }>`SELECT ST_Area(ST_GeomFromText(${box(...b)}, 4326)::geography) AS a`.execute(db)
  return r.rows[0]!.a
}

/** Replaces the current boundary of `code` directly in the database (bypassing import checks). */
export async function setBoundaryUnchecked(db: Kysely<DB>, code: string, b: [number, number, number, number]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const change = await sql<{ id: number }>`INSERT INTO boundary_change (root_code, kind) VALUES (${code}, 'edit') RETURNING id`.execute(trx)
    await sql`UPDATE area_boundary SET valid_to = now() WHERE area_code = ${code} AND valid_to IS NULL`.execute(trx)
    await sql`INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
      VALUES (${code}, ${change.rows[0]!.id}, ST_GeomFromText(${box(...b)}, 4326), ST_Area(ST_GeomFromText(${box(...b)}, 4326)::geography))`.execute(trx)
  })
}

/** A GeoJSON polygon of a box. */
export function boxPolygon(b: [number, number, number, number]) {
  const [w, s, e, n] = b
  return { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }
}
