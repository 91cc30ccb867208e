// TypeBox schemas of the registry's places: buildings and their rooms, households, rental housing and
// tenants. As in registry.schemas.ts: request objects are closed (grid_code, created_by, status,
// version on create… are refused by name), free text is loosely typed here and checked by the
// service so that one answer names every problem of a form, and responses carry masked personal data only.
import { Type } from 'typebox'
import { AREA_LEVELS } from '../../../shared/area-codes.ts'
import { BUILDING_USES, HAZARD_GRADES, codesOf } from '../../../shared/registry/codes.ts'
import { AreaCodeParam, LonLatSchema, PersonSummarySchema } from './registry.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Enum([...values] as T[number][], { type: 'string', ...options })

/**
 * A nullable number as one schema with `nullable` (OpenAPI 3.0; Ajv reads it as the types [number,
 * null]), not a union with null: the app's Ajv coerces types, and in a union an out-of-range 0 fails
 * the number branch and is then coerced to null by the null branch — a refused value silently
 * becoming "clear the field".
 */
const NullableInteger = (options: { minimum: number; maximum: number; description?: string }) =>
  Type.Unsafe<number | null>({ type: 'integer', nullable: true, ...options })
const NullableNumber = (options: { exclusiveMinimum: number; maximum: number; description?: string }) =>
  Type.Unsafe<number | null>({ type: 'number', nullable: true, ...options })
const Id = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description })
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) })
const GridCode = Type.String({ pattern: '^[0-9]{15}$', description: 'Grid code (15 digits)' })
const DateOnly = (description: string) => Type.String({ format: 'date', description })
const Version = Type.Integer({ minimum: 1, description: 'The version you read (409 if it changed since)' })
const Cursor = Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the previous page' })

export const ROOM_USES = ['residential', 'commercial', 'office', 'storage', 'other'] as const
export const RENTAL_PURPOSES = ['residence', 'business', 'storage', 'other'] as const
/** The most rooms a building may have (a 60-storey tower of 4 units × 12 rooms is 2,880). */
export const MAX_ROOMS_PER_BUILDING = 3000

const BuildingUseSchema = StringEnum(codesOf(BUILDING_USES))
const HazardGradeSchema = StringEnum(codesOf(HAZARD_GRADES))
const RoomUseSchema = StringEnum(ROOM_USES)
const RentalPurposeSchema = StringEnum(RENTAL_PURPOSES)

// --- requests --------------------------------------------------------------------------------------------

export const BuildingIdParams = Type.Object({ id: Id('Building id') }, { additionalProperties: false })
export const RentalIdParams = Type.Object({ id: Id('Rental id') }, { additionalProperties: false })
export const TenantParams = Type.Object({ id: Id('Rental id'), personId: Id('Tenant (person id)') }, { additionalProperties: false })

export const RoomInputSchema = Type.Object(
  {
    unit: Type.Optional(Text(20, 'Unit (单元), e.g. "2"; empty for a building without units')),
    floor: Type.Optional(NullableInteger({ minimum: -10, maximum: 200, description: 'Floor; negative below ground' })),
    number: Type.String({ minLength: 1, maxLength: 20, description: 'Room number (房号), e.g. "1202"' }),
    use: Type.Optional(RoomUseSchema),
    areaM2: Type.Optional(NullableNumber({ exclusiveMinimum: 0, maximum: 999_999.99, description: 'Floor area in m²' })),
  },
  { additionalProperties: false },
)

export const RoomGeneratorSchema = Type.Object(
  {
    units: Type.Integer({ minimum: 1, maximum: 10, description: 'Units (单元) 1…units' }),
    floors: Type.Integer({ minimum: 1, maximum: 60, description: 'Floors 1…floors' }),
    roomsPerFloor: Type.Integer({ minimum: 1, maximum: 12, description: 'Rooms per floor and unit: floor 12, room 2 is "1202"' }),
  },
  { additionalProperties: false, description: `Every room of a regular building, at most ${MAX_ROOMS_PER_BUILDING}` },
)

const RoomList = Type.Array(RoomInputSchema, { minItems: 1, maxItems: MAX_ROOMS_PER_BUILDING })

const buildingFields = {
  name: Text(110, 'Name (e.g. 东关大街12号3号楼, 夏都花园5栋)'),
  address: Text(210, 'Address; normalised, it is how addresses find the building'),
  use: Text(20, 'residential, commercial, mixed, public, industrial or other (or 住宅, 商业…)'),
  floors: Type.Optional(NullableInteger({ minimum: 1, maximum: 200, description: 'Storeys above ground' })),
  builtYear: Type.Optional(NullableInteger({ minimum: 1800, maximum: 2200 })),
  hazardGrade: Type.Optional(Text(20, 'safe, general or serious (or 安全, 一般隐患, 严重隐患)')),
  location: LonLatSchema,
  gridCode: Type.Optional(GridCode),
}

export const BuildingCreateBody = Type.Object(
  {
    ...buildingFields,
    rooms: Type.Optional(Type.Union([RoomList, RoomGeneratorSchema], { description: 'Rooms: a list, or a generator for a regular building' })),
  },
  { additionalProperties: false, description: 'The location places the building in its grid; a gridCode given too must agree' },
)

export const BuildingUpdateBody = Type.Object(
  {
    version: Version,
    ...Type.Partial(Type.Object(buildingFields)).properties,
    reason: Type.Optional(Nullable(Text(200, 'Why (recorded in the history)'))),
  },
  { additionalProperties: false, description: 'Only the fields given change; a location in another grid moves the building and its residents' },
)

export const BuildingRetireBody = Type.Object(
  { version: Version, reason: Type.String({ minLength: 2, maxLength: 200, description: 'Why (拆除, 重复登记…)' }) },
  { additionalProperties: false },
)

