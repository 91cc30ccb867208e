// In-process point → grid assignment: a point-in-polygon index over the current grid polygons, for
// assigning up to millions of points (buildings, facilities, imported rows) without a database round
// trip per point. Measured against a PostGIS spatial join in bench/grid-assign.bench.ts.
//
// The index is a uniform raster of cells over the grids' bounding box (about `cellsPerEdge` cells per
// polygon edge, square in degrees). A cell that no polygon boundary touches lies wholly inside one
// polygon (or outside all) and answers directly. A cell that boundaries touch holds, for each polygon
// that may contain part of it, the few edges of that polygon a horizontal ray from a point in the cell
// towards +x can cross — the edges inside the cell's row band that are not wholly to the cell's west —
// plus the parity of the edges every such ray crosses (wholly east of the cell and spanning its band).
// A query reads one cell and, in a boundary cell, runs the crossing-number test on those edges.
//
// Boundary rule (the half-open crossing test; deterministic): a point belongs to the polygon that
// contains it moved an infinitesimal step east, then (if that is still on a boundary, i.e. on a
// horizontal edge) an even smaller step north. So a point on a shared boundary goes to the grid east
// of it, on an east–west boundary to the grid north of it, on a corner to the grid north-east of it;
// points on the east or north edge of the whole tiling are outside (-1). Every edge is evaluated in one
// canonical orientation (lower end first), so two grids sharing an edge compute bit-identical
// crossings and a boundary point goes to exactly one of them. Where several polygons claim a point
// (overlapping input, or a point within rounding distance — ~1e-14° — of a vertex) the lowest index
// in `codes` wins; `loadGridLocator` orders grids by code, so that is the lowest code. (The demo city's
// vertices are rounded to 1e-9°, so where one grid's vertex lies on a neighbour's edge the two leave a
// sliver — at most ~5e-10° wide — of overlap, given to the lower code, or of gap, where the answer is -1.)
//
// Rings may come in either orientation; holes and multipolygons are handled by the parity of all rings
// of a polygon (its parts must not overlap, as in any valid MultiPolygon).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'

/** One grid: its code and GeoJSON MultiPolygon coordinates (lon/lat). */
export interface GridPolygon {
  code: string
  coordinates: number[][][][]
}

export interface GridLocatorOptions {
  /**
   * Raster cells per polygon edge (default 4). More cells answer more points without testing an edge
   * and leave fewer edges per boundary cell, at 4 bytes per cell plus the edge lists.
   */
  cellsPerEdge?: number
  /** Upper bound on the raster's cells (default 8,388,608, i.e. 32 MB of cell table). */
  maxCells?: number
}

/** Polygons as flat arrays: ring r of polygon ringPoly[r] has points ringStart[r] … ringStart[r+1]-1. */
interface FlatPolygons {
  codes: string[]
  ringPoly: number[]
  ringStart: number[] // one more entry than rings
  xy: number[] // x0, y0, x1, y1, …
}

/**
 * dx/dy of an edge taken lower end first (dy > 0), kept finite: an edge only a few subnormal steps tall
 * would give ±Infinity, and 0 · Infinity is NaN at its lower end.
 */
function slope(xa: number, ya: number, xb: number, yb: number): number {
  const k = (xb - xa) / (yb - ya)
  return k === Infinity ? Number.MAX_VALUE : k === -Infinity ? -Number.MAX_VALUE : k
}

const DEFAULT_CELLS_PER_EDGE = 4
const DEFAULT_MAX_CELLS = 1 << 23

export class GridLocator {
  /** Index → grid code. */
  readonly codes: readonly string[]
  /** Raster: bounding box, cells and their reciprocal sizes. */
  private readonly minX: number
  private readonly minY: number
  private readonly maxX: number
  private readonly maxY: number
  private readonly nx: number
  private readonly ny: number
  private readonly invW: number
  private readonly invH: number
  /** Per cell: ≥ 0 the polygon that holds the whole cell, -1 none, ≤ -2 a boundary cell (-2 - offset into `cand`). */
  private readonly cells: Int32Array
  /** Per boundary cell at its offset: count, then per candidate polygon (ascending): index, parity, first edge, end edge. */
  private readonly cand: Int32Array
  /** Per candidate edge: lower y, upper y (exclusive), x at lower y, dx/dy. */
  private readonly edges: Float64Array

