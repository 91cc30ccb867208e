// The cost of knowing who asks: the same area read with the auth hook (session lookup, fresh account,
// permission), the scope check and an audit write per request, against the bare read with all of it
// switched off — two Fastify apps on one database, measured in the same run. A middle figure (auth and
// scope, no audit) splits the cost.
import Fastify, { type FastifyInstance } from 'fastify'
import { ErrorResponseSchema } from '../server/infra/http/errors.ts'
import { registerErrorHandling } from '../server/infra/http/error-handler.ts'
import { registerAuth } from '../server/features/accounts/index.ts'
import { insertAccount } from '../server/features/accounts/account.repository.ts'
import { createSession, SESSION_COOKIE } from '../server/features/accounts/session.service.ts'
import { getSecurityPolicy } from '../server/features/accounts/security-policy.ts'
import { getAreaDetail } from '../server/features/areas/area.repository.ts'
import type { AppDatabase } from '../server/db-schema.ts'
import { BENCH_BACKENDS, fmt, openSeeded } from './lib.ts'

const REQUESTS = 600
const CONCURRENCY = 8

type Mode = 'bare' | 'scoped' | 'scoped+audited'

async function appFor(database: AppDatabase, mode: Mode): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  registerErrorHandling(app)
  app.addSchema(ErrorResponseSchema)
  if (mode !== 'bare') await registerAuth(app, { database, cookieSecure: true })
  app.get<{ Params: { code: string } }>('/api/v1/bench/areas/:code', { config: { permission: 'area.read' } }, async (request) => {
    const code = request.params.code
    if (mode !== 'bare') await request.scope.requireArea(code)
    const detail = await getAreaDetail(database.db, code)
    if (mode === 'scoped+audited') await request.audit({ action: 'area.read', target: `area:${code}`, outcome: 'success' })
    return detail
  })
  await app.ready()
  return app
}

/** Requests per second over REQUESTS reads of `codes` (round robin), CONCURRENCY at a time. */
async function throughput(app: FastifyInstance, codes: string[], headers: Record<string, string>): Promise<number> {
  let next = 0
  const worker = async () => {
    while (next < REQUESTS) {
      const code = codes[next++ % codes.length]!
      const res = await app.inject({ url: `/api/v1/bench/areas/${code}`, headers })
      if (res.statusCode !== 200) throw new Error(`bench read ${code}: ${res.statusCode} ${res.body}`)
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return REQUESTS / ((performance.now() - t0) / 1000)
}

export async function run(): Promise<void> {
  console.log(`\n== Scoped, audited read vs the bare read (${REQUESTS} requests, ${CONCURRENCY} at a time) ==`)
  for (const backend of BENCH_BACKENDS) {
    const { database, close } = await openSeeded(backend)
    try {
      const db = database.db
      const codes = (await db.selectFrom('area').select('code').where('path', 'like', '630100.630102.630102001.%').where('level', '=', 'grid').limit(50).execute()).map((r) => r.code)
      const id = await insertAccount(db, {
        username: 'bench.street',
        displayName: 'bench',
        role: 'street_staff',
        scopeCode: '630102001',
        password: 'Bench#Pass-2026',
        mustChangePassword: false,
        totpSecret: 'JBSWY3DPEHPK3PXP',
      })
      const { token } = await createSession(db, { accountId: id, stage: 'active', source: null, userAgent: 'bench' }, await getSecurityPolicy(db))
      const headers = { cookie: `${SESSION_COOKIE}=${token}` }
      const apps = { bare: await appFor(database, 'bare'), scoped: await appFor(database, 'scoped'), audited: await appFor(database, 'scoped+audited') }
      // Warm up each, then alternate the measured rounds so drift hits all three alike.
      for (const app of Object.values(apps)) await throughput(app, codes, headers)
      const rates = { bare: [] as number[], scoped: [] as number[], audited: [] as number[] }
      for (let round = 0; round < 3; round++) {
        for (const k of ['bare', 'scoped', 'audited'] as const) rates[k].push(await throughput(apps[k], codes, headers))
      }
      const best = (xs: number[]) => xs.sort((a, b) => b - a)[1]! // the median of three
      const bare = best(rates.bare)
      const line = (name: string, rps: number) =>
        console.log(`  ${backend} ${name.padEnd(34)} ${fmt(rps).padStart(8)} req/s   ${(rps / bare).toFixed(2).padStart(5)}× bare read (${fmt(bare)} req/s)`)
      line('auth + scope check', best(rates.scoped))
      line('auth + scope check + audit write', best(rates.audited))
      for (const app of Object.values(apps)) await app.close()
    } finally {
      await close()
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
