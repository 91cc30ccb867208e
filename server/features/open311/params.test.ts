// Open311 client input: every rule of parseNewRequest and parseRequestQuery with good and bad values,
// form-style input (a urlencoded body decoded the way a form parser does) and query-style input, all
// problems reported at once, and property tests that no record makes the parsers throw.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { ServiceDefinition } from './format.ts'
import {
  parseDecimal,
  parseNewRequest,
  parseOpen311DateTime,
  parseRequestQuery,
  type NewRequestInput,
  type Open311Problem,
} from './params.ts'

type Params = Record<string, string | string[] | undefined>

const list = (...keys: string[]) => keys.map((key) => ({ key, name: `name of ${key}` }))

const definitions: Record<string, ServiceDefinition> = {
  '001': {
    service_code: '001',
    attributes: [
      { variable: true, code: 'KIND', datatype: 'singlevaluelist', required: true, order: 1, description: 'Kind', values: list('fixed', 'mobile') },
      { variable: true, code: 'TAGS', datatype: 'multivaluelist', required: false, order: 2, description: 'Tags', values: list('a', 'b', 'c') },
      { variable: true, code: 'COUNT', datatype: 'number', required: false, order: 3, description: 'Count' },
      { variable: true, code: 'SEEN', datatype: 'datetime', required: false, order: 4, description: 'Seen at' },
      { variable: true, code: 'PLATE', datatype: 'string', required: false, order: 5, description: 'Plate' },
      { variable: true, code: 'NOTES', datatype: 'text', required: false, order: 6, description: 'Notes' },
      // Information only: never demanded, never accepted.
      { variable: false, code: 'INFO', datatype: 'text', required: true, order: 7, description: 'Read this' },
    ],
  },
  '002': { service_code: '002', attributes: [] },
  // The spec's example request (POST Service Request).
  WHIS: {
    service_code: 'WHIS',
    attributes: [
      { variable: true, code: 'WHISPAWN', datatype: 'string', required: true, order: 1, description: 'Pawn' },
      { variable: true, code: 'WHISDORN', datatype: 'singlevaluelist', required: true, order: 2, description: 'Dorn', values: list('COISL001') },
    ],
  },
}
const definitionFor = (code: string): ServiceDefinition | null => (Object.hasOwn(definitions, code) ? definitions[code]! : null)

/** Decodes a urlencoded body as a form parser does: repeated keys become arrays, keys stay literal. */
function fromForm(body: string): Params {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

const base: Params = { service_code: '002', lat: '36.617', long: '101.7782' }

function accepted(params: Params): NewRequestInput {
  const r = parseNewRequest(params, definitionFor)
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`)
  return r.value
}
function refused(params: Params): Open311Problem[] {
  const r = parseNewRequest(params, definitionFor)
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.value)}`)
  expect(r.problems.length).toBeGreaterThan(0)
  for (const p of r.problems) expect(p.code).toBe(400)
  return r.problems
}
const fields = (problems: Open311Problem[]) => problems.map((p) => p.field)

// ---------------------------------------------------------------------------------------------------

describe('parseNewRequest: service_code', () => {
  it('is required', () => {
    expect(fields(refused({ lat: '36.6', long: '101.7' }))).toEqual(['service_code'])
    expect(fields(refused({ ...base, service_code: '  ' }))).toEqual(['service_code'])
  })
  it('must be known; the other problems are listed too', () => {
    const problems = refused({ service_code: 'nope', lat: '91', long: '101.7' })
    expect(problems).toEqual([
      { code: 400, field: 'service_code', description: 'service_code nope not found' },
      expect.objectContaining({ field: 'lat' }),
    ])
  })
  it('may not be given twice, not even with the same value', () => {
    expect(fields(refused({ ...base, service_code: ['002', '002'] }))).toEqual(['service_code'])
  })
  it('accepts a one-element array (query-style input) as one value', () => {
    expect(accepted({ service_code: ['002'], lat: ['36.6'], long: ['101.7'] })).toEqual({ service_code: '002', lat: 36.6, long: 101.7, attributes: {} })
  })
})

