import { describe, expect, it } from 'vitest'
import { buildSnapIndex, dedupeConsecutive, findSnap } from './snap'

// A flat projection: 1 degree = 100 px, y grows downwards like the screen.
const project = (p: number[]) => ({ x: p[0]! * 100, y: -p[1]! * 100 })

const square = buildSnapIndex([
  {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    ],
  },
])

describe('buildSnapIndex', () => {
  it('keeps each vertex once and every edge', () => {
    expect(square.vertices).toHaveLength(4)
    expect(square.segments).toHaveLength(4)
  })
})

describe('findSnap', () => {
  it('snaps to the nearest vertex within the tolerance, exactly', () => {
    expect(findSnap({ x: 104, y: -97 }, square, project, 10)).toEqual({ position: [1, 1], kind: 'vertex' })
  })

  it('prefers a vertex over a nearer edge', () => {
    expect(findSnap({ x: 96, y: -8 }, square, project, 10)?.kind).toBe('vertex')
  })

  it('falls back to the nearest point on an edge', () => {
    const s = findSnap({ x: 50, y: -4 }, square, project, 10)
    expect(s?.kind).toBe('edge')
    expect(s?.position[0]).toBeCloseTo(0.5, 12)
    expect(s?.position[1]).toBe(0)
  })

  it('does not snap beyond the tolerance', () => {
    expect(findSnap({ x: 50, y: -50 }, square, project, 10)).toBeUndefined()
  })

  it('skips candidates outside the given box', () => {
    expect(findSnap({ x: 104, y: -97 }, square, project, 10, [5, 5, 6, 6])).toBeUndefined()
  })
})

describe('dedupeConsecutive', () => {
  it('drops repeated points of a double click and a closing point', () => {
    const pts = [
      [0, 0],
      [1, 0],
      [1, 0.001],
      [1, 1],
      [0, 0.0001],
    ]
    expect(dedupeConsecutive(pts, project)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ])
  })
})