  private constructor(
    codes: string[],
    box: { minX: number; minY: number; maxX: number; maxY: number; nx: number; ny: number; invW: number; invH: number },
    cells: Int32Array,
    cand: Int32Array,
    edges: Float64Array,
  ) {
    this.codes = Object.freeze(codes)
    this.minX = box.minX
    this.minY = box.minY
    this.maxX = box.maxX
    this.maxY = box.maxY
    this.nx = box.nx
    this.ny = box.ny
    this.invW = box.invW
    this.invH = box.invH
    this.cells = cells
    this.cand = cand
    this.edges = edges
  }

  /** Builds the index over GeoJSON MultiPolygon coordinates (throws on a non-finite coordinate). */
  static build(grids: GridPolygon[], options: GridLocatorOptions = {}): GridLocator {
    const flat: FlatPolygons = { codes: [], ringPoly: [], ringStart: [0], xy: [] }
    for (const g of grids) {
      const p = flat.codes.length
      flat.codes.push(g.code)
      for (const polygon of g.coordinates) {
        for (const ring of polygon) {
          for (const pos of ring) flat.xy.push(pos[0]!, pos[1]!)
          flat.ringPoly.push(p)
          flat.ringStart.push(flat.xy.length / 2)
        }
      }
    }
    return GridLocator.fromFlat(flat, options)
  }

  /** Builds the index from WKB (Polygon or MultiPolygon, either byte order, extra ordinates ignored). */
  static fromWkb(grids: { code: string; wkb: Uint8Array }[], options: GridLocatorOptions = {}): GridLocator {
    const flat: FlatPolygons = { codes: [], ringPoly: [], ringStart: [0], xy: [] }
    for (const g of grids) {
      flat.codes.push(g.code)
      readWkb(g.wkb, flat.codes.length - 1, flat)
    }
    return GridLocator.fromFlat(flat, options)
  }

  /** Size of the index: raster, boundary cells, their candidates and edge entries, bytes of typed arrays (for tuning). */
  get stats(): { cellsX: number; cellsY: number; boundaryCells: number; candidates: number; edgeEntries: number; bytes: number } {
    let boundaryCells = 0
    let candidates = 0
    for (let c = 0; c < this.cells.length; c++) {
      const v = this.cells[c]!
      if (v <= -2) {
        boundaryCells++
        candidates += this.cand[-2 - v]!
      }
    }
    const bytes = this.cells.byteLength + this.cand.byteLength + this.edges.byteLength
    return { cellsX: this.nx, cellsY: this.ny, boundaryCells, candidates, edgeEntries: this.edges.length / 4, bytes }
  }

  /** Index into `codes` of the grid containing the point, or -1 when no grid contains it (or a coordinate is not finite). */
  locateIndex(lon: number, lat: number): number {
    // NaN fails every comparison; ±Infinity lies outside the box.
    if (!(lon >= this.minX && lon <= this.maxX && lat >= this.minY && lat <= this.maxY)) return -1
    let ix = ((lon - this.minX) * this.invW) | 0
    let iy = ((lat - this.minY) * this.invH) | 0
    if (ix >= this.nx) ix = this.nx - 1
    if (iy >= this.ny) iy = this.ny - 1
    const v = this.cells[iy * this.nx + ix]!
    if (v >= -1) return v
    const cand = this.cand
    const e = this.edges
    let c = -2 - v
    const end = c + 1 + 4 * cand[c]!
    for (c++; c < end; c += 4) {
      let inside = cand[c + 1]!
      const stop = cand[c + 3]!
      for (let j = cand[c + 2]!; j < stop; j += 4) {
        const y0 = e[j]!
        if (lat >= y0 && lat < e[j + 1]! && lon < e[j + 2]! + (lat - y0) * e[j + 3]!) inside ^= 1
      }
      if (inside !== 0) return cand[c]!
    }
    return -1
  }

  /** The code of the grid containing the point, or undefined. */
  locate(lon: number, lat: number): string | undefined {
    const i = this.locateIndex(lon, lat)
    return i < 0 ? undefined : this.codes[i]
  }

