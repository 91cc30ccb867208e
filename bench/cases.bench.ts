// Cases (issue 5), each figure against a baseline measured in the same run:
//   intake   — case reports through the real HTTP API (session, CSRF, validation, grid assignment by
//              PostGIS, audit, one transaction with the event) over a real socket from CONCURRENCY
//              grid workers at a time, each with their own session: sustained requests per second and p99, against a bare Fastify route on the same
//              machine that parses the same JSON and answers 201;
//   sweep    — the time-limit sweep with BENCH_OPEN_CASES open cases (default 1,000,000) of which a
//              tenth are past due: the sweep (conditional update + event per case, in batches), against
//              a bare UPDATE of the same rows; and the idle sweep (nothing due) against a count of the
//              open cases;
//   inbox / metrics — at a year of demo cases (BENCH_YEAR_CASES, default 200,000): p95 of the inbox
//              counts and lists of a community and a district, and of the metrics of the city and a
//              district, against a plain GROUP BY over the case table.
// Run: npm run bench -- cases (DATABASE_URL for PostgreSQL as well; BENCH_CASES_PARTS=intake,sweep,year to choose).
import Fastify from 'fastify'
import { sql, type Kysely } from 'kysely'
import { buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'
import type { AppDatabase, DB } from '../server/db-schema.ts'
import { insertAccount } from '../server/features/accounts/account.repository.ts'
import { createSession, SESSION_COOKIE } from '../server/features/accounts/session.service.ts'
import { getSecurityPolicy } from '../server/features/accounts/security-policy.ts'
import { sweepOverdue } from '../server/features/cases/sweep.ts'
import { seedDemoCases } from '../server/features/demo/demo-cases.ts'
import { inboxCounts, listCases } from '../server/features/cases/case-read.ts'
import { caseMetrics } from '../server/features/cases/metrics.ts'
import type { CaseContext } from '../server/features/cases/case.service.ts'
import { ScopeGuard } from '../server/features/accounts/index.ts'
import { FieldCipher, parseDataKey } from '../server/infra/crypto/field-cipher.ts'
import { TEST_DATA_KEY } from '../test/helpers.ts'
import { ROLE_PERMISSIONS, type Role } from '../shared/roles.ts'
import { TEST_ENV } from '../test/helpers.ts'
import { BENCH_BACKENDS, fmt, openSeeded, quantile, report, timeRuns } from './lib.ts'

const INTAKE_REQUESTS = Number(process.env.BENCH_INTAKE_REQUESTS ?? 3000)
const CONCURRENCY = 16
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 1_000_000)
const YEAR_CASES = Number(process.env.BENCH_YEAR_CASES ?? 200_000)
const GRID = '630103001003001'
/** Which parts to run (default all): BENCH_CASES_PARTS=intake,sweep,year */
const PARTS = (process.env.BENCH_CASES_PARTS ?? 'intake,sweep,year').split(',')

/** Sends `n` POSTs of `body()` to `url`, `CONCURRENCY` at a time; requests per second and latencies. */
async function load(url: string, headersOf: (client: number) => Record<string, string>, body: () => unknown, n: number): Promise<{ rps: number; p50: number; p99: number }> {
  let next = 0
  const latencies: number[] = []
  const worker = async (client: number) => {
    const headers = headersOf(client)
    while (next < n) {
      next++
      const t0 = performance.now()
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body()) })
      const text = await res.text()
      if (res.status !== 201) throw new Error(`intake: ${res.status} ${text}`)
      latencies.push(performance.now() - t0)
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => worker(k)))
  const seconds = (performance.now() - t0) / 1000
  latencies.sort((a, b) => a - b)
  return { rps: n / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) }
}

