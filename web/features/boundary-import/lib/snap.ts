// Snapping for drawn boundaries: a vertex placed near an existing vertex (or, failing that, an edge)
// of the neighbouring boundaries lands exactly on it, so drawn grids tile their community.
import type { Geometry, Position } from 'geojson'

export interface ScreenPoint {
  x: number
  y: number
}

/** Vertices and edges to snap to, in longitude/latitude. */
export interface SnapIndex {
  vertices: Position[]
  segments: [Position, Position][]
}

export interface Snap {
  position: Position
  kind: 'vertex' | 'edge'
}

/** Collects the distinct vertices and the edges of polygon geometries. */
export function buildSnapIndex(geometries: Iterable<Geometry | null | undefined>): SnapIndex {
  const seen = new Set<string>()
  const vertices: Position[] = []
  const segments: [Position, Position][] = []
  const addRing = (ring: Position[]) => {
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!
      const key = `${p[0]},${p[1]}`
      if (!seen.has(key)) {
        seen.add(key)
        vertices.push([p[0]!, p[1]!])
      }
      if (i > 0) segments.push([ring[i - 1]!, p])
    }
  }
  for (const g of geometries) {
    if (!g) continue
    if (g.type === 'Polygon') g.coordinates.forEach(addRing)
    else if (g.type === 'MultiPolygon') g.coordinates.forEach((poly) => poly.forEach(addRing))
    else if (g.type === 'LineString') addRing(g.coordinates)
  }
  return { vertices, segments }
}

/**
 * The snap for a cursor: the nearest vertex within `tolerancePx` screen pixels, else the nearest
 * point on an edge within it, else undefined. `project` maps longitude/latitude to screen pixels.
 */
export function findSnap(
  cursor: ScreenPoint,
  index: SnapIndex,
  project: (p: Position) => ScreenPoint,
  tolerancePx: number,
  /** Optional [w, s, e, n] around the cursor: candidates outside it are skipped without projecting. */
  near?: [number, number, number, number],
): Snap | undefined {
  const tol2 = tolerancePx * tolerancePx
  const outside = (p: Position) => near !== undefined && (p[0]! < near[0] || p[0]! > near[2] || p[1]! < near[1] || p[1]! > near[3])
  let best: Position | undefined
  let bestD = tol2
  for (const v of index.vertices) {
    if (outside(v)) continue
    const s = project(v)
    const dx = s.x - cursor.x
    const dy = s.y - cursor.y
    const d = dx * dx + dy * dy
    if (d <= bestD) {
      bestD = d
      best = v
    }
  }
  if (best) return { position: [best[0]!, best[1]!], kind: 'vertex' }

  let edge: Position | undefined
  bestD = tol2
  for (const [a, b] of index.segments) {
    if (near && ((a[0]! < near[0] && b[0]! < near[0]) || (a[0]! > near[2] && b[0]! > near[2]) || (a[1]! < near[1] && b[1]! < near[1]) || (a[1]! > near[3] && b[1]! > near[3]))) continue
    const sa = project(a)
    const sb = project(b)
    const ex = sb.x - sa.x
    const ey = sb.y - sa.y
    const len2 = ex * ex + ey * ey
    if (len2 === 0) continue
    const t = Math.max(0, Math.min(1, ((cursor.x - sa.x) * ex + (cursor.y - sa.y) * ey) / len2))
    const px = sa.x + t * ex - cursor.x
    const py = sa.y + t * ey - cursor.y
    const d = px * px + py * py
    if (d <= bestD) {
      bestD = d
      // Interpolate in longitude/latitude so the point lies on the stored (planar) edge.
      edge = [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)]
    }
  }
  return edge ? { position: edge, kind: 'edge' } : undefined
}

/** Removes consecutive points closer than `minPx` on screen (double clicks add a point twice). */
export function dedupeConsecutive(points: Position[], project: (p: Position) => ScreenPoint, minPx = 3): Position[] {
  const out: Position[] = []
  for (const p of points) {
    const prev = out[out.length - 1]
    if (prev) {
      const a = project(prev)
      const b = project(p)
      if (Math.hypot(a.x - b.x, a.y - b.y) < minPx) continue
    }
    out.push(p)
  }
  // The closing point is added when the ring is built.
  while (out.length > 1) {
    const a = project(out[0]!)
    const b = project(out[out.length - 1]!)
    if (Math.hypot(a.x - b.x, a.y - b.y) < minPx) out.pop()
    else break
  }
  return out
}
