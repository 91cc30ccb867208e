// The Open311 wire format: XML is parsed back (fast-xml-parser) and compared with the input data, JSON is
// validated against the response schemas of SocietyWorks' OpenAPI description of GeoReport v2
// (test/fixtures/open311), and property tests check that any text survives the trip through XML.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import {
  OPEN311_CONTENT_TYPE,
  cleanText,
  formatCreated,
  formatDiscovery,
  formatErrors,
  formatRequests,
  formatServiceDefinition,
  formatServices,
  formatTokens,
  open311DateTime,
  plainNumber,
  splitFormat,
  type Discovery,
  type Service,
  type ServiceDefinition,
  type ServiceRequest,
} from './format.ts'

// ---------------------------------------------------------------------------------------------------
// Helpers

// Elements that are lists in the spec, by path, so that a one-element list still parses as an array.
const ARRAY_PATHS = new Set([
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
  'services.service',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
  'service_requests.request',
  'errors.error',
])

// trimValues/parseTagValue off: text must come back exactly, as text. htmlEntities on: the parser then
// decodes numeric character references (`&#13;`) as every conforming XML parser does.
const parser = new XMLParser({
  trimValues: false,
  parseTagValue: false,
  htmlEntities: true,
  ignoreDeclaration: true,
  isArray: (_name, jpath) => ARRAY_PATHS.has(String(jpath)),
})

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
// Anything outside the XML 1.0 Char production.
const XML_FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

/** Checks that the document is well-formed and returns it as an object. */
function parseXml(xml: string): Record<string, unknown> {
  expect(xml.startsWith(XML_DECLARATION)).toBe(true)
  expect(XML_FORBIDDEN.test(xml)).toBe(false)
  expect(XMLValidator.validate(xml)).toBe(true)
  return parser.parse(xml) as Record<string, unknown>
}

const openapi = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/open311/georeport-v2.openapi.json'), 'utf8'),
) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> }
}

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
// OpenAPI formats that JSON Schema does not define: any string / integer is fine.
ajv.addFormat('uid', true)
ajv.addFormat('uint', true)

/** The JSON schema of a 200 answer in the OpenAPI file, with the file's components for its $refs. */
function responseValidator(apiPath: string, method: 'get' | 'post'): ValidateFunction {
  const schema = openapi.paths[apiPath]?.[method]?.responses['200']?.content?.['application/json']?.schema
  if (!schema) throw new Error(`no JSON schema for ${method} ${apiPath}`)
  return ajv.compile({ ...schema, components: openapi.components })
}

// The OpenAPI file has no schema for service discovery and none for errors; these follow the
// specification (https://wiki.open311.org/Service_discovery, GeoReport v2 "Errors").
const discoverySchema = {
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
}
const errorsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['code', 'description'],
    additionalProperties: false,
    properties: { code: { type: ['integer', 'string'] }, description: { type: 'string' } },
  },
}

const validate = {
  services: responseValidator('/services.{response_format}', 'get'),
  definition: responseValidator('/services/{service_code}.{response_format}', 'get'),
  requests: responseValidator('/requests.{response_format}', 'get'),
  request: responseValidator('/requests/{service_request_id}.{response_format}', 'get'),
  created: responseValidator('/requests.{response_format}', 'post'),
  tokens: responseValidator('/tokens/{token_id}.{response_format}', 'get'),
  discovery: ajv.compile(discoverySchema),
  errors: ajv.compile(errorsSchema),
}

function expectValid(v: ValidateFunction, data: unknown): void {
  v(data)
  expect(v.errors ?? []).toEqual([])
}

/** The schemas do not forbid extra properties; every key must still be one the component declares. */
function expectKnownKeys(component: string, item: object): void {
  const props = Object.keys(openapi.components.schemas[component]?.properties ?? {})
  expect(props.length).toBeGreaterThan(0)
  for (const key of Object.keys(item)) expect(props).toContain(key)
}

// ---------------------------------------------------------------------------------------------------
// Data

const TRICKY = `Pothole <b>"深"</b> & 'wide' ]]> — 西宁市城中区 🚧\ttab\nline\r\nCRLF`

