// Open311 GeoReport v2 client input: checks the parameters of POST requests and GET requests
// (https://wiki.open311.org/GeoReport_v2). Pure — the routes merge the query string and the
// application/x-www-form-urlencoded body into one flat record (clients send POST parameters either
// way), call these functions, and answer the problems with formatErrors.
//
// Every problem is reported, not only the first, so a client developer fixes a request in one round.
// Conventions:
// - a value is NFC-normalized and trimmed; an empty value counts as absent, as the spec's definition of
//   optional arguments asks ("the response should be the same whether a parameter is passed and is
//   empty or is not passed at all");
// - a parameter that may appear once and appears twice is refused, even with equal values: the
//   server cannot tell which one the client meant;
// - control characters are refused (a description may hold line breaks and tabs; CRLF, which browsers
//   send for a textarea, is stored as LF).
import type { Attribute, ServiceDefinition } from './format.ts'

export interface Open311Problem {
  code: 400 | 403 | 404
  description: string
  field?: string
}

export interface NewRequestInput {
  service_code: string
  lat?: number
  long?: number
  address_string?: string
  address_id?: string
  email?: string
  device_id?: string
  account_id?: string
  first_name?: string
  last_name?: string
  phone?: string
  description?: string
  media_url?: string
  attributes: Record<string, string | string[]>
  api_key?: string
  jurisdiction_id?: string
}

export interface RequestQuery {
  service_request_ids?: string[]
  service_codes?: string[]
  start_date?: Date
  end_date?: Date
  status?: ('open' | 'closed')[]
  jurisdiction_id?: string
}

type Params = Record<string, string | string[] | undefined>

/** Longest accepted value per parameter, in characters (code points). */
export const OPEN311_LIMITS = {
  /** The spec: "free form text limited to 4,000 characters". */
  description: 4000,
  attributeString: 200,
  attributeText: 4000,
  phone: 30,
  /** RFC 5321 path limit. */
  email: 254,
  media_url: 2048,
  address_string: 1000,
  name: 100,
  /** service_code, address_id, device_id, account_id, api_key, jurisdiction_id, ids in queries. */
  identifier: 200,
} as const

// ---------------------------------------------------------------------------------------------------
// Reading values

/** Marks a value that is already reported as a problem, so that no follow-up problem is added. */
const BAD = Symbol('bad')
type Read = string | undefined | typeof BAD

class Problems {
  readonly list: Open311Problem[] = []
  add(field: string | undefined, description: string): typeof BAD {
    this.list.push(field === undefined ? { code: 400, description } : { code: 400, description, field })
    return BAD
  }
}

/** Every raw value of a parameter, or null when it is not text (an object from some other parser). */
function rawValues(params: Params, key: string): string[] | null {
  // Own properties only: `params.constructor` must not find Object.prototype's.
  if (!Object.hasOwn(params, key)) return []
  const v: unknown = params[key]
  if (v === undefined || v === null) return []
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  return null
}

const normalize = (s: string): string => s.normalize('NFC').trim()

/** One value of a single-valued parameter: normalized, empty → undefined; repeats and non-text reported. */
function readOne(params: Params, key: string, out: Problems): Read {
  const values = rawValues(params, key)
  if (values === null) return out.add(key, `${key} must be text`)
  if (values.length > 1) return out.add(key, `${key} was given ${values.length} times; it may be given once`)
  const v = values[0] === undefined ? '' : normalize(values[0])
  return v === '' ? undefined : v
}

// Cc covers C0, DEL and C1; Cs matches lone surrogates in `u` mode (not text, and XML cannot carry
// them); U+FFFE/U+FFFF are noncharacters that XML forbids as well.
const CONTROL = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u
const CONTROL_EXCEPT_LINES = /[^\P{Cc}\n\t]|[\p{Cs}\uFFFE\uFFFF]/u

const codePoints = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}

