// HTTP security on a minimal app (the plugin, the error handling, Swagger UI, a static page and
// dummy routes), independent of the accounts feature: headers, rate limits, client address.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from './errors.ts'
import { registerErrorHandling } from './error-handler.ts'
import { LOGIN_RATE_LIMIT, registerSecurity, trustProxyOption, type SecurityConfig } from './security.ts'

const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-security-'))
fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script>')
fs.mkdirSync(path.join(webDir, 'assets'))
fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)')
afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }))

interface BuildOptions extends Partial<SecurityConfig> {
  trustProxy?: string[]
  /** A stand-in for the auth plugin: sets request.principal from the x-test-account header, 401 on x-test-reject. */
  fakeAuth?: boolean
}

/** The app's plumbing in the order app.ts must use: error handling, security, (auth), docs, routes, web. */
async function buildSecureApp(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: trustProxyOption(opts.trustProxy ?? []) })
  registerErrorHandling(app)
  await registerSecurity(app, {
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 600,
    loginRateLimitPerMinute: opts.loginRateLimitPerMinute ?? 20,
    cookieSecure: opts.cookieSecure ?? true,
  })
  if (opts.fakeAuth) {
    app.decorateRequest('principal', null)
    app.addHook('onRequest', async (request) => {
      if (request.headers['x-test-reject']) throw new AppError('unauthenticated', 'Log in first')
      const id = request.headers['x-test-account']
      ;(request as unknown as { principal: { accountId: number } | null }).principal = id ? { accountId: Number(id) } : null
    })
  }
  await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 'Test API', version: '1' } } })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/v1/health', async () => ({ status: 'ok' }))
  app.get('/api/v1/things', async () => ({ things: [] }))
  app.get('/api/v1/cached', async (_req, reply) => reply.header('cache-control', 'public, no-cache').send({ ok: true }))
  app.get('/api/v1/whoami', async (request) => ({ ip: request.ip, ips: request.ips ?? null, hostname: request.hostname, protocol: request.protocol }))
  app.post('/api/v1/auth/login', { config: { rateLimit: LOGIN_RATE_LIMIT } }, async () => ({ ok: true }))
  app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] })
  app.get('/*', async (_request, reply) => reply.sendFile('index.html'))
  await app.ready()
  return app
}

function cspOf(headers: Record<string, unknown>): Map<string, string[]> {
  const csp = String(headers['content-security-policy'] ?? '')
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/)
        return [name, values] as const
      }),
  )
}

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  const csp = cspOf(headers)
  expect(csp.get('default-src')).toEqual(["'self'"])
  expect(csp.get('script-src')).toEqual(["'self'"])
  expect(csp.get('object-src')).toEqual(["'none'"])
  expect(csp.get('base-uri')).toEqual(["'none'"])
  expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  expect(csp.get('form-action')).toEqual(["'self'"])
  expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
  expect(csp.get('worker-src')).toEqual(["'self'", 'blob:'])
  expect(csp.get('child-src')).toEqual(['blob:'])
  expect(csp.get('connect-src')).toEqual(["'self'"])
  expect(csp.get('font-src')).toEqual(["'self'", 'data:'])
  expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
  expect(String(headers['content-security-policy'])).not.toMatch(/unsafe-eval/)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('same-origin')
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['cross-origin-opener-policy']).toBe('same-origin')
  expect(headers['cross-origin-resource-policy']).toBe('same-origin')
}

