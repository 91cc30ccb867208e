import { describe, expect, it } from 'vitest'
import { makeIdNumber } from '../../../../shared/validation/id-number'
import { readSearchTerm, searchQ } from './search-term'

describe('readSearchTerm', () => {
  const id = makeIdNumber('630103', '1985-07-01', 35)
  it('reads names, whole ID numbers and mobile numbers', () => {
    expect(readSearchTerm('  卓玛 ')).toEqual({ kind: 'name', q: '卓玛' })
    expect(readSearchTerm(id.toLowerCase())).toEqual({ kind: 'idNumber', q: id })
    expect(readSearchTerm(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`)).toEqual({ kind: 'idNumber', q: id })
    expect(readSearchTerm('139-1234-5678')).toEqual({ kind: 'phone', q: '13912345678' })
    expect(readSearchTerm('')).toEqual({ kind: 'empty' })
  })
  it('waits for numbers still being typed, and refuses an impossible ID number', () => {
    expect(readSearchTerm('630103')).toEqual({ kind: 'partialNumber', digits: 6 })
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
    expect(readSearchTerm(wrong)).toEqual({ kind: 'badIdNumber', problems: ['bad_check_digit'] })
    expect(searchQ(readSearchTerm(wrong))).toBeUndefined()
    expect(searchQ(readSearchTerm('630103'))).toBeUndefined()
    expect(searchQ(readSearchTerm('卓'))).toBe('卓')
  })
})
