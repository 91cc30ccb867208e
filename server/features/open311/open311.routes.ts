// Open311 GeoReport v2 endpoints (docs/open311.md) under /open311/v2: discovery, services, service
// definitions, POST and GET requests, tokens. Every path ends in .xml or .json; answers are the
// strings of format.ts with their content type, errors too (an Open311 error list, XML unless the path
// asks for JSON) — also for unknown paths, refused content types, rate limits and crashes inside this
// prefix, so an Open311 client never meets the JSON error shape of /api/v1.
//
// Input is checked by params.ts, not by the route schemas: those only document the endpoints in the
// OpenAPI document (their validator lets everything through), because a schema failure would answer
// in the API's JSON shape and report one problem where params.ts reports all.
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import formbody from '@fastify/formbody'
import { AppError } from '../../infra/http/errors.ts'
import { serializeError } from '../../infra/http/logging.ts'
import { PUBLIC_WRITE_RATE_LIMIT } from '../../infra/http/security.ts'
import { caseConfig } from '../cases/case-config.ts'
import type { CaseRoutesDeps } from '../cases/case.routes.ts'
import { publicContext } from '../cases/public.routes.ts'
import {
  OPEN311_CONTENT_TYPE,
  formatCreated,
  formatDiscovery,
  formatErrors,
  formatRequests,
  formatServiceDefinition,
  formatServices,
  open311DateTime,
  splitFormat,
  type Open311Error,
  type Open311Format,
} from './format.ts'
import { parseNewRequest, parseRequestQuery, type Open311Problem } from './params.ts'
import {
  JURISDICTION_ID,
  changesetOf,
  clientByKey,
  findRequest,
  findRequests,
  nameLanguage,
  open311Services,
  serviceDefinition,
  submitRequest,
} from './open311.service.ts'

export const OPEN311_PREFIX = '/open311/v2'
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2'

type Params = Record<string, string | string[]>

/**
 * An application/x-www-form-urlencoded text (or a query string) as a flat record: a repeated key gives
 * an array of its values, in order. Keys are own properties (`__proto__` stays a plain key).
 */
export function parseForm(text: string): Params {
  const values = new Map<string, string[]>()
  for (const [k, v] of new URLSearchParams(text)) {
    const list = values.get(k)
    if (list) list.push(v)
    else values.set(k, [v])
  }
  return Object.fromEntries([...values].map(([k, vs]) => [k, vs.length === 1 ? vs[0]! : vs]))
}

/** Both records in one: a key present in both gets the values of both (the query's first). */
export function mergeParams(a: Params, b: Params): Params {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
  return Object.fromEntries(
    [...keys].map((k) => {
      const vs = [...list(Object.hasOwn(a, k) ? a[k] : undefined), ...list(Object.hasOwn(b, k) ? b[k] : undefined)]
      return [k, vs.length === 1 ? vs[0]! : vs]
    }),
  )
}

/** The query string of a request, parsed the same way as a form body (Fastify's own parser is not used). */
const queryOf = (request: FastifyRequest): Params => {
  const i = request.url.indexOf('?')
  return i < 0 ? {} : parseForm(request.url.slice(i + 1))
}

/** The format an error answer takes: the extension of the path's last segment, else XML. */
function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? ''
  const last = path.slice(path.lastIndexOf('/') + 1)
  let segment = last
  try {
    segment = decodeURIComponent(last)
  } catch {
    // a malformed escape: read it as it is
  }
  return splitFormat(segment)?.format ?? 'xml'
}

const send = (reply: FastifyReply, f: Open311Format, status: number, body: string) =>
  reply.code(status).header('content-type', OPEN311_CONTENT_TYPE[f]).send(body)

const sendErrors = (reply: FastifyReply, f: Open311Format, status: number, errors: Open311Error[]) => send(reply, f, status, formatErrors(f, errors))

/** Problems of params.ts as an answer: one status for the list (the highest; they are all 400 today). */
function sendProblems(reply: FastifyReply, f: Open311Format, problems: Open311Problem[]) {
  const status = Math.max(...problems.map((p) => p.code))
  return sendErrors(
    reply,
    f,
    status,
    problems.map((p) => ({ code: p.code, description: p.description })),
  )
}

const notFoundAnswer = (reply: FastifyReply, f: Open311Format, description: string) => sendErrors(reply, f, 404, [{ code: 404, description }])