  /** Batch form: fills out[i] with the index for (lons[i], lats[i]) and returns `out`. */
  locateMany(lons: Float64Array, lats: Float64Array, out: Int32Array = new Int32Array(lons.length)): Int32Array {
    const n = lons.length
    if (lats.length !== n || out.length < n) throw new RangeError('locateMany: lons, lats and out must have the same length')
    const { minX, minY, maxX, maxY, nx, ny, invW, invH, cells, cand } = this
    const e = this.edges
    for (let i = 0; i < n; i++) {
      const lon = lons[i]!
      const lat = lats[i]!
      if (!(lon >= minX && lon <= maxX && lat >= minY && lat <= maxY)) {
        out[i] = -1
        continue
      }
      let ix = ((lon - minX) * invW) | 0
      let iy = ((lat - minY) * invH) | 0
      if (ix >= nx) ix = nx - 1
      if (iy >= ny) iy = ny - 1
      const v = cells[iy * nx + ix]!
      if (v >= -1) {
        out[i] = v
        continue
      }
      let found = -1
      let c = -2 - v
      const end = c + 1 + 4 * cand[c]!
      for (c++; c < end; c += 4) {
        let inside = cand[c + 1]!
        const stop = cand[c + 3]!
        for (let j = cand[c + 2]!; j < stop; j += 4) {
          const y0 = e[j]!
          if (lat >= y0 && lat < e[j + 1]! && lon < e[j + 2]! + (lat - y0) * e[j + 3]!) inside ^= 1
        }
        if (inside !== 0) {
          found = cand[c]!
          break
        }
      }
      out[i] = found
    }
    return out
  }

