// TypeBox schemas of the API of organizations (组织), facilities (部件) and residents' concerns
// (社情民意): validation, serialization and the OpenAPI document from one source. As in
// registry.schemas.ts, request objects are closed (additionalProperties: false: grid_code, created_by,
// phone_cipher, version on create, __proto__… are refused by name), text fields are loosely typed
// here and checked by shared/registry/place-fields.ts (one answer lists every problem with its stable
// code), and response schemas accept the phone only masked.
import { Type } from 'typebox'
import { AREA_LEVELS } from '../../../shared/area-codes.ts'
import { CONCERN_THEMES, FACILITY_CLASSES, FACILITY_STATES, ORGANIZATION_KINDS, codesOf } from '../../../shared/registry/codes.ts'
import { AreaCodeParam, LonLatSchema } from './registry.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Enum([...values] as T[number][], { type: 'string', ...options })

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description })
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) })
const GridCode = Type.String({ pattern: '^[0-9]{15}$', description: 'Grid code (15 digits)' })
const Version = Type.Integer({ minimum: 1, description: 'The version you read (409 stale_version if it changed since)' })
const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 })
const Cursor = Type.String({ maxLength: 120, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the previous page' })

const OrganizationKindSchema = StringEnum(codesOf(ORGANIZATION_KINDS))
const FacilityClassSchema = StringEnum(codesOf(FACILITY_CLASSES))
const FacilityStateSchema = StringEnum(codesOf(FACILITY_STATES))
const ConcernThemeSchema = StringEnum(codesOf(CONCERN_THEMES))
const RecordStatusSchema = StringEnum(['active', 'retired'] as const)
const ConcernStatusSchema = StringEnum(['open', 'converted', 'closed'] as const)

export const RecordIdParams = Type.Object({ id: Id('Record id') }, { additionalProperties: false })

export const RetireBody = Type.Object(
  { version: Version, reason: Type.String({ minLength: 2, maxLength: 200, description: 'Why (e.g. 已注销, 已拆除, 重复登记)' }) },
  { additionalProperties: false },
)

// --- organizations -----------------------------------------------------------------------------------------

const organizationFields = {
  name: Text(110, 'Name (1–100 characters)'),
  kind: Text(40, 'business, social, party, public_place, school, hazardous_chemical, key_site, government or other (or 学校, 社会组织…)'),
  creditCode: Type.Optional(Nullable(Text(40, 'Unified social credit code (统一社会信用代码, GB 32100); required for business and social'))),
  legalRep: Type.Optional(Nullable(Text(60, 'Legal representative (法定代表人)'))),
  address: Type.Optional(Nullable(Text(210, 'Address; taken from the building when placed by buildingId'))),
  employees: Type.Optional(Nullable(Type.Integer({ description: 'Number of employees (0–1,000,000)' }))),
  securityContact: Type.Optional(Nullable(Text(60, 'Security contact (治保负责人)'))),
  phone: Type.Optional(Nullable(Text(40, 'Mobile or landline: stored encrypted, returned masked'))),
  keyPlace: Type.Optional(Type.Boolean({ description: 'Key place (重点场所); default true for school, hazardous_chemical and key_site' })),
  buildingId: Type.Optional(Nullable(Id('Building: places the organization in its grid, at its location'))),
  location: Type.Optional(LonLatSchema),
  gridCode: Type.Optional(GridCode),
}

export const OrganizationCreateBody = Type.Object(organizationFields, {
  additionalProperties: false,
  description: 'Placed by buildingId, else location, else the address of a registered building, else gridCode with a location',
})

export const OrganizationUpdateBody = Type.Object(
  { version: Version, ...Type.Partial(Type.Object(organizationFields)).properties },
  { additionalProperties: false, description: 'Only the fields given change; a building, location or grid given is a move' },
)

export const OrganizationSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name prefix, or an exact unified social credit code' })),
    kind: Type.Optional(OrganizationKindSchema),
    keyPlace: Type.Optional(Type.Boolean()),
    areaCode: Type.Optional(AreaCodeParam),
    status: Type.Optional(StringEnum(['active', 'retired', 'any'] as const, { default: 'active' })),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const OrganizationDataBody = Type.Object(
  {
    fields: Type.Array(StringEnum(['phone'] as const), { minItems: 1, maxItems: 1, uniqueItems: true }),
    reason: Type.String({ minLength: 5, maxLength: 200, description: 'Why the data is needed (recorded in the audit trail)' }),
  },
  { additionalProperties: false },
)

// --- facilities ----------------------------------------------------------------------------------------

const facilityFields = {
  class: Text(40, 'public_utility, road_traffic, appearance_environment, landscaping, housing_land or other (or 公用设施…)'),
  kind: Text(60, 'A FACILITY_KINDS code (manhole, street_light, hydrant…) or label (井盖…), or another snake_case code'),
  name: Text(110, 'Name (1–100 characters)'),
  code: Type.Optional(Nullable(Text(60, 'Facility code (部件编码): letters, digits, hyphens; unique'))),
  location: Type.Optional(LonLatSchema),
  gridCode: Type.Optional(GridCode),
  ownerDept: Type.Optional(Nullable(Text(110, 'Owning department (主管部门)'))),
  maintainerDept: Type.Optional(Nullable(Text(110, 'Maintaining department (养护单位)'))),
  state: Type.Optional(Nullable(Text(20, 'intact (default), damaged, missing or occupied (or 完好, 损坏, 丢失, 占用)'))),
  hazard: Type.Optional(Type.Boolean({ description: 'A hazard source (危险源)' })),
}

export const FacilityCreateBody = Type.Object(facilityFields, {
  additionalProperties: false,
  description: 'Placed at its location, which is required (a gridCode given too must agree)',
})

export const FacilityUpdateBody = Type.Object(
  { version: Version, ...Type.Partial(Type.Object(facilityFields)).properties },
  { additionalProperties: false, description: "Only the fields given change; a change of state is recorded as its own history entry ('state', from/to)" },
)

export const FacilitySearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name, or the exact facility code' })),
    class: Type.Optional(FacilityClassSchema),
    kind: Type.Optional(Type.String({ pattern: '^[a-z][a-z_]{1,39}$' })),
    state: Type.Optional(FacilityStateSchema),
    hazard: Type.Optional(Type.Boolean()),
    areaCode: Type.Optional(AreaCodeParam),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'Near a point: longitude (with lat)' })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'Near a point: latitude (with lon)' })),
    radius: Type.Optional(Type.Number({ description: 'Near a point: radius in metres, at most 2000 (default 500)' })),
    status: Type.Optional(StringEnum(['active', 'retired', 'any'] as const, { default: 'active' })),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

