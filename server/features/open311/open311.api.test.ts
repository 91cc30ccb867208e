// Open311 GeoReport v2 through the real app on both backends: discovery, services and definitions in
// XML and JSON (JSON checked against SocietyWorks' OpenAPI description, XML parsed back); POST with a
// form body and with query parameters filing a case of source open311 in the right grid; every kind of
// bad POST refused in the Open311 error format with nothing written; GET requests and its filters;
// internal cases never shown; unknown formats, tokens and other jurisdictions answered 404; the city
// admin's client management (keys shown once, stored hashed, deactivation).
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'

const GRID = '630103001003001'
const OFF_MAP = { lon: 116.4, lat: 39.9 }
const PHONE = '13912345678'

// --- response checks -----------------------------------------------------------------------------------

const ARRAY_PATHS = new Set([
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
  'services.service',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
  'service_requests.request',
  'errors.error',
])
const parser = new XMLParser({ trimValues: false, parseTagValue: false, htmlEntities: true, ignoreDeclaration: true, isArray: (_n, jpath) => ARRAY_PATHS.has(String(jpath)) })

function parseXml(xml: string): Record<string, any> {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
  expect(XMLValidator.validate(xml)).toBe(true)
  return parser.parse(xml) as Record<string, any>
}

const openapi = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/open311/georeport-v2.openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> }
}
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addFormat('uid', true)
ajv.addFormat('uint', true)
function responseValidator(apiPath: string, method: 'get' | 'post'): ValidateFunction {
  const schema = openapi.paths[apiPath]?.[method]?.responses['200']?.content?.['application/json']?.schema
  if (!schema) throw new Error(`no JSON schema for ${method} ${apiPath}`)
  return ajv.compile({ ...schema, components: openapi.components })
}
// The OpenAPI file has no schema for discovery and errors; these follow the specification.
const validate = {
  services: responseValidator('/services.{response_format}', 'get'),
  definition: responseValidator('/services/{service_code}.{response_format}', 'get'),
  requests: responseValidator('/requests.{response_format}', 'get'),
  request: responseValidator('/requests/{service_request_id}.{response_format}', 'get'),
  created: responseValidator('/requests.{response_format}', 'post'),
  discovery: ajv.compile({
    type: 'object',
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    additionalProperties: false,
    properties: {
      changeset: { type: 'string', format: 'date-time' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          additionalProperties: false,
          properties: {
            specification: { type: 'string', format: 'uri' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string', format: 'date-time' },
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  }),
  errors: ajv.compile({
    type: 'array',
    minItems: 1,
    items: { type: 'object', required: ['code', 'description'], additionalProperties: false, properties: { code: { type: ['integer', 'string'] }, description: { type: 'string' } } },
  }),
}
function expectValid(v: ValidateFunction, data: unknown): void {
  v(data)
  expect(v.errors ?? []).toEqual([])
}

/** application/x-www-form-urlencoded text; an array value repeats its key. */
function encodeForm(f: Record<string, string | string[]>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x)
  return p.toString()
}

interface Res {
  statusCode: number
  body: string
  headers: Record<string, unknown>
  json(): any
}

/** An Open311 error answer: the status, the format's content type, a valid error list; its descriptions. */
function errorsOf(res: Res, status: number, format: 'xml' | 'json' = 'xml'): string[] {
  expect(res.statusCode, res.body).toBe(status)
  expect(String(res.headers['content-type'])).toContain(format === 'xml' ? 'text/xml' : 'application/json')
  if (format === 'json') {
    const list = res.json()
    expectValid(validate.errors, list)
    for (const e of list) expect(e.code).toBe(status)
    return list.map((e: { description: string }) => e.description)
  }
  const doc = parseXml(res.body)
  const list = doc.errors.error as { code: string; description: string }[]
  expect(list.length).toBeGreaterThan(0)
  for (const e of list) expect(e.code).toBe(String(status))
  return list.map((e) => e.description)
}

// ---------------------------------------------------------------------------------------------------------

describe.each(BACKENDS)('Open311 on %s', (backend) => {
  let t: TestApp
  let admin: Caller
  let worker: Caller
  let apiKey: string
  let clientId: number
  let inGrid: { lon: number; lat: number }

  const o311 = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, opts: { form?: Record<string, string | string[]>; headers?: Record<string, string> } = {}): Promise<Res> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) }
    let payload: string | undefined
    if (opts.form) {
      payload = encodeForm(opts.form)
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    return t.app.inject({ method, url: `/open311/v2${url}`, headers, ...(payload !== undefined ? { payload } : {}) }) as Promise<Res>
  }
  const api = (caller: Caller | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { ...(caller?.headers ?? {}) }, ...(payload !== undefined ? { payload: payload as object } : {}) })

  const caseCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM civic_case`.execute(t.database.db)).rows[0]!.n
  const caseByNumber = async (number: string) =>
    (
      await sql<Record<string, any>>`
        SELECT c.*, ST_X(c.location) AS lon, ST_Y(c.location) AS lat FROM civic_case c WHERE number = ${number}`.execute(t.database.db)
    ).rows[0]
  const form = (extra: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
    api_key: apiKey,
    service_code: 'environment.garbage',
    lat: String(inGrid.lat),
    long: String(inGrid.lon),
    description: 'Open311 测试：路口有一堆垃圾',
    ...extra,
  })
  const post = async (extra: Record<string, string | string[]> = {}, format = 'json') => {
    const res = await o311('POST', `/requests.${format}`, { form: form(extra) })
    expect(res.statusCode, res.body).toBe(200)
    const list = res.json()
    expectValid(validate.created, list)
    return list[0] as { service_request_id: string; service_notice: string }
  }
  /** Asserts the POST is refused with `status` in the Open311 format and writes no case. */
  const refused = async (status: number, f: Record<string, string | string[]>, format: 'xml' | 'json' = 'xml') => {
    const before = await caseCount()
    const res = await o311('POST', `/requests.${format}`, { form: f })
    const descriptions = errorsOf(res, status, format)
    expect(await caseCount()).toBe(before)
    return descriptions
  }

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const a = await createTestAccount(t, { role: 'city_admin', scopeCode: '630100' })
    admin = await loginAs(t, a.username)
    const w = await createTestAccount(t, { role: 'grid_worker', scopeCode: GRID })
    worker = await loginAs(t, w.username)
    const res = await api(admin, 'POST', '/open311/clients', { name: 'Test civic app' })
    expect(res.statusCode, res.body).toBe(201)
    apiKey = res.json().apiKey
    clientId = res.json().id
    inGrid = (
      await sql<{ lon: number; lat: number }>`
        SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${GRID}`.execute(t.database.db)
    ).rows[0]!
  }, 300_000)
  afterAll(async () => t?.close())

  // --- discovery and services ----------------------------------------------------------------------------

  it('answers discovery in XML and JSON', async () => {
    const json = await o311('GET', '/discovery.json')
    expect(json.statusCode, json.body).toBe(200)
    expect(String(json.headers['content-type'])).toContain('application/json')
    const d = json.json()
    expectValid(validate.discovery, d)
    expect(d.endpoints).toHaveLength(1)
    expect(d.endpoints[0]).toMatchObject({ type: 'production', formats: ['text/xml', 'application/json'] })
    expect(d.endpoints[0].url).toMatch(/^http:\/\/localhost(:\d+)?\/open311\/v2$/)
    expect(d.key_service).toMatch(/city admin/)

    const xml = await o311('GET', '/discovery.xml')
    expect(xml.statusCode).toBe(200)
    expect(String(xml.headers['content-type'])).toContain('text/xml')
    const x = parseXml(xml.body).discovery
    expect(x.changeset).toBe(d.changeset)
    expect(x.endpoints.endpoint[0].url).toBe(d.endpoints[0].url)
    expect(x.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json'])
  })

  it('lists one service per public category residents can file under, the same in XML and JSON', async () => {
    const res = await o311('GET', '/services.json')
    expect(res.statusCode, res.body).toBe(200)
    const services = res.json() as { service_code: string; service_name: string; metadata: boolean; type: string; group?: string }[]
    expectValid(validate.services, services)
    const codes = services.map((s) => s.service_code)
    expect(codes).toContain('environment.garbage')
    expect(codes).toContain('component.manhole')
    // Internal categories, parents of subcategories and non-public subcategories are no services.
    for (const c of ['emergency.fire', 'security.public_order', 'dispute.demolition', 'environment', 'component']) expect(codes).not.toContain(c)
    expect(services.find((s) => s.service_code === 'environment.garbage')).toEqual({
      service_code: 'environment.garbage',
      service_name: '暴露垃圾 (Exposed garbage)',
      metadata: false,
      type: 'realtime',
      group: expect.stringContaining('('),
    })
    expect(services.find((s) => s.service_code === 'component.manhole')?.metadata).toBe(true)

    const xml = parseXml((await o311('GET', '/services.xml')).body).services.service as { service_code: string; metadata: string }[]
    expect(xml.map((s) => s.service_code)).toEqual(codes)
    expect(xml.find((s) => s.service_code === 'component.manhole')?.metadata).toBe('true')

    // Accept-Language picks one language.
    const en = (await o311('GET', '/services.json', { headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' } })).json()
    expect(en.find((s: { service_code: string }) => s.service_code === 'environment.garbage').service_name).toBe('Exposed garbage')
    const zh = (await o311('GET', '/services.json', { headers: { 'accept-language': 'zh-CN' } })).json()
    expect(zh.find((s: { service_code: string }) => s.service_code === 'environment.garbage').service_name).toBe('暴露垃圾')
  })

  it('answers a service definition with its attributes; unknown and non-public codes 404', async () => {
    const res = await o311('GET', '/services/component.manhole.json')
    expect(res.statusCode, res.body).toBe(200)
    const d = res.json()
    expectValid(validate.definition, d)
    expect(d.service_code).toBe('component.manhole')
    expect(d.attributes).toHaveLength(1)
    expect(d.attributes[0]).toMatchObject({ variable: true, code: 'cover_state', datatype: 'singlevaluelist', required: true, order: 1 })
    expect(d.attributes[0].values.map((v: { key: string }) => v.key)).toEqual(['missing', 'broken', 'sunken'])

    const xml = parseXml((await o311('GET', '/services/component.manhole.xml')).body).service_definition
    expect(xml.service_code).toBe('component.manhole')
    expect(xml.attributes.attribute[0].values.value.map((v: { key: string }) => v.key)).toEqual(['missing', 'broken', 'sunken'])

    const plain = (await o311('GET', '/services/environment.garbage.json')).json()
    expect(plain).toEqual({ service_code: 'environment.garbage', attributes: [] })

    expect(errorsOf(await o311('GET', '/services/no.such.xml'), 404)[0]).toMatch(/not found/)
    errorsOf(await o311('GET', '/services/emergency.fire.json'), 404, 'json')
    errorsOf(await o311('GET', '/services/security.public_order.xml'), 404)
    errorsOf(await o311('GET', '/services/environment.json'), 404, 'json')
  })

  // --- POST requests ---------------------------------------------------------------------------------------

  it('files a POST with a form body as a case of source open311 in the grid of the point', async () => {
    const before = await caseCount()
    const created = await post({ first_name: '三', last_name: '张', phone: PHONE, email: 'zhang@example.cn', media_url: 'https://example.cn/1.jpg', address_string: '南关街 1 号' })
    expect(created.service_request_id).toMatch(/^[0-9]{6}-[A-Z2-9]{6}$/)
    expect(created.service_notice).toContain(created.service_request_id)
    expect(await caseCount()).toBe(before + 1)
    const c = await caseByNumber(created.service_request_id)
    expect(c).toMatchObject({
      source: 'open311',
      category: 'environment.garbage',
      grid_code: GRID,
      state: 'reported',
      open311_client: 'Test civic app',
      contact_name: '张三',
      contact_phone_mask: expect.stringMatching(/\*/),
      address: '南关街 1 号',
      reporter_role: 'public',
      description: 'Open311 测试：路口有一堆垃圾',
    })
    expect(c!.contact_phone_enc).toBeTruthy()
    expect(c!.contact_phone_enc).not.toContain(PHONE)
    expect(Number(c!.lon)).toBeCloseTo(inGrid.lon, 9)
    expect(Number(c!.lat)).toBeCloseTo(inGrid.lat, 9)
    // E-mail and media_url are not stored anywhere in the case.
    expect(JSON.stringify(c)).not.toContain('example.cn')
    const ev = (await sql<{ actor: string; party: string }>`SELECT actor, party FROM case_event WHERE case_id = ${c!.id} AND seq = 1`.execute(t.database.db)).rows[0]
    expect(ev).toEqual({ actor: `open311:${clientId}`, party: 'public' })

    // XML answers the same.
    const xml = await o311('POST', '/requests.xml', { form: form() })
    expect(xml.statusCode, xml.body).toBe(200)
    const r = parseXml(xml.body).service_requests.request
    expect(r).toHaveLength(1)
    expect(r[0].service_request_id).toMatch(/^[0-9]{6}-[A-Z2-9]{6}$/)
  })

  it('takes the parameters from the query string too (and from both, merged)', async () => {
    const q = encodeForm(form({ description: '查询参数上报' }))
    const res = await o311('POST', `/requests.json?${q}`)
    expect(res.statusCode, res.body).toBe(200)
    const c = await caseByNumber(res.json()[0].service_request_id)
    expect(c).toMatchObject({ source: 'open311', grid_code: GRID, description: '查询参数上报' })

    const mixed = await o311('POST', `/requests.json?api_key=${encodeURIComponent(apiKey)}&service_code=environment.garbage`, {
      form: { lat: String(inGrid.lat), long: String(inGrid.lon), description: '混合上报' },
    })
    expect(mixed.statusCode, mixed.body).toBe(200)
    expect(await caseByNumber(mixed.json()[0].service_request_id)).toMatchObject({ description: '混合上报', grid_code: GRID })
    // A parameter in both places is given twice: refused.
    const twice = await t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?service_code=environment.garbage`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: encodeForm(form()),
    })
    expect(errorsOf(twice as Res, 400, 'json').join(' ')).toMatch(/service_code was given 2 times/)
  })

  it('checks the attributes of the service definition', async () => {
    const manhole = { service_code: 'component.manhole', description: '井盖坏了' }
    expect((await refused(400, form(manhole))).join(' ')).toMatch(/attribute\[cover_state\] is required/)
    expect((await refused(400, form({ ...manhole, 'attribute[cover_state]': 'stolen' }), 'json')).join(' ')).toMatch(/stolen is not among the listed values/)
    expect((await refused(400, form({ ...manhole, 'attribute[cover_state]': 'broken', 'attribute[colour]': 'red' }))).join(' ')).toMatch(/attribute\[colour\] is not an attribute/)
    const ok = await post({ ...manhole, 'attribute[cover_state]': 'broken' })
    const c = await caseByNumber(ok.service_request_id)
    expect(c).toMatchObject({ category: 'component.manhole', open311_attributes: { cover_state: 'broken' } })
    // Without a description (optional in Open311) the case gets one from the service and its attributes.
    const bare = await post({ service_code: 'component.manhole', description: '', 'attribute[cover_state]': 'sunken' })
    expect((await caseByNumber(bare.service_request_id))!.description).toBe('井盖缺损 (Damaged manhole cover)\n井盖状况 / State of the cover: 下沉 Sunken')
  })

  it('refuses bad requests in the Open311 format and writes nothing', async () => {
    const withoutKey = form()
    delete withoutKey.api_key
    expect((await refused(400, withoutKey)).join(' ')).toMatch(/api_key is required/)
    expect((await refused(400, form({ api_key: '' }), 'json')).join(' ')).toMatch(/api_key is required/)
    expect((await refused(403, form({ api_key: 'not-a-key' }))).join(' ')).toMatch(/api_key is not valid/)
    expect((await refused(403, form({ api_key: apiKey.toUpperCase() }), 'json')).length).toBe(1)

    const noCode = form()
    delete noCode.service_code
    expect((await refused(400, noCode)).join(' ')).toMatch(/service_code is required/)
    expect((await refused(400, form({ service_code: 'no.such' }))).join(' ')).toMatch(/service_code no.such not found/)
    expect((await refused(400, form({ service_code: 'emergency.fire' }), 'json')).join(' ')).toMatch(/not found/)
    expect((await refused(400, form({ service_code: 'security.public_order' }))).join(' ')).toMatch(/not found/)
    expect((await refused(400, form({ service_code: 'environment' }))).join(' ')).toMatch(/not found/)

    const noLocation = form()
    delete noLocation.lat
    delete noLocation.long
    expect((await refused(400, noLocation)).join(' ')).toMatch(/a location is required/)
    const latOnly = form()
    delete latOnly.long
    expect((await refused(400, latOnly)).join(' ')).toMatch(/long is required when lat is given/)
    expect((await refused(400, form({ lat: 'north' }))).join(' ')).toMatch(/lat must be a decimal number/)
    expect(await refused(400, form({ lat: String(OFF_MAP.lat), long: String(OFF_MAP.lon) }), 'json')).toEqual(['the location lies outside every grid of the city'])
    expect((await refused(400, { ...noLocation, address_id: 'A-17' })).join(' ')).toMatch(/address_id is not known/)

    expect((await refused(400, form({ 'attribute[': 'x' }))).join(' ')).toMatch(/is not of the form attribute\[code\]/)
    expect((await refused(400, form({ 'attribute[cover_state]': 'broken' }))).join(' ')).toMatch(/is not an attribute of service_code environment.garbage/)
    expect((await refused(400, form({ phone: 'call me' }))).join(' ')).toMatch(/phone may contain only digits/)
    expect(await refused(400, form({ phone: '123' }), 'json')).toEqual(['phone is not a valid phone number'])
    expect((await refused(400, form({ email: 'not-an-email' }))).join(' ')).toMatch(/email is not a valid e-mail address/)
    expect((await refused(400, form({ description: 'x'.repeat(4001) }))).join(' ')).toMatch(/description is too long/)

    // Every problem at once.
    const many = await refused(400, { api_key: apiKey, lat: '1', phone: 'x', email: 'y' }, 'json')
    expect(many.length).toBeGreaterThanOrEqual(4)

    // Other jurisdictions, unknown formats, JSON bodies.
    expect((await refused(404, form({ jurisdiction_id: 'beijing' }))).join(' ')).toMatch(/jurisdiction_id beijing is not served here/)
    const before = await caseCount()
    errorsOf(await o311('POST', '/requests.csv', { form: form() }), 404)
    const asJson = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(form()) })
    expect(errorsOf(asJson as Res, 415, 'json').join(' ')).toMatch(/x-www-form-urlencoded/)
    expect(await caseCount()).toBe(before)
    // The right jurisdiction is accepted.
    await post({ jurisdiction_id: 'xining' })
  })

  it('refuses a deactivated key (403) and audits the refusal', async () => {
    const res = await api(admin, 'POST', '/open311/clients', { name: 'Retired app' })
    const key = res.json().apiKey as string
    await post({ api_key: key })
    expect((await api(admin, 'POST', `/open311/clients/${res.json().id}/deactivate`)).statusCode).toBe(200)
    expect((await refused(403, form({ api_key: key }))).join(' ')).toMatch(/deactivated/)
    const audit = await sql<{ outcome: string; target: string }>`
      SELECT outcome, target FROM audit_event WHERE action = 'open311.request' AND target = ${`open311_client:${res.json().id}`}`.execute(t.database.db)
    expect(audit.rows).toEqual([{ outcome: 'denied', target: `open311_client:${res.json().id}` }])
  })

  // --- GET requests ----------------------------------------------------------------------------------------

  it('lists reports with their public status, filters them and never shows contact data', async () => {
    const mine = await post({ description: '列表测试', first_name: 'Li', last_name: 'Lei', phone: PHONE })
    const res = await o311('GET', '/requests.json')
    expect(res.statusCode, res.body).toBe(200)
    const list = res.json()
    expectValid(validate.requests, list)
    expect(list.length).toBeGreaterThan(0)
    expect(list.length).toBeLessThanOrEqual(1000)
    const r = list.find((x: { service_request_id: string }) => x.service_request_id === mine.service_request_id)
    expect(r).toMatchObject({
      status: 'open',
      status_notes: '已收到，等待受理 (Received, waiting to be taken on)',
      service_code: 'environment.garbage',
      service_name: '暴露垃圾 (Exposed garbage)',
      description: '列表测试',
      agency_responsible: expect.any(String),
    })
    expect(Date.parse(r.requested_datetime)).toBeGreaterThan(Date.now() - 600_000)
    expect(r.requested_datetime).toMatch(/\+08:00$/)
    expect(r.expected_datetime).toMatch(/\+08:00$/)
    // Location rounded to 4 decimals.
    expect(r.lat).toBeCloseTo(inGrid.lat, 3)
    expect(Math.abs(r.lat * 1e4 - Math.round(r.lat * 1e4))).toBeLessThan(1e-6)
    expect(Math.abs(r.long * 1e4 - Math.round(r.long * 1e4))).toBeLessThan(1e-6)
    // Newest first.
    const times = list.map((x: { requested_datetime: string }) => Date.parse(x.requested_datetime))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(res.body).not.toContain(PHONE)
    expect(res.body).not.toContain('Lei')
    expect(res.body).not.toContain('Test civic app')

    // XML carries the same requests.
    const xml = parseXml((await o311('GET', '/requests.xml')).body).service_requests.request as { service_request_id: string }[]
    expect(xml.map((x) => x.service_request_id)).toEqual(list.map((x: { service_request_id: string }) => x.service_request_id))

    const ids = async (query: string) => {
      const a = await o311('GET', `/requests.json?${query}`)
      expect(a.statusCode, a.body).toBe(200)
      return (a.json() as { service_request_id: string }[]).map((x) => x.service_request_id)
    }
    expect(await ids('status=open')).toContain(mine.service_request_id)
    expect(await ids('status=closed')).not.toContain(mine.service_request_id)
    expect(await ids('status=open,closed')).toContain(mine.service_request_id)
    expect(await ids('service_code=environment.garbage,component.road')).toContain(mine.service_request_id)
    expect(await ids('service_code=component.road')).not.toContain(mine.service_request_id)
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString()
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
    expect(await ids(`start_date=${encodeURIComponent(hourAgo)}`)).toContain(mine.service_request_id)
    expect(await ids(`start_date=${encodeURIComponent(hourAgo)}&end_date=${encodeURIComponent(inAnHour)}`)).toContain(mine.service_request_id)
    expect(await ids(`start_date=${encodeURIComponent(inAnHour)}`)).toEqual([])
    expect(await ids(`end_date=${encodeURIComponent(hourAgo)}`)).not.toContain(mine.service_request_id)
    // An unencoded '+' of the offset arrives as a space and is still read.
    expect(await ids('start_date=2020-01-01T00:00:00+08:00&end_date=2020-02-01T00:00:00+08:00')).toEqual([])
    // service_request_id overrides the other filters.
    expect(await ids(`service_request_id=${mine.service_request_id.toLowerCase()}&service_code=component.road`)).toEqual([mine.service_request_id])
    expect(await ids(`service_request_id=${mine.service_request_id},999999-ZZZZZZ`)).toEqual([mine.service_request_id])

    expect(errorsOf(await o311('GET', '/requests.json?start_date=yesterday'), 400, 'json').join(' ')).toMatch(/start_date must be an ISO 8601 datetime/)
    expect(errorsOf(await o311('GET', `/requests.xml?start_date=${encodeURIComponent(inAnHour)}&end_date=${encodeURIComponent(hourAgo)}`), 400).join(' ')).toMatch(/start_date is after end_date/)
    errorsOf(await o311('GET', '/requests.xml?status=pending'), 400)
    errorsOf(await o311('GET', '/requests.json?jurisdiction_id=other'), 404, 'json')
    expect((await o311('GET', '/requests.json?jurisdiction_id=xining')).statusCode).toBe(200)
  })

  it('answers one request, and 404 for an unknown one', async () => {
    const mine = await post({ description: '单条查询' })
    const res = await o311('GET', `/requests/${mine.service_request_id}.json`)
    expect(res.statusCode, res.body).toBe(200)
    const list = res.json()
    expectValid(validate.request, list)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ service_request_id: mine.service_request_id, description: '单条查询', status: 'open' })
    const xml = parseXml((await o311('GET', `/requests/${mine.service_request_id}.xml`)).body).service_requests.request
    expect(xml[0].service_request_id).toBe(mine.service_request_id)
    expect(errorsOf(await o311('GET', '/requests/999999-ZZZZZZ.json'), 404, 'json')[0]).toMatch(/not found/)
    errorsOf(await o311('GET', '/requests/999999-ZZZZZZ.xml'), 404)
  })

  it('shows a dispute only by its status: never the words, address or place of the resident', async () => {
    const mine = await post({ service_code: 'dispute.neighbour', description: '邻居家装修噪音，协商不成', address_string: '南关街12号3单元' })
    const list = (await o311('GET', `/requests/${mine.service_request_id}.json`)).json()
    expectValid(validate.request, list)
    expect(list[0]).toMatchObject({ service_request_id: mine.service_request_id, service_code: 'dispute.neighbour', status: 'open' })
    for (const field of ['description', 'address', 'lat', 'long']) expect(list[0]).not.toHaveProperty(field)
    const all = (await o311('GET', '/requests.json?service_code=dispute.neighbour')).json()
    expect(JSON.stringify(all)).not.toContain('装修噪音')
  })

  it('never lists nor finds an internal case', async () => {
    const res = await api(worker, 'POST', '/cases', { category: 'environment.garbage', description: '网格员内部上报', location: inGrid })
    expect(res.statusCode, res.body).toBe(201)
    const number = res.json().number as string
    errorsOf(await o311('GET', `/requests/${number}.json`), 404, 'json')
    errorsOf(await o311('GET', `/requests/${number}.xml`), 404)
    const listed = (await o311('GET', '/requests.json')).json() as { service_request_id: string }[]
    expect(listed.map((x) => x.service_request_id)).not.toContain(number)
    expect((await o311('GET', `/requests.json?service_request_id=${number}`)).json()).toEqual([])
  })

  // --- paths, formats, tokens, jurisdictions ------------------------------------------------------------

  it('answers unknown formats and paths, tokens and other jurisdictions with a 404 error list', async () => {
    for (const p of ['/discovery.html', '/services.csv', '/services/environment.garbage.txt', '/requests.yaml', '/requests/123', '/nothing.xml', '/services', '/']) {
      errorsOf(await o311('GET', p), 404)
    }
    errorsOf(await o311('GET', '/nothing.json'), 404, 'json')
    errorsOf(await o311('DELETE', '/requests.json'), 404, 'json')
    expect(errorsOf(await o311('GET', '/tokens/abc123.xml'), 404)[0]).toMatch(/issues no tokens/)
    errorsOf(await o311('GET', '/tokens/abc123.json'), 404, 'json')
    expect(errorsOf(await o311('GET', '/services.json?jurisdiction_id=beijing'), 404, 'json')[0]).toMatch(/jurisdiction_id beijing/)
    errorsOf(await o311('GET', '/services/component.manhole.xml?jurisdiction_id=beijing'), 404)
    expect((await o311('GET', '/services.xml?jurisdiction_id=xining')).statusCode).toBe(200)
  })

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json()
    for (const p of ['/open311/v2/discovery.{format}', '/open311/v2/services.{format}', '/open311/v2/services/{file}', '/open311/v2/requests.{format}', '/open311/v2/requests/{file}', '/open311/v2/tokens/{file}', '/api/v1/open311/clients']) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
    const postReq = doc.paths['/open311/v2/requests.{format}'].post
    expect(postReq.tags).toEqual(['open311'])
    expect(postReq.security).toEqual([])
    expect(Object.keys(postReq.requestBody.content)).toContain('application/x-www-form-urlencoded')
  })

  // --- client management ---------------------------------------------------------------------------------

  it('lets the city admin register clients (key shown once, stored hashed), list and deactivate them', async () => {
    const res = await api(admin, 'POST', '/open311/clients', { name: '  市民通 App  ' })
    expect(res.statusCode, res.body).toBe(201)
    const created = res.json()
    expect(Object.keys(created).sort()).toEqual(['apiKey', 'id', 'name'])
    expect(created.name).toBe('市民通 App')
    expect(created.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const row = (await sql<{ key_hash: string; created_by: string; active: boolean }>`SELECT key_hash, created_by, active FROM open311_client WHERE id = ${created.id}`.execute(t.database.db)).rows[0]!
    expect(row.key_hash).toBe(crypto.createHash('sha256').update(created.apiKey).digest('hex'))
    expect(row.active).toBe(true)

    const list = await api(admin, 'GET', '/open311/clients')
    expect(list.statusCode, list.body).toBe(200)
    expect(list.body).not.toContain(created.apiKey)
    expect(list.body).not.toContain(row.key_hash)
    const item = list.json().items.find((c: { id: number }) => c.id === created.id)
    expect(item).toEqual({ id: created.id, name: '市民通 App', active: true, createdAt: expect.any(String), createdBy: row.created_by })

    const off = await api(admin, 'POST', `/open311/clients/${created.id}/deactivate`)
    expect(off.statusCode, off.body).toBe(200)
    expect(off.json()).toMatchObject({ id: created.id, active: false })
    expect((await api(admin, 'GET', '/open311/clients')).json().items.find((c: { id: number }) => c.id === created.id).active).toBe(false)

    const audit = await sql<{ action: string; outcome: string }>`
      SELECT action, outcome FROM audit_event WHERE target = ${`open311_client:${created.id}`} ORDER BY seq`.execute(t.database.db)
    expect(audit.rows).toEqual([
      { action: 'open311.client_create', outcome: 'success' },
      { action: 'open311.client_deactivate', outcome: 'success' },
    ])
  })

  it('refuses client management to others and bad bodies', async () => {
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM open311_client`.execute(t.database.db)).rows[0]!.n
    const before = await count()
    expect((await api(worker, 'GET', '/open311/clients')).statusCode).toBe(403)
    expect((await api(worker, 'POST', '/open311/clients', { name: 'x' })).statusCode).toBe(403)
    expect((await api(worker, 'POST', `/open311/clients/${clientId}/deactivate`)).statusCode).toBe(403)
    expect((await api(null, 'GET', '/open311/clients')).statusCode).toBe(401)
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'x', apiKey: 'mine' }, { name: 'a\u0007b' }]) {
      const res = await api(admin, 'POST', '/open311/clients', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().error.code).toBe('validation_failed')
    }
    expect(await count()).toBe(before)
    expect((await api(admin, 'POST', '/open311/clients/999999999/deactivate')).statusCode).toBe(404)
    // The test client is still active.
    await post()
  })
})
