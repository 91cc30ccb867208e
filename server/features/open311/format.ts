// Open311 GeoReport v2 wire format (https://wiki.open311.org/GeoReport_v2): turns plain data into the
// XML and JSON bodies the specification describes. Pure — no HTTP, no database; the routes pick the
// format (see splitFormat), call one formatter and send the string with OPEN311_CONTENT_TYPE.
//
// Both formats are built from one small document model, so XML and JSON always carry the same fields in
// the same (specification) order. Rules shared by every formatter:
// - optional fields that are absent or empty are left out (the spec's examples show `<x></x>` and
//   `null`, but clients handle a missing element better than an empty one, and FixMyStreet's
//   XML::Simple turns an empty element into a hash rather than a string);
// - ids and codes are written as strings, datetimes as ISO 8601 with the +08:00 offset;
// - characters that XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are removed
//   from every string, in JSON too, so that both formats say the same thing and no strict JSON
//   consumer chokes on an escaped lone surrogate.

export type Open311Format = 'xml' | 'json'

export const OPEN311_CONTENT_TYPE: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
}

/** UTC offset of Asia/Shanghai (Xining); China has kept it without daylight saving since 1991. */
export const SHANGHAI_UTC_OFFSET_MINUTES = 480

export interface Discovery {
  changeset: string /* ISO datetime */
  contact: string
  keyService: string
  endpoints: {
    specification: string
    url: string
    changeset: string
    type: 'production' | 'test'
    formats: string[]
  }[]
}

export interface Service {
  service_code: string
  service_name: string
  description?: string
  metadata: boolean
  type: 'realtime' | 'batch' | 'blackbox'
  keywords?: string[]
  group?: string
}

export interface AttributeValue {
  key: string
  name: string
}

export interface Attribute {
  variable: boolean
  code: string
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'
  required: boolean
  datatype_description?: string
  order: number
  description: string
  values?: AttributeValue[]
}

export interface ServiceDefinition {
  service_code: string
  attributes: Attribute[]
}

export interface ServiceRequest {
  service_request_id: string
  status: 'open' | 'closed'
  status_notes?: string
  service_name?: string
  service_code: string
  description?: string
  agency_responsible?: string
  service_notice?: string
  requested_datetime: Date
  updated_datetime?: Date
  expected_datetime?: Date
  address?: string
  address_id?: string
  zipcode?: string
  lat?: number
  long?: number
  media_url?: string
}

export interface CreatedRequest {
  service_request_id?: string
  token?: string
  service_notice?: string
  account_id?: string
}

export interface TokenAnswer {
  token: string
  service_request_id?: string
}

export interface Open311Error {
  code: number | string
  description: string
}

// ---------------------------------------------------------------------------------------------------
// Document model: an object is an ordered list of fields; a list knows the XML name of its items
// (`<services><service>…`); in JSON an object becomes an object and a list an array.

type Value = string | number | boolean | Obj | List
interface Obj {
  kind: 'obj'
  fields: [name: string, value: Value][]
}
interface List {
  kind: 'list'
  item: string
  items: Value[]
}

const obj = (fields: ([string, Value] | null)[]): Obj => ({
  kind: 'obj',
  fields: fields.filter((f): f is [string, Value] => f !== null),
})
const list = (item: string, items: Value[]): List => ({ kind: 'list', item, items })

/** A required text field: always present, possibly empty. */
const req = (name: string, value: string): [string, Value] => [name, cleanText(String(value))]
/** An optional text field: left out when absent or empty (after removal of forbidden characters). */
function opt(name: string, value: string | undefined | null): [string, Value] | null {
  if (value === undefined || value === null) return null
  const text = cleanText(String(value))
  return text === '' ? null : [name, text]
}
/** An optional number: left out when absent or not finite (XML and JSON have no NaN/Infinity). */
function optNumber(name: string, value: number | undefined | null): [string, Value] | null {
  return typeof value === 'number' && Number.isFinite(value) ? [name, value] : null
}
function optDate(name: string, value: Date | undefined | null): [string, Value] | null {
  return value === undefined || value === null ? null : [name, open311DateTime(value)]
}

// XML 1.0 `Char` production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// With the `u` flag a lone surrogate is one code point outside every allowed range, so it is removed too.
const XML_FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Removes the characters XML 1.0 does not allow anywhere in a document (they cannot even be escaped). */
export function cleanText(s: string): string {
  return s.replace(XML_FORBIDDEN, '')
}

