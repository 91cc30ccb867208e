// The server log carries no personal data: requests through a real Fastify + pino pipeline into memory.
import Fastify, { type FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { scanText } from '../../../scripts/log-scan.js'
import { registerErrorHandling } from './error-handler.ts'
import { clientHash, loggerOptions, maskPersonalNumbers, queryNames, safePath, scrubMessage, serializeError, serializeRequest } from './logging.ts'

const PHONE = '13812345678'
const ID_NUMBER = '63010219900101123X'
const NAME = '张三'

const lines: string[] = []
const sink = { write: (line: string) => lines.push(line) }
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>)

let app: FastifyInstance
beforeAll(async () => {
  const a = Fastify({ logger: loggerOptions('info', sink) }).withTypeProvider<TypeBoxTypeProvider>()
  registerErrorHandling(a)
  a.get('/api/v1/people', async () => ({ people: [] }))
  a.get('/api/v1/people/:id', async () => ({ id: 1 }))
  a.post(
    '/api/v1/accounts',
    { schema: { body: Type.Object({ username: Type.String(), phone: Type.String({ pattern: '^1[3-9]\\d{9}$' }), age: Type.Integer() }) } },
    async () => ({ ok: true }),
  )
  a.post('/api/v1/auth/login', async (request) => {
    // A careless log call: redact blanks the secrets.
    request.log.info({ body: request.body, password: 'hunter2', user: { phone: PHONE, newPassword: 'n3w', idNumber: ID_NUMBER, token: 'flt_x' }, code: '654321' }, 'careless')
    return { ok: true }
  })
  a.get('/api/v1/boom', async () => {
    // What a database driver throws: the value is quoted in the message and repeated in `detail`.
    const err = Object.assign(new Error(`invalid input syntax for type bigint: "${PHONE}"`), {
      code: '22P02',
      detail: `Key (phone)=(${PHONE}) already exists.`,
      where: `SQL statement with ${ID_NUMBER}`,
      table: 'account',
      cause: new Error(`value ${ID_NUMBER} for 'id_number' is invalid`),
    })
    throw err
  })
  await a.ready()
  app = a
})
afterAll(() => app.close())
beforeEach(() => {
  lines.length = 0
})

/** Every line logged, as text: nothing personal may appear anywhere in it. */
function expectClean(): void {
  const text = lines.join('')
  for (const secret of [PHONE, ID_NUMBER, NAME, encodeURIComponent(NAME), 'hunter2', 'n3w', '123456', '654321', 'frontline_session', 's3ss10n', 'flt_', 'csrf-value', '127.0.0.1', 'remoteAddress', 'user-agent']) {
    expect(text, secret).not.toContain(secret)
  }
  expect(scanText(text)).toEqual([])
}

describe('the request log', () => {
  it('has method, path, route, query parameter names and a client hash — no values, headers or address', async () => {
    const res = await app.inject({
      url: `/api/v1/people?q=${encodeURIComponent(NAME)}&phone=${PHONE}&idNumber=${ID_NUMBER}&q=again`,
      headers: {
        cookie: 'frontline_session=s3ss10n',
        authorization: 'Bearer flt_abcdef',
        'x-csrf-token': 'csrf-value',
        'user-agent': 'user-agent-of-someone',
      },
    })
    expect(res.statusCode).toBe(200)
    const [incoming, completed] = logged()
    expect(incoming).toMatchObject({ msg: 'incoming request', reqId: expect.any(String) })
    expect(incoming!.req).toEqual({
      method: 'GET',
      path: '/api/v1/people',
      route: '/api/v1/people',
      queryNames: ['q', 'phone', 'idNumber'],
      client: expect.stringMatching(/^[0-9a-f]{8}$/),
    })
    expect(completed).toMatchObject({ msg: 'request completed', res: { statusCode: 200 } })
    expect(Object.keys(completed!.res as object)).toEqual(['statusCode'])
    expectClean()
  })

  it('masks phone and ID numbers in a path (unknown routes log whatever was asked)', async () => {
    await app.inject({ url: `/api/v1/lookup/${PHONE}/${ID_NUMBER}?x=1` })
    const req = logged()[0]!.req as Record<string, unknown>
    expect(req.path).toBe('/api/v1/lookup/[phone]/[id-number]')
    expect(req.route).toBeUndefined()
    expectClean()
  })

  it('logs no body or validation value when a request is rejected', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { username: NAME, phone: `${PHONE}9`, age: ID_NUMBER } })
    expect(res.statusCode).toBe(400)
    const text = lines.join('')
    expect(text).not.toContain(`${PHONE}9`)
    expectClean()
  })

  it('redacts secret and personal fields that a careless log call passes', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'li', password: 'hunter2', code: '123456' } })
    const careless = logged().find((l) => l.msg === 'careless')!
    expect(careless).toMatchObject({ body: '[Redacted]', password: '[Redacted]', code: '[Redacted]', user: { phone: '[Redacted]', newPassword: '[Redacted]', idNumber: '[Redacted]', token: '[Redacted]' } })
    expectClean()
  })

  it('logs an unknown error by type, code and stack, with the values in its message masked and no driver detail', async () => {
    const res = await app.inject({ url: '/api/v1/boom' })
    expect(res.statusCode).toBe(500)
    expect(res.json().error.code).toBe('internal_error')
    const entry = logged().find((l) => l.msg === 'unhandled error')!
    expect(entry.level).toBe(50)
    const err = entry.err as Record<string, unknown>
    expect(err).toMatchObject({ type: 'Error', code: '22P02', table: 'account', message: 'invalid input syntax for type bigint: "…"' })
    expect(err.stack).toMatch(/^\s+at /)
    expect(err.detail).toBeUndefined()
    expect(err.where).toBeUndefined()
    expect((err.cause as Record<string, unknown>).message).toBe("value [id-number] for '…' is invalid")
    expectClean()
  })
})

