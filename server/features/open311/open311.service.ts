// Open311 GeoReport v2 on top of the cases feature (docs/open311.md): which categories are offered as
// services, what a service asks (its attributes), clients and their API keys, turning a checked POST
// into a case, and the public view of cases as service requests. No HTTP here: the routes
// (open311.routes.ts) parse with params.ts, call these functions and answer with format.ts.
//
// What leaves the server is what a resident may see of a report (shared/cases/public-status.ts): the
// number, category, plain-language status, the reporter's own text and address, a rounded location
// and the name of the area holding it. Never contact data, staff, departments, reasons or internal
// notes; never cases that did not come through the public channel (public page or Open311).
import crypto from 'node:crypto'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, type ErrorDetail } from '../../infra/http/errors.ts'
import { fileableCategory, type CaseConfig, type CategoryRow } from '../cases/case-config.ts'
import { reportCase, type CaseContext, type ReportInput } from '../cases/case.service.ts'
import { CASE_LIMITS } from '../../../shared/cases/case-fields.ts'
import { open311Status, publicStatusOf } from '../../../shared/cases/public-status.ts'
import { OPEN_STATES, type CaseState } from '../../../shared/cases/workflow.ts'
import type { Attribute, AttributeValue, Service, ServiceDefinition, ServiceRequest } from './format.ts'
import type { NewRequestInput, Open311Problem, RequestQuery } from './params.ts'

/** The one jurisdiction this server answers for; `jurisdiction_id` may be absent or this. */
export const JURISDICTION_ID = 'xining'

/** Sources whose cases Open311 shows: reports of residents. Internal cases (disputes, patrols) never. */
export const PUBLIC_SOURCES = ['public_web', 'open311'] as const

/**
 * Category families whose reports concern private lives (marriage, neighbours, wages…): Open311 lists
 * them for their status only — without the resident's words, address or location.
 */
export const PRIVATE_FAMILIES: readonly string[] = ['dispute']
const isPrivate = (category: string) => PRIVATE_FAMILIES.includes(category.split('.')[0]!)

/** The spec's limits on GET requests: default window and most results. */
export const REQUEST_WINDOW_DAYS = 90
export const MAX_REQUESTS = 1000

/** Decimals kept of a published location: 4 decimals ≈ 11 m of latitude, ≈ 9 m of longitude in Xining. */
export const LOCATION_DECIMALS = 4

// ---------------------------------------------------------------------------------------------------
// Names: Chinese, English, or both

export type NameLanguage = 'zh' | 'en' | 'both'

/**
 * The language of names (services, groups) from an Accept-Language header: the Chinese or English name
 * alone when the client prefers one of them (highest q of a `zh*` or `en*` range), else both —
 * "中文 (English)". A wildcard or other languages only: both.
 */
export function nameLanguage(header: string | string[] | undefined): NameLanguage {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '')
  let zh = 0
  let en = 0
  for (const part of text.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    if (!Number.isFinite(q) || q <= 0) continue
    const primary = tag.trim().split('-')[0]
    if (primary === 'zh') zh = Math.max(zh, q)
    else if (primary === 'en') en = Math.max(en, q)
  }
  if (zh === 0 && en === 0) return 'both'
  return zh >= en ? (en === zh ? 'both' : 'zh') : 'en'
}

export function nameIn(c: { nameZh: string; nameEn: string }, lang: NameLanguage): string {
  return lang === 'zh' ? c.nameZh : lang === 'en' ? c.nameEn : `${c.nameZh} (${c.nameEn})`
}

// ---------------------------------------------------------------------------------------------------
// Services

/** A category offered as an Open311 service: one cases can be filed under, and public. */
export function offeredCategory(cfg: CaseConfig, code: string): CategoryRow | undefined {
  const c = fileableCategory(cfg, code)
  return c && c.isPublic ? c : undefined
}

/** Every service: each active public subcategory, and each active public category without subcategories. */
export function open311Services(cfg: CaseConfig, lang: NameLanguage): Service[] {
  const out: Service[] = []
  for (const c of cfg.categories.values()) {
    if (!offeredCategory(cfg, c.code)) continue
    const parent = c.parentCode ? cfg.categories.get(c.parentCode) : undefined
    const service: Service = {
      service_code: c.code,
      service_name: nameIn(c, lang),
      metadata: open311Attributes(c.attributes).length > 0,
      type: 'realtime',
    }
    if (parent) service.group = nameIn(parent, lang)
    out.push(service)
  }
  return out
}

