// The grid locator without a database: hand-made shapes (squares, holes, multipolygons, concave
// outlines, overlaps, bad input), the boundary rule, and property tests on random tilings against two
// references — a textbook crossing-number test (points within 1e-12 of an edge skipped) and a brute
// force over every polygon with the locator's own documented arithmetic (no point skipped: the raster
// must never change an answer, not even on a boundary).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { GridLocator, type GridPolygon } from './grid-locator.ts'

type Ring = number[][]

const box = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
]
const grid = (code: string, ...polygons: Ring[][]): GridPolygon => ({ code, coordinates: polygons })

/** Textbook even–odd crossing test over every ring (each edge in its own orientation). */
function referenceInside(g: GridPolygon, x: number, y: number): boolean {
  let inside = false
  for (const polygon of g.coordinates) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number]
        const [xj, yj] = ring[j] as [number, number]
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
      }
    }
  }
  return inside
}

/** Distance from (x, y) to the nearest edge of any of the grids. */
function distanceToEdges(grids: GridPolygon[], x: number, y: number): number {
  let best = Infinity
  for (const g of grids) {
    for (const polygon of g.coordinates) {
      for (const ring of polygon) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [x0, y0] = ring[j] as [number, number]
          const [x1, y1] = ring[i] as [number, number]
          const dx = x1 - x0
          const dy = y1 - y0
          const len2 = dx * dx + dy * dy
          const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2))
          best = Math.min(best, Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
        }
      }
    }
  }
  return best
}

/**
 * The locator's documented rule by brute force: the lowest index whose rings a ray towards +x crosses an
 * odd number of times, each edge taken lower end first, counted when lowerY ≤ y < upperY and
 * x < lowerX + (y − lowerY)·k, k = (upperX − lowerX)/(upperY − lowerY) kept within ±Number.MAX_VALUE.
 */
function bruteForce(grids: GridPolygon[], x: number, y: number): number {
  for (let p = 0; p < grids.length; p++) {
    let inside = false
    for (const polygon of grids[p]!.coordinates) {
      for (const ring of polygon) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          let [xa, ya] = ring[j] as [number, number]
          let [xb, yb] = ring[i] as [number, number]
          if (ya === yb) continue
          if (ya > yb) [xa, ya, xb, yb] = [xb, yb, xa, ya]
          const k = Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, (xb - xa) / (yb - ya)))
          if (y >= ya && y < yb && x < xa + (y - ya) * k) inside = !inside
        }
      }
    }
    if (inside) return p
  }
  return -1
}

