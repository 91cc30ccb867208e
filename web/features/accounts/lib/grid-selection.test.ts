import { describe, expect, it } from 'vitest'
import { gridChanges, gridChoices } from './grid-selection'

describe('gridChoices', () => {
  it('marks the worker’s grids and those held by someone else, in code order', () => {
    const choices = gridChoices(
      [
        { grid: { code: '630102001002', name: '第二网格', level: 'grid' }, accountId: 9, username: 'li', displayName: '李' },
        { grid: { code: '630102001001', name: '第一网格', level: 'grid' }, accountId: 7, username: 'wang', displayName: '王' },
        { grid: { code: '630102001003', name: '第三网格', level: 'grid' }, accountId: null, username: null, displayName: null },
      ],
      7,
    )
    expect(choices).toEqual([
      { code: '630102001001', name: '第一网格', mine: true, heldBy: null },
      { code: '630102001002', name: '第二网格', mine: false, heldBy: '李' },
      { code: '630102001003', name: '第三网格', mine: false, heldBy: null },
    ])
  })
})

describe('gridChanges', () => {
  it('lists what is added and removed', () => {
    expect(gridChanges(['a', 'b'], ['b', 'c'])).toEqual({ added: ['c'], removed: ['a'] })
    expect(gridChanges([], [])).toEqual({ added: [], removed: [] })
  })
})