// ---------------------------------------------------------------------------------------------------
// Serialisers

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

function escapeXml(text: string): string {
  // `>` is escaped so that `]]>` never appears; CR is written as a character reference because a parser
  // turns a literal CR (or CRLF) into LF, and the text must come back exactly as it was.
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'))
}

function xmlContent(v: Value): string {
  if (typeof v === 'string') return escapeXml(v)
  if (typeof v === 'number') return plainNumber(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v.kind === 'obj') return v.fields.map(([name, value]) => xmlElement(name, value)).join('')
  return v.items.map((item) => xmlElement(v.item, item)).join('')
}

const xmlElement = (name: string, v: Value): string => `<${name}>${xmlContent(v)}</${name}>`

function toJson(v: Value): unknown {
  if (typeof v !== 'object') return v
  if (v.kind === 'list') return v.items.map(toJson)
  return Object.fromEntries(v.fields.map(([name, value]) => [name, toJson(value)]))
}

function render(f: Open311Format, root: string, v: Value): string {
  if (f === 'json') return JSON.stringify(toJson(v))
  return XML_DECLARATION + xmlElement(root, v)
}

/**
 * A number as plain decimal text: `String(1e-7)` is `1e-7`, which is not the decimal notation clients
 * expect in `<lat>`. The digits of the shortest round-trip form are kept, only the point moves.
 */
export function plainNumber(n: number): string {
  const s = String(n)
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (!m) return s
  const [, sign = '', first = '', rest = '', expText = '0'] = m
  const digits = first + rest
  const exp = Number(expText)
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  // exp ≥ 21 (large numbers): pad with zeros; the digits never exceed exp + 1.
  return sign + digits + '0'.repeat(exp + 1 - digits.length)
}

// ---------------------------------------------------------------------------------------------------
// Formatters, one per response of the specification

/** Service discovery (https://wiki.open311.org/Service_discovery): `<discovery>` / one JSON object. */
export function formatDiscovery(f: Open311Format, d: Discovery): string {
  const endpoints = d.endpoints.map((e) =>
    obj([
      req('specification', e.specification),
      req('url', e.url),
      req('changeset', e.changeset),
      req('type', e.type),
      ['formats', list('format', e.formats.map((x) => cleanText(String(x))).filter((x) => x !== ''))],
    ]),
  )
  return render(
    f,
    'discovery',
    obj([
      req('changeset', d.changeset),
      req('contact', d.contact),
      req('key_service', d.keyService),
      ['endpoints', list('endpoint', endpoints)],
    ]),
  )
}

/** GET services: `<services><service>…` / an array. Keywords are one comma-separated string, as specified. */
export function formatServices(f: Open311Format, s: Service[]): string {
  const items = s.map((x) =>
    obj([
      req('service_code', x.service_code),
      req('service_name', x.service_name),
      opt('description', x.description),
      ['metadata', x.metadata === true],
      req('type', x.type),
      opt('keywords', joinKeywords(x.keywords)),
      opt('group', x.group),
    ]),
  )
  return render(f, 'services', list('service', items))
}

function joinKeywords(keywords: string[] | undefined): string | undefined {
  if (!keywords) return undefined
  // A comma inside a keyword would split it in two on the client, so it becomes a space.
  const parts = keywords.map((k) => cleanText(String(k)).replace(/,/g, ' ').trim()).filter((k) => k !== '')
  return parts.length > 0 ? parts.join(', ') : undefined
}

/** GET service definition: `<service_definition>` / one JSON object with an `attributes` array. */
export function formatServiceDefinition(f: Open311Format, d: ServiceDefinition): string {
  const attributes = d.attributes.map((a) =>
    obj([
      ['variable', a.variable === true],
      req('code', a.code),
      req('datatype', a.datatype),
      ['required', a.required === true],
      opt('datatype_description', a.datatype_description),
      ['order', a.order],
      req('description', a.description),
      a.values && a.values.length > 0
        ? ['values', list('value', a.values.map((v) => obj([req('key', v.key), req('name', v.name)])))]
        : null,
    ]),
  )
  return render(f, 'service_definition', obj([req('service_code', d.service_code), ['attributes', list('attribute', attributes)]]))
}

