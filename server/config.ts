// Configuration: read from the environment once, validated once, then passed down explicitly.
import net from 'node:net'
import path from 'node:path'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const ConfigSchema = Type.Object({
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /** Folder of the embedded database (PGlite). */
  dataDir: Type.String({ minLength: 1 }),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  logLevel: Type.Enum([...LOG_LEVELS]),
  /** Largest accepted request body in bytes (GeoJSON imports are the largest legitimate bodies). */
  bodyLimit: Type.Integer({ minimum: 1024, maximum: 512 * 1024 * 1024 }),
  /** Folder of the built web app served at `/`. */
  webDist: Type.String({ minLength: 1 }),
  /** Requests per minute per caller (account when signed in, else address) for the whole API. */
  rateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  /** Requests per minute per source address on the routes that opt in (login and its steps). */
  loginRateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  /**
   * Reverse proxies whose X-Forwarded-For is believed: addresses, CIDR ranges or the names
   * loopback, linklocal, uniquelocal. Empty: no proxy is trusted and the client address is the
   * socket's (X-Forwarded-For, X-Real-IP and Forwarded are ignored).
   */
  trustProxy: Type.Array(Type.String({ minLength: 1 })),
  /** Session cookie with the Secure attribute, HSTS and upgrade-insecure-requests (off only for plain-http LAN demos). */
  cookieSecure: Type.Boolean(),
  /**
   * The data key that encrypts personal data at rest (ID numbers, phones) and keys their blind
   * indexes: 32 random bytes in base64 (FRONTLINE_DATA_KEY). Keep it apart from the database and its
   * backups. When absent, the key lives in `dataKeyFile`, created on first start (owner-only).
   */
  dataKey: Type.Optional(Type.String({ minLength: 1 })),
  /** File holding the data key when FRONTLINE_DATA_KEY is not set (default: next to the data folder). */
  dataKeyFile: Type.String({ minLength: 1 }),
})

export type Config = Static<typeof ConfigSchema>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`)
    this.name = 'ConfigError'
  }
}

const ROOT = path.resolve(import.meta.dirname, '..')

/** Builds and validates the configuration from environment variables (and explicit overrides). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const num = (name: string, fallback: number): number | string => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    return /^\d+$/.test(raw) ? Number(raw) : raw
  }
  const bool = (name: string, fallback: boolean): boolean | string => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const v = raw.trim().toLowerCase()
    return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : raw
  }
  const candidate = {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.FRONTLINE_DATA_DIR || path.join(ROOT, 'data')),
    host: env.HOST || '127.0.0.1',
    port: num('PORT', 3000),
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: num('FRONTLINE_BODY_LIMIT', 64 * 1024 * 1024),
    webDist: path.resolve(env.FRONTLINE_WEB_DIST || path.join(ROOT, 'dist', 'web')),
    rateLimitPerMinute: num('FRONTLINE_RATE_LIMIT', 600),
    loginRateLimitPerMinute: num('FRONTLINE_LOGIN_RATE_LIMIT', 20),
    trustProxy: (env.FRONTLINE_TRUST_PROXY ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    cookieSecure: bool('FRONTLINE_COOKIE_SECURE', true),
    dataKey: env.FRONTLINE_DATA_KEY || undefined,
    dataKeyFile: path.resolve(env.FRONTLINE_DATA_KEY_FILE || `${path.resolve(env.FRONTLINE_DATA_DIR || path.join(ROOT, 'data'))}.key`),
    ...overrides,
  }
  const problems = [
    ...new Set([...Value.Errors(ConfigSchema, candidate)].map((e) => `${envName(e.instancePath)}: ${e.message}`)),
  ]
  if (Array.isArray(candidate.trustProxy)) {
    for (const entry of candidate.trustProxy) {
      if (typeof entry !== 'string' || entry === '') continue
      if (!isProxyAddress(entry)) {
        problems.push(`FRONTLINE_TRUST_PROXY: "${entry}" is not an IP address, a CIDR range (10.0.0.0/8) or one of ${PROXY_NAMES.join(', ')}`)
      } else if (/\/0+$/.test(entry)) {
        problems.push(`FRONTLINE_TRUST_PROXY: "${entry}" trusts every address, so any client could forge X-Forwarded-For; list the proxies`)
      }
    }
  }
  if (typeof candidate.dataKey === 'string') {
    const raw = Buffer.from(candidate.dataKey.trim(), 'base64')
    if (raw.length !== 32 || raw.toString('base64') !== candidate.dataKey.trim()) {
      problems.push('FRONTLINE_DATA_KEY: must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)')
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return candidate as Config
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/** An entry Fastify's trustProxy (proxy-addr) accepts: an address, address/prefix, address/netmask or a preset name. */
export function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true
  const [address = '', range, ...rest] = entry.split('/')
  const family = net.isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (range === undefined) return true
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128)
  if (family !== 4 || !net.isIPv4(range)) return false
  // A netmask: ones then zeros (255.255.240.0), at least one one, as proxy-addr requires.
  const mask = range.split('.').reduce((m, octet) => m * 256 + Number(octet), 0)
  const zeros = 2 ** 32 - 1 - mask
  return mask !== 0 && (zeros & (zeros + 1)) === 0
}

function envName(pointer: string): string {
  const names: Record<string, string> = {
    '/databaseUrl': 'DATABASE_URL',
    '/dataDir': 'FRONTLINE_DATA_DIR',
    '/host': 'HOST',
    '/port': 'PORT',
    '/logLevel': 'LOG_LEVEL',
    '/bodyLimit': 'FRONTLINE_BODY_LIMIT',
    '/webDist': 'FRONTLINE_WEB_DIST',
    '/rateLimitPerMinute': 'FRONTLINE_RATE_LIMIT',
    '/loginRateLimitPerMinute': 'FRONTLINE_LOGIN_RATE_LIMIT',
    '/trustProxy': 'FRONTLINE_TRUST_PROXY',
    '/cookieSecure': 'FRONTLINE_COOKIE_SECURE',
    '/dataKey': 'FRONTLINE_DATA_KEY',
    '/dataKeyFile': 'FRONTLINE_DATA_KEY_FILE',
  }
  if (pointer.startsWith('/trustProxy/')) return 'FRONTLINE_TRUST_PROXY'
  return names[pointer] ?? (pointer || 'config')
}

export const PROJECT_ROOT = ROOT