// --- concerns ------------------------------------------------------------------------------------------

export const ConcernCreateBody = Type.Object(
  {
    theme: Text(40, 'livelihood, environment, safety, dispute, policy, service, infrastructure or other (or 民生诉求…)'),
    content: Text(2100, 'What the resident says (1–2000 characters; line breaks allowed)'),
    personId: Type.Optional(Nullable(Id('The registered resident it comes from (active, in your area)'))),
    residentName: Type.Optional(Nullable(Text(60, "The resident's name, when not registered"))),
    location: Type.Optional(LonLatSchema),
    gridCode: Type.Optional(GridCode),
  },
  { additionalProperties: false, description: "Placed at its location, else in gridCode, else in the resident's grid" },
)

export const ConcernSearchQuery = Type.Object(
  {
    theme: Type.Optional(ConcernThemeSchema),
    status: Type.Optional(ConcernStatusSchema),
    areaCode: Type.Optional(AreaCodeParam),
    personId: Type.Optional(Id('Resident')),
    since: Type.Optional(Type.String({ maxLength: 10, description: 'First day (YYYY-MM-DD, China time)' })),
    until: Type.Optional(Type.String({ maxLength: 10, description: 'Last day (YYYY-MM-DD, China time)' })),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const ConcernCloseBody = Type.Object(
  { version: Version, reason: Type.String({ minLength: 2, maxLength: 200, description: 'How it was settled (e.g. 已解答, 已协调解决)' }) },
  { additionalProperties: false },
)

export const ConcernConvertBody = Type.Object(
  { version: Version, caseRef: Type.String({ minLength: 1, maxLength: 60, description: 'Reference of the case it became (e.g. SJ2026031400012)' }) },
  { additionalProperties: false },
)

// --- responses -------------------------------------------------------------------------------------------

const AreaRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: StringEnum(AREA_LEVELS) })
const MaskedPhone = Type.String({ pattern: '\\*', description: 'Phone number, masked' })
const Point = Type.Object({ lon: Type.Number(), lat: Type.Number() })
const Meta = {
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
}

export const OrganizationSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: OrganizationKindSchema,
  creditCode: Nullable(Type.String()),
  address: Type.String(),
  grid: AreaRefSchema,
  location: Point,
  keyPlace: Type.Boolean(),
  phoneMasked: Nullable(MaskedPhone),
  status: RecordStatusSchema,
})

export const OrganizationViewSchema = Type.Object({
  ...OrganizationSummarySchema.properties,
  ...Meta,
  legalRep: Nullable(Type.String()),
  employees: Nullable(Type.Integer()),
  securityContact: Nullable(Type.String()),
  building: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), address: Type.String() })),
  statusReason: Nullable(Type.String()),
})

export const OrganizationPageSchema = Type.Object({ items: Type.Array(OrganizationSummarySchema), next: Nullable(Type.String()) })

export const OrganizationDataSchema = Type.Object({ phone: Nullable(Type.String()) })

export const FacilitySummarySchema = Type.Object({
  id: Type.Integer(),
  class: FacilityClassSchema,
  kind: Type.String(),
  name: Type.String(),
  code: Nullable(Type.String()),
  grid: AreaRefSchema,
  location: Point,
  state: FacilityStateSchema,
  hazard: Type.Boolean(),
  status: RecordStatusSchema,
  distanceM: Type.Optional(Type.Number({ description: 'Metres from the search point' })),
})

export const FacilityViewSchema = Type.Object({
  ...FacilitySummarySchema.properties,
  ...Meta,
  ownerDept: Nullable(Type.String()),
  maintainerDept: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
})

export const FacilityPageSchema = Type.Object({ items: Type.Array(FacilitySummarySchema), next: Nullable(Type.String()) })

export const ConcernSummarySchema = Type.Object({
  id: Type.Integer(),
  theme: ConcernThemeSchema,
  content: Type.String(),
  personId: Nullable(Type.Integer()),
  residentName: Nullable(Type.String()),
  grid: AreaRefSchema,
  status: ConcernStatusSchema,
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
})

export const ConcernViewSchema = Type.Object({
  ...ConcernSummarySchema.properties,
  ...Meta,
  location: Nullable(Point),
  statusReason: Nullable(Type.String()),
  caseRef: Nullable(Type.String()),
})

export const ConcernPageSchema = Type.Object({ items: Type.Array(ConcernSummarySchema), next: Nullable(Type.String()) })

export const RecordHistorySchema = Type.Object({
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
})