describe('parseNewRequest: location', () => {
  it('takes lat and long together', () => {
    expect(accepted(base)).toEqual({ service_code: '002', lat: 36.617, long: 101.7782, attributes: {} })
  })
  it('takes address_string or address_id alone', () => {
    expect(accepted({ service_code: '002', address_string: '城中区南大街 1 号' }).address_string).toBe('城中区南大街 1 号')
    expect(accepted({ service_code: '002', address_id: 'A-17' }).address_id).toBe('A-17')
  })
  it('requires one of them', () => {
    expect(refused({ service_code: '002' })).toEqual([
      { code: 400, field: 'location', description: 'a location is required: lat and long, or address_string, or address_id' },
    ])
  })
  it('refuses lat without long and long without lat', () => {
    expect(fields(refused({ service_code: '002', lat: '36.6' }))).toEqual(['long'])
    expect(fields(refused({ service_code: '002', long: '101.7', address_string: 'x' }))).toEqual(['lat'])
  })
  it('treats empty lat and long as not given (the spec: empty equals absent)', () => {
    expect(accepted({ service_code: '002', lat: '', long: ' ', address_string: 'x' })).toEqual({ service_code: '002', address_string: 'x', attributes: {} })
    expect(fields(refused({ service_code: '002', lat: '', long: '101.7' }))).toEqual(['lat'])
  })
  it.each(['36.6', '-36.6', ' 36.6 ', '\t36.6\n', '0', '-0', '.5', '90', '-90', '36.61700000000000000001'])('lat %j is a decimal number', (lat) => {
    expect(accepted({ ...base, lat }).lat).toBe(Number(lat.trim()) || 0)
  })
  it.each(['1e3', 'NaN', '0x10', '3 6.6', ' 36 .6 ', '+36.6', '36.6.1', 'Infinity', '36,6', '３６.６', '36.', '-', '90.0001', '-90.5', '1' + '0'.repeat(400)])(
    'lat %j is refused',
    (lat) => {
      expect(fields(refused({ ...base, lat }))).toEqual(['lat'])
    },
  )
  it('checks long against -180..180', () => {
    expect(accepted({ ...base, long: '-180' }).long).toBe(-180)
    expect(accepted({ ...base, long: '180' }).long).toBe(180)
    expect(fields(refused({ ...base, long: '180.01' }))).toEqual(['long'])
    expect(fields(refused({ ...base, long: '-1e2' }))).toEqual(['long'])
  })
  it('refuses a bad lat even when an address is given', () => {
    expect(fields(refused({ service_code: '002', lat: 'abc', long: '101', address_string: 'x' }))).toEqual(['lat'])
  })
})

describe('parseDecimal', () => {
  it('reads plain decimals only', () => {
    expect(parseDecimal(' -12.50 ')).toBe(-12.5)
    expect(parseDecimal('-0')).toBe(0)
    expect(Object.is(parseDecimal('-0'), -0)).toBe(false)
    for (const bad of ['', ' ', '1e3', 'NaN', '0x10', '+1', '1.', '1_000', 'Infinity', '0b1', '1 2']) expect(parseDecimal(bad)).toBeNull()
  })
})

