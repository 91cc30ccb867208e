// Unit tests of the tile contract's pure parts: tile math, address and glyph-range checks, ETag
// matching and the byte-capped tile cache.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  MAX_ZOOM,
  layersAt,
  glyphRangeProblem,
  tileAddressProblems,
  tileAt,
  tileBounds,
  tilesCovering,
} from './tile.contract.ts'
import { TileCache } from './tile-cache.ts'
import { etagMatches } from './tile.routes.ts'

describe('layersAt', () => {
  it.each([
    [0, ['district']],
    [8, ['district']],
    [9, ['district', 'street']],
    [10, ['district', 'street']],
    [11, ['district', 'street', 'community']],
    [12, ['district', 'street', 'community', 'grid']],
    [16, ['district', 'street', 'community', 'grid']],
  ])('zoom %i has %j', (z, ids) => {
    expect(layersAt(z).map((l) => l.id)).toEqual(ids)
  })
})

describe('tileAddressProblems', () => {
  it('accepts every tile of the grid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_ZOOM }).chain((z) =>
          fc.record({ z: fc.constant(z), x: fc.integer({ min: 0, max: 2 ** z - 1 }), y: fc.integer({ min: 0, max: 2 ** z - 1 }) }),
        ),
        (t) => tileAddressProblems(t).length === 0,
      ),
    )
  })

  it('names the field that is out of range', () => {
    expect(tileAddressProblems({ z: 17, x: 0, y: 0 }).map((p) => p.field)).toEqual(['/z'])
    expect(tileAddressProblems({ z: 2, x: 4, y: 0 }).map((p) => p.field)).toEqual(['/x'])
    expect(tileAddressProblems({ z: 2, x: 0, y: 4 }).map((p) => p.field)).toEqual(['/y'])
    expect(tileAddressProblems({ z: 0, x: 1, y: 1 }).map((p) => p.field)).toEqual(['/x', '/y'])
  })
})

describe('glyphRangeProblem', () => {
  it.each(['0-255', '256-511', '65280-65535'])('accepts %s', (r) => expect(glyphRangeProblem(r)).toBeUndefined())
  it.each(['0-256', '1-256', '255-510', '65536-65791', 'a-b', '0255', '-1-254'])('refuses %s', (r) =>
    expect(glyphRangeProblem(r)).toBeTypeOf('string'),
  )
})

describe('tile math', () => {
  it('finds the tile that contains a point, inside its bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_ZOOM }),
        fc.double({ min: -179.9, max: 179.9, noNaN: true }),
        fc.double({ min: -85, max: 85, noNaN: true }),
        (z, lon, lat) => {
          const [w, s, e, n] = tileBounds(tileAt(z, lon, lat))
          return w <= lon + 1e-9 && lon <= e + 1e-9 && s <= lat + 1e-9 && lat <= n + 1e-9
        },
      ),
    )
  })

  it('grows bounds by the buffer', () => {
    const [w, s, e, n] = tileBounds({ z: 1, x: 1, y: 0 })
    expect([w, e, n]).toEqual([0, 180, expect.closeTo(85.0511, 4)])
    expect(s).toBeCloseTo(0, 9)
    const [bw, , be] = tileBounds({ z: 1, x: 1, y: 0 }, 64)
    expect(bw).toBeCloseTo(-180 * (64 / 4096), 9)
    expect(be).toBeCloseTo(180 + 180 * (64 / 4096), 9)
  })

  it('covers a box with every tile it touches', () => {
    expect(tilesCovering(0, [100, 36, 102, 37])).toEqual([{ z: 0, x: 0, y: 0 }])
    expect(tilesCovering(1, [-10, -10, 10, 10])).toHaveLength(4)
  })
})

describe('etagMatches', () => {
  const etag = '"mvt1-postgis-3.3-12-1-2"'
  it('matches the same tag, weak or in a list, and *', () => {
    expect(etagMatches(etag, etag)).toBe(true)
    expect(etagMatches(`W/${etag}`, etag)).toBe(true)
    expect(etagMatches(`"other", ${etag}`, etag)).toBe(true)
    expect(etagMatches('*', etag)).toBe(true)
  })
  it('does not match another tag or none', () => {
    expect(etagMatches('"mvt1-postgis-3.4-12-1-2"', etag)).toBe(false)
    expect(etagMatches(undefined, etag)).toBe(false)
    expect(etagMatches('', etag)).toBe(false)
  })
})

describe('TileCache', () => {
  const bytes = (n: number) => new Uint8Array(n)

  it('never holds more than its cap and evicts the least recently used first', () => {
    const cache = new TileCache(3 * 1200)
    cache.set('a', bytes(1000))
    cache.set('b', bytes(1000))
    cache.set('c', bytes(1000))
    expect(cache.get('a')).toBeDefined() // a is now the most recent
    cache.set('d', bytes(1000))
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBeDefined()
    expect(cache.get('d')).toBeDefined()
    expect(cache.stats().bytes).toBeLessThanOrEqual(cache.maxBytes)
  })

  it('keeps its byte count exact under any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 200 }), (ops) => {
        const cache = new TileCache(10_000)
        const shadow = new Map<string, number>()
        for (const [k, size] of ops) {
          cache.set(`k${k}`, bytes(size))
          shadow.set(`k${k}`, size)
        }
        const s = cache.stats()
        return s.bytes <= s.maxBytes && s.bytes >= 0 && s.entries <= shadow.size
      }),
    )
  })

  it('does not keep a value larger than the cap, and drops other versions on request', () => {
    const cache = new TileCache(500)
    cache.set('1|big', bytes(1000))
    expect(cache.get('1|big')).toBeUndefined()
    cache.set('1|a', bytes(10))
    cache.set('2|a', bytes(10))
    cache.retainPrefix('2|')
    expect(cache.get('1|a')).toBeUndefined()
    expect(cache.get('2|a')).toBeDefined()
    expect(cache.stats().entries).toBe(1)
  })
})
