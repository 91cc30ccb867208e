import { describe, expect, it } from 'vitest'
import { ROLES } from '../../../../shared/roles'
import { CASE_BOXES } from '../../../../shared/cases/api-types'
import { boxesOf, defaultBox, hasCount, listParams, readInboxParams } from './inbox'

describe('inbox boxes', () => {
  it('opens grid workers on their reports, departments on their work, levels on new reports when there are some', () => {
    expect(defaultBox('grid_worker', { new: 3 })).toBe('mine')
    expect(defaultBox('department_handler', { new: 3 })).toBe('todo')
    expect(defaultBox('community_staff', { new: 2 })).toBe('new')
    expect(defaultBox('street_staff', { new: 0 })).toBe('todo')
    expect(defaultBox('district_staff', undefined)).toBe('todo')
    expect(defaultBox('mediator', undefined)).toBe('all')
  })
  it('gives every role its default box among its tabs, and only known boxes', () => {
    for (const role of ROLES) {
      expect(boxesOf(role)).toContain(defaultBox(role, { new: 1 }))
      expect(boxesOf(role)).toContain(defaultBox(role, { new: 0 }))
      for (const b of boxesOf(role)) expect(CASE_BOXES).toContain(b)
    }
  })
  it('counts every box but all and done', () => {
    expect(CASE_BOXES.filter(hasCount)).toEqual(['new', 'todo', 'due_soon', 'overdue', 'supervised', 'copied', 'mine'])
  })
})

describe('inbox URL', () => {
  it('reads a box of the role, the search text and a category code', () => {
    expect(readInboxParams(new URLSearchParams('box=overdue&q=垃圾&category=environment.garbage'), 'community_staff')).toEqual({ box: 'overdue', q: '垃圾', category: 'environment.garbage' })
  })
  it('drops a box the role does not have, an unknown box and a malformed category', () => {
    expect(readInboxParams(new URLSearchParams('box=overdue'), 'grid_worker').box).toBeUndefined()
    expect(readInboxParams(new URLSearchParams('box=nope&category=DROP TABLE'), 'community_staff')).toEqual({ box: undefined, q: '', category: undefined })
  })
  it('sends the search text trimmed, and no empty filters', () => {
    expect(listParams('todo', '  ', undefined)).toEqual({ box: 'todo' })
    expect(listParams('all', ' 260302-ABCDEF ', 'dispute')).toEqual({ box: 'all', q: '260302-ABCDEF', category: 'dispute' })
  })
})