describe('grid locator: shapes', () => {
  // 2×2 unit squares: a (SW), b (SE), c (NW), d (NE).
  const squares = [grid('a', [box(0, 0, 1, 1)]), grid('b', [box(1, 0, 2, 1)]), grid('c', [box(0, 1, 1, 2)]), grid('d', [box(1, 1, 2, 2)])]

  it('finds the square that holds a point and none outside', () => {
    const loc = GridLocator.build(squares)
    expect(loc.codes).toEqual(['a', 'b', 'c', 'd'])
    expect(loc.locate(0.5, 0.5)).toBe('a')
    expect(loc.locate(1.5, 0.25)).toBe('b')
    expect(loc.locate(0.1, 1.9)).toBe('c')
    expect(loc.locate(1.99, 1.99)).toBe('d')
    expect(loc.locateIndex(1.99, 1.99)).toBe(3)
    for (const [x, y] of [
      [-0.1, 0.5],
      [2.1, 0.5],
      [0.5, -1e-9],
      [0.5, 2.0000001],
      [-5, -5],
      [1e300, 1],
    ]) {
      expect(loc.locateIndex(x!, y!)).toBe(-1)
      expect(loc.locate(x!, y!)).toBeUndefined()
    }
  })

  it('sends a boundary point east, on an east–west boundary north, on a corner north-east', () => {
    const loc = GridLocator.build(squares)
    expect(loc.locate(1, 0.5)).toBe('b') // between a and b
    expect(loc.locate(0.5, 1)).toBe('c') // between a and c
    expect(loc.locate(1, 1)).toBe('d') // the corner of all four
    expect(loc.locate(0, 0)).toBe('a') // south-west corner of the tiling
    expect(loc.locate(0, 0.5)).toBe('a') // west edge
    expect(loc.locate(0.5, 0)).toBe('a') // south edge
    expect(loc.locate(2, 0.5)).toBeUndefined() // east edge: east of it is nothing
    expect(loc.locate(0.5, 2)).toBeUndefined() // north edge
    expect(loc.locate(1, 2)).toBeUndefined()
    expect(loc.locate(1, 0)).toBe('b')
  })

  it('answers NaN and infinite coordinates with -1', () => {
    const loc = GridLocator.build(squares)
    for (const [x, y] of [
      [NaN, 0.5],
      [0.5, NaN],
      [Infinity, 0.5],
      [0.5, -Infinity],
      [NaN, NaN],
    ]) {
      expect(loc.locateIndex(x!, y!)).toBe(-1)
    }
    expect([...loc.locateMany(Float64Array.of(NaN, 0.5, Infinity), Float64Array.of(0.5, 0.5, 0.5))]).toEqual([-1, 0, -1])
  })

  it('leaves a hole empty, or to the grid that fills it, in either ring orientation', () => {
    const outer = box(0, 0, 4, 4)
    const hole = box(1, 1, 3, 3)
    for (const [o, h] of [
      [outer, hole],
      [[...outer].reverse(), hole],
      [outer, [...hole].reverse()],
      [[...outer].reverse(), [...hole].reverse()],
    ]) {
      const alone = GridLocator.build([grid('ring', [o!, h!])])
      expect(alone.locate(0.5, 0.5)).toBe('ring')
      expect(alone.locate(3.5, 2)).toBe('ring')
      expect(alone.locate(2, 2)).toBeUndefined()
      expect(alone.locate(1.01, 2.99)).toBeUndefined()
      expect(alone.locate(0.99, 2)).toBe('ring')
      const filled = GridLocator.build([grid('ring', [o!, h!]), grid('island', [hole])])
      expect(filled.locate(2, 2)).toBe('island')
      expect(filled.locate(0.5, 3.5)).toBe('ring')
      expect(filled.locate(1, 2)).toBe('island') // west edge of the hole: east of it is the island
      expect(filled.locate(3, 2)).toBe('ring') // east edge of the hole
    }
  })

  it('finds every part of a multipolygon, holes in parts included', () => {
    const loc = GridLocator.build([
      grid('multi', [box(0, 0, 1, 1)], [box(5, 5, 7, 7), box(5.5, 5.5, 6.5, 6.5)], [box(10, 0, 11, 1)]),
      grid('between', [box(2, 0, 4, 1)]),
    ])
    expect(loc.locate(0.5, 0.5)).toBe('multi')
    expect(loc.locate(10.5, 0.5)).toBe('multi')
    expect(loc.locate(5.2, 6.9)).toBe('multi')
    expect(loc.locate(6, 6)).toBeUndefined()
    expect(loc.locate(3, 0.5)).toBe('between')
    expect(loc.locate(1.5, 0.5)).toBeUndefined()
    expect(loc.locate(8, 3)).toBeUndefined()
  })

  it('handles concave outlines: a comb and the grid between its teeth', () => {
    // A comb open to the north: base 0..5 × 0..1, teeth at x 0–1, 2–3, 4–5 up to y 4.
    const comb: Ring = [
      [0, 0],
      [5, 0],
      [5, 4],
      [4, 4],
      [4, 1],
      [3, 1],
      [3, 4],
      [2, 4],
      [2, 1],
      [1, 1],
      [1, 4],
      [0, 4],
      [0, 0],
    ]
    const gap: Ring = [
      [1, 1],
      [2, 1],
      [2, 4],
      [1, 4],
      [1, 1],
    ]
    const loc = GridLocator.build([grid('comb', [comb]), grid('gap', [gap])])
    expect(loc.locate(0.5, 3.5)).toBe('comb')
    expect(loc.locate(4.5, 3.5)).toBe('comb')
    expect(loc.locate(2.5, 0.5)).toBe('comb')
    expect(loc.locate(1.5, 3.5)).toBe('gap')
    expect(loc.locate(3.5, 3.5)).toBeUndefined()
    expect(loc.locate(3.5, 1)).toBeUndefined() // on the comb's edge, north of it is nothing
    expect(loc.locate(3.5, 0.999)).toBe('comb')
    // A concave sloped outline (an arrowhead) with the notch's tip inside.
    const arrow: Ring = [
      [0, 0],
      [4, 2],
      [0, 4],
      [1.5, 2],
      [0, 0],
    ]
    const arrowLoc = GridLocator.build([grid('arrow', [arrow])])
    expect(arrowLoc.locate(2, 2)).toBe('arrow')
    expect(arrowLoc.locate(1, 2)).toBeUndefined()
    expect(arrowLoc.locate(0.5, 0.5)).toBe('arrow')
    expect(arrowLoc.locate(0.5, 3.5)).toBe('arrow')
    expect(arrowLoc.locate(3, 3)).toBeUndefined()
  })

  it('accepts open rings and ignores extra ordinates and repeated points', () => {
    const loc = GridLocator.build([
      grid('open', [
        [
          [0, 0, 7],
          [1, 0, 7],
          [1, 0, 7],
          [1, 1, 7],
          [0, 1, 7],
        ],
      ]),
    ])
    expect(loc.locate(0.5, 0.5)).toBe('open')
    expect(loc.locate(1.5, 0.5)).toBeUndefined()
  })

  it('gives a point two polygons overlap to the lower index', () => {
    const loc = GridLocator.build([grid('first', [box(0, 0, 2, 2)]), grid('second', [box(1, 1, 3, 3)]), grid('inner', [box(0.2, 0.2, 0.4, 0.4)])])
    expect(loc.locate(1.5, 1.5)).toBe('first')
    expect(loc.locate(2.5, 2.5)).toBe('second')
    expect(loc.locate(0.3, 0.3)).toBe('first')
    const swapped = GridLocator.build([grid('inner', [box(0.2, 0.2, 0.4, 0.4)]), grid('first', [box(0, 0, 2, 2)])])
    expect(swapped.locate(0.3, 0.3)).toBe('inner')
    expect(swapped.locate(0.1, 0.3)).toBe('first')
    // Cells wholly inside both squares, cells on their edges, at every raster.
    for (const cellsPerEdge of [0.01, 1, 4, 64, 1000]) {
      const fine = GridLocator.build([grid('first', [box(0, 0, 2, 2)]), grid('second', [box(1, 1, 3, 3)])], { cellsPerEdge })
      for (let x = 1.005; x < 2; x += 0.01) for (let y = 1.005; y < 2; y += 0.01) expect(fine.locate(x, y)).toBe('first')
    }
  })

  it('answers -1 everywhere with no polygons, or only degenerate ones', () => {
    expect(GridLocator.build([]).locateIndex(0, 0)).toBe(-1)
    const flat = GridLocator.build([
      grid('line', [
        [
          [0, 0],
          [1, 1],
          [2, 2],
          [0, 0],
        ],
      ]),
      grid('dot', [[[5, 5]]]),
    ])
    expect(flat.codes).toEqual(['line', 'dot'])
    expect(flat.locateIndex(1, 1)).toBe(-1)
    expect(flat.locateIndex(0.5, 0.6)).toBe(-1)
  })

  it('rejects non-finite coordinates in the input', () => {
    expect(() => GridLocator.build([grid('bad', [box(0, 0, NaN, 1)])])).toThrow(/not a finite number/)
  })

  it('fills a caller-supplied output array and checks lengths', () => {
    const loc = GridLocator.build(squares)
    const out = new Int32Array(3).fill(99)
    const r = loc.locateMany(Float64Array.of(0.5, 1.5, 5), Float64Array.of(0.5, 1.5, 5), out)
    expect(r).toBe(out)
    expect([...out]).toEqual([0, 3, -1])
    expect(() => loc.locateMany(Float64Array.of(0.5), Float64Array.of(0.5, 1))).toThrow(RangeError)
    expect(() => loc.locateMany(Float64Array.of(0.5, 1), Float64Array.of(0.5, 1), new Int32Array(1))).toThrow(RangeError)
  })

  it('reads WKB polygons and multipolygons in either byte order', () => {
    const wkbPolygon = (rings: Ring[], littleEndian: boolean, type = 3): Uint8Array => {
      const size = 9 + rings.reduce((n, r) => n + 4 + 16 * r.length, 0)
      const v = new DataView(new ArrayBuffer(size))
      v.setUint8(0, littleEndian ? 1 : 0)
      v.setUint32(1, type, littleEndian)
      v.setUint32(5, rings.length, littleEndian)
      let at = 9
      for (const r of rings) {
        v.setUint32(at, r.length, littleEndian)
        at += 4
        for (const [x, y] of r) {
          v.setFloat64(at, x!, littleEndian)
          v.setFloat64(at + 8, y!, littleEndian)
          at += 16
        }
      }
      return new Uint8Array(v.buffer)
    }
    const multi = (parts: Uint8Array[], littleEndian: boolean): Uint8Array => {
      const head = new DataView(new ArrayBuffer(9))
      head.setUint8(0, littleEndian ? 1 : 0)
      head.setUint32(1, 6, littleEndian)
      head.setUint32(5, parts.length, littleEndian)
      return Uint8Array.from([...new Uint8Array(head.buffer), ...parts.flatMap((p) => [...p])])
    }
    const loc = GridLocator.fromWkb([
      { code: 'le', wkb: multi([wkbPolygon([box(0, 0, 4, 4), box(1, 1, 3, 3)], true), wkbPolygon([box(10, 0, 11, 1)], false)], true) },
      { code: 'be', wkb: wkbPolygon([box(4, 0, 5, 1)], false) },
    ])
    expect(loc.locate(0.5, 0.5)).toBe('le')
    expect(loc.locate(2, 2)).toBeUndefined()
    expect(loc.locate(10.5, 0.5)).toBe('le')
    expect(loc.locate(4.5, 0.5)).toBe('be')
    expect(() => GridLocator.fromWkb([{ code: 'pt', wkb: wkbPolygon([], true, 1) }])).toThrow(/not a Polygon/)
  })
})

