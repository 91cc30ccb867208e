// The vector-tile contract, shared by both tilers (PostGIS ST_AsMVT and geojson-vt + vt-pbf) and the
// routes: which layers appear from which zoom, the tile grid, and the checks on z/x/y and glyph ranges.
// Pure functions only; docs/tiles.md explains the choices.
import type { AreaLevel } from '../../../../shared/area-codes.ts'
import type { ErrorDetail } from '../../../infra/http/errors.ts'

export const MIN_ZOOM = 0
export const MAX_ZOOM = 16
/** Tile coordinate space (units per tile side), as MapLibre expects by default. */
export const TILE_EXTENT = 4096
/** Units of geometry kept beyond each tile edge so strokes and fills join without seams. */
export const TILE_BUFFER = 64
/**
 * Simplification tolerance in tile units below MAX_ZOOM (4 units = half a pixel of a 512 px tile):
 * because it is in tile units it grows with the ground size of a tile, so low zooms stay small. At
 * MAX_ZOOM nothing is simplified, since the client over-zooms those tiles.
 */
export const SIMPLIFY_TOLERANCE = 4

export type TileLayerId = Exclude<AreaLevel, 'city'>

export interface TileLayer {
  id: TileLayerId
  level: TileLayerId
  minzoom: number
  description: string
}

/** The layers, in drawing order (coarse first). A tile below a layer's minzoom omits the layer. */
export const TILE_LAYERS: readonly TileLayer[] = [
  { id: 'district', level: 'district', minzoom: 0, description: 'Districts and counties (区/县)' },
  { id: 'street', level: 'street', minzoom: 9, description: 'Streets and towns (街道/乡镇)' },
  { id: 'community', level: 'community', minzoom: 11, description: 'Communities and villages (社区/村)' },
  { id: 'grid', level: 'grid', minzoom: 12, description: 'Responsibility grids (网格)' },
]

/** Properties every feature carries; the feature id is the area code as an integer. */
export const TILE_FIELDS = { code: 'String', name: 'String', level: 'String' } as const

export interface TileAddress {
  z: number
  x: number
  y: number
}

/** The layers a tile at zoom `z` contains. */
export function layersAt(z: number): TileLayer[] {
  return TILE_LAYERS.filter((l) => z >= l.minzoom)
}

/** Field-level problems of a tile address whose parts are integers already (x, y < 2^z). */
export function tileAddressProblems({ z, x, y }: TileAddress): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  if (!Number.isInteger(z) || z < MIN_ZOOM || z > MAX_ZOOM) {
    problems.push({ field: '/z', location: 'params', message: `must be an integer from ${MIN_ZOOM} to ${MAX_ZOOM}`, problem: 'range' })
    return problems
  }
  const n = 2 ** z
  for (const [name, v] of [['x', x], ['y', y]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      problems.push({ field: `/${name}`, location: 'params', message: `must be an integer from 0 to ${n - 1} at zoom ${z}`, problem: 'range' })
    }
  }
  return problems
}

/** Why a glyph range like "0-255" is not one of the 256-glyph blocks MapLibre asks for, or undefined. */
export function glyphRangeProblem(range: string): string | undefined {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(range)
  if (!m) return 'must look like 0-255'
  const start = Number(m[1])
  const end = Number(m[2])
  if (start % 256 !== 0) return 'start must be a multiple of 256'
  if (end !== start + 255) return 'end must be start + 255'
  if (end > 65535) return 'range must lie within 0-65535'
  return undefined
}

/** West, south, east, north in degrees of a tile grown by `buffer` tile units on each side. */
export function tileBounds({ z, x, y }: TileAddress, buffer = 0): [number, number, number, number] {
  const n = 2 ** z
  const margin = buffer / TILE_EXTENT
  const lon = (tx: number) => (tx / n) * 360 - 180
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI
  return [lon(x - margin), lat(y + 1 + margin), lon(x + 1 + margin), lat(y - margin)]
}

/** The tile at zoom `z` that contains a point (lon, lat in degrees). */
export function tileAt(z: number, lon: number, lat: number): TileAddress {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  const x = Math.floor(((lon + 180) / 360) * n)
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v))
  return { z, x: clamp(x), y: clamp(y) }
}

/** Every tile at zoom `z` that intersects the box [west, south, east, north]. */
export function tilesCovering(z: number, bbox: readonly [number, number, number, number]): TileAddress[] {
  const [w, s, e, n] = bbox
  const nw = tileAt(z, w, n)
  const se = tileAt(z, e, s)
  const tiles: TileAddress[] = []
  for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) tiles.push({ z, x, y })
  return tiles
}
