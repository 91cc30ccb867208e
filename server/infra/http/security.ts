// HTTP security of the whole app: security headers (Content-Security-Policy and friends, through
// @fastify/helmet), rate limits (@fastify/rate-limit) and which client address is believed.
//
// Order matters (see docs/architecture.md, "HTTP security"): call registerSecurity() right after
// registerErrorHandling() and BEFORE the auth plugin and every route —
//   - the rate limiter attaches itself to each route as it is declared (onRoute), so a route declared
//     earlier is not limited;
//   - helmet sets its headers in an app-level onRequest hook; hooks run in registration order and an
//     onRequest hook that throws (the auth plugin's 401) skips the ones after it, so helmet must come
//     first for error answers to carry the headers too.
// The limiter's own hook is route-level (onRequest), and route-level hooks always run after every
// app-level one, so it sees `request.principal` set by the auth plugin and keys by account.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import helmet from '@fastify/helmet'
import rateLimit, { normalizeIP, type RateLimitOptions } from '@fastify/rate-limit'
import type { Config } from '../../config.ts'
import { AppError } from './errors.ts'

export type SecurityConfig = Pick<Config, 'rateLimitPerMinute' | 'loginRateLimitPerMinute' | 'cookieSecure'>

/**
 * Fastify's `trustProxy` option from FRONTLINE_TRUST_PROXY: false (the default) when no proxy is
 * configured — then `request.ip` is the socket's address and X-Forwarded-For, X-Real-IP and
 * Forwarded are ignored entirely (Fastify never reads the latter two; it reads X-Forwarded-For,
 * -Host and -Proto only from a trusted hop). Otherwise the list of trusted proxies: the client is the
 * first address in X-Forwarded-For, read from the right, that is not one of them.
 */
export function trustProxyOption(trustProxy: readonly string[]): false | string[] {
  return trustProxy.length > 0 ? [...trustProxy] : false
}

/**
 * The Content-Security-Policy of every answer (web app, API, Swagger UI). Nothing is loaded from
 * another origin: the map has no external basemap, glyphs and tiles come from our API.
 */
export function cspDirectives(cookieSecure: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    // No 'unsafe-inline', no 'unsafe-eval': Vite emits module scripts only, MapLibre GL 5 has no eval
    // (its worker starts from a blob: URL, see worker-src), Swagger UI's scripts are files.
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // Ant Design (cssinjs) and MapLibre inject <style> elements and style attributes at run time. A
    // nonce would need a per-request index.html (the web app is static files), and inline styles
    // cannot run code, so styles allow 'unsafe-inline'; scripts never do.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    // MapLibre runs its tile worker from a blob: URL; child-src for browsers without worker-src.
    'worker-src': ["'self'", 'blob:'],
    'child-src': ['blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'manifest-src': ["'self'"],
    // Only behind HTTPS: on a plain-http LAN demo it would send the browser to https:// and break.
    ...(cookieSecure ? { 'upgrade-insecure-requests': [] } : {}),
  }
}

/** Paths outside the rate limits (see isExempt). */
export const HEALTH_ROUTE = '/api/v1/health'

/**
 * Requests that no rate limit counts: the web app's static files and its client-side-route fallback
 * (cheap, and before login every caller behind one office NAT shares one address: 50 people opening
 * the app at 9:00 would otherwise exhaust it on JavaScript chunks), Swagger UI's static files, and the
 * health check (monitoring polls it; it reads nothing). Decided on the matched route, so a caller
 * cannot escape the limit by spelling an API path differently; API paths that only the web app's
 * catch-all route matches (unknown API routes, answered 404) still count.
 */
export function isExempt(request: FastifyRequest): boolean {
  const route = request.routeOptions.url
  if (route === undefined) return false
  if (route === HEALTH_ROUTE || route.startsWith('/api/docs/static/')) return true
  const api = (p: string) => p.startsWith('/api/') || p.startsWith('/open311/')
  return !api(route) && !api(request.url)
}

/** The key of the API-wide limit: the account when the caller is known, else the client address (IPv6 by /64). */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = (request as { principal?: { accountId?: number } | null }).principal
  if (principal && typeof principal.accountId === 'number') return `account:${principal.accountId}`
  return `address:${normalizeIP(request.ip)}`
}

const rateLimited = (seconds: number, what: string) =>
  new AppError('rate_limited', `Too many ${what}: try again in ${seconds} s`)

const LOGIN_LIMIT = Symbol('frontline.loginRateLimitPerMinute')
const DEFAULT_LOGIN_LIMIT = 20

/**
 * Route-level rate limit for the login steps: at most FRONTLINE_LOGIN_RATE_LIMIT requests per
 * minute per source address on each route that carries it, whoever is logged in. Put it on the route:
 *   `config: { auth: 'public', rateLimit: LOGIN_RATE_LIMIT }`
 * (login, TOTP, re-authentication: every route that checks a secret). The per-minute figure is the one
 * given to registerSecurity(). This throttles guessing from one address; the per-account lockout
 * (`login_locked`) throttles guessing of one account from many.
 */
export const LOGIN_RATE_LIMIT: RateLimitOptions = {
  max: (request) => (request.server as unknown as Record<symbol, number | undefined>)[LOGIN_LIMIT] ?? DEFAULT_LOGIN_LIMIT,
  timeWindow: 60_000,
  keyGenerator: (request) => `login-address:${normalizeIP(request.ip)}`,
  errorResponseBuilder: (_request, context) => rateLimited(Math.ceil(context.ttl / 1000), 'login attempts from this address'),
  onExceeded: (request) => request.log.warn({ limit: 'login' }, 'rate limit exceeded'),
}

/**
 * Route-level rate limit for anonymous writes (a resident's report, photo upload or rating on the
 * public page): the login figure per minute per source address, on top of the API-wide limit.
 */
export const PUBLIC_WRITE_RATE_LIMIT: RateLimitOptions = {
  max: (request) => (request.server as unknown as Record<symbol, number | undefined>)[LOGIN_LIMIT] ?? DEFAULT_LOGIN_LIMIT,
  timeWindow: 60_000,
  keyGenerator: (request) => `public-write:${normalizeIP(request.ip)}`,
  errorResponseBuilder: (_request, context) => rateLimited(Math.ceil(context.ttl / 1000), 'reports from this address'),
  onExceeded: (request) => request.log.warn({ limit: 'public_write' }, 'rate limit exceeded'),
}

/** Registers security headers and rate limits on the app. Call before the auth plugin and every route. */
export async function registerSecurity(app: FastifyInstance, config: SecurityConfig): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config.cookieSecure) },
    // Same-origin requests keep their Referer and, for writes, their Origin header (with
    // no-referrer a browser sends "Origin: null" on same-origin POSTs); other sites get nothing.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: { allow: false },
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
  })

  app.decorate(LOGIN_LIMIT, config.loginRateLimitPerMinute)
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    hook: 'onRequest',
    cache: 10_000,
    keyGenerator: rateLimitKey,
    allowList: (request) => isExempt(request),
    errorResponseBuilder: (_request, context) => rateLimited(Math.ceil(context.ttl / 1000), 'requests'),
    onExceeded: (request) => request.log.warn({ limit: 'api' }, 'rate limit exceeded'),
  })

  // API answers may carry personal data: no browser or proxy keeps them unless the route says
  // otherwise (tiles and glyphs set their own Cache-Control).
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
    return payload
  })
}