  private static fromFlat(flat: FlatPolygons, options: GridLocatorOptions): GridLocator {
    const { codes, ringPoly, ringStart, xy } = flat
    const nPoly = codes.length

    // 1. Edges, grouped by polygon, in canonical orientation (ya ≤ yb). Horizontal edges never cross a
    // horizontal ray but still tell which cells a polygon reaches.
    const eya: number[] = []
    const eyb: number[] = []
    const exa: number[] = []
    const exb: number[] = []
    const polyEdgeStart = new Int32Array(nPoly + 1)
    let minX = Infinity
    let minY = Infinity
    let maxX = -Infinity
    let maxY = -Infinity
    let ring = 0
    for (let p = 0; p < nPoly; p++) {
      polyEdgeStart[p] = eya.length
      for (; ring < ringPoly.length && ringPoly[ring] === p; ring++) {
        const a = ringStart[ring]!
        let b = ringStart[ring + 1]! // exclusive
        // A closed ring repeats its first point; an open one is closed here.
        if (b - a >= 2 && xy[2 * a] === xy[2 * (b - 1)] && xy[2 * a + 1] === xy[2 * (b - 1) + 1]) b--
        if (b - a < 3) continue
        for (let i = a; i < b; i++) {
          const x0 = xy[2 * i]!
          const y0 = xy[2 * i + 1]!
          if (!Number.isFinite(x0) || !Number.isFinite(y0)) throw new RangeError(`grid ${codes[p]}: coordinate is not a finite number`)
          if (x0 < minX) minX = x0
          if (x0 > maxX) maxX = x0
          if (y0 < minY) minY = y0
          if (y0 > maxY) maxY = y0
          const j = i + 1 < b ? i + 1 : a
          const x1 = xy[2 * j]!
          const y1 = xy[2 * j + 1]!
          if (x0 === x1 && y0 === y1) continue
          const up = y0 < y1 || (y0 === y1 && x0 <= x1)
          eya.push(up ? y0 : y1)
          eyb.push(up ? y1 : y0)
          exa.push(up ? x0 : x1)
          exb.push(up ? x1 : x0)
        }
      }
    }
    polyEdgeStart[nPoly] = eya.length
    const nEdges = eya.length
    if (nEdges === 0) {
      const empty = { minX: 0, minY: 0, maxX: -1, maxY: -1, nx: 1, ny: 1, invW: 1, invH: 1 } // contains no point
      return new GridLocator(codes, empty, new Int32Array([-1]), new Int32Array(0), new Float64Array(0))
    }

    // 2. The raster: square cells, about cellsPerEdge per edge.
    let w = maxX - minX
    let h = maxY - minY
    const scale = Math.max(Math.abs(minX), Math.abs(maxX), Math.abs(minY), Math.abs(maxY), 1e-300)
    const minExtent = scale * 1e-12
    if (w < minExtent) w = minExtent
    if (h < minExtent) h = minExtent
    // (maxX, maxY stay the true maxima: minX + w may round below them.)
    if (minX + w > maxX) maxX = minX + w
    if (minY + h > maxY) maxY = minY + h
    const target = Math.max(1, Math.min(options.maxCells ?? DEFAULT_MAX_CELLS, Math.round((options.cellsPerEdge ?? DEFAULT_CELLS_PER_EDGE) * nEdges)))
    const side = Math.sqrt((w * h) / target)
    const nx = Math.max(1, Math.min(target, Math.round(w / side)))
    const ny = Math.max(1, Math.min(Math.floor(target / nx), Math.round(h / side)))
    const cw = w / nx
    const ch = h / ny
    const nCells = nx * ny
    // Cells are widened by `pad` on every side when deciding what may touch them, so a point that
    // rounding puts in a neighbouring cell is still answered correctly.
    const pad = Math.max(Math.min(cw, ch) * 1e-7, scale * 1e-13)
    const rowOf = (y: number) => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) / ch)))
    const colOf = (x: number) => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) / cw)))

    // 3. Per polygon: the cells its boundary touches (each becomes a candidate record with its edges)
    // and the cells it holds wholly (scan-line fill at the cells' centres).
    const owner = new Int32Array(nCells).fill(-1)
    const stamp = new Int32Array(nCells) // p + 1 when polygon p's boundary touches the cell
    const recCell: number[] = []
    const recPoly: number[] = []
    const recParity: number[] = []
    const recStart: number[] = [] // into recEdges
    const recEdges: number[] = [] // edge ids
    recStart.push(0)
    let rowCount = new Int32Array(64)
    let rowEdges = new Int32Array(256)
    let xs = new Float64Array(64)
    const touched: number[] = []
    for (let p = 0; p < nPoly; p++) {
      const e0 = polyEdgeStart[p]!
      const e1 = polyEdgeStart[p + 1]!
      if (e0 === e1) continue
      let pyMin = Infinity
      let pyMax = -Infinity
      for (let e = e0; e < e1; e++) {
        if (eya[e]! < pyMin) pyMin = eya[e]!
        if (eyb[e]! > pyMax) pyMax = eyb[e]!
      }
      const r0 = rowOf(pyMin - pad)
      const r1 = rowOf(pyMax + pad)
      const nRows = r1 - r0 + 1
      // Row buckets of the polygon's sloped edges (CSR over rows r0..r1).
      if (rowCount.length < nRows + 1) rowCount = new Int32Array(2 * nRows + 2)
      rowCount.fill(0, 0, nRows + 1)
      for (let e = e0; e < e1; e++) {
        if (eya[e] === eyb[e]) continue
        const ra = rowOf(eya[e]! - pad) - r0
        const rb = rowOf(eyb[e]! + pad) - r0
        for (let r = ra; r <= rb; r++) rowCount[r + 1]!++
      }
      for (let r = 0; r < nRows; r++) rowCount[r + 1]! += rowCount[r]!
      const total = rowCount[nRows]!
      if (rowEdges.length < total) rowEdges = new Int32Array(2 * total)
      const fillAt = rowCount.slice(0, nRows)
      for (let e = e0; e < e1; e++) {
        if (eya[e] === eyb[e]) continue
        const ra = rowOf(eya[e]! - pad) - r0
        const rb = rowOf(eyb[e]! + pad) - r0
        for (let r = ra; r <= rb; r++) rowEdges[fillAt[r]!++] = e
      }

      // Cells the boundary touches, row by row: the edge's x-extent within the (padded) row band.
      touched.length = 0
      for (let e = e0; e < e1; e++) {
        const ya = eya[e]!
        const yb = eyb[e]!
        const xa = exa[e]!
        const xb = exb[e]!
        const ra = rowOf(ya - pad)
        const rb = rowOf(yb + pad)
        for (let r = ra; r <= rb; r++) {
          let lo: number
          let hi: number
          if (ya === yb || ra === rb) {
            lo = Math.min(xa, xb)
            hi = Math.max(xa, xb)
          } else {
            const bandLo = Math.max(ya, minY + r * ch - pad)
            const bandHi = Math.min(yb, minY + (r + 1) * ch + pad)
            const k = slope(xa, ya, xb, yb)
            const u = xa + (bandLo - ya) * k
            const v = xa + (bandHi - ya) * k
            lo = Math.max(Math.min(u, v), Math.min(xa, xb))
            hi = Math.min(Math.max(u, v), Math.max(xa, xb))
          }
          const ca = colOf(lo - pad)
          const cb = colOf(hi + pad)
          for (let c = r * nx + ca, cEnd = r * nx + cb; c <= cEnd; c++) {
            if (stamp[c] !== p + 1) {
              stamp[c] = p + 1
              touched.push(c)
            }
          }
        }
      }

      // A candidate record per touched cell: the row's edges not wholly west of the cell; those wholly
      // east of it that span its band are crossed by every ray from it and become a parity bit.
      for (const c of touched) {
        const r = (c / nx) | 0
        const col = c - r * nx
        const cx0 = minX + col * cw - pad
        const cx1 = minX + (col + 1) * cw + pad
        const cy0 = minY + r * ch - pad
        const cy1 = minY + (r + 1) * ch + pad
        let parity = 0
        for (let i = rowCount[r - r0]!, iEnd = rowCount[r - r0 + 1]!; i < iEnd; i++) {
          const e = rowEdges[i]!
          const xa = exa[e]!
          const xb = exb[e]!
          if (xa < cx0 && xb < cx0) continue
          if (eya[e]! <= cy0 && eyb[e]! > cy1 && xa > cx1 && xb > cx1) parity ^= 1
          else recEdges.push(e)
        }
        recCell.push(c)
        recPoly.push(p)
        recParity.push(parity)
        recStart.push(recEdges.length)
      }

      // Cells held wholly: centre inside (crossing test at the centre's y) and not touched.
      for (let r = r0; r <= r1; r++) {
        const yc = minY + (r + 0.5) * ch
        let m = 0
        for (let i = rowCount[r - r0]!, iEnd = rowCount[r - r0 + 1]!; i < iEnd; i++) {
          const e = rowEdges[i]!
          const ya = eya[e]!
          const yb = eyb[e]!
          if (yc >= ya && yc < yb) {
            if (m === xs.length) {
              const bigger = new Float64Array(2 * m)
              bigger.set(xs)
              xs = bigger
            }
            const xa = exa[e]!
            xs[m++] = xa + (yc - ya) * slope(xa, ya, exb[e]!, yb)
          }
        }
        if (m === 0) continue
        // A point is inside when an odd number of crossings lie strictly east of it: between the
        // (i-1)-th and i-th crossing (in ascending order) m - i of them do.
        const sorted = xs.subarray(0, m).sort()
        for (let i = m % 2 === 1 ? 0 : 1; i <= m; i += 2) {
          const from = i === 0 ? -Infinity : sorted[i - 1]!
          const to = i === m ? Infinity : sorted[i]!
          const ca = Math.max(0, Math.ceil((from - minX) / cw - 0.5))
          const cb = Math.min(nx - 1, Math.ceil((to - minX) / cw - 0.5) - 1)
          for (let c = r * nx + ca, cEnd = r * nx + cb; c <= cEnd; c++) {
            if (stamp[c] === p + 1) continue
            if (owner[c] === -1) owner[c] = p
            else {
              // Overlapping input: a second polygon holding the whole cell becomes a record too.
              recCell.push(c)
              recPoly.push(p)
              recParity.push(1)
              recStart.push(recEdges.length)
            }
          }
        }
      }
    }

    // 4. Pack: per boundary cell its candidates in ascending polygon order, edges inline.
    const nRec = recCell.length
    const perCell = new Int32Array(nCells + 1)
    for (let i = 0; i < nRec; i++) perCell[recCell[i]! + 1]!++
    for (let c = 0; c < nCells; c++) perCell[c + 1]! += perCell[c]!
    const order = new Int32Array(nRec)
    const at = perCell.slice(0, nCells)
    for (let i = 0; i < nRec; i++) order[at[recCell[i]!]!++] = i // stable: records come in polygon order

    let nCand = 0
    let nEdgeEntries = 0
    for (let c = 0; c < nCells; c++) {
      const k = perCell[c + 1]! - perCell[c]!
      if (k > 0) nCand += 1 + 4 * (k + (owner[c] !== -1 ? 1 : 0))
    }
    for (let i = 0; i < nRec; i++) nEdgeEntries += recStart[i + 1]! - recStart[i]!
    const cells = new Int32Array(nCells)
    const cand = new Int32Array(nCand)
    const edges = new Float64Array(4 * nEdgeEntries)
    let cAt = 0
    let eAt = 0
    for (let c = 0; c < nCells; c++) {
      const s = perCell[c]!
      const t = perCell[c + 1]!
      if (s === t) {
        cells[c] = owner[c]!
        continue
      }
      cells[c] = -2 - cAt
      const o = owner[c]!
      cand[cAt++] = t - s + (o !== -1 ? 1 : 0)
      let ownerDone = o === -1
      for (let i = s; i < t; i++) {
        const rec = order[i]!
        const p = recPoly[rec]!
        if (!ownerDone && o < p) {
          cand[cAt++] = o
          cand[cAt++] = 1
          cand[cAt++] = eAt
          cand[cAt++] = eAt
          ownerDone = true
        }
        cand[cAt++] = p
        cand[cAt++] = recParity[rec]!
        cand[cAt++] = eAt
        for (let j = recStart[rec]!, jEnd = recStart[rec + 1]!; j < jEnd; j++) {
          const e = recEdges[j]!
          const ya = eya[e]!
          const yb = eyb[e]!
          const xa = exa[e]!
          edges[eAt++] = ya
          edges[eAt++] = yb
          edges[eAt++] = xa
          edges[eAt++] = slope(xa, ya, exb[e]!, yb)
        }
        cand[cAt++] = eAt
      }
      if (!ownerDone) {
        cand[cAt++] = o
        cand[cAt++] = 1
        cand[cAt++] = eAt
        cand[cAt++] = eAt
      }
    }
    return new GridLocator(codes, { minX, minY, maxX, maxY, nx, ny, invW: nx / w, invH: ny / h }, cells, cand, edges)
  }
}