/** The definition of an offered service, or null (unknown, inactive or not public). */
export function serviceDefinition(cfg: CaseConfig, code: string): ServiceDefinition | null {
  const c = offeredCategory(cfg, code)
  return c ? { service_code: c.code, attributes: open311Attributes(c.attributes) } : null
}

const DATATYPES: readonly Attribute['datatype'][] = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== ''

/**
 * The attributes stored with a category (JSON written by the city admin) as Open311 attributes. An
 * entry that is not a well-formed attribute is left out rather than sent half-made; a list attribute
 * needs at least one value. Sorted by `order`.
 */
export function open311Attributes(raw: unknown): Attribute[] {
  if (!Array.isArray(raw)) return []
  const out: Attribute[] = []
  const seen = new Set<string>()
  for (const a of raw) {
    if (!isRecord(a) || !nonEmpty(a.code) || seen.has(a.code)) continue
    const datatype = DATATYPES.find((d) => d === a.datatype)
    if (!datatype) continue
    const values: AttributeValue[] = Array.isArray(a.values)
      ? a.values.filter(isRecord).flatMap((v) => (nonEmpty(v.key) ? [{ key: v.key, name: nonEmpty(v.name) ? v.name : v.key }] : []))
      : []
    const isList = datatype === 'singlevaluelist' || datatype === 'multivaluelist'
    if (isList && values.length === 0) continue
    seen.add(a.code)
    const attribute: Attribute = {
      variable: a.variable !== false,
      code: a.code,
      datatype,
      required: a.required === true,
      order: typeof a.order === 'number' && Number.isInteger(a.order) ? a.order : out.length + 1,
      description: nonEmpty(a.description) ? a.description : a.code,
    }
    if (nonEmpty(a.datatype_description)) attribute.datatype_description = a.datatype_description
    if (isList) attribute.values = values
    out.push(attribute)
  }
  return out.sort((x, y) => x.order - y.order)
}

// ---------------------------------------------------------------------------------------------------
// Clients and API keys

export interface Open311Client {
  id: number
  name: string
  active: boolean
  createdAt: string
  createdBy: string
}

/** A new API key: 32 random bytes, base64url (43 characters). Shown once; only its hash is kept. */
export const newApiKey = (): string => crypto.randomBytes(32).toString('base64url')

/** What is stored of a key: SHA-256, lowercase hex. */
export const hashApiKey = (key: string): string => crypto.createHash('sha256').update(key, 'utf8').digest('hex')

/** The client holding a key, active or not; undefined for an unknown key. */
export async function clientByKey(db: Kysely<DB>, key: string): Promise<{ id: number; name: string; active: boolean } | undefined> {
  const r = await sql<{ id: number; name: string; active: boolean }>`
    SELECT id::int AS id, name, active FROM open311_client WHERE key_hash = ${hashApiKey(key)}`.execute(db)
  return r.rows[0]
}

interface ClientRow {
  id: number
  name: string
  active: boolean
  created_at: Date
  created_by: string
}
const clientView = (r: ClientRow): Open311Client => ({ id: r.id, name: r.name, active: r.active, createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by })
const CLIENT_COLUMNS = sql.raw('id::int AS id, name, active, created_at, created_by')

export async function listClients(db: Kysely<DB>): Promise<Open311Client[]> {
  const r = await sql<ClientRow>`SELECT ${CLIENT_COLUMNS} FROM open311_client ORDER BY id`.execute(db)
  return r.rows.map(clientView)
}

/** Registers a client; answers its key (the only time it is shown). */
export async function createClient(db: Kysely<DB>, name: string, createdBy: string): Promise<Open311Client & { apiKey: string }> {
  const apiKey = newApiKey()
  const r = await sql<ClientRow>`
    INSERT INTO open311_client (name, key_hash, created_by) VALUES (${name}, ${hashApiKey(apiKey)}, ${createdBy})
    RETURNING ${CLIENT_COLUMNS}`.execute(db)
  return { ...clientView(r.rows[0]!), apiKey }
}