const fullRequest: ServiceRequest = {
  service_request_id: '2026-000123',
  status: 'closed',
  status_notes: '已处理 — fixed & checked <ok>',
  service_name: '道路破损',
  service_code: '006',
  description: TRICKY,
  agency_responsible: '城中区住建局',
  service_notice: 'Within 24 hours',
  requested_datetime: new Date('2026-11-26T02:15:00Z'),
  updated_datetime: new Date('2026-11-27T00:00:00.999Z'),
  expected_datetime: new Date('2026-11-28T16:00:00Z'),
  address: '西宁市城中区南大街 1 号',
  address_id: '0001',
  zipcode: '810000',
  lat: 36.617,
  long: 101.7782,
  media_url: 'https://frontline.example.cn/media/1.jpg?a=1&b=2',
}

const minimalRequest: ServiceRequest = {
  service_request_id: '7',
  status: 'open',
  service_code: '001',
  requested_datetime: new Date('2026-01-01T00:00:00Z'),
}

/** What the XML of one request must parse back to: every value as text. */
function requestAsText(r: ServiceRequest): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(r)) {
    if (v === undefined) continue
    out[k] = v instanceof Date ? open311DateTime(v) : typeof v === 'number' ? plainNumber(v) : String(v)
  }
  return out
}

const services: Service[] = [
  {
    service_code: '001',
    service_name: '占道经营 <street vending>',
    description: 'Stalls & carts',
    metadata: true,
    type: 'realtime',
    keywords: ['摊贩', 'vending', ' '],
    group: '市容环境',
  },
  { service_code: '002', service_name: 'Graffiti', metadata: false, type: 'batch' },
]

const definition: ServiceDefinition = {
  service_code: '001',
  attributes: [
    {
      variable: true,
      code: 'KIND',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: 'Pick one',
      order: 1,
      description: '摊位类型 <type> & size',
      values: [
        { key: 'fixed', name: '固定摊位' },
        { key: 'mobile', name: 'Mobile "cart"' },
      ],
    },
    { variable: true, code: 'COUNT', datatype: 'number', required: false, order: 2, description: 'How many?' },
    { variable: false, code: 'NOTE', datatype: 'text', required: false, order: 3, description: 'Be safe.', values: [] },
  ],
}

const discovery: Discovery = {
  changeset: '2026-11-26T10:15:00+08:00',
  contact: '西宁市网格化服务中心 <open311@frontline.example.cn>',
  keyService: 'Ask the city for an api_key & wait',
  endpoints: [
    {
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'https://frontline.example.cn/open311/v2',
      changeset: '2026-11-26T10:15:00+08:00',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    },
    {
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'https://test.frontline.example.cn/open311/v2',
      changeset: '2026-11-20T00:00:00+08:00',
      type: 'test',
      formats: ['text/xml'],
    },
  ],
}

// ---------------------------------------------------------------------------------------------------

describe('content types', () => {
  it('are the ones the specification gives', () => {
    expect(OPEN311_CONTENT_TYPE).toEqual({ xml: 'text/xml; charset=utf-8', json: 'application/json; charset=utf-8' })
  })
})

