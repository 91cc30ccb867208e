// TypeBox schemas of the registry API: validation, serialization and the OpenAPI document from one
// source. Request objects are closed (additionalProperties: false): a field the caller may not set
// (grid_code through the back door, created_by, id_cipher, version on create, __proto__…) is refused
// by name. Text fields are loosely typed here and checked by shared/registry/person-fields.ts, so one
// answer lists every problem of a form with its stable code. Response schemas only accept masked
// personal data: a raw ID number or phone cannot be serialized by mistake.
import { Type } from 'typebox'
import { AREA_LEVELS } from '../../../shared/area-codes.ts'
import { LIST_CODES } from '../../../shared/registry/lists.ts'
import { RESIDENCE_CATEGORIES, codesOf } from '../../../shared/registry/codes.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Enum([...values] as T[number][], { type: 'string', ...options })

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description })
/**
 * A nullable id as ONE schema (OpenAPI 3.0 `nullable`): with Ajv's type coercion a union [integer,
 * null] would turn an out-of-range 0 into null (and silently clear the reference) instead of refusing it.
 */
const NullableId = (description: string) =>
  Type.Unsafe<number | null>({ type: 'integer', nullable: true, minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description })
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) })

export const AreaCodeParam = Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,3}$', description: 'Area code' })
const GridCode = Type.String({ pattern: '^[0-9]{15}$', description: 'Grid code (15 digits)' })

export const LonLatSchema = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false, description: 'WGS 84 longitude and latitude' },
)

export const PersonIdParams = Type.Object({ id: Id('Person id') }, { additionalProperties: false })
export const EntryParams = Type.Object({ id: Id('Person id'), entryId: Id('List entry id') }, { additionalProperties: false })
export const HouseholdIdParams = Type.Object({ id: Id('Household id') }, { additionalProperties: false })
export const AreaParams = Type.Object({ code: AreaCodeParam }, { additionalProperties: false })

const ResidenceCategorySchema = StringEnum(codesOf(RESIDENCE_CATEGORIES), { description: 'registered 户籍, floating 流动, unsettled 未落户, overseas 境外' })
const ListCodeSchema = StringEnum(LIST_CODES, { description: 'Special or care list (shared/registry/lists.ts)' })
const AttentionSchema = StringEnum(['general', 'medium', 'serious'] as const)
const SourceSchema = StringEnum(['entered', 'claimed', 'verified'] as const)
const PersonStatusSchema = StringEnum(['active', 'moved_out', 'deceased', 'retired'] as const)

const personFields = {
  name: Text(60, 'Name, as on the ID card (Chinese, minority-language and rare characters welcome)'),
  formerName: Type.Optional(Nullable(Text(60))),
  idNumber: Text(40, 'Resident ID number (GB 11643, 18 characters): stored encrypted, never returned unmasked'),
  phone: Type.Optional(Nullable(Text(40, 'Mobile or landline'))),
  ethnicity: Text(20, 'GB 3304 code (01 汉族) or name'),
  residenceCategory: Text(20, 'registered, floating, unsettled or overseas (or 户籍人口, 流动人口…)'),
  address: Text(210, 'Current address (现住址)'),
  registeredAddress: Type.Optional(Nullable(Text(210, 'Address of household registration (户籍地址)'))),
  politicalStatus: Type.Optional(Nullable(Text(20, 'GB/T 4762 code or name'))),
  education: Type.Optional(Nullable(Text(20, 'GB/T 4658 code or name'))),
  maritalStatus: Type.Optional(Nullable(Text(20, 'GB/T 2261.2 code or name'))),
  religion: Type.Optional(Nullable(Text(30))),
  workplace: Type.Optional(Nullable(Text(110))),
  relation: Type.Optional(Nullable(Text(20, 'Relation to the head of household, GB/T 4761 code or name'))),
  householdId: Type.Optional(NullableId('Household')),
  roomId: Type.Optional(NullableId('Room (its building places the person in a grid)')),
  location: Type.Optional(Nullable(LonLatSchema)),
  gridCode: Type.Optional(GridCode),
}

export const PersonCreateBody = Type.Object(personFields, {
  additionalProperties: false,
  description: 'The grid is found from roomId, else location, else an address of a registered building, else gridCode',
})

export const PersonUpdateBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version you read (409 if it changed since)' }),
    ...Type.Partial(Type.Object(personFields)).properties,
    moveReason: Type.Optional(Nullable(Text(200, 'Why the person moved (residence history)'))),
  },
  { additionalProperties: false, description: 'Only the fields given change; a change of room, location or grid is a move' },
)

export const PersonStatusBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    status: PersonStatusSchema,
    reason: Type.String({ minLength: 2, maxLength: 200, description: 'Why (e.g. 迁往外省, 死亡, 重复登记)' }),
  },
  { additionalProperties: false },
)

export const ListEntryBody = Type.Object(
  {
    listCode: ListCodeSchema,
    attention: Type.Optional(AttentionSchema),
    source: Type.Optional(SourceSchema),
    fields: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), {
      maxProperties: 40,
      description: "The list's own fields (shared/registry/lists.ts)",
    }),
  },
  { additionalProperties: false },
)

export const ListEntryUpdateBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    attention: Type.Optional(AttentionSchema),
    source: Type.Optional(SourceSchema),
    fields: Type.Optional(ListEntryBody.properties.fields),
  },
  { additionalProperties: false },
)

export const ListEndBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 2, maxLength: 200, description: 'Why the person leaves the list (取消关注原因)' }) },
  { additionalProperties: false },
)

