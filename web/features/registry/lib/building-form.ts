// The building forms (register, edit in place, add rooms): each field checked as it is typed with
// the server's rules and codes (building.service.ts: text through the shared textProblem, an address
// that normalises to something, floors 1–200, a built year no more than five years ahead; the room
// generator's ranges and its 3,000-room limit), the generator's preview, the bodies sent, and the
// rooms grouped by unit and floor for the building's page.
import { normalizeAddress, splitRoomAddress } from '../../../../shared/registry/address'
import { BUILDING_USES, HAZARD_GRADES, codeFromText } from '../../../../shared/registry/codes'
import { textProblem, type FieldProblem } from '../../../../shared/registry/place-fields'
import type { BuildingCreateBody, BuildingPatchBody, BuildingView, LonLat, RoomGenerator, RoomInput, RoomView } from '../places-types'

/** The most rooms a building may have (server: MAX_ROOMS_PER_BUILDING). */
export const MAX_ROOMS_PER_BUILDING = 3000
export const GENERATOR_LIMITS = { units: [1, 10], floors: [1, 60], roomsPerFloor: [1, 12] } as const
export const BUILDING_NUMBER_LIMITS = { floors: [1, 200], builtYearMin: 1800 } as const

export type RoomsMode = 'generator' | 'none'

export interface BuildingFormValues {
  name?: string
  address?: string
  use?: string
  floors?: number | null
  builtYear?: number | null
  hazardGrade?: string
  location?: LonLat
  roomsMode?: RoomsMode
  units?: number | null
  genFloors?: number | null
  roomsPerFloor?: number | null
}

const problem = (field: string, code: string, message: string): FieldProblem => ({ field, problem: code, message: `${field} ${message}` })
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

function text(field: string, v: string | undefined, max: number, required: boolean, out: FieldProblem[]): void {
  if (blank(v)) {
    if (required) out.push(problem(field, 'required', 'is required'))
    return
  }
  const t = v!.normalize('NFC').trim()
  const p = textProblem(t, { max })
  if (p) out.push(problem(field, p.problem, p.message))
}

function integer(field: string, v: unknown, min: number, max: number, required: boolean, out: FieldProblem[]): void {
  if (blank(v)) {
    if (required) out.push(problem(field, 'required', 'is required'))
    return
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) out.push(problem(field, 'not_an_integer', 'must be a whole number'))
  else if (v < min || v > max) out.push(problem(field, 'out_of_range', `must be between ${min} and ${max}`))
}

/** The year in China now (for the built year's limit). */
export const chinaYear = (now = new Date()) => Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4))

/**
 * Every problem of the building form as it stands (the caller shows those of one field). `partial`:
 * an edit, where only the building's own fields are present.
 */
export function checkBuildingFields(v: BuildingFormValues, options: { partial?: boolean; now?: Date } = {}): FieldProblem[] {
  const out: FieldProblem[] = []
  text('name', v.name, 100, true, out)
  text('address', v.address, 200, true, out)
  if (!blank(v.address) && !out.some((p) => p.field === 'address') && normalizeAddress(v.address) === '') {
    out.push(problem('address', 'not_an_address', 'holds no street, number or name'))
  }
  if (blank(v.use)) out.push(problem('use', 'required', 'is required'))
  else if (!codeFromText(BUILDING_USES, v.use)) out.push(problem('use', 'not_a_code', 'is not a building use'))
  if (!blank(v.hazardGrade) && !codeFromText(HAZARD_GRADES, v.hazardGrade)) out.push(problem('hazardGrade', 'not_a_code', 'is not a hazard grade'))
  integer('floors', v.floors, BUILDING_NUMBER_LIMITS.floors[0], BUILDING_NUMBER_LIMITS.floors[1], false, out)
  const year = chinaYear(options.now)
  if (!blank(v.builtYear)) {
    if (typeof v.builtYear !== 'number' || !Number.isSafeInteger(v.builtYear)) out.push(problem('builtYear', 'not_an_integer', 'must be a whole number'))
    else if (v.builtYear < BUILDING_NUMBER_LIMITS.builtYearMin) out.push(problem('builtYear', 'out_of_range', `must be between 1800 and ${year + 5}`))
    else if (v.builtYear > year + 5) out.push(problem('builtYear', 'in_future', `is more than five years after ${year}`))
  }
  if (!options.partial) {
    if (!v.location) out.push(problem('location', 'required', 'is required'))
    if ((v.roomsMode ?? 'generator') === 'generator') out.push(...checkGenerator(v))
  }
  return out
}