describe('parseNewRequest: text fields', () => {
  it('normalizes to NFC and trims', () => {
    const v = accepted({ ...base, first_name: ' Jose\u0301 ', last_name: '\u3000王\u3000', description: '  e\u0301  ' })
    expect(v.first_name).toBe('José')
    expect(v.last_name).toBe('王')
    expect(v.description).toBe('é')
  })
  it('treats empty optional fields as absent', () => {
    const v = accepted({ ...base, email: '', phone: ' ', first_name: '', last_name: '', media_url: '', description: '\n' })
    expect(v).toEqual({ service_code: '002', lat: 36.617, long: 101.7782, attributes: {} })
  })
  it('keeps line breaks and tabs in description, stores CRLF as LF, refuses other control characters', () => {
    expect(accepted({ ...base, description: '第一行\r\n第二行\r第三行\n\t缩进' }).description).toBe('第一行\n第二行\n第三行\n\t缩进')
    for (const c of ['\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\uD800', '\uFFFF']) {
      expect(fields(refused({ ...base, description: `a${c}b` }))).toEqual(['description'])
    }
  })
  it('refuses control characters, line breaks included, in single-line fields', () => {
    expect(fields(refused({ ...base, first_name: 'a\nb' }))).toEqual(['first_name'])
    expect(fields(refused({ ...base, address_string: 'x\u0000' }))).toEqual(['address_string'])
    expect(fields(refused({ ...base, device_id: 'a\tb' }))).toEqual(['device_id'])
  })
  it('limits description to 4000 characters (code points, not UTF-16 units)', () => {
    expect(accepted({ ...base, description: 'x'.repeat(4000) }).description).toHaveLength(4000)
    expect(accepted({ ...base, description: '坑'.repeat(4000) }).description).toHaveLength(4000)
    expect(accepted({ ...base, description: '🚧'.repeat(4000) }).description).toHaveLength(8000)
    const problems = refused({ ...base, description: 'x'.repeat(4001) })
    expect(problems).toEqual([{ code: 400, field: 'description', description: 'description is too long: 4001 characters, at most 4000' }])
  })
  it('checks email syntax', () => {
    for (const email of ['smit333@sfgov.edu', 'a.b+c@mail.example.cn', '张三@例子.中国']) expect(accepted({ ...base, email }).email).toBe(email)
    for (const email of ['plainaddress', 'a@b', 'a@@b.cn', 'a b@c.cn', '@b.cn', 'a@.cn', 'a@b..cn', 'a@b.cn.', `${'a'.repeat(250)}@b.cn`]) {
      expect(fields(refused({ ...base, email }))).toEqual(['email'])
    }
  })
  it('checks phone: up to 30 characters of digits, spaces and + - ( )', () => {
    for (const phone of ['111111111', '+86 (971) 812-3456', '0971-8123456']) expect(accepted({ ...base, phone }).phone).toBe(phone)
    for (const phone of ['12345x', '()', '+86 971.812', '1'.repeat(31), '１２３']) expect(fields(refused({ ...base, phone }))).toEqual(['phone'])
  })
  it('requires media_url to be an absolute http(s) URL', () => {
    for (const url of ['http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg', 'HTTPS://frontline.example.cn/m/1.jpg?x=1&y=2']) {
      expect(accepted({ ...base, media_url: url }).media_url).toBe(url)
    }
    for (const url of ['ftp://x.cn/a.jpg', 'javascript:alert(1)', '/media/1.jpg', 'http://', 'https://exa mple.cn/a.jpg', 'file:///etc/passwd', 'data:image/png;base64,AAAA']) {
      expect(fields(refused({ ...base, media_url: url }))).toEqual(['media_url'])
    }
  })
  it('passes api_key, jurisdiction_id, device_id and account_id through', () => {
    const v = accepted({ ...base, api_key: 'k', jurisdiction_id: 'xining.gov.cn', device_id: 'd', account_id: '42' })
    expect(v).toMatchObject({ api_key: 'k', jurisdiction_id: 'xining.gov.cn', device_id: 'd', account_id: '42' })
  })
  it('refuses a parameter given twice where one is expected', () => {
    expect(fields(refused({ ...base, email: ['a@b.cn', 'c@d.cn'] }))).toEqual(['email'])
    expect(fields(refused({ ...base, description: ['x', ''] }))).toEqual(['description'])
    expect(fields(refused({ ...base, lat: ['36.6', '36.6'] }))).toEqual(['lat'])
  })
  it('ignores unknown parameters (clients send extras such as format)', () => {
    expect(accepted({ ...base, format: 'xml', foo: ['1', '2'], attribute: 'x' })).toEqual(accepted(base))
  })
  it('refuses values that are not text, and reads only own properties', () => {
    const weird = { ...base, email: { a: 1 } as unknown as string, phone: [1, 2] as unknown as string[] }
    expect(fields(refused(weird))).toEqual(['email', 'phone'])
    const inherited = Object.create({ service_code: '002' }) as Params
    inherited.lat = '36.6'
    inherited.long = '101.7'
    expect(fields(refused(inherited))).toEqual(['service_code'])
  })
})

