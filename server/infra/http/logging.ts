// The server's log (pino through Fastify) carries no personal data. Logs are kept, copied and read
// by operators who have no business seeing residents' or workers' names, phone or ID numbers (PIPL
// art. 51: access control and de-identification of personal information). So:
//   - a request is logged as method, path, route, the NAMES of its query parameters (never the values:
//     `?q=张三`, `?phone=…` are searches for people) and a short keyed hash of the client address;
//     never headers (cookie, authorization, x-csrf-token) and never bodies;
//   - a response as its status code only;
//   - an error as its type, code, database metadata and stack frames, with quoted values and
//     anything shaped like a phone or ID number masked out of the message (driver messages such as
//     `invalid input syntax for type bigint: "13812345678"` quote the offending value);
//   - `redact` blanks well-known secret and personal fields anywhere else, as a safety net for a
//     careless `log.info({ body })`.
// The client address: an IP address is personal information under PIPL. The log keeps only an
// 8-hex-digit HMAC of it under a random key that lives in memory and is replaced every UTC day, so
// the requests of one client can be told apart within a day (abuse, rate limiting) but nobody —
// operators included — can turn a logged hash back into an address, even by trying all 2³² IPv4
// addresses. The real address is recorded where it is needed and governed: the audit trail.
import crypto from 'node:crypto'
import type { FastifyLoggerOptions, FastifyServerOptions } from 'fastify'

/** The object form of Fastify's `logger` option (pino options plus Fastify's serializers and stream). */
export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>

/** Something pino can write log lines to (a Node writable stream, a pino destination, a memory sink). */
export interface LogDestination {
  write(line: string): unknown
}

/** Fields blanked wherever they appear at the top level or one or two levels down. */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'temporaryPassword',
  'token',
  'csrfToken',
  'secret',
  'totpSecret',
  'otpauthUri',
  'phone',
  'idNumber',
  'cookie',
  'authorization',
]

/** Paths for pino's `redact` (fast-redact syntax). */
export const REDACT_PATHS: string[] = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
  // `code` is a TOTP code in a login body, but also an error code or an area code elsewhere: blank it
  // only where it is request input.
  'code',
  'body.code',
  '*.body.code',
  'body',
  'req.body',
  'request.body',
  'req.headers',
  'request.headers',
  'headers["x-csrf-token"]',
  '*.headers["x-csrf-token"]',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'query',
  '*.query',
]

// Same shapes as the test-log scanner (scripts/log-scan.js): a mainland mobile number and an
// 18-character resident ID number, each standing alone (not inside a longer run of letters/digits).
const MOBILE = /(?<![0-9A-Za-z.])1[3-9]\d{9}(?![0-9A-Za-z])/g
const RESIDENT_ID = /(?<![0-9A-Za-z.])\d{17}[\dXx](?![0-9A-Za-z])/g

/** Masks anything shaped like a phone or resident ID number. */
export function maskPersonalNumbers(text: string): string {
  return text.replace(RESIDENT_ID, '[id-number]').replace(MOBILE, '[phone]')
}

/** Masks values an error message quotes: "…", '…', «Key (col)=(value)», and phone/ID-shaped numbers. */
export function scrubMessage(message: string): string {
  return maskPersonalNumbers(
    message
      .replace(/\)=\((?:[^()]|\([^()]*\))*\)/g, ')=(…)')
      .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
      .replace(/'(?:[^'\\]|\\.)*'/g, "'…'"),
  )
}

// The key of the client-address hash: random, in memory only, replaced each UTC day.
let clientKey: { day: string; key: Buffer } | null = null

/** An 8-hex-digit keyed hash of a client address (see the header of this file). */
export function clientHash(address: string | undefined): string | undefined {
  if (!address) return undefined
  const day = new Date().toISOString().slice(0, 10)
  if (clientKey?.day !== day) clientKey = { day, key: crypto.randomBytes(32) }
  return crypto.createHmac('sha256', clientKey.key).update(address).digest('hex').slice(0, 8)
}

const QUERY_NAME = /^[A-Za-z][A-Za-z0-9_.\-[\]]{0,39}$/

/** The path of a request URL (no query string, phone/ID-shaped numbers masked, at most 300 characters). */
export function safePath(url: string): string {
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  return maskPersonalNumbers(path.length > 300 ? `${path.slice(0, 300)}…` : path)
}

/** The distinct names of a URL's query parameters (a name that does not look like one shows as "?"). */
export function queryNames(url: string): string[] | undefined {
  const q = url.indexOf('?')
  if (q === -1 || q === url.length - 1) return undefined
  const names = new Set<string>()
  try {
    for (const name of new URLSearchParams(url.slice(q + 1)).keys()) names.add(QUERY_NAME.test(name) ? name : '?')
  } catch {
    names.add('?')
  }
  return [...names].slice(0, 20)
}

interface LoggableRequest {
  method?: string
  url?: string
  id?: string
  ip?: string
  routeOptions?: { url?: string }
  socket?: { remoteAddress?: string }
}

/** The request serializer: method, path, route, query parameter names, client hash — nothing else. */
export function serializeRequest(req: LoggableRequest): Record<string, unknown> {
  const url = typeof req.url === 'string' ? req.url : ''
  const out: Record<string, unknown> = { method: req.method, path: safePath(url) }
  const route = req.routeOptions?.url
  if (route) out.route = route
  const names = queryNames(url)
  if (names) out.queryNames = names
  const client = clientHash(req.ip ?? req.socket?.remoteAddress)
  if (client) out.client = client
  return out
}

/** The response serializer: the status code only. */
export function serializeReply(reply: { statusCode?: number }): Record<string, unknown> {
  return { statusCode: reply.statusCode }
}

// Database and Fastify error fields that describe the error, never the data.
const ERROR_FIELDS = ['code', 'statusCode', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'validationContext']

/**
 * The error serializer: type, message (scrubbed), code and database metadata, stack frames (no
 * message line), and the cause, likewise. Never `detail` (PostgreSQL's "Key (phone)=(…) already
 * exists"), `where`, query parameters, `validation` (Ajv errors can carry the value) or a body.
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> | undefined {
  if (err === null || err === undefined) return undefined
  if (typeof err !== 'object') return { type: typeof err, message: scrubMessage(String(err)) }
  const e = err as Record<string, unknown>
  const type = typeof e.type === 'string' ? e.type : err instanceof Error ? err.constructor.name || err.name : 'Object'
  const out: Record<string, unknown> = { type, message: scrubMessage(typeof e.message === 'string' ? e.message : '') }
  for (const f of ERROR_FIELDS) {
    const v = e[f]
    if (typeof v === 'string' || typeof v === 'number') out[f] = typeof v === 'string' ? scrubMessage(v) : v
  }
  if (typeof e.stack === 'string') {
    // Keep the frames only: the first line(s) repeat the message, unscrubbed.
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l))
    out.stack = frames.length > 0 ? frames.join('\n') : undefined
  }
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1)
  return out
}

/**
 * Fastify's `logger` option (pino) for the server: personal data never reaches the log (see the
 * header of this file). `stream` defaults to standard output.
 */
export function loggerOptions(level: string, stream?: LogDestination): LoggerOptions {
  return {
    level,
    ...(stream ? { stream: stream as FastifyLoggerOptions['stream'] } : {}),
    serializers: {
      req: serializeRequest as never,
      res: serializeReply as never,
      err: serializeError as never,
    },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
  }
}