/** The generator's problems: each number in its range, no more rooms than a building holds, no floor above the top. */
export function checkGenerator(v: Pick<BuildingFormValues, 'units' | 'genFloors' | 'roomsPerFloor' | 'floors'>): FieldProblem[] {
  const out: FieldProblem[] = []
  integer('units', v.units, GENERATOR_LIMITS.units[0], GENERATOR_LIMITS.units[1], true, out)
  integer('genFloors', v.genFloors, GENERATOR_LIMITS.floors[0], GENERATOR_LIMITS.floors[1], true, out)
  integer('roomsPerFloor', v.roomsPerFloor, GENERATOR_LIMITS.roomsPerFloor[0], GENERATOR_LIMITS.roomsPerFloor[1], true, out)
  if (out.length > 0) return out
  if (typeof v.floors === 'number' && Number.isSafeInteger(v.floors) && v.genFloors! > v.floors) {
    out.push(problem('genFloors', 'above_top_floor', `is more than the building's ${v.floors} floors`))
  }
  if (v.units! * v.genFloors! * v.roomsPerFloor! > MAX_ROOMS_PER_BUILDING) out.push(problem('roomsPerFloor', 'too_many_rooms', `makes more than ${MAX_ROOMS_PER_BUILDING} rooms`))
  return out
}

export interface RoomPreview {
  /** Rooms the generator makes, or 0 when it cannot (see checkGenerator). */
  count: number
  /** The first and last rooms, as the server numbers them: unit u, floor f, room n → "u" / f·100 + n. */
  first?: { unit: string; number: string }
  last?: { unit: string; number: string }
  /** Over the building's limit. */
  tooMany: boolean
}

/** What the generator makes: units × floors × rooms per floor, numbered floor·100 + room (1202 = floor 12, room 2). */
export function roomPreview(g: Partial<RoomGenerator>): RoomPreview {
  const ok = (n: unknown, [min, max]: readonly [number, number]) => typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max
  if (!ok(g.units, GENERATOR_LIMITS.units) || !ok(g.floors, GENERATOR_LIMITS.floors) || !ok(g.roomsPerFloor, GENERATOR_LIMITS.roomsPerFloor)) {
    return { count: 0, tooMany: false }
  }
  const count = g.units! * g.floors! * g.roomsPerFloor!
  return {
    count,
    first: { unit: '1', number: String(100 + 1) },
    last: { unit: String(g.units), number: String(g.floors! * 100 + g.roomsPerFloor!) },
    tooMany: count > MAX_ROOMS_PER_BUILDING,
  }
}

const trimmed = (v: string | undefined | null): string | undefined => {
  const t = v?.trim()
  return t ? t : undefined
}
const numberOrNull = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The body of POST /registry/buildings. */
export function buildingCreateBody(v: BuildingFormValues): BuildingCreateBody {
  const body: BuildingCreateBody = {
    name: trimmed(v.name) ?? '',
    address: trimmed(v.address) ?? '',
    use: v.use ?? '',
    location: v.location!,
  }
  const floors = numberOrNull(v.floors)
  if (floors !== null) body.floors = floors
  const builtYear = numberOrNull(v.builtYear)
  if (builtYear !== null) body.builtYear = builtYear
  if (v.hazardGrade) body.hazardGrade = v.hazardGrade
  if ((v.roomsMode ?? 'generator') === 'generator' && v.units && v.genFloors && v.roomsPerFloor) {
    body.rooms = { units: v.units, floors: v.genFloors, roomsPerFloor: v.roomsPerFloor }
  }
  return body
}

/** The edit form's starting values: the building as read. */
export function buildingEditValues(b: BuildingView): BuildingFormValues {
  return { name: b.name, address: b.address, use: b.use, floors: b.floors, builtYear: b.builtYear, hazardGrade: b.hazardGrade, location: b.location }
}

const sameLocation = (a: LonLat | undefined, b: LonLat) => !a || (Math.abs(a.lon - b.lon) < 1e-9 && Math.abs(a.lat - b.lat) < 1e-9)

/** The PATCH body: the version read plus each field that differs; an emptied number becomes null. */
export function buildingPatch(b: BuildingView, v: BuildingFormValues, reason?: string): BuildingPatchBody {
  const patch: BuildingPatchBody = { version: b.version }
  const name = trimmed(v.name)
  if (name !== undefined && name !== b.name) patch.name = name
  const address = trimmed(v.address)
  if (address !== undefined && address !== b.address) patch.address = address
  if (v.use && v.use !== b.use) patch.use = v.use
  if (v.hazardGrade && v.hazardGrade !== b.hazardGrade) patch.hazardGrade = v.hazardGrade
  const floors = numberOrNull(v.floors)
  if (floors !== b.floors) patch.floors = floors
  const builtYear = numberOrNull(v.builtYear)
  if (builtYear !== b.builtYear) patch.builtYear = builtYear
  if (!sameLocation(v.location, b.location)) patch.location = v.location
  const why = trimmed(reason)
  if (why && Object.keys(patch).length > 1) patch.reason = why
  return patch
}

export const buildingPatchChanges = (patch: BuildingPatchBody) => Object.keys(patch).some((k) => k !== 'version' && k !== 'reason')