export const PersonSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Name prefix; or an ID number or a mobile number (exact)' })),
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Exact ID number' })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Exact phone number' })),
    address: Type.Optional(Type.String({ minLength: 2, maxLength: 100, description: 'Part of the address' })),
    areaCode: Type.Optional(AreaCodeParam),
    list: Type.Optional(ListCodeSchema),
    buildingId: Type.Optional(Id('Building')),
    householdId: Type.Optional(Id('Household')),
    residenceCategory: Type.Optional(ResidenceCategorySchema),
    status: Type.Optional(StringEnum(['active', 'moved_out', 'deceased', 'retired', 'any'] as const, { default: 'active' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
)

export const PersonalDataBody = Type.Object(
  {
    fields: Type.Array(StringEnum(['idNumber', 'phone'] as const), { minItems: 1, maxItems: 2, uniqueItems: true }),
    reason: Type.String({ minLength: 5, maxLength: 200, description: 'Why the data is needed (recorded in the audit trail)' }),
  },
  { additionalProperties: false },
)

// --- responses -------------------------------------------------------------------------------------------

const AreaRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: StringEnum(AREA_LEVELS) })
const MaskedId = Type.String({ pattern: '^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$', description: 'ID number, masked' })
const MaskedPhone = Type.String({ pattern: '\\*', description: 'Phone number, masked' })
const Meta = {
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
}

export const PersonSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumberMasked: MaskedId,
  sex: StringEnum(['1', '2'] as const),
  birthDate: Type.String({ format: 'date' }),
  age: Type.Integer(),
  ethnicity: Type.String(),
  phoneMasked: Nullable(MaskedPhone),
  residenceCategory: ResidenceCategorySchema,
  address: Type.String(),
  grid: AreaRefSchema,
  status: PersonStatusSchema,
  lists: Type.Array(ListCodeSchema),
})

export const ListEntrySchema = Type.Object({
  id: Type.Integer(),
  listCode: ListCodeSchema,
  kind: StringEnum(['special', 'care'] as const),
  attention: AttentionSchema,
  source: SourceSchema,
  fields: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  startedAt: Type.String({ format: 'date-time' }),
  startedBy: Type.String(),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  endedBy: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  version: Type.Integer(),
})

const RoomRefSchema = Type.Object({
  id: Type.Integer(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  buildingAddress: Type.String(),
  unit: Type.String(),
  floor: Nullable(Type.Integer()),
  number: Type.String(),
})

export const PersonViewSchema = Type.Object({
    ...PersonSummarySchema.properties,
    ...Meta,
    formerName: Nullable(Type.String()),
    registeredAddress: Nullable(Type.String()),
    politicalStatus: Nullable(Type.String()),
    education: Nullable(Type.String()),
    maritalStatus: Nullable(Type.String()),
    religion: Nullable(Type.String()),
    workplace: Nullable(Type.String()),
    relation: Nullable(Type.String()),
    household: Nullable(Type.Object({ id: Type.Integer(), householdNo: Nullable(Type.String()), address: Type.String() })),
    room: Nullable(RoomRefSchema),
    location: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
    statusReason: Nullable(Type.String()),
    listEntries: Type.Array(ListEntrySchema),
})

export const PersonPageSchema = Type.Object({ items: Type.Array(PersonSummarySchema), next: Nullable(Type.String()) })

export const PersonHistorySchema = Type.Object({
  changes: Type.Array(
    Type.Object({
      id: Type.Integer(),
      entity: Type.String(),
      entityId: Type.Integer(),
      action: Type.String(),
      actor: Type.String(),
      at: Type.String({ format: 'date-time' }),
      changes: Type.Record(Type.String(), Type.Unknown()),
      reason: Nullable(Type.String()),
    }),
  ),
  residences: Type.Array(
    Type.Object({
      id: Type.Integer(),
      grid: AreaRefSchema,
      address: Type.String(),
      room: Nullable(RoomRefSchema),
      validFrom: Type.String({ format: 'date-time' }),
      validTo: Nullable(Type.String({ format: 'date-time' })),
      reason: Nullable(Type.String()),
    }),
  ),
})

export const HouseholdViewSchema = Type.Object({
  id: Type.Integer(),
  householdNo: Nullable(Type.String()),
  kind: StringEnum(['family', 'collective'] as const),
  address: Type.String(),
  grid: AreaRefSchema,
  room: Nullable(RoomRefSchema),
  members: Type.Array(Type.Object({ ...PersonSummarySchema.properties, relation: Nullable(Type.String()) })),
  version: Type.Integer(),
})

export const PersonalDataSchema = Type.Object({ idNumber: Type.Optional(Type.String()), phone: Type.Optional(Nullable(Type.String())) })

export const AreaTotalsSchema = Type.Object({
  area: AreaRefSchema,
  totals: Type.Record(Type.String(), Type.Integer()),
  children: Type.Array(Type.Object({ area: AreaRefSchema, totals: Type.Record(Type.String(), Type.Integer()) })),
})

/** POST /registry/people/export: the search's filters, and what to unmask (with why). */
export const PersonExportBody = Type.Object(
  {
    filters: Type.Object(
      Object.fromEntries(Object.entries(PersonSearchQuery.properties).filter(([k]) => k !== 'limit' && k !== 'cursor')) as Omit<typeof PersonSearchQuery.properties, 'limit' | 'cursor'>,
      { additionalProperties: false, default: {} },
    ),
    unmask: Type.Optional(Type.Array(StringEnum(['idNumber', 'phone'] as const), { maxItems: 2, uniqueItems: true })),
    reason: Type.Optional(Type.String({ minLength: 5, maxLength: 200 })),
  },
  { additionalProperties: false },
)