// ---- Random tilings -------------------------------------------------------------------------------

interface Case {
  grids: GridPolygon[]
  /** Points to test: random ones over (and a little beyond) the tiling, plus every vertex and edge midpoint. */
  points: [number, number][]
  /** The grids' bounding box [w, s, e, n]. */
  bbox: [number, number, number, number]
}

const origin = fc.record({
  x: fc.double({ min: -180, max: 179, noNaN: true }),
  y: fc.double({ min: -85, max: 84, noNaN: true }),
  size: fc.constantFrom(1e-4, 1e-3, 0.01, 0.37, 1),
})

/** A lattice of cols × rows quadrilaterals whose shared corners are jittered (concave ones included). */
const jitteredLattice = fc
  .record({ cols: fc.integer({ min: 1, max: 7 }), rows: fc.integer({ min: 1, max: 7 }), o: origin })
  .chain(({ cols, rows, o }) => {
    const nVert = (cols + 1) * (rows + 1)
    return fc.record({
      cols: fc.constant(cols),
      rows: fc.constant(rows),
      o: fc.constant(o),
      jitter: fc.array(fc.double({ min: -0.24, max: 0.24, noNaN: true }), { minLength: 2 * nVert, maxLength: 2 * nVert }),
      // Per cell: 0 keep, 1 drop (a gap), 2 punch a hole, 3 punch a hole and fill it with its own grid.
      kind: fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2, 3), { minLength: cols * rows, maxLength: cols * rows }),
      reverse: fc.array(fc.boolean(), { minLength: cols * rows, maxLength: cols * rows }),
      // Pairs of cells merged into one multipolygon grid.
      merges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
    })
  })
  .map(({ cols, rows, o, jitter, kind, reverse, merges }) => {
    const vx = (i: number, j: number) => o.x + (i + jitter[2 * (j * (cols + 1) + i)]!) * o.size
    const vy = (i: number, j: number) => o.y + (j + jitter[2 * (j * (cols + 1) + i) + 1]!) * o.size
    const cells: (Ring[][] | null)[] = []
    const extra: GridPolygon[] = []
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        const c = j * cols + i
        let ring: Ring = [
          [vx(i, j), vy(i, j)],
          [vx(i + 1, j), vy(i + 1, j)],
          [vx(i + 1, j + 1), vy(i + 1, j + 1)],
          [vx(i, j + 1), vy(i, j + 1)],
          [vx(i, j), vy(i, j)],
        ]
        if (reverse[c]) ring = [...ring].reverse()
        if (kind[c] === 1) {
          cells.push(null)
          continue
        }
        const rings = [ring]
        if (kind[c]! >= 2) {
          // A diamond around the cell's centre: always inside, since corners move less than 0.24.
          const cx = o.x + (i + 0.5) * o.size
          const cy = o.y + (j + 0.5) * o.size
          const r = 0.2 * o.size
          const hole: Ring = [
            [cx, cy - r],
            [cx + r, cy],
            [cx, cy + r],
            [cx - r, cy],
            [cx, cy - r],
          ]
          rings.push(hole)
          if (kind[c] === 3) extra.push(grid(`island${c}`, [hole]))
        }
        cells.push([rings])
      }
    }
    for (const [a, b] of merges) {
      const ia = a % cells.length
      const ib = b % cells.length
      if (ia === ib || !cells[ia] || !cells[ib]) continue
      cells[ia] = [...cells[ia]!, ...cells[ib]!]
      cells[ib] = null
    }
    const grids = cells.flatMap((polygons, c) => (polygons ? [grid(`cell${c}`, ...polygons)] : []))
    return [...grids, ...extra]
  })