/** Checks a text value: no control characters (line breaks and tabs only if multiline), bounded length. */
function checkText(field: string, value: Read, max: number, out: Problems, multiline = false): Read {
  if (typeof value !== 'string') return value
  const v = multiline ? value.replace(/\r\n?/g, '\n') : value
  if ((multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(v)) {
    return out.add(field, `${field} contains control characters${multiline ? ' (only line breaks and tabs are allowed)' : ''}`)
  }
  const n = codePoints(v)
  if (n > max) return out.add(field, `${field} is too long: ${n} characters, at most ${max}`)
  return v
}

const readText = (params: Params, key: string, max: number, out: Problems, multiline = false): Read =>
  checkText(key, readOne(params, key, out), max, out, multiline)

// ---------------------------------------------------------------------------------------------------
// Numbers and datetimes

const DECIMAL = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/

/**
 * A plain decimal number: optional '-', ASCII digits, optional fraction; surrounding whitespace allowed.
 * No exponent, sign '+', hex, 'NaN', 'Infinity' or empty text — `Number()` would accept most of those.
 */
export function parseDecimal(raw: string): number | null {
  const s = raw.trim()
  if (!DECIMAL.test(s)) return null
  const n = Number(s)
  if (!Number.isFinite(n)) return null
  return n === 0 ? 0 : n // no -0
}

// The W3C profile of ISO 8601 the spec points to: date, 'T', hh:mm, optional seconds and fraction, and a
// zone that must be there (Z or ±hh:mm). A space in place of '+' is what an unencoded '+' becomes in a
// query string (`start_date=2026-11-26T00:00:00+08:00`), so it is read as '+'.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+\- ])(\d{2}):(\d{2}))$/

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const daysIn = (y: number, m: number): number => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31)

/** Parses an ISO 8601 datetime with a zone (`2026-11-26T10:15:00+08:00`, `…Z`); null if malformed or impossible. */
export function parseOpen311DateTime(raw: string): Date | null {
  const m = DATETIME.exec(raw.trim())
  if (!m) return null
  const n = (i: number): number => Number(m[i] ?? 0)
  const [y, mo, d, h, mi, s] = [n(1), n(2), n(3), n(4), n(5), n(6)] as const
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null
  let offset = 0
  if (!m[8]) {
    const oh = n(10)
    const om = n(11)
    if (oh > 23 || om > 59) return null
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  // setUTCFullYear, because Date.UTC maps the years 0–99 to 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(h, mi, s, ms)
  return new Date(date.getTime() - offset * 60_000)
}

// ---------------------------------------------------------------------------------------------------
// POST requests

// Plausible, not RFC 5322 complete: one '@', no spaces or brackets, a dotted domain without empty labels.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(?:\.[^\s@<>()[\]\\,;:".]+)+$/u
const PHONE = /^[0-9 +\-()]+$/

function checkCoordinate(field: 'lat' | 'long', value: Read, limit: number, out: Problems): number | typeof BAD | undefined {
  if (typeof value !== 'string') return value
  const n = parseDecimal(value)
  if (n === null || Math.abs(n) > limit) {
    return out.add(field, `${field} must be a decimal number of degrees between -${limit} and ${limit} (WGS84)`)
  }
  return n
}

/**
 * Checks a POST requests body; every problem is listed (not only the first). `definitionFor` gives the
 * service's definition, or null when the service_code is unknown — reported as a 400 problem naming
 * service_code (the spec would allow 404; the routes answer one status for the whole list).
 */
export function parseNewRequest(
  params: Record<string, string | string[] | undefined>,
  definitionFor: (serviceCode: string) => ServiceDefinition | null,
): { ok: true; value: NewRequestInput } | { ok: false; problems: Open311Problem[] } {
  const out = new Problems()
  const L = OPEN311_LIMITS

  const serviceCode = readText(params, 'service_code', L.identifier, out)
  let definition: ServiceDefinition | null = null
  if (serviceCode === undefined) out.add('service_code', 'service_code is required')
  else if (serviceCode !== BAD) {
    definition = definitionFor(serviceCode)
    if (definition === null) out.add('service_code', `service_code ${serviceCode} not found`)
  }

  // Location: lat and long together, or address_string, or address_id.
  const lat = checkCoordinate('lat', readOne(params, 'lat', out), 90, out)
  const long = checkCoordinate('long', readOne(params, 'long', out), 180, out)
  if (lat !== undefined && long === undefined) out.add('long', 'long is required when lat is given')
  if (long !== undefined && lat === undefined) out.add('lat', 'lat is required when long is given')
  const addressString = readText(params, 'address_string', L.address_string, out)
  const addressId = readText(params, 'address_id', L.identifier, out)
  if (lat === undefined && long === undefined && addressString === undefined && addressId === undefined) {
    out.add('location', 'a location is required: lat and long, or address_string, or address_id')
  }

  let email = readText(params, 'email', L.email, out)
  if (typeof email === 'string' && !EMAIL.test(email)) email = out.add('email', 'email is not a valid e-mail address')
  let phone = readText(params, 'phone', L.phone, out)
  if (typeof phone === 'string' && !(PHONE.test(phone) && /\d/.test(phone))) {
    phone = out.add('phone', 'phone may contain only digits, spaces and + - ( )')
  }
  let mediaUrl = readText(params, 'media_url', L.media_url, out)
  if (typeof mediaUrl === 'string' && !isHttpUrl(mediaUrl)) {
    mediaUrl = out.add('media_url', 'media_url must be an absolute http or https URL')
  }
  const description = readText(params, 'description', L.description, out, true)
  const deviceId = readText(params, 'device_id', L.identifier, out)
  const accountId = readText(params, 'account_id', L.identifier, out)
  const firstName = readText(params, 'first_name', L.name, out)
  const lastName = readText(params, 'last_name', L.name, out)
  const apiKey = readText(params, 'api_key', L.identifier, out)
  const jurisdictionId = readText(params, 'jurisdiction_id', L.identifier, out)

  const attributes = readAttributes(params, definition, out)

  if (out.list.length > 0 || typeof serviceCode !== 'string' || attributes === null) {
    return { ok: false, problems: out.list }
  }
  const value: NewRequestInput = { service_code: serviceCode, attributes }
  const put = <K extends keyof NewRequestInput>(key: K, v: NewRequestInput[K] | typeof BAD | undefined): void => {
    if (v !== undefined && v !== BAD) value[key] = v
  }
  put('lat', lat)
  put('long', long)
  put('address_string', addressString)
  put('address_id', addressId)
  put('email', email)
  put('device_id', deviceId)
  put('account_id', accountId)
  put('first_name', firstName)
  put('last_name', lastName)
  put('phone', phone)
  put('description', description)
  put('media_url', mediaUrl)
  put('api_key', apiKey)
  put('jurisdiction_id', jurisdictionId)
  return { ok: true, value }
}

function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s) || /\s/.test(s)) return false
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}