describe('log helpers', () => {
  it('keep only well-formed query parameter names', () => {
    expect(queryNames('/a')).toBeUndefined()
    expect(queryNames('/a?')).toBeUndefined()
    expect(queryNames('/a?b=1&c&b=2&d[0]=x')).toEqual(['b', 'c', 'd[0]'])
    expect(queryNames(`/a?${PHONE}=1&${encodeURIComponent(NAME)}=2&ok=3`)).toEqual(['?', 'ok'])
  })

  it('cut the query string and mask numbers in the path', () => {
    expect(safePath('/api/v1/areas/630102001001001?q=x')).toBe('/api/v1/areas/630102001001001')
    expect(safePath(`/x/${PHONE}`)).toBe('/x/[phone]')
    expect(safePath(`/${'a'.repeat(400)}`)).toHaveLength(301)
  })

  it('mask phone and ID numbers standing alone, not area codes, hashes or decimals', () => {
    expect(maskPersonalNumbers(`tel ${PHONE}, id ${ID_NUMBER.toLowerCase()}`)).toBe('tel [phone], id [id-number]')
    for (const keep of ['630102001001', '630102001001001', `a${PHONE}`, `${PHONE}0`, `0.${PHONE}`, '1732601234567']) {
      expect(maskPersonalNumbers(keep)).toBe(keep)
    }
  })

  it('scrub quoted values out of driver messages', () => {
    expect(scrubMessage('Key (phone, name)=(13812345678, 张三) already exists')).toBe('Key (phone, name)=(…) already exists')
    expect(scrubMessage(`duplicate "x" and 'y' and "a \\"quoted\\" b"`)).toBe(`duplicate "…" and '…' and "…"`)
    expect(scrubMessage(scrubMessage('invalid "13812345678"'))).toBe('invalid "…"')
  })

  it('serialize errors idempotently and never throw on odd values', () => {
    const once = serializeError(Object.assign(new Error('bad "v"'), { code: 'X', detail: 'secret' }))!
    expect(serializeError(once)).toEqual(once)
    expect(serializeError(undefined)).toBeUndefined()
    expect(serializeError('text "v"')).toEqual({ type: 'string', message: 'text "…"' })
  })

  it('hash a client address the same way within a day, differently for another address', () => {
    expect(clientHash('192.0.2.1')).toBe(clientHash('192.0.2.1'))
    expect(clientHash('192.0.2.1')).not.toBe(clientHash('192.0.2.2'))
    expect(clientHash(undefined)).toBeUndefined()
  })

  it('serialize a raw Node request too', () => {
    expect(serializeRequest({ method: 'GET', url: '/a?b=c', socket: { remoteAddress: '192.0.2.1' } })).toEqual({
      method: 'GET',
      path: '/a',
      queryNames: ['b'],
      client: clientHash('192.0.2.1'),
    })
  })
})