describe('parseNewRequest: attributes', () => {
  const svc: Params = { service_code: '001', address_string: '南大街', 'attribute[KIND]': 'fixed' }

  it('accepts a valid set and returns it by code', () => {
    const v = accepted({
      ...svc,
      'attribute[TAGS][]': ['a', 'c'],
      'attribute[COUNT]': '12.5',
      'attribute[SEEN]': '2026-11-26T10:15:00+08:00',
      'attribute[PLATE]': ' 青A·12345 ',
      'attribute[NOTES]': '第一行\r\n第二行',
    })
    expect(v.attributes).toEqual({
      KIND: 'fixed',
      TAGS: ['a', 'c'],
      COUNT: '12.5',
      SEEN: '2026-11-26T10:15:00+08:00',
      PLATE: '青A·12345',
      NOTES: '第一行\n第二行',
    })
  })
  it('requires required attributes, but not information-only ones', () => {
    const { 'attribute[KIND]': _, ...without } = svc
    expect(refused(without)).toEqual([{ code: 400, field: 'attribute[KIND]', description: 'attribute[KIND] is required' }])
    expect(fields(refused({ ...svc, 'attribute[KIND]': '  ' }))).toEqual(['attribute[KIND]'])
  })
  it('singlevaluelist: exactly one of the listed keys', () => {
    expect(fields(refused({ ...svc, 'attribute[KIND]': 'Fixed' }))).toEqual(['attribute[KIND]'])
    expect(fields(refused({ ...svc, 'attribute[KIND]': ['fixed', 'mobile'] }))).toEqual(['attribute[KIND]'])
    expect(fields(refused({ ...svc, 'attribute[KIND][]': 'mobile' }))).toEqual(['attribute[KIND]'])
  })
  it('multivaluelist: repeated attribute[x][], repeated attribute[x], or both; one value is a list too', () => {
    expect(accepted({ ...svc, 'attribute[TAGS][]': ['a', 'b'] }).attributes.TAGS).toEqual(['a', 'b'])
    expect(accepted({ ...svc, 'attribute[TAGS]': ['b', 'c'] }).attributes.TAGS).toEqual(['b', 'c'])
    expect(accepted({ ...svc, 'attribute[TAGS]': 'a', 'attribute[TAGS][]': ['b', 'a', ''] }).attributes.TAGS).toEqual(['a', 'b'])
    expect(accepted({ ...svc, 'attribute[TAGS][]': 'c' }).attributes.TAGS).toEqual(['c'])
    expect(accepted({ ...svc, 'attribute[TAGS][]': ['', ' '] }).attributes).not.toHaveProperty('TAGS')
    const problems = refused({ ...svc, 'attribute[TAGS][]': ['a', 'x', 'y'] })
    expect(problems).toEqual([{ code: 400, field: 'attribute[TAGS]', description: 'attribute[TAGS]: x, y are not among the listed values' }])
  })
  it('number: a plain decimal number', () => {
    expect(accepted({ ...svc, 'attribute[COUNT]': '-3' }).attributes.COUNT).toBe('-3')
    for (const bad of ['twelve', '1e3', 'NaN', '0x1']) expect(fields(refused({ ...svc, 'attribute[COUNT]': bad }))).toEqual(['attribute[COUNT]'])
  })
  it('datetime: ISO 8601 with a zone', () => {
    expect(accepted({ ...svc, 'attribute[SEEN]': '2026-11-26T02:15:00Z' }).attributes.SEEN).toBe('2026-11-26T02:15:00Z')
    for (const bad of ['2026-11-26T10:15:00', '2026-11-26', '2026-02-30T00:00:00Z', 'yesterday']) {
      expect(fields(refused({ ...svc, 'attribute[SEEN]': bad }))).toEqual(['attribute[SEEN]'])
    }
  })
  it('string: up to 200 characters on one line; text: up to 4000 with line breaks', () => {
    expect(accepted({ ...svc, 'attribute[PLATE]': '车'.repeat(200) }).attributes.PLATE).toHaveLength(200)
    expect(fields(refused({ ...svc, 'attribute[PLATE]': '车'.repeat(201) }))).toEqual(['attribute[PLATE]'])
    expect(fields(refused({ ...svc, 'attribute[PLATE]': 'a\nb' }))).toEqual(['attribute[PLATE]'])
    expect(accepted({ ...svc, 'attribute[NOTES]': 'n'.repeat(4000) }).attributes.NOTES).toHaveLength(4000)
    expect(fields(refused({ ...svc, 'attribute[NOTES]': 'n'.repeat(4001) }))).toEqual(['attribute[NOTES]'])
    expect(fields(refused({ ...svc, 'attribute[NOTES]': 'a\u0000b' }))).toEqual(['attribute[NOTES]'])
  })
  it('refuses unknown, information-only and malformed attribute parameters', () => {
    expect(fields(refused({ ...svc, 'attribute[FOO]': '1' }))).toEqual(['attribute[FOO]'])
    expect(refused({ ...svc, 'attribute[INFO]': 'x' })).toEqual([
      { code: 400, field: 'attribute[INFO]', description: 'attribute[INFO] is information only and takes no value' },
    ])
    expect(fields(refused({ ...svc, 'attribute[KIND': 'fixed' }))).toEqual(['attribute[KIND'])
    expect(fields(refused({ ...svc, 'attribute[]': 'x' }))).toEqual(['attribute[]'])
    expect(fields(refused({ service_code: '002', address_id: '1', 'attribute[KIND]': 'fixed' }))).toEqual(['attribute[KIND]'])
  })
  it('reads the spec example request, sent as a form body', () => {
    const body =
      'api_key=xyz&jurisdiction_id=city.gov&service_code=WHIS&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street' +
      '&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111' +
      '&description=A+large+sinkhole+is+destroying+the+street' +
      '&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001'
    expect(accepted(fromForm(body))).toEqual({
      api_key: 'xyz',
      jurisdiction_id: 'city.gov',
      service_code: 'WHIS',
      lat: 37.76524078,
      long: -122.4212043,
      address_string: '1234 5th street',
      email: 'smit333@sfgov.edu',
      device_id: 'tt222111',
      account_id: '123456',
      first_name: 'john',
      last_name: 'smith',
      phone: '111111111',
      description: 'A large sinkhole is destroying the street',
      media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
      attributes: { WHISPAWN: '123456', WHISDORN: 'COISL001' },
    })
  })
  it('reads a multivaluelist sent the spec way (attribute[code][]=…&attribute[code][]=…), brackets encoded or not', () => {
    const body = 'service_code=001&address_id=1&attribute%5BKIND%5D=mobile&attribute[TAGS][]=a&attribute%5BTAGS%5D%5B%5D=b&attribute[TAGS][]=c'
    expect(accepted(fromForm(body)).attributes).toEqual({ KIND: 'mobile', TAGS: ['a', 'b', 'c'] })
  })
  it('reads query-style input merged with a body (the routes merge them into one record)', () => {
    const query = { service_code: '001', api_key: 'k' }
    const body = fromForm('lat=36.6&long=101.7&attribute[KIND]=fixed&attribute[TAGS]=a&attribute[TAGS]=b')
    expect(accepted({ ...query, ...body })).toMatchObject({ service_code: '001', api_key: 'k', attributes: { KIND: 'fixed', TAGS: ['a', 'b'] } })
  })
  it('keeps an attribute code such as __proto__ as a plain key', () => {
    definitions.PROTO = {
      service_code: 'PROTO',
      attributes: [{ variable: true, code: '__proto__', datatype: 'string', required: true, order: 1, description: '' }],
    }
    try {
      const v = accepted({ service_code: 'PROTO', address_id: '1', 'attribute[__proto__]': 'x' })
      expect(Object.hasOwn(v.attributes, '__proto__')).toBe(true)
      expect(Object.getPrototypeOf(v.attributes)).toBe(Object.prototype)
    } finally {
      delete definitions.PROTO
    }
  })
})

