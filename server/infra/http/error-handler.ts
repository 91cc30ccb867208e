// Turns every failure into the one error shape. Validation errors list every offending field;
// database constraint violations map to 409/422 here and nowhere else; unknown errors are logged and
// shown as a generic 500 (their text may carry internals). Only unknown errors are logged, and only
// through serializeError (logging.ts): never the body, never validation values, never a driver's
// `detail` ("Key (phone)=(…) already exists"), and quoted values masked out of the message.
import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError, type ErrorDetail } from './errors.ts'
import { serializeError } from './logging.ts'

interface AjvError {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

/**
 * Maps Fastify/Ajv validation errors to field details: `field` is a JSON pointer into `location`
 * (body, querystring, params, headers). One detail per field: a union (anyOf) reports one error per
 * branch, which says less than one line naming the accepted values.
 */
export function validationDetails(context: string | undefined, errors: AjvError[]): ErrorDetail[] {
  const byField = new Map<string, ErrorDetail & { allowed?: unknown[] }>()
  for (const e of errors) {
    let pointer = e.instancePath ?? ''
    if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') {
      pointer += `/${e.params.missingProperty}`
    }
    if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') {
      pointer += `/${e.params.additionalProperty}`
    }
    const field = pointer || '/'
    const key = `${context ?? ''} ${field}`
    const allowed = e.keyword === 'const' ? [e.params?.allowedValue] : e.keyword === 'enum' ? (e.params?.allowedValues as unknown[]) : undefined
    const prev = byField.get(key)
    if (prev) {
      if (allowed) prev.allowed = [...(prev.allowed ?? []), ...allowed]
      if (prev.allowed) prev.message = `must be one of: ${prev.allowed.map((v) => JSON.stringify(v)).join(', ')}`
      continue
    }
    const detail: ErrorDetail & { allowed?: unknown[] } = {
      field,
      ...(context ? { location: context } : {}),
      message: e.keyword === 'additionalProperties' ? 'is not an accepted field' : (e.message ?? 'is not valid'),
      problem: e.keyword ?? 'invalid',
    }
    if (allowed) {
      detail.allowed = allowed
      detail.message = `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
    }
    byField.set(key, detail)
  }
  return [...byField.values()]
}

const PG_CONSTRAINT: Record<string, { code: 'conflict' | 'validation_failed'; message: string }> = {
  '23505': { code: 'conflict', message: 'A record with this key already exists' },
  '23503': { code: 'validation_failed', message: 'A referenced record does not exist' },
  '23514': { code: 'validation_failed', message: 'A value breaks a rule of the data model' },
  '23502': { code: 'validation_failed', message: 'A required value is missing' },
}

interface AuditableRequest {
  method: string
  routeOptions: { url?: string }
  principal?: unknown
  audit?: (input: { action: string; target: string | null; outcome: 'failure'; detail: Record<string, unknown> }) => Promise<void>
}

/**
 * A write a signed-in caller sent that the request schema refused (before any handler ran) is audited
 * as a failure like the refusals handlers record: which route, which fields, which problems — never
 * the values.
 */
async function auditRefusedWrite(request: AuditableRequest, e: AppError): Promise<void> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.principal || typeof request.audit !== 'function') return
  try {
    await request.audit({
      action: 'request.refused',
      target: `route:${request.method} ${request.routeOptions.url ?? '?'}`,
      outcome: 'failure',
      detail: { code: e.code, problems: e.details.map((d) => ({ field: d.field, location: d.location, problem: d.problem })) },
    })
  } catch {
    // The refusal is answered either way; a failing audit store shows up in its own errors.
  }
}

/** Registers the error and not-found handlers on the app. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(err.toResponse())
    }
    if (err.validation) {
      const e = new AppError('validation_failed', 'The request is not valid', validationDetails(err.validationContext, err.validation))
      return auditRefusedWrite(request, e).then(() => reply.status(400).send(e.toResponse()))
    }
    const pgCode = (err as { code?: string }).code
    if (pgCode && PG_CONSTRAINT[pgCode]) {
      const m = PG_CONSTRAINT[pgCode]
      const constraint = (err as { constraint?: string }).constraint
      const e = new AppError(m.code, m.message, constraint ? [{ message: m.message, problem: constraint }] : [])
      return reply.status(e.status).send(e.toResponse())
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(new AppError('payload_too_large', 'The request body is too large').toResponse())
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .status(415)
          .send(new AppError('unsupported_media_type', `Content type ${request.headers['content-type'] ?? '(none)'} is not accepted`).toResponse())
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.status(400).send(new AppError('invalid_json', 'The body is not valid JSON', [{ field: '/', message: err.message }]).toResponse())
    }
    if (err.statusCode === 400 && err.name === 'SyntaxError') {
      return reply.status(400).send(new AppError('invalid_json', 'The body is not valid JSON', [{ field: '/', message: err.message }]).toResponse())
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err.statusCode === 429 ? 'rate_limited' : err.statusCode === 413 ? 'payload_too_large' : 'validation_failed'
      return reply.status(err.statusCode).send(new AppError(code, err.message).toResponse())
    }
    request.log.error({ err: serializeError(err) }, 'unhandled error')
    return reply.status(500).send(new AppError('internal_error', 'Something went wrong on our side').toResponse())
  })

  app.setNotFoundHandler((request, reply) => {
    const e = new AppError('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`)
    return reply.status(404).send(e.toResponse())
  })
}