/** Axis-aligned rectangles from random guillotine cuts: T-junctions everywhere. */
const guillotine = fc
  .record({
    o: origin,
    cuts: fc.array(fc.record({ pick: fc.nat(), vertical: fc.boolean(), at: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }), {
      minLength: 1,
      maxLength: 25,
    }),
    drop: fc.array(fc.nat(), { maxLength: 3 }),
  })
  .map(({ o, cuts, drop }) => {
    let rects: [number, number, number, number][] = [[o.x, o.y, o.x + 3 * o.size, o.y + 2 * o.size]]
    for (const { pick, vertical, at } of cuts) {
      const k = pick % rects.length
      const [w, s, e, n] = rects[k]!
      const parts: [number, number, number, number][] = vertical
        ? [
            [w, s, w + (e - w) * at, n],
            [w + (e - w) * at, s, e, n],
          ]
        : [
            [w, s, e, s + (n - s) * at],
            [w, s + (n - s) * at, e, n],
          ]
      if (parts.some(([a, b, c, d]) => !(a < c && b < d))) continue
      rects.splice(k, 1, ...parts)
    }
    const dropped = new Set(drop.map((d) => d % rects.length))
    if (dropped.size < rects.length) rects = rects.filter((_, i) => !dropped.has(i))
    return rects.map(([w, s, e, n], i) => grid(`rect${i}`, [box(w, s, e, n)]))
  })

