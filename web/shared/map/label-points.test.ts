import { describe, expect, it } from 'vitest'
import { labelPoint, pointInPolygon, poleOfInaccessibility } from './label-points'

const square = (x0: number, y0: number, s: number) => [
  [
    [x0, y0],
    [x0 + s, y0],
    [x0 + s, y0 + s],
    [x0, y0 + s],
    [x0, y0],
  ],
]

describe('labelPoint', () => {
  it('merges the tile pieces of one area into one point at its centre', () => {
    const p = labelPoint([square(0, 0, 1), square(1, 0, 1)])!
    expect(p[0]).toBeCloseTo(1, 6)
    expect(p[1]).toBeCloseTo(0.5, 6)
  })

  it('stays inside a U-shaped area whose centroid falls in the notch', () => {
    const u = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ]
    const p = labelPoint([u])!
    expect(pointInPolygon(p, u)).toBe(true)
  })

  it('ignores degenerate pieces', () => {
    expect(labelPoint([[[[0, 0], [1, 1], [0, 0]]]])).toBeUndefined()
  })
})

describe('poleOfInaccessibility', () => {
  it('finds the middle of a square', () => {
    const p = poleOfInaccessibility(square(10, 10, 2))
    expect(p[0]).toBeCloseTo(11, 3)
    expect(p[1]).toBeCloseTo(11, 3)
  })
})
