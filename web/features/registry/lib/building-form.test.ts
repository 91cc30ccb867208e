import { describe, expect, it } from 'vitest'
import type { BuildingView, RoomView } from '../places-types'
import {
  addressNamesRoom,
  buildingCreateBody,
  buildingPatch,
  buildingPatchChanges,
  checkAddRooms,
  checkBuildingFields,
  checkGenerator,
  groupRooms,
  MAX_ROOMS_PER_BUILDING,
  roomPreview,
  roomsToAdd,
} from './building-form'

const codes = (problems: { field: string; problem: string }[]) => problems.map((p) => `${p.field}:${p.problem}`)

describe('the room generator', () => {
  it('previews units × floors × rooms per floor, numbered floor·100 + room as the server does', () => {
    expect(roomPreview({ units: 2, floors: 6, roomsPerFloor: 3 })).toEqual({ count: 36, first: { unit: '1', number: '101' }, last: { unit: '2', number: '603' }, tooMany: false })
    expect(roomPreview({ units: 1, floors: 12, roomsPerFloor: 2 }).last).toEqual({ unit: '1', number: '1202' })
  })
  it('makes nothing from numbers out of range or missing', () => {
    expect(roomPreview({ units: 0, floors: 6, roomsPerFloor: 3 }).count).toBe(0)
    expect(roomPreview({ units: 2, floors: 61, roomsPerFloor: 3 }).count).toBe(0)
    expect(roomPreview({ units: 2, floors: 6 }).count).toBe(0)
    expect(roomPreview({ units: 1.5, floors: 6, roomsPerFloor: 3 }).count).toBe(0)
  })
  it('says when a building would have more rooms than it may', () => {
    const p = roomPreview({ units: 10, floors: 60, roomsPerFloor: 12 })
    expect(p.count).toBe(7200)
    expect(p.tooMany).toBe(true)
    expect(codes(checkGenerator({ units: 10, genFloors: 60, roomsPerFloor: 12 }))).toEqual(['roomsPerFloor:too_many_rooms'])
    expect(checkGenerator({ units: 5, genFloors: 50, roomsPerFloor: 12 })).toEqual([])
    expect(5 * 50 * 12).toBeLessThanOrEqual(MAX_ROOMS_PER_BUILDING)
  })
  it('refuses more generated floors than the building has', () => {
    expect(codes(checkGenerator({ floors: 5, units: 1, genFloors: 6, roomsPerFloor: 2 }))).toEqual(['genFloors:above_top_floor'])
  })
})

describe('the building form', () => {
  const valid = { name: '南关街12号3号楼', address: '南关街12号3号楼', use: 'residential', location: { lon: 101.78, lat: 36.62 }, units: 2, genFloors: 6, roomsPerFloor: 2 }
  it('passes a complete building', () => {
    expect(checkBuildingFields(valid)).toEqual([])
  })
  it('names each problem with the server\'s codes', () => {
    const now = new Date('2026-03-01T00:00:00Z')
    expect(codes(checkBuildingFields({ address: '——', use: 'castle', floors: 0, builtYear: 2040 }, { now }))).toEqual([
      'name:required',
      'address:not_an_address',
      'use:not_a_code',
      'floors:out_of_range',
      'builtYear:in_future',
      'location:required',
      'units:required',
      'genFloors:required',
      'roomsPerFloor:required',
    ])
    expect(codes(checkBuildingFields({ ...valid, name: 'a\u200bb', builtYear: 1700 }))).toEqual(['name:control_character', 'builtYear:out_of_range'])
    expect(codes(checkBuildingFields({ ...valid, roomsMode: 'none', units: undefined }))).toEqual([])
    expect(codes(checkBuildingFields({ name: 'x' }, { partial: true }))).toEqual(['address:required', 'use:required'])
  })
  it('builds the body: the generator, or no rooms', () => {
    expect(buildingCreateBody({ ...valid, floors: 6, builtYear: null, hazardGrade: 'general' })).toEqual({
      name: valid.name,
      address: valid.address,
      use: 'residential',
      location: valid.location,
      floors: 6,
      hazardGrade: 'general',
      rooms: { units: 2, floors: 6, roomsPerFloor: 2 },
    })
    expect(buildingCreateBody({ ...valid, roomsMode: 'none' }).rooms).toBeUndefined()
  })
  it('sends only what changed, with the version read', () => {
    const b = { id: 1, name: 'A', address: '南关街1号', use: 'residential', floors: 6, builtYear: null, hazardGrade: 'safe', location: { lon: 1, lat: 2 }, version: 4 } as unknown as BuildingView
    expect(buildingPatch(b, { name: 'A', address: '南关街1号', use: 'residential', floors: 6, builtYear: null, hazardGrade: 'safe', location: { lon: 1, lat: 2 } })).toEqual({ version: 4 })
    const patch = buildingPatch(b, { name: 'B ', address: '南关街1号', use: 'mixed', floors: null, builtYear: 1999, hazardGrade: 'safe', location: { lon: 1.5, lat: 2 } }, '改名')
    expect(patch).toEqual({ version: 4, name: 'B', use: 'mixed', floors: null, builtYear: 1999, location: { lon: 1.5, lat: 2 }, reason: '改名' })
    expect(buildingPatchChanges(patch)).toBe(true)
    expect(buildingPatchChanges({ version: 4, reason: 'x' })).toBe(false)
  })
})

describe('rooms', () => {
  const room = (unit: string, floor: number | null, number: string, residents = 0, rented = false): RoomView => ({ id: Number(`${unit || 0}${number}`), unit, floor, number, use: 'residential', areaM2: null, residents, rented })
  it('group by unit ("2" before "10"), floors top down, rooms by number', () => {
    const groups = groupRooms([room('10', 1, '101'), room('2', 1, '102', 2), room('2', 2, '201', 1, true), room('2', 1, '101'), room('2', 1, '1010')])
    expect(groups.map((g) => g.unit)).toEqual(['2', '10'])
    expect(groups[0]!.floors.map((f) => f.floor)).toEqual([2, 1])
    expect(groups[0]!.floors[1]!.rooms.map((r) => r.number)).toEqual(['101', '102', '1010'])
    expect(groups[0]).toMatchObject({ rooms: 4, residents: 3, rented: 1 })
  })
  it('are added one at a time or floor by floor', () => {
    expect(roomsToAdd({ mode: 'one', unit: ' 3 ', number: '501', floor: 5, use: 'office', areaM2: 80 })).toEqual([{ unit: '3', number: '501', floor: 5, use: 'office', areaM2: 80 }])
    expect(roomsToAdd({ mode: 'floors', unit: '1', fromFloor: -1, toFloor: 2, roomsPerFloor: 2 }).map((r) => r.number)).toEqual(['B101', 'B102', '101', '102', '201', '202'])
    expect(codes(checkAddRooms({ mode: 'floors', fromFloor: 3, toFloor: 9, roomsPerFloor: 2 }, 6))).toEqual(['toFloor:above_top_floor'])
    expect(codes(checkAddRooms({ mode: 'one', number: '' }, null))).toEqual(['number:required'])
  })
  it('know their residents by the address they live at', () => {
    expect(addressNamesRoom('南关街12号3号楼2单元301室', { unit: '2', number: '301' })).toBe(true)
    expect(addressNamesRoom('南关街12号3号楼2单元301室', { unit: '1', number: '301' })).toBe(false)
    expect(addressNamesRoom('南关街12号3号楼301室', { unit: '1', number: '301' })).toBe(true)
    expect(addressNamesRoom('南关街12号3号楼', { unit: '1', number: '301' })).toBe(false)
  })
})
