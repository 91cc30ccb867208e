import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { childCodeProblem, childLevel, gridCode, impliedParentCode, levelOfCode, parentLevel } from './area-codes.ts'

describe('area codes', () => {
  it.each([
    ['630100', 'city', undefined],
    ['630102', 'district', '630100'],
    ['630102001', 'street', '630102'],
    ['630102001001', 'community', '630102001'],
    ['630102001001007', 'grid', '630102001001'],
  ])('%s is a %s whose parent is %s', (code, level, parent) => {
    expect(levelOfCode(code)).toBe(level)
    expect(impliedParentCode(code)).toBe(parent)
  })

  it.each(['', '63010', '6301020', '63010200100', 'abcdef', '６３０１０２', '630102001001001001'])('rejects %j', (code) => {
    expect(levelOfCode(code)).toBeUndefined()
    expect(impliedParentCode(code)).toBeUndefined()
  })

  it('names what is wrong with a child code', () => {
    expect(childCodeProblem('630102001001001', '630102001001')).toBeUndefined()
    expect(childCodeProblem('630102001002001', '630102001001')).toMatch(/does not belong/)
    expect(childCodeProblem('630102001001000', '630102001001')).toMatch(/serial/)
    expect(childCodeProblem('630100', '630100')).toMatch(/city/)
    expect(childCodeProblem('6301x2', '630100')).toMatch(/digits only/)
    expect(childCodeProblem('6301020', '630100')).toMatch(/6, 9, 12 or 15/)
  })

  it('orders the levels', () => {
    expect(childLevel('city')).toBe('district')
    expect(childLevel('grid')).toBeUndefined()
    expect(parentLevel('grid')).toBe('community')
    expect(parentLevel('city')).toBeUndefined()
  })

  it('builds grid codes whose implied parent is the community, for every serial', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 1, max: 999 }), (community, serial) => {
        const code = gridCode(community, serial)
        expect(code).toHaveLength(15)
        expect(levelOfCode(code)).toBe('grid')
        expect(impliedParentCode(code)).toBe(community)
        expect(childCodeProblem(code, community)).toBeUndefined()
      }),
    )
    expect(() => gridCode('630102001001', 0)).toThrow()
    expect(() => gridCode('630102001001', 1000)).toThrow()
    expect(() => gridCode('6301020010', 1)).toThrow()
  })
})