/** Deactivates a client (its key stops working at once); undefined if there is no such client. */
export async function deactivateClient(db: Kysely<DB>, id: number): Promise<Open311Client | undefined> {
  const r = await sql<ClientRow>`UPDATE open311_client SET active = false WHERE id = ${id} RETURNING ${CLIENT_COLUMNS}`.execute(db)
  return r.rows[0] ? clientView(r.rows[0]) : undefined
}

// ---------------------------------------------------------------------------------------------------
// POST requests → a case

/** Open311 names of the fields reportCase reports on, so that problems speak the client's language. */
const OPEN311_FIELD: Record<string, string> = {
  category: 'service_code',
  description: 'description',
  title: 'description',
  address: 'address_string',
  location: 'lat/long',
  gridCode: 'lat/long',
  contactName: 'first_name and last_name',
  contactPhone: 'phone',
}

/** A validation_failed detail of reportCase as an Open311 problem, with the Open311 parameter name. */
export function problemOfDetail(d: ErrorDetail): Open311Problem {
  const own = (d.field ?? '').replace(/^\//, '').split('/')[0] ?? ''
  const field = OPEN311_FIELD[own]
  let description = d.message
  if (field && own && description.startsWith(`${own} `)) description = `${field} ${description.slice(own.length + 1)}`
  return field ? { code: 400, description, field } : { code: 400, description }
}

const CJK = /^[\p{Script=Han}\s·]+$/u

/**
 * The contact name from first_name and last_name: Chinese names are written family name first without
 * a space (last_name 张 + first_name 三 → 张三), other names "first last".
 */
export function contactNameOf(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null
  if (first && last) return CJK.test(first) && CJK.test(last) ? `${last}${first}` : `${first} ${last}`
  return (first ?? last)!
}

/** A description when the client sends none (it is optional in Open311): the service and the attributes given. */
export function descriptionOf(category: CategoryRow, definition: ServiceDefinition, attributes: Record<string, string | string[]>): string {
  const lines = [`${category.nameZh} (${category.nameEn})`]
  for (const a of definition.attributes) {
    const v = attributes[a.code]
    if (v === undefined) continue
    const names = (Array.isArray(v) ? v : [v]).map((x) => a.values?.find((k) => k.key === x)?.name ?? x)
    lines.push(`${a.description}: ${names.join(', ')}`)
  }
  return [...lines.join('\n')].slice(0, CASE_LIMITS.description).join('')
}

/**
 * Files a checked POST as a case of the public channel (source open311). Problems reportCase finds
 * (location outside the city, a phone number it refuses, a category no longer offered) come back as
 * Open311 problems; nothing is written then.
 */
export async function submitRequest(
  ctx: CaseContext,
  cfg: CaseConfig,
  client: { name: string },
  input: NewRequestInput,
): Promise<{ ok: true; number: string } | { ok: false; problems: Open311Problem[] }> {
  if (input.lat === undefined && input.address_string === undefined) {
    // address_id passed the parameter check as a location, but this server has no address ids.
    return { ok: false, problems: [{ code: 400, field: 'address_id', description: 'address_id is not known to this server: give lat and long, or address_string' }] }
  }
  const category = offeredCategory(cfg, input.service_code)
  const definition = serviceDefinition(cfg, input.service_code)
  const report: ReportInput = {
    category: input.service_code,
    description: input.description ?? (category && definition ? descriptionOf(category, definition, input.attributes) : undefined),
    location: input.lat !== undefined && input.long !== undefined ? { lon: input.long, lat: input.lat } : null,
    address: input.address_string ?? null,
    contactName: contactNameOf(input.first_name, input.last_name),
    contactPhone: input.phone ?? null,
    source: 'open311',
    open311Client: client.name,
    open311Attributes: Object.keys(input.attributes).length > 0 ? input.attributes : null,
  }
  try {
    const answer = await reportCase(ctx, report)
    return { ok: true, number: answer.number }
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') {
      const problems = err.details.length > 0 ? err.details.map(problemOfDetail) : [{ code: 400 as const, description: err.message }]
      return { ok: false, problems }
    }
    throw err
  }
}

// ---------------------------------------------------------------------------------------------------
// GET requests

interface RequestRow {
  number: string
  state: CaseState
  category: string
  description: string
  created_at: Date
  updated_at: Date
  due_at: Date | null
  address: string | null
  lon: number | null
  lat: number | null
  holder_name: string | null
}