const ATTRIBUTE_PREFIX = 'attribute['

/**
 * Reads `attribute[CODE]` and `attribute[CODE][]` parameters and checks them against the definition.
 * Returns null if the definition is unknown (nothing can be checked; that is reported already) or if
 * anything was wrong.
 */
function readAttributes(params: Params, definition: ServiceDefinition | null, out: Problems): Record<string, string | string[]> | null {
  const byCode = new Map<string, Attribute>()
  for (const a of definition?.attributes ?? []) if (a.variable) byCode.set(a.code, a)
  const informational = new Set((definition?.attributes ?? []).filter((a) => !a.variable).map((a) => a.code))
  const before = out.list.length

  // Collect the raw values per code; `attribute[c]` and `attribute[c][]` add up (multivaluelist clients
  // send either form, the spec's example shows the second).
  const given = new Map<string, string[]>()
  for (const key of Object.keys(params)) {
    if (!key.startsWith(ATTRIBUTE_PREFIX)) continue
    const code = attributeCode(key, byCode)
    if (code === null) {
      out.add(key, `${key} is not of the form attribute[code] or attribute[code][]`)
      continue
    }
    const values = rawValues(params, key)
    if (values === null) {
      out.add(key, `${key} must be text`)
      continue
    }
    given.set(code, [...(given.get(code) ?? []), ...values])
  }
  if (definition === null) return null

  for (const code of given.keys()) {
    if (byCode.has(code)) continue
    out.add(
      `attribute[${code}]`,
      informational.has(code)
        ? `attribute[${code}] is information only and takes no value`
        : `attribute[${code}] is not an attribute of service_code ${definition.service_code}`,
    )
  }

  const result: [string, string | string[]][] = []
  for (const a of byCode.values()) {
    const field = `attribute[${a.code}]`
    const values = (given.get(a.code) ?? []).map(normalize).filter((v) => v !== '')
    if (values.length === 0) {
      if (a.required) out.add(field, `${field} is required`)
      continue
    }
    const checked = checkAttribute(a, field, values, out)
    if (checked !== BAD) result.push([a.code, checked])
  }
  // fromEntries defines own properties, so even a code like '__proto__' stays a plain key.
  return out.list.length > before ? null : Object.fromEntries(result)
}

/** The code in `attribute[CODE]` / `attribute[CODE][]`; a code that itself ends in `][` is still found. */
function attributeCode(key: string, known: Map<string, Attribute>): string | null {
  const inner = key.slice(ATTRIBUTE_PREFIX.length)
  if (!inner.endsWith(']')) return null
  const single = inner.slice(0, -1)
  const multi = inner.endsWith('][]') ? inner.slice(0, -3) : null
  if (multi !== null && (known.has(multi) || !known.has(single))) return multi === '' ? null : multi
  return single === '' ? null : single
}