async function intake(database: AppDatabase): Promise<void> {
  const db = database.db
  const points = (
    await sql<{ lon: number; lat: number }>`
      SELECT ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM current_area a, LATERAL ST_Dump(ST_GeneratePoints(a.geom, 50, 7)) p
      WHERE a.code = ${GRID}`.execute(db)
  ).rows
  // One grid worker per concurrent client, as in the street: each phone has its own session.
  const sessions: Record<string, string>[] = []
  for (let k = 0; k < CONCURRENCY; k++) {
    const id = await insertAccount(db, { username: `bench.worker${k}`, displayName: 'bench', role: 'grid_worker', scopeCode: GRID, password: 'Bench#Works-2026', mustChangePassword: false })
    const { token, session } = await createSession(db, { accountId: id, stage: 'active', source: '127.0.0.1', userAgent: 'bench' }, await getSecurityPolicy(db))
    sessions.push({ cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': session.csrfToken })
  }
  let i = 0
  const body = () => ({ category: 'environment.garbage', description: `暴露垃圾 ${i}`, location: points[i++ % points.length] })

  const app = await buildApp({ config: loadConfig({ ...process.env, ...TEST_ENV, LOG_LEVEL: 'warn' }), database, logger: false })
  const bare = Fastify({ logger: false })
  bare.post('/api/v1/cases', async (_request, reply) => reply.code(201).send({ id: 1, number: '000000-AAAAAA', state: 'reported' }))
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' })
  try {
    const signedIn = (k: number) => sessions[k]!
    const none = () => ({})
    await load(`${appUrl}/api/v1/cases`, signedIn, body, 100) // warm-up
    await load(`${bareUrl}/api/v1/cases`, none, body, 300)
    const real = await load(`${appUrl}/api/v1/cases`, signedIn, body, INTAKE_REQUESTS)
    const base = await load(`${bareUrl}/api/v1/cases`, none, body, INTAKE_REQUESTS)
    console.log(`intake: reports through the API  ${real.rps.toFixed(0).padStart(7)} req/s   p50 ${fmt(real.p50)} ms   p99 ${fmt(real.p99)} ms`)
    console.log(`        bare Fastify route         ${base.rps.toFixed(0).padStart(7)} req/s   p50 ${fmt(base.p50)} ms   p99 ${fmt(base.p99)} ms`)
    console.log(`        → ${(real.rps / base.rps).toFixed(3)}× the bare route's throughput; p99 ${(real.p99 / base.p99).toFixed(1)}× the bare route's`)
  } finally {
    await app.close()
    await bare.close()
  }
}

/** Writes `n` open cases in the grids of 城中区, a tenth of them past due (in SQL: no client round trips). */
async function seedOpenCases(db: Kysely<DB>, n: number): Promise<void> {
  await sql`
    INSERT INTO civic_case (number, state, category, urgency, title, description, source, grid_code, holder_level, holder_code,
      step, step_started_at, limit_amount, limit_unit, warn_at, due_at, red_at, created_at, updated_at, version)
    SELECT lpad((i % 1000000)::text, 6, '0') || '-' || translate(lpad(upper(to_hex(i)), 6, '0'), '01', 'GH'), 'reported', 'environment.garbage', 'normal', '暴露垃圾', '暴露垃圾',
      'grid_worker', g.code, 'community', substring(g.code, 1, 12), 'accept', now() - interval '3 days', 2, 'working_days',
      CASE WHEN i % 10 = 0 THEN now() - interval '2 days' ELSE now() + interval '2 days' END,
      CASE WHEN i % 10 = 0 THEN now() - interval '1 day' ELSE now() + interval '3 days' END,
      CASE WHEN i % 10 = 0 THEN now() + interval '1 day' ELSE now() + interval '5 days' END,
      now() - interval '3 days', now() - interval '3 days', 1
    FROM (SELECT array_agg(code ORDER BY code) AS codes FROM area WHERE level = 'grid' AND code LIKE '630103%') grids,
      generate_series(1, ${n}) i,
      LATERAL (SELECT grids.codes[1 + i % array_length(grids.codes, 1)] AS code) g`.execute(db)
  await sql`INSERT INTO case_event (case_id, seq, at, action, to_state, actor, party) SELECT id, 1, created_at, 'report', 'reported', 'bench', 'reporter' FROM civic_case WHERE reporter IS NULL`.execute(db)
  await sql`ANALYZE civic_case`.execute(db)
}

async function sweep(database: AppDatabase, backend: string): Promise<void> {
  const db = database.db
  const t0 = performance.now()
  await seedOpenCases(db, OPEN_CASES)
  console.log(`sweep: ${OPEN_CASES.toLocaleString('en')} open cases written in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${backend}`)
  const now = new Date()
  // Baseline: a bare UPDATE of the rows the sweep will urge, in a transaction rolled back.
  let bareMs = 0
  await db
    .transaction()
    .execute(async (trx) => {
      const b0 = performance.now()
      await sql`UPDATE civic_case SET auto_level = 1 WHERE auto_level = 0 AND step IS NOT NULL AND due_at <= ${now}`.execute(trx)
      bareMs = performance.now() - b0
      throw new Error('rollback')
    })
    .catch((err: Error) => {
      if (err.message !== 'rollback') throw err
    })
  const s0 = performance.now()
  const r = await sweepOverdue(db, { now })
  const sweepMs = performance.now() - s0
  console.log(`sweep: urged ${r.overdue.toLocaleString('en')} overdue cases in ${r.batches} batches`)
  report('sweep of 1/10 due (update + event per case)', sweepMs, 'bare UPDATE of the same rows', bareMs)
  const idle = await timeRuns(() => sweepOverdue(db, { now }), 5)
  const count = await timeRuns(() => sql`SELECT count(*) FROM civic_case WHERE step IS NOT NULL`.execute(db), 5)
  report('idle sweep (nothing due), median', quantile(idle, 0.5), 'count of the open cases', quantile(count, 0.5))
}

/** A context for the services as a staff account of `role` scoped to `scopeCode` (no HTTP). */
async function contextFor(database: AppDatabase, role: Role, scopeCode: string): Promise<CaseContext> {
  const area = (await sql<{ path: string }>`SELECT path FROM area WHERE code = ${scopeCode}`.execute(database.db)).rows[0]!
  const principal = {
    accountId: 1,
    username: `bench.${role}`,
    displayName: 'bench',
    role,
    scopeCode,
    scopePath: area.path,
    permissions: ROLE_PERMISSIONS[role],
    via: 'session' as const,
    sessionId: null,
    tokenId: null,
    reauthAt: null,
  }
  const audit = async () => undefined
  return {
    db: database.db,
    actor: { kind: 'account', principal, scope: new ScopeGuard(database.db, principal, audit), departmentCode: null },
    cipher: new FieldCipher([parseDataKey(TEST_DATA_KEY)]),
    source: null,
    audit,
  }
}

async function year(database: AppDatabase, backend: string): Promise<void> {
  const db = database.db
  const t0 = performance.now()
  const seeded = await seedDemoCases(database, { cases: YEAR_CASES })
  console.log(`inbox/metrics: a year of ${seeded.cases.toLocaleString('en')} demo cases (${seeded.events.toLocaleString('en')} events) seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${backend}`)
  const community = await contextFor(database, 'community_staff', '630103001003')
  const district = await contextFor(database, 'district_staff', '630103')
  const city = await contextFor(database, 'city_admin', '630100')
  const RUNS = 30
  const baseline = quantile(await timeRuns(() => sql`SELECT grid_code, count(*) FROM civic_case GROUP BY grid_code`.execute(db), RUNS), 0.95)
  const figures: [string, () => Promise<unknown>][] = [
    ['inbox counts, community', () => inboxCounts(community)],
    ['inbox counts, district', () => inboxCounts(district)],
    ['inbox "todo" page, community', () => listCases(community, { box: 'todo' })],
    ['inbox "overdue" page, district', () => listCases(district, { box: 'overdue' })],
    ['inbox "all" page, city', () => listCases(city, { box: 'all' })],
    ['metrics of the city (7 districts), a year', () => caseMetrics(city, {})],
    ['metrics of a district (its streets), a year', () => caseMetrics(district, {})],
    ['metrics of a community (its grids), a year', () => caseMetrics(community, {})],
  ]
  for (const [name, fn] of figures) report(`${name} p95`, quantile(await timeRuns(fn, RUNS, 3), 0.95), 'GROUP BY grid over all cases p95', baseline)
}

export async function run(): Promise<void> {
  console.log(`\n== Cases: intake (${INTAKE_REQUESTS} reports, ${CONCURRENCY} at a time), sweep over ${OPEN_CASES.toLocaleString('en')} open cases ==`)
  for (const backend of BENCH_BACKENDS) {
    console.log(`-- ${backend}`)
    if (PARTS.includes('intake')) {
      const { database, close } = await openSeeded(backend)
      try {
        await intake(database)
      } finally {
        await close()
      }
    }
    if (PARTS.includes('sweep')) {
      const { database, close } = await openSeeded(backend)
      try {
        await sweep(database, backend)
      } finally {
        await close()
      }
    }
    if (PARTS.includes('year')) {
      const { database, close } = await openSeeded(backend)
      try {
        await year(database, backend)
      } finally {
        await close()
      }
    }
  }
}