const round = (n: number | null): number | undefined => {
  if (n === null || !Number.isFinite(Number(n))) return undefined
  const f = 10 ** LOCATION_DECIMALS
  return Math.round(Number(n) * f) / f
}

function toServiceRequest(r: RequestRow, cfg: CaseConfig, lang: NameLanguage): ServiceRequest {
  const status = open311Status(r.state)
  const text = publicStatusOf(r.state).text
  const category = cfg.categories.get(r.category)
  const out: ServiceRequest = {
    service_request_id: r.number,
    status,
    status_notes: `${text.zh} (${text.en})`,
    service_code: r.category,
    requested_datetime: new Date(r.created_at),
    updated_datetime: new Date(r.updated_at),
  }
  if (isPrivate(r.category)) {
    if (category) out.service_name = nameIn(category, lang)
    if (status === 'open' && r.due_at) out.expected_datetime = new Date(r.due_at)
    return out
  }
  out.description = r.description
  if (category) out.service_name = nameIn(category, lang)
  if (r.holder_name) out.agency_responsible = r.holder_name
  if (status === 'open' && r.due_at) out.expected_datetime = new Date(r.due_at)
  if (r.address) out.address = r.address
  const lat = round(r.lat)
  const long = round(r.lon)
  if (lat !== undefined && long !== undefined) {
    out.lat = lat
    out.long = long
  }
  return out
}

async function selectRequests(db: Kysely<DB>, conditions: RawBuilder<unknown>[], limit: number): Promise<RequestRow[]> {
  const where = sql.join([sql`c.source IN (${sql.join([...PUBLIC_SOURCES])})`, ...conditions], sql` AND `)
  const r = await sql<RequestRow>`
    SELECT c.number, c.state, c.category, c.description, c.created_at, c.updated_at, c.due_at, c.address,
           ST_X(c.location) AS lon, ST_Y(c.location) AS lat, a.name AS holder_name
    FROM civic_case c LEFT JOIN area a ON a.code = c.holder_code
    WHERE ${where}
    ORDER BY c.created_at DESC, c.id DESC
    LIMIT ${limit}`.execute(db)
  return r.rows
}

/**
 * Service requests matching a checked query, newest first, at most MAX_REQUESTS. As the spec says,
 * service_request_id overrides every other filter. Without dates the window is the last 90 days; with
 * only an end date, the 90 days before it; with only a start date, from it until now.
 */
export async function findRequests(db: Kysely<DB>, cfg: CaseConfig, q: RequestQuery, now: Date, lang: NameLanguage): Promise<ServiceRequest[]> {
  const conditions: RawBuilder<unknown>[] = []
  if (q.service_request_ids) {
    conditions.push(sql`c.number IN (${sql.join(q.service_request_ids.map((id) => id.toUpperCase()))})`)
  } else {
    if (q.service_codes) conditions.push(sql`c.category IN (${sql.join(q.service_codes)})`)
    if (q.status && q.status.length === 1) {
      const open = sql.join([...OPEN_STATES])
      conditions.push(q.status[0] === 'open' ? sql`c.state IN (${open})` : sql`c.state NOT IN (${open})`)
    }
    const end = q.end_date ?? now
    const start = q.start_date ?? new Date(end.getTime() - REQUEST_WINDOW_DAYS * 86_400_000)
    conditions.push(sql`c.created_at >= ${start}`, sql`c.created_at <= ${end}`)
  }
  const rows = await selectRequests(db, conditions, MAX_REQUESTS)
  return rows.map((r) => toServiceRequest(r, cfg, lang))
}

/** One service request by its id (the case number), or undefined (not found, or not a public report). */
export async function findRequest(db: Kysely<DB>, cfg: CaseConfig, id: string, lang: NameLanguage): Promise<ServiceRequest | undefined> {
  const rows = await selectRequests(db, [sql`c.number = ${id.trim().toUpperCase()}`], 1)
  return rows[0] ? toServiceRequest(rows[0], cfg, lang) : undefined
}

/** When discovery and services last changed: the later of the last configuration change and the server start. */
export async function changesetOf(db: Kysely<DB>, startedAt: Date): Promise<Date> {
  const r = await sql<{ at: Date | null }>`SELECT max(updated_at) AS at FROM case_settings`.execute(db)
  const at = r.rows[0]?.at ? new Date(r.rows[0].at) : null
  return at && at.getTime() > startedAt.getTime() ? at : startedAt
}