/** A jurisdiction_id this server does not serve (absent, empty and "xining", in any case, are fine). */
function otherJurisdiction(params: Params): string | undefined {
  const v = Object.hasOwn(params, 'jurisdiction_id') ? params.jurisdiction_id : undefined
  const values = v === undefined ? [] : Array.isArray(v) ? v : [v]
  return values.map((x) => x.normalize('NFC').trim()).find((x) => x !== '' && x.toLowerCase() !== JURISDICTION_ID)
}
const jurisdictionMessage = (id: string) => `jurisdiction_id ${id} is not served here: this server answers for ${JURISDICTION_ID} (or leave jurisdiction_id out)`

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`

// ---------------------------------------------------------------------------------------------------
// OpenAPI documentation of the endpoints (not used to validate: see the top of the file)

const str = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'string', description, ...extra })
const FormatParam = { type: 'object', properties: { format: str('Response format', { enum: ['xml', 'json'] }) }, required: ['format'] }
const FileParam = (what: string, example: string) => ({
  type: 'object',
  properties: { file: str(`${what} followed by .xml or .json, e.g. ${example}`) },
  required: ['file'],
})
const Jurisdiction = { jurisdiction_id: str(`Optional; only "${JURISDICTION_ID}" is served`) }

const ErrorsJson = {
  type: 'array',
  items: { type: 'object', properties: { code: { type: 'integer' }, description: { type: 'string' } }, required: ['code', 'description'] },
}
const ServiceJson = {
  type: 'object',
  properties: {
    service_code: str('The category code, e.g. environment.garbage'),
    service_name: str('Chinese and English name, or one of them per Accept-Language'),
    metadata: { type: 'boolean', description: 'true when the service has attributes (GET its definition)' },
    type: str('Always realtime', { enum: ['realtime'] }),
    group: str('The parent category'),
  },
}
const AttributeJson = {
  type: 'object',
  properties: {
    variable: { type: 'boolean' },
    code: { type: 'string' },
    datatype: { type: 'string', enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
    required: { type: 'boolean' },
    datatype_description: { type: 'string' },
    order: { type: 'integer' },
    description: { type: 'string' },
    values: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } } },
  },
}
const RequestJson = {
  type: 'object',
  properties: {
    service_request_id: str('The tracking number of the case'),
    status: { type: 'string', enum: ['open', 'closed'] },
    status_notes: str('Plain-language status, Chinese (English)'),
    service_name: { type: 'string' },
    service_code: { type: 'string' },
    description: str("The reporter's own text"),
    agency_responsible: str('The area (community, street, district, city) holding the case'),
    requested_datetime: { type: 'string', format: 'date-time' },
    updated_datetime: { type: 'string', format: 'date-time' },
    expected_datetime: str('Deadline of the running step (open requests)', { format: 'date-time' }),
    address: { type: 'string' },
    lat: { type: 'number', description: 'Rounded to 4 decimals (about 10 m)' },
    long: { type: 'number', description: 'Rounded to 4 decimals (about 10 m)' },
  },
}

const answer = (description: string, json: object) => ({
  description,
  content: { 'text/xml': { schema: { type: 'string', description: 'The XML document of the specification' } }, 'application/json': { schema: json } },
})
const errorAnswer = (description: string) => answer(description, ErrorsJson)

/** Route schema for the documentation: tags, no security, the given parts; never validates (see top). */
function doc(s: FastifySchema & { summary: string; description?: string; produces?: string[]; consumes?: string[] }): FastifySchema {
  return { tags: ['open311'], security: [], produces: ['text/xml', 'application/json'], ...s } as FastifySchema
}
const noValidation = () => () => true

const NEW_REQUEST_PARAMS = {
  type: 'object',
  properties: {
    api_key: str('The key of your client, issued by the city admin (required)'),
    service_code: str('A service_code from GET services (required)'),
    lat: str('WGS84 latitude; with long, or give address_string'),
    long: str('WGS84 longitude'),
    address_string: str('The address in words'),
    description: str('What is wrong (up to 4000 characters)'),
    first_name: str("The reporter's given name (kept with the case for staff; never published)"),
    last_name: str("The reporter's family name (the same)"),
    phone: str('A Chinese mobile or landline number (kept encrypted; staff see it masked; never published)'),
    email: str('Accepted and not stored'),
    media_url: str('Accepted and not stored: photos go through the public page'),
    device_id: str('Accepted and ignored'),
    account_id: str('Accepted and ignored'),
    'attribute[code]': str('One per attribute of the service definition; attribute[code][] for multivaluelist'),
    ...Jurisdiction,
  },
}

// ---------------------------------------------------------------------------------------------------

export const open311Routes: FastifyPluginAsync<CaseRoutesDeps> = async (app, deps) => {
  const db = deps.database.db
  const startedAt = new Date()
  const access = { auth: 'public' } as const

  // Only form bodies (the spec's encoding) in this prefix; parameters may also come in the query string.
  app.removeAllContentTypeParsers()
  await app.register(formbody, { parser: parseForm })

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const f = formatOfUrl(request.url)
    if (err instanceof AppError) {
      const errors = err.code === 'validation_failed' && err.details.length > 0 ? err.details.map((d) => ({ code: err.status, description: d.message })) : [{ code: err.status, description: err.message }]
      return sendErrors(reply, f, err.status, errors)
    }
    const status = err.statusCode
    if (status && status >= 400 && status < 500) {
      const description =
        err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? `Content type ${request.headers['content-type'] ?? '(none)'} is not accepted: send the parameters as application/x-www-form-urlencoded or in the query string`
          : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'The request body is too large'
            : err.message
      return sendErrors(reply, f, status, [{ code: status, description }])
    }
    request.log.error({ err: serializeError(err) }, 'unhandled error')
    return sendErrors(reply, f, 500, [{ code: 500, description: 'Something went wrong on our side' }])
  })
  const unknownPath = (request: FastifyRequest, reply: FastifyReply) =>
    notFoundAnswer(reply, formatOfUrl(request.url), `No Open311 endpoint ${request.method} ${request.url.split('?')[0]}: see ${OPEN311_PREFIX}/discovery.xml`)
  app.setNotFoundHandler(unknownPath)
  // A route, not only the not-found handler: the web app's catch-all route would otherwise answer these paths.
  app.all('/*', { config: access, schema: { hide: true } }, unknownPath)
  app.all('/', { config: access, schema: { hide: true } }, unknownPath)

  /** The format of `name.{format}`; answers 404 (XML) and gives null when it is not xml or json. */
  const formatOr404 = (reply: FastifyReply, name: string, format: string): Open311Format | null => {
    const f = splitFormat(`${name}.${format}`)?.format ?? null
    if (!f) void notFoundAnswer(reply, 'xml', `Unknown format .${format}: use .xml or .json`)
    return f
  }
  /** `{id}.{format}` of a path; answers 404 and gives null when the extension is not xml or json. */
  const fileOr404 = (reply: FastifyReply, file: string): { name: string; format: Open311Format } | null => {
    const s = splitFormat(file)
    if (!s) void notFoundAnswer(reply, 'xml', `Unknown format of ${file}: end the path in .xml or .json`)
    return s
  }
  const wrongJurisdiction = (reply: FastifyReply, f: Open311Format, params: Params): boolean => {
    const other = otherJurisdiction(params)
    if (other !== undefined) void notFoundAnswer(reply, f, jurisdictionMessage(other))
    return other !== undefined
  }

  app.get(
    '/discovery.:format',
    {
      config: access,
      validatorCompiler: noValidation,
      schema: doc({
        summary: 'Service discovery: the endpoint, its formats and how to get an API key',
        params: FormatParam,
        response: { 200: answer('The discovery document', { type: 'object' }), 404: errorAnswer('Unknown format') },
      }),
    },
    async (request, reply) => {
      const f = formatOr404(reply, 'discovery', (request.params as { format: string }).format)
      if (!f) return reply
      const changeset = open311DateTime(await changesetOf(db, startedAt))
      const origin = originOf(request)
      return send(
        reply,
        f,
        200,
        formatDiscovery(f, {
          changeset,
          contact: `Frontline — ${origin}/report (公众上报页面 / the public report page)`,
          keyService: 'API keys are issued by the city admin in Frontline (case configuration, Open311 clients). 接入密钥由市级管理员在 Frontline 中签发。',
          endpoints: [{ specification: SPECIFICATION, url: `${origin}${OPEN311_PREFIX}`, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
        }),
      )
    },
  )

  app.get(
    '/services.:format',
    {
      config: access,
      validatorCompiler: noValidation,
      schema: doc({
        summary: 'The services: one per category residents can report under',
        description: 'service_name and group are "中文 (English)", or only Chinese or only English when Accept-Language prefers zh or en.',
        params: FormatParam,
        querystring: { type: 'object', properties: Jurisdiction },
        response: { 200: answer('The services', { type: 'array', items: ServiceJson }), 404: errorAnswer('Unknown format or jurisdiction') },
      }),
    },
    async (request, reply) => {
      const f = formatOr404(reply, 'services', (request.params as { format: string }).format)
      if (!f || wrongJurisdiction(reply, f, queryOf(request))) return reply
      const cfg = await caseConfig(db)
      reply.header('vary', 'Accept-Language')
      return send(reply, f, 200, formatServices(f, open311Services(cfg, nameLanguage(request.headers['accept-language']))))
    },
  )

  app.get(
    '/services/:file',
    {
      config: access,
      validatorCompiler: noValidation,
      schema: doc({
        summary: 'The definition of a service: the attributes it asks for',
        params: FileParam('The service_code', 'component.manhole.xml'),
        querystring: { type: 'object', properties: Jurisdiction },
        response: {
          200: answer('The service definition', { type: 'object', properties: { service_code: { type: 'string' }, attributes: { type: 'array', items: AttributeJson } } }),
          404: errorAnswer('Unknown format or jurisdiction, or no such public service'),
        },
      }),
    },
    async (request, reply) => {
      const file = fileOr404(reply, (request.params as { file: string }).file)
      if (!file || wrongJurisdiction(reply, file.format, queryOf(request))) return reply
      const definition = serviceDefinition(await caseConfig(db), file.name)
      if (!definition) return notFoundAnswer(reply, file.format, `service_code ${file.name} not found`)
      return send(reply, file.format, 200, formatServiceDefinition(file.format, definition))
    },
  )

  app.post(
    '/requests.:format',
    {
      config: { ...access, rateLimit: PUBLIC_WRITE_RATE_LIMIT },
      validatorCompiler: noValidation,
      schema: doc({
        summary: 'Report a problem (a case of the public channel); answers its service_request_id at once',
        description:
          'Parameters as an application/x-www-form-urlencoded body, in the query string, or both (merged; a parameter given twice is refused). api_key is required: missing → 400, unknown or deactivated → 403. Every problem of the request is listed in one 400 answer.',
        consumes: ['application/x-www-form-urlencoded'],
        params: FormatParam,
        querystring: NEW_REQUEST_PARAMS,
        body: NEW_REQUEST_PARAMS,
        response: {
          200: answer('The new request: its id and a notice', {
            type: 'array',
            items: { type: 'object', properties: { service_request_id: { type: 'string' }, service_notice: { type: 'string' } } },
          }),
          400: errorAnswer('Missing api_key, or the request is not valid (every problem listed)'),
          403: errorAnswer('Unknown or deactivated api_key'),
          404: errorAnswer('Unknown format or jurisdiction'),
          415: errorAnswer('A body that is not application/x-www-form-urlencoded'),
          429: errorAnswer('Too many reports from this address'),
        },
      }),
    },
    async (request, reply) => {
      const f = formatOr404(reply, 'requests', (request.params as { format: string }).format)
      if (!f) return reply
      const body = request.body !== null && typeof request.body === 'object' ? (request.body as Params) : {}
      const params = mergeParams(queryOf(request), body)
      if (wrongJurisdiction(reply, f, params)) return reply

      const keys = (Array.isArray(params.api_key) ? params.api_key : params.api_key === undefined ? [] : [params.api_key]).map((k) => k.trim()).filter((k) => k !== '')
      if (!Object.hasOwn(params, 'api_key') || keys.length === 0) return sendErrors(reply, f, 400, [{ code: 400, description: 'api_key is required: ask the city admin for a key' }])
      if (keys.length > 1) return sendErrors(reply, f, 400, [{ code: 400, description: `api_key was given ${keys.length} times; it may be given once` }])
      const client = await clientByKey(db, keys[0]!)
      if (!client || !client.active) {
        await request.audit({ action: 'open311.request', target: client ? `open311_client:${client.id}` : null, outcome: 'denied', detail: { reason: client ? 'inactive_key' : 'unknown_key' } })
        return sendErrors(reply, f, 403, [{ code: 403, description: client ? 'api_key has been deactivated' : 'api_key is not valid' }])
      }

      const cfg = await caseConfig(db)
      const parsed = parseNewRequest(params, (code) => serviceDefinition(cfg, code))
      if (!parsed.ok) return sendProblems(reply, f, parsed.problems)
      const ctx = publicContext(deps, request, `open311:${client.id}`)
      const result = await submitRequest(ctx, cfg, client, parsed.value)
      if (!result.ok) return sendProblems(reply, f, result.problems)
      const track = `${originOf(request)}/track/${result.number}`
      return send(
        reply,
        f,
        200,
        formatCreated(f, [
          {
            service_request_id: result.number,
            service_notice: `已收到您的报告，编号 ${result.number}，可在 ${track} 查询办理进度。 Your report was received as ${result.number}; follow it at ${track}.`,
          },
        ]),
      )
    },
  )

  app.get(
    '/requests.:format',
    {
      config: access,
      validatorCompiler: noValidation,
      schema: doc({
        summary: 'Reports of residents (public page and Open311), newest first, at most 1000',
        description:
          'Without dates: the last 90 days; with only end_date: the 90 days before it; with only start_date: from it until now. service_request_id overrides every other filter. Lists and repeats are both accepted for service_request_id, service_code and status.',
        params: FormatParam,
        querystring: {
          type: 'object',
          properties: {
            service_request_id: str('Comma-separated ids'),
            service_code: str('Comma-separated service codes'),
            start_date: str('ISO 8601 with zone, e.g. 2026-11-26T00:00:00+08:00'),
            end_date: str('ISO 8601 with zone'),
            status: str('open, closed, or open,closed'),
            ...Jurisdiction,
          },
        },
        response: {
          200: answer('The requests', { type: 'array', items: RequestJson }),
          400: errorAnswer('A filter is not valid (every problem listed)'),
          404: errorAnswer('Unknown format or jurisdiction'),
        },
      }),
    },
    async (request, reply) => {
      const f = formatOr404(reply, 'requests', (request.params as { format: string }).format)
      if (!f) return reply
      const query = queryOf(request)
      if (wrongJurisdiction(reply, f, query)) return reply
      const parsed = parseRequestQuery(query)
      if (!parsed.ok) return sendProblems(reply, f, parsed.problems)
      const cfg = await caseConfig(db)
      reply.header('vary', 'Accept-Language')
      return send(reply, f, 200, formatRequests(f, await findRequests(db, cfg, parsed.value, new Date(), nameLanguage(request.headers['accept-language']))))
    },
  )

  app.get(
    '/requests/:file',
    {
      config: access,
      validatorCompiler: noValidation,
      schema: doc({
        summary: 'One report of a resident (a list of one)',
        params: FileParam('The service_request_id', '261126-ABCDEF.xml'),
        querystring: { type: 'object', properties: Jurisdiction },
        response: { 200: answer('The request', { type: 'array', items: RequestJson }), 404: errorAnswer('Unknown format or jurisdiction, or no such request') },
      }),
    },
    async (request, reply) => {
      const file = fileOr404(reply, (request.params as { file: string }).file)
      if (!file || wrongJurisdiction(reply, file.format, queryOf(request))) return reply
      const found = await findRequest(db, await caseConfig(db), file.name, nameLanguage(request.headers['accept-language']))
      if (!found) return notFoundAnswer(reply, file.format, `service_request_id ${file.name} not found`)
      reply.header('vary', 'Accept-Language')
      return send(reply, file.format, 200, formatRequests(file.format, [found]))
    },
  )

  app.get(
    '/tokens/:file',
    {
      config: access,
      validatorCompiler: noValidation,
      schema: doc({
        summary: 'Tokens are never issued: POST requests answers the service_request_id at once',
        params: FileParam('The token', 'abc.xml'),
        response: { 404: errorAnswer('Always: this server issues no tokens') },
      }),
    },
    async (request, reply) => {
      const file = fileOr404(reply, (request.params as { file: string }).file)
      if (!file || wrongJurisdiction(reply, file.format, queryOf(request))) return reply
      return notFoundAnswer(reply, file.format, `token ${file.name} not found: this server issues no tokens; POST requests answers the service_request_id at once`)
    },
  )
}
