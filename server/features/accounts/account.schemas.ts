// TypeBox schemas of the account administration API (docs/auth.md, "Accounts"): validation,
// serialization and the OpenAPI document from one source. Every request object is closed
// (additionalProperties: false), so a field the caller may not set — password, status on create,
// totpSecret, id, __proto__ — is refused with its name, never silently dropped.
import { Type, type Static } from 'typebox'
import { ROLES } from '../../../shared/roles.ts'
import { AREA_LEVELS } from '../../../shared/area-codes.ts'
import { MASKED_MOBILE_PATTERN } from '../privacy/mask.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
/** An enum of strings that says it is a string (for the OpenAPI document). */
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Enum([...values] as T[number][], { type: 'string', ...options })

/** The same rule as the account table's CHECK (server/migrations/0003_accounts.sql). */
export const UsernameSchema = Type.String({
  pattern: '^[a-z][a-z0-9._-]{2,39}$',
  description: '3–40 characters: a lower-case letter, then lower-case letters, digits, ".", "_" or "-"',
  examples: ['zhang.wei', 'gw630103001003001'],
})

/** 1–100 characters, at least one of them not blank, no control characters. */
export const DisplayNameSchema = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f][^\\u0000-\\u001f\\u007f]*$',
  examples: ['网格员 南关街社区第一网格'],
})

export const RoleSchema = StringEnum(ROLES, { description: 'One role per account (shared/roles.ts)' })

const areaCode = (description: string) =>
  Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,3}$', description, examples: ['630103', '630103001003'] })

export const AreaCodeSchema = areaCode('Area code: 6 (city/county), 9 (street), 12 (community) or 15 (grid) digits')

/** A mainland mobile number as stored (the account table's CHECK). */
export const PhoneInputSchema = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'Mainland mobile number, 11 digits', examples: ['13912345678'] })

export const StatusSchema = StringEnum(['active', 'disabled'])

export const AccountIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Account id' }) },
  { additionalProperties: false },
)

export const ACCOUNT_SORTS = ['username', '-username', 'displayName', '-displayName', 'role', '-role', 'scope', '-scope', 'createdAt', '-createdAt', 'lastLoginAt', '-lastLoginAt'] as const
export type AccountSort = (typeof ACCOUNT_SORTS)[number]

export const AccountListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Part of the username or display name (case-insensitive)' })),
    role: Type.Optional(RoleSchema),
    scopeCode: Type.Optional(areaCode('Only accounts scoped to this area or below it')),
    status: Type.Optional(StatusSchema),
    sort: StringEnum(ACCOUNT_SORTS, { default: 'username', description: 'Order; a leading "-" reverses it' }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
)
export type AccountListQuery = Static<typeof AccountListQuery>

export const CreateAccountBody = Type.Object(
  {
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    role: RoleSchema,
    scopeCode: AreaCodeSchema,
    phone: Type.Optional(PhoneInputSchema),
  },
  { additionalProperties: false },
)
export type CreateAccountBody = Static<typeof CreateAccountBody>

export const UpdateAccountBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The version last read: the change is refused (409) if the account changed since' }),
    displayName: Type.Optional(DisplayNameSchema),
    role: Type.Optional(RoleSchema),
    scopeCode: Type.Optional(AreaCodeSchema),
    phone: Type.Optional(Nullable(PhoneInputSchema)),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false, minProperties: 2, description: 'version and at least one field to change' },
)
export type UpdateAccountBody = Static<typeof UpdateAccountBody>

export const PersonalDataBody = Type.Object(
  { reason: Type.String({ minLength: 5, maxLength: 200, description: 'Why the data is needed (recorded in the audit trail)' }) },
  { additionalProperties: false },
)

export const GridCodesBody = Type.Object(
  {
    gridCodes: Type.Array(Type.String({ pattern: '^[0-9]{15}$', description: 'Grid code (15 digits)' }), {
      maxItems: 200,
      uniqueItems: true,
      description: 'The worker\'s grids after the change (replaces the current set; [] releases all)',
    }),
  },
  { additionalProperties: false },
)

export const GridAssignmentQuery = Type.Object(
  {
    areaCode: Type.Optional(areaCode('Grids under this area (default: the caller\'s scope)')),
    unassigned: Type.Optional(Type.Boolean({ description: 'Only grids without a worker' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
)

// --- responses ------------------------------------------------------------------------------------

export const AreaRefSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: StringEnum(AREA_LEVELS),
})

/**
 * The one view of an account. `phone` can only be serialized masked: a union whose string branch
 * requires the mask, so a raw number in a response fails serialization instead of leaking.
 */
export const AccountViewSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: RoleSchema,
    scope: AreaRefSchema,
    status: StatusSchema,
    phone: Nullable(Type.String({ pattern: MASKED_MOBILE_PATTERN, description: 'Always masked (138****5678)' })),
    totpEnrolled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
    passwordChangedAt: Type.String({ format: 'date-time' }),
    createdAt: Type.String({ format: 'date-time' }),
    gridCount: Type.Integer({ minimum: 0 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)

export const AccountListSchema = Type.Object({ items: Type.Array(AccountViewSchema), total: Type.Integer({ minimum: 0 }) })

export const AccountCreatedSchema = Type.Object({
  account: AccountViewSchema,
  temporaryPassword: Type.String({ description: 'Shown once: hand it to the user, who must change it at first login' }),
})

export const AccountPersonalDataSchema = Type.Object({ phone: Nullable(Type.String({ pattern: '^1[3-9][0-9]{9}$' })) })

export const GridAssignmentSchema = Type.Object({
  grid: AreaRefSchema,
  accountId: Nullable(Type.Integer()),
  username: Nullable(Type.String()),
  displayName: Nullable(Type.String()),
})

export const GridAssignmentListSchema = Type.Object({ items: Type.Array(GridAssignmentSchema), total: Type.Integer({ minimum: 0 }) })

export const GridAssignmentChangeSchema = Type.Object({
  items: Type.Array(GridAssignmentSchema, { description: 'The worker\'s grids after the change' }),
  added: Type.Array(Type.String(), { description: 'Grids newly assigned to the worker' }),
  removed: Type.Array(Type.String(), { description: 'Grids the worker no longer holds (now without a worker)' }),
  moved: Type.Array(
    Type.Object({ gridCode: Type.String(), fromAccountId: Type.Integer(), fromUsername: Type.String() }),
    { description: 'Grids taken from another worker (part of added)' },
  ),
})

/** Error responses of a route, all in the one error shape. */
export function Errors(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'ErrorResponse#' }]))
}