describe('parseNewRequest: several problems at once', () => {
  it('lists every problem, in parameter order', () => {
    const problems = refused({
      service_code: '001',
      lat: '1e3',
      long: '101.7',
      email: 'nobody',
      phone: 'call me',
      media_url: 'ftp://x.cn/a.jpg',
      description: 'x'.repeat(4001),
      first_name: ['a', 'b'],
      'attribute[KIND]': 'other',
      'attribute[FOO]': '1',
    })
    expect(fields(problems)).toEqual(['lat', 'email', 'phone', 'media_url', 'description', 'first_name', 'attribute[FOO]', 'attribute[KIND]'])
  })
})

describe('parseNewRequest: properties', () => {
  const names = [
    'service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'phone', 'description', 'media_url', 'first_name',
    'attribute[KIND]', 'attribute[TAGS][]', 'attribute[TAGS]', 'attribute[', 'attribute[]', '__proto__', 'constructor', 'toString',
  ]
  const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('001', '002', 'WHIS', 'fixed', 'a', '36.6', '-180', '', ' ', 'x@y.cn', 'http://x.cn/'))
  const value = fc.oneof(fc.constant(undefined), text, fc.array(text, { maxLength: 4 }))
  const record = fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ unit: 'binary' }), text.map((t) => `attribute[${t}]`)), value)

  it('never throws, and answers either a value or a non-empty list of 400 problems', () => {
    fc.assert(
      fc.property(record, (params) => {
        const r = parseNewRequest(params, definitionFor)
        if (r.ok) expect(typeof r.value.service_code).toBe('string')
        else {
          expect(r.problems.length).toBeGreaterThan(0)
          for (const p of r.problems) expect(p.code).toBe(400)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('accepts any in-range coordinates written as plain decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), fc.integer({ min: 0, max: 12 }), (lat, long, digits) => {
        const v = accepted({ service_code: '002', lat: lat.toFixed(digits), long: long.toFixed(digits) })
        expect(v.lat).toBe(Number(lat.toFixed(digits)) || 0)
        expect(v.long).toBe(Number(long.toFixed(digits)) || 0)
      }),
    )
  })
})