describe('formatRequests', () => {
  it('writes every field as XML that parses back to the input, escaping included', () => {
    const xml = formatRequests('xml', [fullRequest, minimalRequest])
    expect(parseXml(xml)).toEqual({ service_requests: { request: [requestAsText(fullRequest), requestAsText(minimalRequest)] } })
    expect(xml).toContain('<requested_datetime>2026-11-26T10:15:00+08:00</requested_datetime>')
    expect(xml).toContain('<lat>36.617</lat><long>101.7782</long>')
    // CR survives as a character reference; `]]>` cannot appear unescaped.
    expect(xml).toContain('line&#13;\nCRLF')
    expect(xml).not.toContain(']]>')
  })

  it('keeps the specification order of elements', () => {
    const xml = formatRequests('xml', [fullRequest])
    const names = [...xml.matchAll(/<([a-z_]+)>/g)].map((m) => m[1]).slice(2)
    expect(names).toEqual([
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description',
      'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime',
      'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ])
  })

  it('writes JSON that the OpenAPI schemas accept, with numbers for lat/long and strings for ids', () => {
    const json = JSON.parse(formatRequests('json', [fullRequest, minimalRequest])) as Record<string, unknown>[]
    expectValid(validate.requests, json)
    expectValid(validate.request, json.slice(0, 1))
    for (const item of json) expectKnownKeys('Request', item)
    expect(json[0]).toEqual({ ...requestAsText(fullRequest), lat: 36.617, long: 101.7782 })
    expect(json[1]).toEqual(requestAsText(minimalRequest))
    expect(typeof json[0]?.service_code).toBe('string')
    // The schemas do bite (their $refs resolve): a numeric id or an unknown status is refused.
    expect(validate.requests([{ ...json[0], service_request_id: 1 }])).toBe(false)
    expect(validate.requests([{ ...json[0], requested_datetime: '2026-11-26T10:15:00' }])).toBe(false)
    expect(validate.requests([{ ...json[0], status: 'pending' }])).toBe(false)
  })

  it('leaves out optional fields that are empty, undefined or not finite', () => {
    const r: ServiceRequest = {
      ...minimalRequest,
      status_notes: '',
      description: '\u0000\u0001', // nothing left once the forbidden characters are removed
      address: undefined,
      lat: Number.NaN,
      long: Number.POSITIVE_INFINITY,
    }
    const xml = formatRequests('xml', [r])
    expect(parseXml(xml)).toEqual({ service_requests: { request: [requestAsText(minimalRequest)] } })
    for (const name of ['status_notes', 'description', 'address', 'lat', 'long']) expect(xml).not.toContain(`<${name}>`)
    const json = formatRequests('json', [r])
    expect(JSON.parse(json)).toEqual([requestAsText(minimalRequest)])
    expect(json).not.toContain('null')
  })

  it('removes the characters XML 1.0 forbids, in XML and JSON alike', () => {
    const dirty = 'a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\uD800i\uDC00j\u{1F600}k\u007F\u0085'
    const clean = 'abcdefghij\u{1F600}k\u007F\u0085' // DEL and C1 controls are allowed in XML 1.0
    expect(cleanText(dirty)).toBe(clean)
    const r = { ...minimalRequest, description: dirty }
    const parsed = parseXml(formatRequests('xml', [r])) as { service_requests: { request: { description: string }[] } }
    expect(parsed.service_requests.request[0]?.description).toBe(clean)
    expect((JSON.parse(formatRequests('json', [r])) as { description: string }[])[0]?.description).toBe(clean)
  })

  it('writes an empty list as an empty root element / array', () => {
    expect(formatRequests('xml', [])).toBe(`${XML_DECLARATION}\n<service_requests></service_requests>`)
    expect(formatRequests('json', [])).toBe('[]')
  })

  it('writes very small and very large coordinates in plain decimal notation', () => {
    const xml = formatRequests('xml', [{ ...minimalRequest, lat: -1e-7, long: 1.5e-10 }])
    expect(xml).toContain('<lat>-0.0000001</lat><long>0.00000000015</long>')
    expect(plainNumber(1e21)).toBe('1000000000000000000000')
    expect(plainNumber(-0)).toBe('0')
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -180, max: 180 }), (n) => {
        const s = plainNumber(n)
        expect(s).toMatch(/^-?\d+(\.\d+)?$/)
        expect(Number(s)).toBe(n === 0 ? 0 : n)
      }),
    )
  })

  it('property: any description and status_notes come back from XML and JSON unchanged (less forbidden characters)', () => {
    const special = fc.constantFrom(
      '<', '>', '&', '"', "'", ']]>', '\r', '\n', '\r\n', '\t', ' ', '\u0000', '\u0007', '\uD800', '\uDFFF', '\uFFFE',
      '中', '😀', '&amp;', '&#13;', '<![CDATA[', '-->',
    )
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: special }),
      fc.string({ unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
    )
    fc.assert(
      fc.property(text, text, (description, notes) => {
        const r = { ...minimalRequest, description, status_notes: notes }
        const parsed = parseXml(formatRequests('xml', [r])) as { service_requests: { request: Record<string, string>[] } }
        const json = JSON.parse(formatRequests('json', [r])) as Record<string, string>[]
        for (const [field, input] of [['description', description], ['status_notes', notes]] as const) {
          const expected = cleanText(input) === '' ? undefined : cleanText(input)
          expect(parsed.service_requests.request[0]?.[field]).toBe(expected)
          expect(json[0]?.[field]).toBe(expected)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('formatServices', () => {
  it('writes <services><service>… with keywords comma-joined and metadata true/false', () => {
    const xml = formatServices('xml', services)
    expect(parseXml(xml)).toEqual({
      services: {
        service: [
          {
            service_code: '001',
            service_name: '占道经营 <street vending>',
            description: 'Stalls & carts',
            metadata: 'true',
            type: 'realtime',
            keywords: '摊贩, vending',
            group: '市容环境',
          },
          { service_code: '002', service_name: 'Graffiti', metadata: 'false', type: 'batch' },
        ],
      },
    })
  })

  it('writes JSON that the OpenAPI schema accepts', () => {
    const json = JSON.parse(formatServices('json', services)) as Record<string, unknown>[]
    expectValid(validate.services, json)
    for (const item of json) expectKnownKeys('Service', item)
    expect(json[0]).toMatchObject({ metadata: true, keywords: '摊贩, vending' })
    expect(json[1]).toEqual({ service_code: '002', service_name: 'Graffiti', metadata: false, type: 'batch' })
  })

  it('turns a comma inside a keyword into a space, so the list still splits right', () => {
    const json = JSON.parse(formatServices('json', [{ ...services[1]!, keywords: ['a,b', 'c'] }])) as { keywords: string }[]
    expect(json[0]?.keywords).toBe('a b, c')
  })
})

describe('formatServiceDefinition', () => {
  it('writes <service_definition> with attributes and values nested as specified', () => {
    const parsed = parseXml(formatServiceDefinition('xml', definition))
    expect(parsed).toEqual({
      service_definition: {
        service_code: '001',
        attributes: {
          attribute: [
            {
              variable: 'true',
              code: 'KIND',
              datatype: 'singlevaluelist',
              required: 'true',
              datatype_description: 'Pick one',
              order: '1',
              description: '摊位类型 <type> & size',
              values: {
                value: [
                  { key: 'fixed', name: '固定摊位' },
                  { key: 'mobile', name: 'Mobile "cart"' },
                ],
              },
            },
            { variable: 'true', code: 'COUNT', datatype: 'number', required: 'false', order: '2', description: 'How many?' },
            { variable: 'false', code: 'NOTE', datatype: 'text', required: 'false', order: '3', description: 'Be safe.' },
          ],
        },
      },
    })
  })

  it('writes JSON that the OpenAPI schema accepts, without empty values or datatype_description', () => {
    const json = JSON.parse(formatServiceDefinition('json', definition)) as { service_code: string; attributes: Record<string, unknown>[] }
    expectValid(validate.definition, json)
    for (const a of json.attributes) expectKnownKeys('ServiceAttribute', a)
    expect(json.attributes[0]).toEqual(definition.attributes[0])
    expect(json.attributes[1]).not.toHaveProperty('values')
    expect(json.attributes[1]).not.toHaveProperty('datatype_description')
    expect(json.attributes[2]).not.toHaveProperty('values')
  })

  it('writes an empty attribute list for a service without metadata', () => {
    expect(parseXml(formatServiceDefinition('xml', { service_code: '9', attributes: [] }))).toEqual({
      service_definition: { service_code: '9', attributes: '' },
    })
    expect(JSON.parse(formatServiceDefinition('json', { service_code: '9', attributes: [] }))).toEqual({ service_code: '9', attributes: [] })
  })
})

describe('formatCreated and formatTokens', () => {
  it('answers a POST with <service_requests><request>…', () => {
    const created = [{ service_request_id: '2026-000124', service_notice: '24 小时内处理', account_id: '' }]
    expect(parseXml(formatCreated('xml', created))).toEqual({
      service_requests: { request: [{ service_request_id: '2026-000124', service_notice: '24 小时内处理' }] },
    })
    const json = JSON.parse(formatCreated('json', created)) as object[]
    expectValid(validate.created, json)
    expect(json).toEqual([{ service_request_id: '2026-000124', service_notice: '24 小时内处理' }])
  })

  it('writes a token only when there is no id (the spec: one or the other)', () => {
    expect(JSON.parse(formatCreated('json', [{ token: 'T-1' }]))).toEqual([{ token: 'T-1' }])
    expect(JSON.parse(formatCreated('json', [{ token: 'T-1', service_request_id: '5' }]))).toEqual([{ service_request_id: '5' }])
    // A blackbox service returns neither.
    expect(parseXml(formatCreated('xml', [{}]))).toEqual({ service_requests: { request: [''] } })
  })

  it('resolves tokens with <service_requests><request><service_request_id/><token/>', () => {
    const answers = [{ token: 'T-1', service_request_id: '638344' }, { token: 'T-2' }]
    expect(parseXml(formatTokens('xml', answers))).toEqual({
      service_requests: { request: [{ service_request_id: '638344', token: 'T-1' }, { token: 'T-2' }] },
    })
    const json = JSON.parse(formatTokens('json', answers)) as object[]
    expectValid(validate.tokens, json)
    expect(json).toEqual([{ service_request_id: '638344', token: 'T-1' }, { token: 'T-2' }])
  })
})

describe('formatErrors', () => {
  const errors = [
    { code: 400, description: 'lat must be a decimal number <between> -90 & 90' },
    { code: '403', description: '无效的 api_key' },
  ]
  it('writes <errors><error><code/><description/>', () => {
    expect(parseXml(formatErrors('xml', errors))).toEqual({
      errors: {
        error: [
          { code: '400', description: 'lat must be a decimal number <between> -90 & 90' },
          { code: '403', description: '无效的 api_key' },
        ],
      },
    })
  })
  it('writes a JSON array; a numeric code stays a number as in the spec example', () => {
    const json = JSON.parse(formatErrors('json', errors)) as unknown
    expectValid(validate.errors, json)
    expect(json).toEqual(errors)
  })
})

describe('formatDiscovery', () => {
  it('writes <discovery> with key_service and endpoints/endpoint/formats/format', () => {
    expect(parseXml(formatDiscovery('xml', discovery))).toEqual({
      discovery: {
        changeset: discovery.changeset,
        contact: discovery.contact,
        key_service: discovery.keyService,
        endpoints: {
          endpoint: discovery.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })),
        },
      },
    })
  })
  it('writes one JSON object that follows the discovery specification', () => {
    const json = JSON.parse(formatDiscovery('json', discovery)) as unknown
    expectValid(validate.discovery, json)
    expect(json).toEqual({ changeset: discovery.changeset, contact: discovery.contact, key_service: discovery.keyService, endpoints: discovery.endpoints })
  })
})

describe('open311DateTime', () => {
  it('writes the wall-clock time of Asia/Shanghai with +08:00', () => {
    expect(open311DateTime(new Date('2026-11-26T00:00:00Z'))).toBe('2026-11-26T08:00:00+08:00')
    expect(open311DateTime(new Date('2026-11-26T02:15:00Z'))).toBe('2026-11-26T10:15:00+08:00')
    expect(open311DateTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00')
    expect(open311DateTime(new Date('2024-02-28T16:30:00Z'))).toBe('2024-02-29T00:30:00+08:00')
  })
  it('truncates to seconds', () => {
    expect(open311DateTime(new Date('2026-11-26T02:15:59.999Z'))).toBe('2026-11-26T10:15:59+08:00')
    expect(open311DateTime(new Date('1969-12-31T15:59:59.500Z'))).toBe('1969-12-31T23:59:59+08:00')
  })
  it('takes other offsets', () => {
    const d = new Date('2026-11-26T00:00:00Z')
    expect(open311DateTime(d, 0)).toBe('2026-11-26T00:00:00+00:00')
    expect(open311DateTime(d, -300)).toBe('2026-11-25T19:00:00-05:00')
    expect(open311DateTime(d, 330)).toBe('2026-11-26T05:30:00+05:30')
  })
  it('refuses what it cannot write', () => {
    expect(() => open311DateTime(new Date(Number.NaN))).toThrow(RangeError)
    expect(() => open311DateTime(new Date(0), 1440)).toThrow(RangeError)
    expect(() => open311DateTime(new Date(0), 1.5)).toThrow(RangeError)
    expect(() => open311DateTime(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError)
  })
  it('property: the text denotes the same instant, to the second, and passes as RFC 3339 date-time', () => {
    const dateTime = ajv.compile({ type: 'string', format: 'date-time' })
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (d, offset) => {
          const s = open311DateTime(d, offset)
          expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/)
          expect(dateTime(s)).toBe(true)
          expect(Date.parse(s)).toBe(Math.floor(d.getTime() / 1000) * 1000)
        },
      ),
    )
  })
})

describe('splitFormat', () => {
  it.each([
    ['requests.json', { name: 'requests', format: 'json' }],
    ['services.xml', { name: 'services', format: 'xml' }],
    ['/services.xml', { name: 'services', format: 'xml' }],
    ['033.xml', { name: '033', format: 'xml' }],
    ['1.2.json', { name: '1.2', format: 'json' }],
    ['discovery.XML', { name: 'discovery', format: 'xml' }],
    ['西宁.json', { name: '西宁', format: 'json' }],
  ])('%s', (segment, expected) => {
    expect(splitFormat(segment)).toEqual(expected)
  })
  it.each(['requests', 'requests.html', 'requests.', '.json', '', 'requests.json.bak', 'requests.jsonx'])('%s → null', (segment) => {
    expect(splitFormat(segment)).toBeNull()
  })
})