/** GET requests and GET request/{id}: `<service_requests><request>…` / an array. */
export function formatRequests(f: Open311Format, r: ServiceRequest[]): string {
  const items = r.map((x) =>
    obj([
      req('service_request_id', x.service_request_id),
      req('status', x.status),
      opt('status_notes', x.status_notes),
      opt('service_name', x.service_name),
      req('service_code', x.service_code),
      opt('description', x.description),
      opt('agency_responsible', x.agency_responsible),
      opt('service_notice', x.service_notice),
      ['requested_datetime', open311DateTime(x.requested_datetime)],
      optDate('updated_datetime', x.updated_datetime),
      optDate('expected_datetime', x.expected_datetime),
      opt('address', x.address),
      opt('address_id', x.address_id),
      opt('zipcode', x.zipcode),
      optNumber('lat', x.lat),
      optNumber('long', x.long),
      opt('media_url', x.media_url),
    ]),
  )
  return render(f, 'service_requests', list('request', items))
}

/**
 * POST requests answer: `<service_requests><request>…` / an array (normally of one element).
 * The spec says a token "should not be returned if service_request_id is returned": when both are given
 * only the id is written, since it makes the token useless to the client.
 */
export function formatCreated(f: Open311Format, r: CreatedRequest[]): string {
  const items = r.map((x) => {
    const id = opt('service_request_id', x.service_request_id)
    return obj([id, id ? null : opt('token', x.token), opt('service_notice', x.service_notice), opt('account_id', x.account_id)])
  })
  return render(f, 'service_requests', list('request', items))
}

/** GET tokens/{token}: `<service_requests><request><service_request_id/><token/>…` / an array. */
export function formatTokens(f: Open311Format, t: TokenAnswer[]): string {
  const items = t.map((x) => obj([opt('service_request_id', x.service_request_id), req('token', x.token)]))
  return render(f, 'service_requests', list('request', items))
}

/**
 * Errors: `<errors><error><code/><description/></error>…` / an array. In JSON the code keeps its type
 * (the specification's example has `"code":403`, a number).
 */
export function formatErrors(f: Open311Format, e: Open311Error[]): string {
  const items = e.map((x) =>
    obj([
      typeof x.code === 'number' && Number.isFinite(x.code) ? ['code', x.code] : req('code', String(x.code)),
      req('description', x.description),
    ]),
  )
  return render(f, 'errors', list('error', items))
}

// ---------------------------------------------------------------------------------------------------
// Datetimes and endpoint names

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** ISO 8601 with the offset of Asia/Shanghai: 2026-11-26T10:15:00+08:00 (seconds precision). */
export function open311DateTime(d: Date, utcOffsetMinutes: number = SHANGHAI_UTC_OFFSET_MINUTES): string {
  const t = d.getTime()
  if (!Number.isFinite(t)) throw new RangeError('open311DateTime: invalid Date')
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) >= 24 * 60) {
    throw new RangeError(`open311DateTime: UTC offset out of range: ${utcOffsetMinutes}`)
  }
  // Shift the instant by the offset and read the UTC fields: that is the wall-clock time at the offset.
  // Milliseconds are dropped (truncated), never rounded up into the next second.
  const local = new Date(t + utcOffsetMinutes * 60_000)
  const year = local.getUTCFullYear()
  // W3C/RFC 3339 datetimes have exactly four year digits.
  if (year < 0 || year > 9999) throw new RangeError(`open311DateTime: year ${year} cannot be written`)
  const abs = Math.abs(utcOffsetMinutes)
  const offset = `${utcOffsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  return (
    `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${offset}`
  )
}

/**
 * Splits '/services.xml' style endpoint suffixes: 'requests.json' → { name: 'requests', format: 'json' };
 * unknown extension → null. The last dot decides, so ids with dots ('1.2.xml') keep theirs; the
 * extension is matched without regard to case; leading slashes are ignored.
 */
export function splitFormat(segment: string): { name: string; format: Open311Format } | null {
  const s = segment.replace(/^\/+/, '')
  const dot = s.lastIndexOf('.')
  if (dot <= 0) return null
  const ext = s.slice(dot + 1).toLowerCase()
  if (ext !== 'xml' && ext !== 'json') return null
  return { name: s.slice(0, dot), format: ext }
}