// ---------------------------------------------------------------------------------------------------

describe('parseOpen311DateTime', () => {
  it.each([
    ['2026-11-26T10:15:00+08:00', '2026-11-26T02:15:00.000Z'],
    ['2026-11-26T02:15:00Z', '2026-11-26T02:15:00.000Z'],
    ['2026-11-26t02:15:00z', '2026-11-26T02:15:00.000Z'],
    ['2026-11-26T02:15Z', '2026-11-26T02:15:00.000Z'],
    ['2026-11-26T02:15:00.1234-05:00', '2026-11-26T07:15:00.123Z'],
    ['2026-11-26T10:15:00 08:00', '2026-11-26T02:15:00.000Z'], // '+' decoded to ' ' in a query string
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseOpen311DateTime(text)?.toISOString()).toBe(iso)
  })
  it.each([
    '2026-11-26T10:15:00', '2026-11-26', '2026-11-26 10:15:00+08:00', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-01T00:00:00Z', '2026-11-26T24:00:00Z', '2026-11-26T10:60:00Z',
    '2026-11-26T10:15:60Z', '2026-11-26T10:15:00+24:00', '2026-11-26T10:15:00+0800', '26-11-26T10:15:00Z', 'now', '',
  ])('%s → null', (text) => {
    expect(parseOpen311DateTime(text)).toBeNull()
  })
})

