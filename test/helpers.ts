// Test helpers: a fresh database per test file on each backend, and the real HTTP app on top of it.
import fs from 'node:fs'
import { inject } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { openDatabase, type Backend } from '../server/infra/db/database.ts'
import type { AppDatabase, DB } from '../server/db-schema.ts'
import { buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'
import { openPostgresCopy } from './snapshot.ts'
import { testLoggerOptions } from './test-logs.ts'
import type { Role } from '../shared/roles.ts'
import { insertAccount, findAccountByUsername } from '../server/features/accounts/account.repository.ts'
import { newTotpSecret } from '../server/features/accounts/totp.ts'
import { createSession, markReauth, SESSION_COOKIE } from '../server/features/accounts/session.service.ts'
import { getSecurityPolicy } from '../server/features/accounts/security-policy.ts'

/** The backends integration tests run on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const BACKENDS: Backend[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])]

export interface TestDatabase {
  database: AppDatabase
  close(): Promise<void>
}

/** A private copy of the demo-seeded snapshot on `backend`, dropped on close. */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const buf = fs.readFileSync(inject('pgliteSnapshot'))
    const database = await openDatabase<DB>({ loadDataDir: new Blob([buf]) })
    return { database, close: () => database.close() }
  }
  return openPostgresCopy(process.env.DATABASE_URL!, inject('postgresTemplate'))
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance
}

/** Settings of apps under test: no console logs (they go to .cache/test-logs), rate limits out of the way. */
/** The data key of every test database (the snapshot's personal data is encrypted under it). */
export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64')

export const TEST_ENV = { LOG_LEVEL: 'info', FRONTLINE_RATE_LIMIT: '1000000', FRONTLINE_LOGIN_RATE_LIMIT: '1000000', FRONTLINE_DATA_KEY: TEST_DATA_KEY }

export interface TestAppOptions {
  /**
   * Make every request as a city-wide account of this role — of the city whose area code the URL
   * names first (test cities have their own roots), else the demo city — unless the request carries
   * its own cookie or Authorization header. For tests about something else than access; default: no one.
   */
  as?: Role | null
}

/** The real app (all routes, error handling, OpenAPI, auth) on a private database copy. */
export async function buildTestApp(backend: Backend, opts: TestAppOptions = {}): Promise<TestApp> {
  const t = await openTestDatabase(backend)
  const config = loadConfig({ ...process.env, ...TEST_ENV })
  const app = await buildApp({ config, database: t.database, logger: testLoggerOptions() })
  await app.ready()
  if (opts.as) {
    const role = opts.as
    const inject = app.inject.bind(app) as (o: unknown) => Promise<unknown>
    ;(app as unknown as { inject: unknown }).inject = async (o: string | { url?: string; headers?: Record<string, string> }) => {
      const o2: { url?: string; headers?: Record<string, string> } = typeof o === 'string' ? { url: o } : { ...o }
      const h = { ...(o2.headers ?? {}) }
      if (!('cookie' in h) && !('authorization' in h)) {
        let city = cityOfUrl(o2.url ?? '')
        const known = await t.database.db.selectFrom('area').select('code').where('code', '=', city).executeTakeFirst()
        if (!known) city = DEMO_CITY
        Object.assign(h, (await cityCaller(t, role, {}, city)).headers)
      }
      return inject({ ...o2, headers: h })
    }
  }
  return {
    ...t,
    app,
    async close() {
      await app.close()
      await t.close()
    },
  }
}

/** A password every test account gets unless told otherwise (passes the default MLPS policy). */
export const TEST_PASSWORD = 'Grid#Works-2026'

export interface TestAccount {
  id: number
  username: string
  password: string
  totpSecret: string
}

let accountSerial = 0

/** An active account that has changed its password and enrolled TOTP (ready to log in fully). */
export async function createTestAccount(
  t: TestDatabase,
  a: { role: Role; scopeCode: string; username?: string; phone?: string | null; displayName?: string },
): Promise<TestAccount> {
  const username = a.username ?? `t${process.pid}x${++accountSerial}${a.role.replace(/_/g, '')}`.slice(0, 40)
  const totpSecret = newTotpSecret()
  const id = await insertAccount(t.database.db, {
    username,
    displayName: a.displayName ?? `Test ${a.role}`,
    role: a.role,
    scopeCode: a.scopeCode,
    phone: a.phone ?? null,
    password: TEST_PASSWORD,
    mustChangePassword: false,
    totpSecret,
  })
  return { id, username, password: TEST_PASSWORD, totpSecret }
}

export interface Caller {
  /** Cookie and CSRF headers for app.inject. */
  headers: Record<string, string>
  cookie: string
  csrfToken: string
}

/**
 * A fully logged-in session of `username`, opened directly in the session store (the login steps
 * themselves are tested in auth.api.test.ts; TOTP codes can be used only once per 30 s, so other
 * tests must not go through them). `reauth` marks a fresh re-authentication.
 */
export async function loginAs(t: TestDatabase, username: string, opts: { reauth?: boolean } = {}): Promise<Caller> {
  const db = t.database.db
  const account = await findAccountByUsername(db, username)
  if (!account) throw new Error(`loginAs: no account ${username}`)
  const { token, session } = await createSession(
    db,
    { accountId: account.id, stage: 'active', source: '127.0.0.1', userAgent: 'vitest' },
    await getSecurityPolicy(db),
  )
  if (opts.reauth) await markReauth(db, session.idHash)
  const cookie = `${SESSION_COOKIE}=${token}`
  return { cookie, csrfToken: session.csrfToken, headers: { cookie, 'x-csrf-token': session.csrfToken } }
}

/** The demo city's root; tests scope city-wide accounts to it. */
export const DEMO_CITY = '630100'

/** A city-wide account of `role` (created once per test database) logged in; for tests not about scope. */
export async function cityCaller(
  t: TestDatabase,
  role: Role = 'city_admin',
  opts: { reauth?: boolean } = {},
  city = DEMO_CITY,
): Promise<Caller> {
  const cache = (cityCallers.get(t.database) ?? new Map<string, Promise<Caller>>()) as Map<string, Promise<Caller>>
  cityCallers.set(t.database, cache)
  const key = `${role}|${city}|${opts.reauth ? 'r' : ''}`
  let caller = cache.get(key)
  if (!caller) {
    caller = createTestAccount(t, { role, scopeCode: city }).then((a) => loginAs(t, a.username, opts))
    cache.set(key, caller)
  }
  return caller
}

/** The city (xxxx00) of the first area code in a URL, or the demo city. */
function cityOfUrl(url: string): string {
  const m = /(?:^|[/=])(\d{6,15})(?=$|[/?&.])/.exec(url)
  return m ? `${m[1]!.slice(0, 4)}00` : DEMO_CITY
}
const cityCallers = new WeakMap<object, Map<string, Promise<Caller>>>()