export const RoomsAddBody = Type.Object({ version: Version, rooms: RoomList }, { additionalProperties: false })

export const BuildingSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name or address' })),
    areaCode: Type.Optional(AreaCodeParam),
    use: Type.Optional(BuildingUseSchema),
    hazardGrade: Type.Optional(HazardGradeSchema),
    status: Type.Optional(StringEnum(['active', 'retired', 'any'] as const, { default: 'active' })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'Near this point (with lat)' })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    radius: Type.Optional(Type.Number({ minimum: 1, maximum: 2000, description: 'Metres around lon/lat (default 500)' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const HouseholdCreateBody = Type.Object(
  {
    kind: Type.Optional(StringEnum(['family', 'collective'] as const, { description: 'family 家庭户 or collective 集体户' })),
    householdNo: Type.Optional(Nullable(Text(40, 'Household number (户号)'))),
    roomId: Type.Optional(Id('Room (its building places the household in a grid)')),
    address: Type.Optional(Text(210, 'Address; without a room, of a registered building or with gridCode')),
    gridCode: Type.Optional(GridCode),
  },
  { additionalProperties: false, description: 'The grid is found from roomId, else an address of a registered building, else gridCode' },
)

export const HouseholdUpdateBody = Type.Object(
  {
    version: Version,
    householdNo: Type.Optional(Nullable(Text(40))),
    kind: Type.Optional(StringEnum(['family', 'collective'] as const)),
  },
  { additionalProperties: false },
)

export const RentalCreateBody = Type.Object(
  {
    roomId: Id('The rented room'),
    landlordPersonId: Type.Optional(Id('The landlord, a registered person in your area')),
    landlordName: Type.Optional(Text(60, 'The landlord\'s name, when not a registered person')),
    purpose: Type.Optional(RentalPurposeSchema),
    startedOn: DateOnly('First day of the rental (not in the future)'),
    tenants: Type.Optional(Type.Array(Id('Tenant (person id)'), { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
)

export const RentalSearchQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCodeParam),
    status: Type.Optional(StringEnum(['active', 'ended', 'any'] as const, { default: 'active' })),
    buildingId: Type.Optional(Id('Building')),
    roomId: Type.Optional(Id('Room')),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const TenantAddBody = Type.Object(
  { version: Version, personId: Id('The tenant, a registered person in your area'), startedOn: Type.Optional(DateOnly('Default: today')) },
  { additionalProperties: false },
)

export const TenancyEndBody = Type.Object({ version: Version, endedOn: DateOnly('Last day of the tenancy') }, { additionalProperties: false })

export const RentalEndBody = Type.Object(
  {
    version: Version,
    endedOn: DateOnly('Last day of the rental; open tenancies end the same day'),
    reason: Type.String({ minLength: 2, maxLength: 200, description: 'Why (退租, 房屋收回…)' }),
  },
  { additionalProperties: false },
)

// --- responses -------------------------------------------------------------------------------------------

const AreaRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: StringEnum(AREA_LEVELS) })
const LonLatOut = Type.Object({ lon: Type.Number(), lat: Type.Number() })

export const RoomRefSchema = Type.Object({
  id: Type.Integer(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  buildingAddress: Type.String(),
  unit: Type.String(),
  floor: Nullable(Type.Integer()),
  number: Type.String(),
})

export const RoomViewSchema = Type.Object({
  id: Type.Integer(),
  unit: Type.String(),
  floor: Nullable(Type.Integer()),
  number: Type.String(),
  use: Type.String({ description: `One of ${ROOM_USES.join(', ')}` }),
  areaM2: Nullable(Type.Number()),
  residents: Type.Integer({ description: 'Active people living in the room' }),
  rented: Type.Boolean({ description: 'Whether the room has an active rental' }),
})

export const BuildingSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  use: Type.String({ description: `One of ${codesOf(BUILDING_USES).join(', ')}` }),
  floors: Nullable(Type.Integer()),
  hazardGrade: HazardGradeSchema,
  grid: AreaRefSchema,
  location: LonLatOut,
  status: StringEnum(['active', 'retired'] as const),
  rooms: Type.Integer({ description: 'Active rooms' }),
  residents: Type.Integer({ description: 'Active people whose room is in the building' }),
})

export const BuildingViewSchema = Type.Object({
  ...BuildingSummarySchema.properties,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
  builtYear: Nullable(Type.Integer()),
  statusReason: Nullable(Type.String()),
  roomList: Type.Array(RoomViewSchema),
})

export const BuildingPageSchema = Type.Object({ items: Type.Array(BuildingSummarySchema), next: Nullable(Type.String()) })

export const RentalSummarySchema = Type.Object({
  id: Type.Integer(),
  room: RoomRefSchema,
  grid: AreaRefSchema,
  landlordName: Type.String(),
  landlordPersonId: Nullable(Type.Integer()),
  purpose: RentalPurposeSchema,
  startedOn: Type.String({ format: 'date' }),
  endedOn: Nullable(Type.String({ format: 'date' })),
  status: StringEnum(['active', 'ended'] as const),
  tenantCount: Type.Integer(),
})

export const TenantEntrySchema = Type.Object({
  tenancyId: Type.Integer(),
  personId: Type.Integer(),
  startedOn: Type.String({ format: 'date' }),
  endedOn: Nullable(Type.String({ format: 'date' })),
  person: Nullable(PersonSummarySchema),
})

export const RentalViewSchema = Type.Object({
  ...RentalSummarySchema.properties,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  tenants: Type.Array(TenantEntrySchema),
})

export const RentalPageSchema = Type.Object({ items: Type.Array(RentalSummarySchema), next: Nullable(Type.String()) })