describe('parseRequestQuery', () => {
  const ok = (params: Params) => {
    const r = parseRequestQuery(params)
    if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`)
    return r.value
  }
  const bad = (params: Params) => {
    const r = parseRequestQuery(params)
    if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.value)}`)
    for (const p of r.problems) expect(p.code).toBe(400)
    return r.problems
  }

  it('takes no parameters at all', () => {
    expect(ok({})).toEqual({})
    expect(ok({ service_request_id: '', status: ' ', format: 'json' })).toEqual({})
  })
  it('reads comma-separated and repeated ids and codes, dropping empty items and duplicates', () => {
    expect(ok({ service_request_id: '638344, 638349,,638344', service_code: ['001,002', '003'] })).toEqual({
      service_request_ids: ['638344', '638349'],
      service_codes: ['001', '002', '003'],
    })
    expect(ok(fromForm('service_request_id=1%2C2&service_request_id=3')).service_request_ids).toEqual(['1', '2', '3'])
  })
  it('refuses control characters in ids', () => {
    expect(fields(bad({ service_request_id: '1,2\u0000' }))).toEqual(['service_request_id'])
  })
  it('reads start_date and end_date as ISO 8601 with a zone', () => {
    const v = ok({ start_date: '2026-11-01T00:00:00+08:00', end_date: '2026-11-30T23:59:59Z', jurisdiction_id: 'xining.gov.cn' })
    expect(v.start_date?.toISOString()).toBe('2026-10-31T16:00:00.000Z')
    expect(v.end_date?.toISOString()).toBe('2026-11-30T23:59:59.000Z')
    expect(v.jurisdiction_id).toBe('xining.gov.cn')
  })
  it('names the date field that has no zone or is impossible', () => {
    expect(bad({ start_date: '2026-11-01T00:00:00' })).toEqual([
      { code: 400, field: 'start_date', description: 'start_date must be an ISO 8601 datetime with a zone, e.g. 2026-11-26T00:00:00+08:00' },
    ])
    expect(fields(bad({ end_date: '2026-02-30T00:00:00Z' }))).toEqual(['end_date'])
    expect(fields(bad({ end_date: '2026-11-01' }))).toEqual(['end_date'])
  })
  it('refuses a start after the end; equal is fine', () => {
    expect(fields(bad({ start_date: '2026-11-02T00:00:00+08:00', end_date: '2026-11-01T00:00:00+08:00' }))).toEqual(['start_date'])
    expect(ok({ start_date: '2026-11-01T08:00:00+08:00', end_date: '2026-11-01T00:00:00Z' }).start_date).toBeInstanceOf(Date)
  })
  it('refuses a date given twice', () => {
    expect(fields(bad({ start_date: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'] }))).toEqual(['start_date'])
  })
  it('reads status as open and/or closed, comma-separated or repeated', () => {
    expect(ok({ status: 'open' }).status).toEqual(['open'])
    expect(ok({ status: 'open,closed' }).status).toEqual(['open', 'closed'])
    expect(ok({ status: ['closed', 'open', 'closed'] }).status).toEqual(['closed', 'open'])
    expect(ok({ status: 'OPEN' }).status).toEqual(['open'])
    expect(bad({ status: 'open,pending' })).toEqual([
      { code: 400, field: 'status', description: 'status must be open or closed (comma-separated for both), not pending' },
    ])
  })
  it('lists every problem at once', () => {
    const problems = bad({ start_date: 'yesterday', end_date: '2026-11-01', status: 'fixed', jurisdiction_id: ['a', 'b'] })
    expect(fields(problems)).toEqual(['start_date', 'end_date', 'status', 'jurisdiction_id'])
  })
  it('property: never throws', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('open', 'closed', '2026-11-01T00:00:00Z', '1,2', ''))
    const value = fc.oneof(fc.constant(undefined), text, fc.array(text, { maxLength: 3 }))
    const key = fc.oneof(fc.constantFrom('service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'jurisdiction_id', '__proto__'), fc.string())
    fc.assert(
      fc.property(fc.dictionary(key, value), (params) => {
        const r = parseRequestQuery(params)
        if (!r.ok) expect(r.problems.length).toBeGreaterThan(0)
      }),
      { numRuns: 500 },
    )
  })
})