function checkAttribute(a: Attribute, field: string, values: string[], out: Problems): string | string[] | typeof BAD {
  const keys = new Set((a.values ?? []).map((v) => v.key))
  if (a.datatype === 'multivaluelist') {
    const unique = [...new Set(values)]
    const unknown = unique.filter((v) => !keys.has(v))
    if (unknown.length > 0) return out.add(field, `${field}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the listed values`)
    return unique
  }
  if (values.length > 1) return out.add(field, `${field} was given ${values.length} times; it takes one value`)
  const v = values[0] ?? ''
  switch (a.datatype) {
    case 'string': // the spec: "a string of characters without line breaks"
      return checkText(field, v, OPEN311_LIMITS.attributeString, out) ?? BAD
    case 'text':
      return checkText(field, v, OPEN311_LIMITS.attributeText, out, true) ?? BAD
    case 'number':
      return parseDecimal(v) === null ? out.add(field, `${field} must be a decimal number`) : v
    case 'datetime':
      return parseOpen311DateTime(v) === null ? out.add(field, `${field} must be an ISO 8601 datetime with a zone, e.g. 2026-11-26T10:15:00+08:00`) : v
    case 'singlevaluelist':
      return keys.has(v) ? v : out.add(field, `${field}: ${v} is not among the listed values`)
    default:
      return out.add(field, `${field} has an unknown datatype`)
  }
}

// ---------------------------------------------------------------------------------------------------
// GET requests

/**
 * Every value of a list parameter: the spec allows both repeats and comma-separated lists
 * ("can be declared multiple times, comma delimited"). Empty items are dropped, duplicates removed.
 */
function readList(params: Params, key: string, out: Problems): string[] | undefined | typeof BAD {
  const values = rawValues(params, key)
  if (values === null) return out.add(key, `${key} must be text`)
  const items = [...new Set(values.flatMap((v) => v.split(',')).map(normalize).filter((v) => v !== ''))]
  for (const item of items) {
    if (checkText(key, item, OPEN311_LIMITS.identifier, out) === BAD) return BAD
  }
  return items.length > 0 ? items : undefined
}

function readDate(params: Params, key: string, out: Problems): Date | undefined | typeof BAD {
  const v = readOne(params, key, out)
  if (typeof v !== 'string') return v
  return parseOpen311DateTime(v) ?? out.add(key, `${key} must be an ISO 8601 datetime with a zone, e.g. 2026-11-26T00:00:00+08:00`)
}

/**
 * Checks the query of GET requests. The spec's parameter names are singular (`service_request_id`,
 * `service_code`), each holding a comma-separated list. The spec's 90-day span and 1000-request limit
 * are the route's business (it applies defaults); only a start after the end is refused here.
 */
export function parseRequestQuery(
  params: Record<string, string | string[] | undefined>,
): { ok: true; value: RequestQuery } | { ok: false; problems: Open311Problem[] } {
  const out = new Problems()
  const ids = readList(params, 'service_request_id', out)
  const codes = readList(params, 'service_code', out)
  const start = readDate(params, 'start_date', out)
  const end = readDate(params, 'end_date', out)
  if (start instanceof Date && end instanceof Date && start.getTime() > end.getTime()) {
    out.add('start_date', 'start_date is after end_date')
  }
  const statusRaw = readList(params, 'status', out)
  let status: ('open' | 'closed')[] | undefined
  if (Array.isArray(statusRaw)) {
    const lower = [...new Set(statusRaw.map((s) => s.toLowerCase()))]
    const wrong = lower.filter((s) => s !== 'open' && s !== 'closed')
    if (wrong.length > 0) out.add('status', `status must be open or closed (comma-separated for both), not ${wrong.join(', ')}`)
    else status = lower as ('open' | 'closed')[]
  }
  const jurisdictionId = readText(params, 'jurisdiction_id', OPEN311_LIMITS.identifier, out)
  if (out.list.length > 0) return { ok: false, problems: out.list }

  const value: RequestQuery = {}
  if (Array.isArray(ids)) value.service_request_ids = ids
  if (Array.isArray(codes)) value.service_codes = codes
  if (start instanceof Date) value.start_date = start
  if (end instanceof Date) value.end_date = end
  if (status) value.status = status
  if (typeof jurisdictionId === 'string') value.jurisdiction_id = jurisdictionId
  return { ok: true, value }
}
