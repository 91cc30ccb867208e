import { describe, expect, it } from 'vitest'
import { normalizeAddress, splitRoomAddress } from './address.ts'

describe('normalizeAddress', () => {
  it('treats the ways of writing one building alike', () => {
    const key = normalizeAddress('东关大街12号3号楼')
    expect(normalizeAddress('青海省西宁市城东区 东关大街１２号 3栋')).toBe(key)
    expect(normalizeAddress('西宁市城东区东关大街12号3幢')).toBe(key)
    expect(normalizeAddress('东关大街12号，3#楼')).toBe(key)
  })
  it('keeps different buildings apart and never empties an address', () => {
    expect(normalizeAddress('东关大街12号3号楼')).not.toBe(normalizeAddress('东关大街12号4号楼'))
    expect(normalizeAddress('城东区')).toBe('城东区')
    expect(normalizeAddress('')).toBe('')
  })
})

describe('splitRoomAddress', () => {
  it('splits building, unit and room', () => {
    expect(splitRoomAddress('东关大街12号3号楼2单元301室')).toEqual({ building: '东关大街12号3号楼', unit: '2', room: '301' })
    expect(splitRoomAddress('八一路5号楼1202')).toEqual({ building: '八一路5号楼', room: '1202' })
  })
  it('leaves an address without a room whole', () => {
    expect(splitRoomAddress('韵家口村三社')).toEqual({ building: '韵家口村三社' })
  })
})
