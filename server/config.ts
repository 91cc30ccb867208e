// Configuration: read from the environment once, validated once, then passed down explicitly.
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
  const candidate = {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.FRONTLINE_DATA_DIR || path.join(ROOT, 'data')),
    host: env.HOST || '127.0.0.1',
    port: num('PORT', 3000),
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: num('FRONTLINE_BODY_LIMIT', 64 * 1024 * 1024),
    webDist: path.resolve(env.FRONTLINE_WEB_DIST || path.join(ROOT, 'dist', 'web')),
    ...overrides,
  }
  const problems = [
    ...new Set([...Value.Errors(ConfigSchema, candidate)].map((e) => `${envName(e.instancePath)}: ${e.message}`)),
  ]
  if (problems.length > 0) throw new ConfigError(problems)
  return candidate as Config
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
  }
  return names[pointer] ?? (pointer || 'config')
}

export const PROJECT_ROOT = ROOT