describe('security headers', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildSecureApp({ fakeAuth: true })
  })
  afterAll(() => app.close())

  it('are on an HTML page of the web app, its assets and its client-side routes', async () => {
    for (const url of ['/', '/assets/app.js', '/coverage/630100']) {
      const res = await app.inject({ url })
      expect(res.statusCode, url).toBe(200)
      expectSecurityHeaders(res.headers)
    }
    expect((await app.inject({ url: '/' })).headers['content-type']).toMatch(/text\/html/)
  })

  it('are on API answers: JSON, errors thrown before the handler and 404s', async () => {
    const ok = await app.inject({ url: '/api/v1/things' })
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['content-type']).toMatch(/application\/json/)
    expectSecurityHeaders(ok.headers)

    // The auth plugin's 401 is thrown in an onRequest hook registered after registerSecurity.
    const rejected = await app.inject({ url: '/api/v1/things', headers: { 'x-test-reject': '1' } })
    expect(rejected.statusCode).toBe(401)
    expectSecurityHeaders(rejected.headers)

    const missing = await app.inject({ method: 'DELETE', url: '/api/v1/nothing-here' })
    expect(missing.statusCode).toBe(404)
    expectSecurityHeaders(missing.headers)
  })

  it('send HSTS and upgrade-insecure-requests only when cookies are Secure (HTTPS)', async () => {
    const secure = await app.inject({ url: '/api/v1/health' })
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(cspOf(secure.headers).has('upgrade-insecure-requests')).toBe(true)

    const lan = await buildSecureApp({ cookieSecure: false })
    try {
      const res = await lan.inject({ url: '/' })
      expect(res.headers['strict-transport-security']).toBeUndefined()
      expect(cspOf(res.headers).has('upgrade-insecure-requests')).toBe(false)
      expectSecurityHeaders(res.headers)
    } finally {
      await lan.close()
    }
  })

  it('keep API answers out of caches unless the route sets its own Cache-Control', async () => {
    expect((await app.inject({ url: '/api/v1/things' })).headers['cache-control']).toBe('no-store')
    expect((await app.inject({ url: '/api/v1/cached' })).headers['cache-control']).toBe('public, no-cache')
    expect((await app.inject({ url: '/api/v1/things', headers: { 'x-test-reject': '1' } })).headers['cache-control']).toBe('no-store')
  })

  it('leave the Swagger UI at /api/docs working: its page, every asset it loads, and the spec', async () => {
    for (const url of ['/api/docs', '/api/docs/']) {
      const page = await app.inject({ url })
      expect(page.statusCode, url).toBe(200)
      expect(page.headers['content-type']).toMatch(/text\/html/)
      expectSecurityHeaders(page.headers)
      const html = page.body
      // script-src 'self' allows no inline script: every script must be a file of this origin.
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      expect(scripts.length).toBeGreaterThan(0)
      for (const [, attrs = '', body = ''] of scripts) {
        expect(attrs).toMatch(/\bsrc="/)
        expect(body.trim()).toBe('')
      }
      expect(html).not.toMatch(/\son[a-z]+=/i) // no inline event handlers (script-src-attr 'none')
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
      expect(assets.length).toBeGreaterThanOrEqual(5)
      for (const asset of assets) {
        expect(asset, 'same origin').not.toMatch(/^(https?:)?\/\//)
        const resolved = new URL(asset, `http://localhost${url}`).pathname
        const res = await app.inject({ url: resolved })
        expect(res.statusCode, resolved).toBe(200)
      }
    }
    const spec = await app.inject({ url: '/api/docs/json' })
    expect(spec.statusCode).toBe(200)
    expect(spec.json()).toMatchObject({ openapi: '3.0.3' })
  })
})

describe('rate limits', () => {
  it('answer 429 in the API error shape with Retry-After once a caller exceeds the limit', async () => {
    const app = await buildSecureApp({ rateLimitPerMinute: 3 })
    try {
      for (let i = 0; i < 3; i++) {
        const res = await app.inject({ url: '/api/v1/things' })
        expect(res.statusCode).toBe(200)
        expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i))
      }
      const limited = await app.inject({ url: '/api/v1/things' })
      expect(limited.statusCode).toBe(429)
      expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^Too many requests: try again in \d+ s$/), details: [] } })
      const retryAfter = Number(limited.headers['retry-after'])
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expectSecurityHeaders(limited.headers)
      // The limit is for the whole API, not per route.
      expect((await app.inject({ url: '/api/v1/whoami' })).statusCode).toBe(429)
      expect((await app.inject({ url: '/api/docs/json' })).statusCode).toBe(429)
      expect((await app.inject({ url: '/api/v1/unknown' })).statusCode).toBe(429)
    } finally {
      await app.close()
    }
  })

  it('count each address separately, and each account separately whatever its address', async () => {
    const app = await buildSecureApp({ rateLimitPerMinute: 2, fakeAuth: true })
    try {
      const get = (remoteAddress: string, account?: number) =>
        app.inject({ url: '/api/v1/things', remoteAddress, headers: account ? { 'x-test-account': String(account) } : {} })
      expect((await get('10.0.0.1')).statusCode).toBe(200)
      expect((await get('10.0.0.1')).statusCode).toBe(200)
      expect((await get('10.0.0.1')).statusCode).toBe(429)
      expect((await get('10.0.0.2')).statusCode).toBe(200)
      // Signed in, the caller is its account: a fresh budget behind the exhausted address…
      expect((await get('10.0.0.1', 7)).statusCode).toBe(200)
      // …shared by every address the account uses, and not shared with other accounts.
      expect((await get('10.0.0.3', 7)).statusCode).toBe(200)
      expect((await get('10.0.0.4', 7)).statusCode).toBe(429)
      expect((await get('10.0.0.1', 8)).statusCode).toBe(200)
      // IPv6 callers are counted by /64 (one host can use any address of its subnet).
      expect((await get('2001:db8:1:2::1')).statusCode).toBe(200)
      expect((await get('2001:db8:1:2::ffff')).statusCode).toBe(200)
      expect((await get('2001:db8:1:2:abcd::9')).statusCode).toBe(429)
      expect((await get('2001:db8:1:3::1')).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })

  it('leave the web app, Swagger UI files and the health check out of the count', async () => {
    const app = await buildSecureApp({ rateLimitPerMinute: 1 })
    try {
      expect((await app.inject({ url: '/api/v1/things' })).statusCode).toBe(200)
      expect((await app.inject({ url: '/api/v1/things' })).statusCode).toBe(429)
      for (const url of ['/', '/assets/app.js', '/map/630100', '/api/docs/static/swagger-ui.css', '/api/v1/health']) {
        for (let i = 0; i < 3; i++) expect((await app.inject({ url })).statusCode, url).toBe(200)
      }
      // A differently spelled path does not escape: the decision is on the matched route.
      expect((await app.inject({ url: '/api/v1/things?x=/api/v1/health' })).statusCode).toBe(429)
    } finally {
      await app.close()
    }
  })

  it('limit a login route per source address with its own, stricter budget', async () => {
    const app = await buildSecureApp({ rateLimitPerMinute: 100, loginRateLimitPerMinute: 2, fakeAuth: true })
    try {
      const login = (remoteAddress: string, account?: number) =>
        app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: account ? { 'x-test-account': String(account) } : {}, payload: {} })
      expect((await login('10.0.0.1')).statusCode).toBe(200)
      expect((await login('10.0.0.1', 5)).statusCode).toBe(200)
      // Per address, whichever session the caller has.
      const limited = await login('10.0.0.1', 6)
      expect(limited.statusCode).toBe(429)
      expect(limited.json().error).toMatchObject({ code: 'rate_limited', details: [] })
      expect(limited.json().error.message).toMatch(/login attempts from this address/)
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
      expect((await login('10.0.0.2')).statusCode).toBe(200)
      // The rest of the API still answers that address.
      expect((await app.inject({ url: '/api/v1/things', remoteAddress: '10.0.0.1' })).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })
})

