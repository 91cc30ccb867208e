// One error type and one error shape for every failure:
//   { "error": { "code": "snake_case", "message": "...", "details": [ { field, message, ... } ] } }
// Codes are stable API: clients branch on them. Add codes here, never invent them at call sites.
import { Type, type Static } from 'typebox'

export const ERROR_CODES = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_geojson: 400,
  password_rejected: 400,
  unauthenticated: 401,
  login_incomplete: 401,
  invalid_credentials: 401,
  totp_invalid: 401,
  totp_replayed: 401,
  reauth_required: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  boundary_invalid: 422,
  coverage_violation: 422,
  unsupported_operation: 422,
  idempotency_key_reused: 422,
  photo_rejected: 422,
  rate_limited: 429,
  login_locked: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const

export type ErrorCode = keyof typeof ERROR_CODES

export const ErrorDetailSchema = Type.Object(
  {
    field: Type.Optional(Type.String({ description: 'Path of the offending field, e.g. /features/3/geometry' })),
    location: Type.Optional(Type.String({ description: 'Part of the request the field is in: body, querystring, params, headers' })),
    message: Type.String(),
    feature: Type.Optional(Type.Integer({ description: 'Index of the offending GeoJSON feature' })),
    areaCode: Type.Optional(Type.String({ description: 'Area code the problem concerns' })),
    problem: Type.Optional(Type.String({ description: 'Stable snake_case name of the problem' })),
    areaM2: Type.Optional(Type.Number({ description: 'Size of a gap or overlap in m²' })),
    geometry: Type.Optional(Type.Unknown({ description: 'GeoJSON geometry of the problem, where it has one' })),
  },
  { additionalProperties: true },
)
export type ErrorDetail = Static<typeof ErrorDetailSchema>

export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable snake_case error code' }),
      message: Type.String(),
      details: Type.Array(ErrorDetailSchema),
    }),
  },
  { $id: 'ErrorResponse', description: 'The one error shape of the API' },
)
export type ErrorResponse = Static<typeof ErrorResponseSchema>

/** The application's error: a status, a stable code, a human message and field-level details. */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
    this.name = 'AppError'
    this.status = ERROR_CODES[code]
  }

  toResponse(): ErrorResponse {
    return { error: { code: this.code, message: this.message, details: this.details } }
  }
}

export const notFound = (what: string, details: ErrorDetail[] = []) =>
  new AppError('not_found', `${what} not found`, details)

export const validationFailed = (details: ErrorDetail[], message = 'The request is not valid') =>
  new AppError('validation_failed', message, details)

/** Route response entries for error statuses, all referring to the one ErrorResponse schema. */
export function Errors(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'ErrorResponse#' }]))
}