/** Appends the rings of one WKB Polygon or MultiPolygon (ISO or extended WKB) as polygon `p`. */
function readWkb(bytes: Uint8Array, p: number, out: FlatPolygons): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 0
  const geometry = (): void => {
    const le = view.getUint8(at) === 1
    const raw = view.getUint32(at + 1, le)
    at += 5
    let dims = 2
    // ISO WKB: Z +1000, M +2000, ZM +3000; extended WKB: flag bits (Z 0x80000000, M 0x40000000, SRID 0x20000000).
    let type = raw & 0x0fffffff
    if (raw & 0x80000000) dims++
    if (raw & 0x40000000) dims++
    if (raw & 0x20000000) at += 4
    if (type >= 1000) {
      const flavour = Math.floor(type / 1000)
      dims += flavour === 3 ? 2 : 1
      type %= 1000
    }
    if (type === 6) {
      const n = view.getUint32(at, le)
      at += 4
      for (let i = 0; i < n; i++) geometry()
    } else if (type === 3) {
      const rings = view.getUint32(at, le)
      at += 4
      for (let r = 0; r < rings; r++) {
        const points = view.getUint32(at, le)
        at += 4
        for (let i = 0; i < points; i++) {
          out.xy.push(view.getFloat64(at, le), view.getFloat64(at + 8, le))
          at += 8 * dims
        }
        out.ringPoly.push(p)
        out.ringStart.push(out.xy.length / 2)
      }
    } else {
      throw new RangeError(`grid ${out.codes[p]}: WKB type ${raw} is not a Polygon or MultiPolygon`)
    }
  }
  geometry()
}

/** Reads the current grids (optionally only those whose code starts with `prefix`) and builds a locator. */
export async function loadGridLocator(db: Kysely<DB>, prefix?: string, options?: GridLocatorOptions): Promise<GridLocator> {
  // WKB keeps every coordinate bit-exact; as base64 text it is the cheapest form to read on both backends
  // (PGlite's bytea decoding is ~5× slower than its text path).
  let q = db
    .selectFrom('current_area')
    .select(['code', sql<string>`encode(ST_AsBinary(geom), 'base64')`.as('wkb')])
    .where('level', '=', 'grid')
  if (prefix) q = q.where('code', 'like', `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
  const rows = await q.orderBy('code').execute()
  return GridLocator.fromWkb(
    rows.map((r) => ({ code: r.code, wkb: Buffer.from(r.wkb, 'base64') })),
    options,
  )
}
