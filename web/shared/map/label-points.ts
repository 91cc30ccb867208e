// One label point per area. Vector tiles cut polygons at tile edges, and a symbol layer on the
// tiles would label every piece (a district showed its name four times). These functions merge the
// pieces of each area and pick one point inside it: the area-weighted centroid when it falls inside,
// else the pole of inaccessibility of the largest piece. Pure functions over GeoJSON coordinates.
import type { Position } from 'geojson'

type Ring = Position[]
/** A polygon: outer ring first, then holes. */
export type PolygonRings = Ring[]

/** Signed area and centroid of a ring in a local equirectangular plane (x scaled by cos(lat)). */
function ringStats(ring: Ring, kx: number): { area: number; cx: number; cy: number } {
  let a = 0
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = ring[j]!
    const [x2, y2] = ring[i]!
    const f = x1! * kx * y2! - x2! * kx * y1!
    a += f
    cx += (x1! * kx + x2! * kx) * f
    cy += (y1! + y2!) * f
  }
  a /= 2
  return a === 0 ? { area: 0, cx: 0, cy: 0 } : { area: a, cx: cx / (6 * a) / kx, cy: cy / (6 * a) }
}

function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside
  }
  return inside
}

/** Whether a point lies inside a polygon (inside the outer ring, outside every hole). */
export function pointInPolygon(p: Position, polygon: PolygonRings): boolean {
  const [x, y] = p
  if (!polygon[0] || !pointInRing(x!, y!, polygon[0])) return false
  for (let i = 1; i < polygon.length; i++) if (pointInRing(x!, y!, polygon[i]!)) return false
  return true
}

/** Signed distance from a point to the polygon outline (positive inside), in plane units. */
function pointToPolygonDistance(x: number, y: number, polygon: PolygonRings, kx: number): number {
  let inside = false
  let min = Infinity
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = ring[i]![0]! * kx
      const ay = ring[i]![1]!
      const bx = ring[j]![0]! * kx
      const by = ring[j]![1]!
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside
      let dx = bx - ax
      let dy = by - ay
      let px = ax
      let py = ay
      if (dx !== 0 || dy !== 0) {
        const t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
        if (t > 1) {
          px = bx
          py = by
        } else if (t > 0) {
          px += dx * t
          py += dy * t
        }
      }
      dx = x - px
      dy = y - py
      min = Math.min(min, dx * dx + dy * dy)
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min)
}

/** The pole of inaccessibility (polylabel): the inside point farthest from the outline. */
export function poleOfInaccessibility(polygon: PolygonRings): Position {
  const outer = polygon[0]!
  const kx = Math.cos(((outer[0]![1] ?? 0) * Math.PI) / 180)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of outer) {
    const x = p[0]! * kx
    const y = p[1]!
    if (x < minX) minX = x
    if (y < minY) minY = y
    if (x > maxX) maxX = x
    if (y > maxY) maxY = y
  }
  const size = Math.min(maxX - minX, maxY - minY)
  if (size === 0) return [minX / kx, minY]
  // A label needs to be well inside, not optimal: stop at 1/200 of the polygon's size.
  const precision = size / 200
  type Cell = { x: number; y: number; h: number; d: number; max: number }
  const cell = (x: number, y: number, h: number): Cell => {
    const d = pointToPolygonDistance(x, y, polygon, kx)
    return { x, y, h, d, max: d + h * Math.SQRT2 }
  }
  const queue: Cell[] = []
  let h = size / 2
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + h, y + h, h))
  const c = ringStats(outer, kx)
  let best = c.area !== 0 ? cell(c.cx * kx, c.cy, 0) : cell((minX + maxX) / 2, (minY + maxY) / 2, 0)
  const bbox = cell((minX + maxX) / 2, (minY + maxY) / 2, 0)
  if (bbox.d > best.d) best = bbox
  let guard = 0
  while (queue.length && guard++ < 5000) {
    queue.sort((a, b) => a.max - b.max)
    const next = queue.pop()!
    if (next.d > best.d) best = next
    if (next.max - best.d <= precision) continue
    h = next.h / 2
    queue.push(cell(next.x - h, next.y - h, h), cell(next.x + h, next.y - h, h), cell(next.x - h, next.y + h, h), cell(next.x + h, next.y + h, h))
  }
  return [best.x / kx, best.y]
}

/** One point inside the area made of these pieces, for its label. */
export function labelPoint(pieces: PolygonRings[]): Position | undefined {
  let total = 0
  let sx = 0
  let sy = 0
  let largest: PolygonRings | undefined
  let largestArea = 0
  for (const piece of pieces) {
    const outer = piece[0]
    if (!outer || outer.length < 4) continue
    const kx = Math.cos(((outer[0]![1] ?? 0) * Math.PI) / 180)
    let area = 0
    let cx = 0
    let cy = 0
    for (const ring of piece) {
      const s = ringStats(ring, kx)
      // Holes have the opposite orientation of the outer ring, so signed sums subtract them.
      area += s.area
      cx += s.cx * s.area
      cy += s.cy * s.area
    }
    if (area === 0) continue
    const a = Math.abs(area)
    total += a
    sx += (cx / area) * a
    sy += (cy / area) * a
    if (a > largestArea) {
      largestArea = a
      largest = piece
    }
  }
  if (!largest || total === 0) return undefined
  const centroid: Position = [sx / total, sy / total]
  if (pieces.some((p) => pointInPolygon(centroid, p))) return centroid
  return poleOfInaccessibility(largest)
}
