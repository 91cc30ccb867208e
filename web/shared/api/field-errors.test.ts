import { describe, expect, it } from 'vitest'
import { ApiError } from './client'
import { isStaleVersion, pointerToPath, splitFieldErrors } from './field-errors'

describe('pointerToPath', () => {
  it('reads JSON pointers, dotted paths and array indexes', () => {
    expect(pointerToPath('/username')).toEqual(['username'])
    expect(pointerToPath('/policy/session/idleMinutes')).toEqual(['policy', 'session', 'idleMinutes'])
    expect(pointerToPath('gridCodes.2')).toEqual(['gridCodes', 2])
    expect(pointerToPath('/a~1b/c~0d')).toEqual(['a/b', 'c~d'])
    expect(pointerToPath('')).toEqual([])
  })
})

describe('splitFieldErrors', () => {
  const error = new ApiError(400, 'validation_failed', 'bad', [
    { field: '/username', message: 'taken', problem: 'duplicate' },
    { field: '/username', message: 'too long' },
    { field: '/policy/session/idleMinutes', message: 'must be ≥ 5' },
    { field: '/unknown', message: 'x' },
    { message: 'no field' },
  ])
  it('groups details by known field and keeps the rest', () => {
    const r = splitFieldErrors(error, ['username', 'scopeCode'], (d) => d.message)
    expect(r.fields).toEqual([{ name: ['username'], errors: ['taken', 'too long'] }])
    expect(r.other.map((d) => d.message)).toEqual(['must be ≥ 5', 'x', 'no field'])
  })
  it('strips a leading part of the pointer', () => {
    const r = splitFieldErrors(error, ['session.idleMinutes'], (d) => d.message, ['policy'])
    expect(r.fields).toEqual([{ name: ['session', 'idleMinutes'], errors: ['must be ≥ 5'] }])
  })
  it('has nothing for errors that are not API errors', () => {
    expect(splitFieldErrors(new Error('x'), ['a'], (d) => d.message)).toEqual({ fields: [], other: [] })
  })
})

describe('isStaleVersion', () => {
  it('tells a stale version from other conflicts', () => {
    expect(isStaleVersion(new ApiError(409, 'conflict', 'x', [{ field: '/version', message: 'old', problem: 'stale' }]))).toBe(true)
    expect(isStaleVersion(new ApiError(409, 'conflict', 'x'))).toBe(true)
    expect(isStaleVersion(new ApiError(409, 'conflict', 'x', [{ field: '/username', message: 'is taken', problem: 'taken' }]))).toBe(false)
    expect(isStaleVersion(new ApiError(409, 'conflict', 'x', [{ message: 'g', problem: 'grids_assigned', areaCode: '1' }]))).toBe(false)
    expect(isStaleVersion(new ApiError(400, 'validation_failed', 'x'))).toBe(false)
  })
})