describe('client address', () => {
  const spoofed = {
    'x-forwarded-for': '203.0.113.9, 198.51.100.7',
    'x-real-ip': '203.0.113.9',
    forwarded: 'for=203.0.113.9;proto=https;host=evil.example',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
  }

  it('ignores X-Forwarded-For, X-Real-IP and Forwarded when no proxy is trusted (the default)', async () => {
    const app = await buildSecureApp()
    try {
      const res = await app.inject({ url: '/api/v1/whoami', remoteAddress: '192.0.2.10', headers: { ...spoofed, host: 'frontline.test' } })
      expect(res.json()).toEqual({ ip: '192.0.2.10', ips: null, hostname: 'frontline.test', protocol: 'http' })
    } finally {
      await app.close()
    }
  })

  it('spoofed headers do not buy a fresh rate-limit budget', async () => {
    const app = await buildSecureApp({ rateLimitPerMinute: 1 })
    try {
      expect((await app.inject({ url: '/api/v1/things', remoteAddress: '192.0.2.10' })).statusCode).toBe(200)
      for (const ip of ['203.0.113.1', '203.0.113.2']) {
        const res = await app.inject({ url: '/api/v1/things', remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': ip, 'x-real-ip': ip, forwarded: `for=${ip}` } })
        expect(res.statusCode).toBe(429)
      }
    } finally {
      await app.close()
    }
  })

  it('believes X-Forwarded-For only from a configured proxy, and only the hops it vouches for', async () => {
    const app = await buildSecureApp({ trustProxy: ['10.0.0.0/8'] })
    try {
      const viaProxy = await app.inject({ url: '/api/v1/whoami', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '198.51.100.7, 10.9.9.9' } })
      expect(viaProxy.json().ip).toBe('198.51.100.7')
      // A client that adds its own X-Forwarded-For gets the proxy's view: the address the proxy saw.
      const forged = await app.inject({ url: '/api/v1/whoami', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' } })
      expect(forged.json().ip).toBe('198.51.100.7')
      const direct = await app.inject({ url: '/api/v1/whoami', remoteAddress: '192.0.2.10', headers: spoofed })
      expect(direct.json().ip).toBe('192.0.2.10')
    } finally {
      await app.close()
    }
  })

  it('maps an empty FRONTLINE_TRUST_PROXY to trustProxy: false', () => {
    expect(trustProxyOption([])).toBe(false)
    expect(trustProxyOption(['127.0.0.1', '10.0.0.0/8'])).toEqual(['127.0.0.1', '10.0.0.0/8'])
  })
})