/** A star-shaped polygon cut into triangles around its centre: sloped edges, one vertex shared by all. */
const fan = fc
  .record({
    o: origin,
    spokes: fc.array(fc.record({ angle: fc.double({ min: 0, max: 1, noNaN: true }), radius: fc.double({ min: 0.2, max: 1, noNaN: true }) }), {
      minLength: 3,
      maxLength: 24,
    }),
  })
  .map(({ o, spokes }) => {
    const sorted = [...new Set(spokes.map((s) => s.angle))].sort((a, b) => a - b)
    const pts = sorted.map((a) => {
      const r = spokes.find((s) => s.angle === a)!.radius * o.size
      return [o.x + r * Math.cos(2 * Math.PI * a), o.y + r * Math.sin(2 * Math.PI * a)] as [number, number]
    })
    const grids: GridPolygon[] = []
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!
      const b = pts[(i + 1) % pts.length]!
      // Skip triangles that are not strictly counter-clockwise (gaps of more than half a turn).
      if ((a[0] - o.x) * (b[1] - o.y) - (a[1] - o.y) * (b[0] - o.x) <= 0) continue
      grids.push(
        grid(`tri${i}`, [
          [
            [o.x, o.y],
            [...a],
            [...b],
            [o.x, o.y],
          ],
        ]),
      )
    }
    return grids
  })

/** Not a tiling: random polygons that overlap, nest and even cross themselves (even–odd rule). */
const tangle = fc
  .record({
    o: origin,
    polygons: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), { minLength: 3, maxLength: 8 }), {
      minLength: 1,
      maxLength: 10,
    }),
  })
  .map(({ o, polygons }) =>
    polygons.map((pts, i) => grid(`p${i}`, [[...pts, pts[0]!].map(([x, y]) => [o.x + (x / 40) * o.size, o.y + (y / 40) * o.size])])),
  )