// --- rooms ---------------------------------------------------------------------------------------------

export interface FloorGroup {
  floor: number | null
  rooms: RoomView[]
}

export interface UnitGroup {
  unit: string
  floors: FloorGroup[]
  rooms: number
  residents: number
  rented: number
}

const byNumber = (a: RoomView, b: RoomView) => a.number.length - b.number.length || a.number.localeCompare(b.number)

/** Rooms by unit (in the server's order: "2" before "10"), each unit's floors top down, rooms by number. */
export function groupRooms(rooms: readonly RoomView[]): UnitGroup[] {
  const units = new Map<string, RoomView[]>()
  for (const r of rooms) {
    const list = units.get(r.unit) ?? []
    list.push(r)
    units.set(r.unit, list)
  }
  return [...units.entries()]
    .sort(([a], [b]) => a.length - b.length || a.localeCompare(b))
    .map(([unit, list]) => {
      const floors = new Map<number | null, RoomView[]>()
      for (const r of list) {
        const f = floors.get(r.floor) ?? []
        f.push(r)
        floors.set(r.floor, f)
      }
      return {
        unit,
        floors: [...floors.entries()]
          .sort(([a], [b]) => (b ?? Number.NEGATIVE_INFINITY) - (a ?? Number.NEGATIVE_INFINITY))
          .map(([floor, rs]) => ({ floor, rooms: [...rs].sort(byNumber) })),
        rooms: list.length,
        residents: list.reduce((n, r) => n + r.residents, 0),
        rented: list.filter((r) => r.rented).length,
      }
    })
}

export interface AddRoomsValues {
  mode: 'one' | 'floors'
  unit?: string
  floor?: number | null
  number?: string
  use?: string
  areaM2?: number | null
  fromFloor?: number | null
  toFloor?: number | null
  roomsPerFloor?: number | null
}

/** Problems of the "add rooms" form (the server's room rules: unit and number ≤ 20 characters, floors −10…200, no floor above the top). */
export function checkAddRooms(v: AddRoomsValues, topFloor: number | null): FieldProblem[] {
  const out: FieldProblem[] = []
  text('unit', v.unit, 20, false, out)
  if (v.mode === 'one') {
    text('number', v.number, 20, true, out)
    integer('floor', v.floor, -10, 200, false, out)
    if (typeof v.floor === 'number' && topFloor !== null && v.floor > topFloor) out.push(problem('floor', 'above_top_floor', `is above the building's ${topFloor} floors`))
    if (v.areaM2 !== undefined && v.areaM2 !== null && !(v.areaM2 > 0 && v.areaM2 <= 999_999.99)) out.push(problem('areaM2', 'out_of_range', 'must be more than 0'))
  } else {
    integer('fromFloor', v.fromFloor, -10, 200, true, out)
    integer('toFloor', v.toFloor, -10, 200, true, out)
    integer('roomsPerFloor', v.roomsPerFloor, 1, 12, true, out)
    if (typeof v.fromFloor === 'number' && typeof v.toFloor === 'number' && v.toFloor < v.fromFloor) out.push(problem('toFloor', 'below_from_floor', 'is below the first floor'))
    if (typeof v.toFloor === 'number' && topFloor !== null && v.toFloor > topFloor) out.push(problem('toFloor', 'above_top_floor', `is above the building's ${topFloor} floors`))
  }
  return out
}

/** The rooms the "add rooms" form describes: one room, or floors from…to with n rooms each (numbered floor·100 + n; B1 rooms as "B101"). */
export function roomsToAdd(v: AddRoomsValues): RoomInput[] {
  const unit = trimmed(v.unit) ?? ''
  if (v.mode === 'one') {
    const room: RoomInput = { unit, number: trimmed(v.number) ?? '', floor: numberOrNull(v.floor) }
    if (v.use) room.use = v.use
    if (typeof v.areaM2 === 'number') room.areaM2 = v.areaM2
    return [room]
  }
  const out: RoomInput[] = []
  if (typeof v.fromFloor !== 'number' || typeof v.toFloor !== 'number' || typeof v.roomsPerFloor !== 'number') return out
  for (let f = v.fromFloor; f <= v.toFloor; f++) {
    if (f === 0) continue
    for (let n = 1; n <= v.roomsPerFloor; n++) {
      out.push({ unit, floor: f, number: f > 0 ? String(f * 100 + n) : `B${-f * 100 + n}`, ...(v.use ? { use: v.use } : {}) })
    }
  }
  return out
}

/**
 * Whether a resident's address names this room ("…2单元301室" → unit 2, room 301; an address without
 * a unit matches the number alone). The people search has no room filter, so a room's residents are
 * picked from the building's by their address.
 */
export function addressNamesRoom(address: string, room: { unit: string; number: string }): boolean {
  const a = splitRoomAddress(address)
  if (!a.room) return false
  return a.room === room.number && (a.unit === undefined || a.unit === room.unit)
}