const tilingCase = (tiling: fc.Arbitrary<GridPolygon[]>): fc.Arbitrary<Case> =>
  tiling
    .filter((grids) => grids.length > 0)
    .chain((grids) => {
      const xs = grids.flatMap((g) => g.coordinates.flat(2).map((p) => p[0]!))
      const ys = grids.flatMap((g) => g.coordinates.flat(2).map((p) => p[1]!))
      const [w, e] = [Math.min(...xs), Math.max(...xs)]
      const [s, n] = [Math.min(...ys), Math.max(...ys)]
      const point = fc.tuple(
        fc.double({ min: w - 0.1 * (e - w), max: e + 0.1 * (e - w), noNaN: true }),
        fc.double({ min: s - 0.1 * (n - s), max: n + 0.1 * (n - s), noNaN: true }),
      )
      const special: [number, number][] = []
      for (const g of grids)
        for (const polygon of g.coordinates)
          for (const ring of polygon)
            for (let i = 1; i < ring.length; i++) {
              const [x0, y0] = ring[i - 1] as [number, number]
              const [x1, y1] = ring[i] as [number, number]
              special.push([x0, y0], [(x0 + x1) / 2, (y0 + y1) / 2], [x0, (y0 + y1) / 2], [(x0 + x1) / 2, y0])
            }
      return fc.record({
        grids: fc.constant(grids),
        points: fc.array(point, { minLength: 50, maxLength: 300 }).map((p) => [...p, ...special]),
        bbox: fc.constant([w, s, e, n] as [number, number, number, number]),
      })
    })

const resolution = fc.constantFrom(0.01, 0.3, 1, 4, 16, 64)

describe('grid locator: random tilings', () => {
  for (const [name, tiling] of [
    ['jittered lattices with holes, islands, gaps and multipolygons', jitteredLattice],
    ['guillotine rectangles', guillotine],
    ['triangle fans', fan],
    ['overlapping, self-crossing polygons (lowest index wins)', tangle],
  ] as const) {
    it(`agrees with a textbook point-in-polygon test off the edges, and with the rule everywhere: ${name}`, () => {
      fc.assert(
        fc.property(tilingCase(tiling), resolution, ({ grids, points, bbox: [w, s, e, n] }, cellsPerEdge) => {
          const loc = GridLocator.build(grids, { cellsPerEdge })
          const lons = Float64Array.from(points, (p) => p[0])
          const lats = Float64Array.from(points, (p) => p[1])
          const batch = loc.locateMany(lons, lats)
          for (let i = 0; i < points.length; i++) {
            const [x, y] = points[i]!
            const got = loc.locateIndex(x, y)
            expect(batch[i]).toBe(got)
            // Outside the grids' box the answer is -1 by construction (the rule's arithmetic may, within
            // an ulp of the box, round a crossing onto the other side).
            if (w <= x && x <= e && s <= y && y <= n) expect(got).toBe(bruteForce(grids, x, y))
            else expect(got).toBe(-1)
            if (distanceToEdges(grids, x, y) > 1e-12 * Math.max(1, Math.abs(x), Math.abs(y))) {
              const holders = grids.flatMap((g, k) => (referenceInside(g, x, y) ? [k] : []))
              expect(got).toBe(holders[0] ?? -1)
            }
          }
        }),
        { numRuns: 60, interruptAfterTimeLimit: 60_000 },
      )
    })
  }

  it('puts a vertex of axis-aligned rectangles in the one that reaches east and then north of it', () => {
    fc.assert(
      fc.property(tilingCase(guillotine), ({ grids }) => {
        const loc = GridLocator.build(grids)
        for (const g of grids) {
          for (const [x, y] of g.coordinates[0]![0]!) {
            const want = grids.findIndex(({ coordinates }) => {
              const [[w, s], , [e, n]] = coordinates[0]![0]! as [[number, number], [number, number], [number, number]]
              return w <= x! && x! < e && s <= y! && y! < n
            })
            expect(loc.locateIndex(x!, y!)).toBe(want)
          }
        }
      }),
      { numRuns: 100, interruptAfterTimeLimit: 60_000 },
    )
  })

  it('answers the same whatever the raster', () => {
    fc.assert(
      fc.property(tilingCase(jitteredLattice), ({ grids, points }) => {
        const answers = [0.01, 1, 50].map((cellsPerEdge) => {
          const loc = GridLocator.build(grids, { cellsPerEdge })
          return [...loc.locateMany(Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1]))]
        })
        expect(answers[1]).toEqual(answers[0])
        expect(answers[2]).toEqual(answers[0])
      }),
      { numRuns: 40, interruptAfterTimeLimit: 60_000 },
    )
  })
})
