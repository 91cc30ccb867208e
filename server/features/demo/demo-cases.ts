// A year of cases (事件) for the demo city: reports from grid workers, residents, the hotline and
// staff in every grid, each with its whole history — resolved on the spot, closed by the community,
// escalated and dispatched to departments, verified, reworked, refused, merged, rated, urged when
// late — and the last weeks' cases still open in every state with their clocks running. Deterministic
// for a seed, a count and `now`; written with COPY in one transaction (a failure leaves nothing).
// Method and proportions: the module folder cases/ (plan → lifecycle → COPY).
import { sql, type Kysely } from 'kysely'
import type { AppDatabase, DB } from '../../db-schema.ts'
import { bulkTransaction } from '../../infra/db/copy.ts'
import { FIRST_LINE_LEVELS, isOpenState, type CaseState } from '../../../shared/cases/workflow.ts'
import { loadCaseConfig, type CaseConfig } from '../cases/case-config.ts'
import { DEMO_CITY_CODE } from './seed-demo.ts'
import { DEMO_RESIDENTS, loadGrids } from './population.ts'
import { planRoads, residentsPerGrid } from './population/plan.ts'
import { gridPoints } from './cases/places.ts'
import { planCases, type CaseInputs, type Department } from './cases/plan.ts'
import { CASE_LOAD_TABLES, restoreForeignKeys, restoreIndexes, setAside } from './cases/bulk.ts'
import { CASE_TABLE_ORDER, addCaseRows, caseTarget, emptyCaseRows } from './cases/tables.ts'
import type { CaseRecord } from './cases/lifecycle.ts'

/** Cases of the demo city's year (FRONTLINE_DEMO_CASES): about 550 a day. */
export const DEMO_CASES = 200_000

/** Cases generated and written per round (a round's rows are held in memory until written). */
const BATCH_CASES = 25_000

/** Villages and industrial parks report less per resident than town. */
const GRID_KIND_FACTOR = { urban: 1, rural: 0.6, industrial: 0.8 } as const

export interface DemoCasesOptions {
  cases: number
  /** The end of the year of cases (default: now). Open cases and clocks are as of this instant. */
  now?: Date
  /** Default 1 (the residents' default: town addresses use the same roads). */
  seed?: number
  onProgress?: (done: number, total: number, step: string) => void
  /**
   * 'bulk' (default): the case tables' secondary indexes and foreign keys are set aside for the
   * load and rebuilt (and validated) at the end of the same transaction. 'plain': row by row.
   */
  load?: 'bulk' | 'plain'
}

export interface DemoCasesResult {
  cases: number
  events: number
  copies: number
  byState: Record<CaseState, number>
  /** Closed cases by the level that closed them (grid = resolved on the spot). */
  closedByLevel: Record<string, number>
  closed: number
  /** Closed at grid or community level (一线解决). */
  firstLine: number
  open: number
  rated: number
  everOverdue: number
  /** Open cases past their deadline with no automatic urge yet: the sweep's work at the next start. */
  awaitingSweep: number
  /** Milliseconds per step. */
  timings: Record<string, number>
  ms: number
}

/** What the plan reads from the database (the demo city, its configuration, departments, residents, points). */
export async function loadCaseInputs(db: Kysely<DB>, seed: number, config?: CaseConfig): Promise<CaseInputs> {
  const grids = await loadGrids(db)
  if (grids.length === 0) throw new Error('demo cases: the demo city has no grids; seed the demo city first')
  const cfg = config ?? (await loadCaseConfig(db))
  if (cfg.categories.size === 0) throw new Error('demo cases: no case configuration; write the defaults first (ensureCaseDefaults)')
  const departments = await sql<Department>`
    SELECT code, area_code AS "areaCode", categories FROM department WHERE active AND area_code LIKE ${`${DEMO_CITY_CODE.slice(0, 4)}%`} ORDER BY code`.execute(db)
  // Residents per grid from the registry's running totals; a registry still empty counts the
  // residents the generator would place (urban grids denser than villages).
  const totals = await sql<{ grid_code: string; n: number }>`
    SELECT grid_code, n::int AS n FROM registry_total WHERE metric = 'person' AND grid_code LIKE ${`${DEMO_CITY_CODE.slice(0, 4)}%`}`.execute(db)
  const residents = new Map(totals.rows.map((r) => [r.grid_code, r.n]))
  const counted = [...residents.values()].reduce((a, b) => a + b, 0)
  const planned = counted > 0 ? undefined : residentsPerGrid(grids, DEMO_RESIDENTS, 1)
  const gridWeights = grids.map((g, i) => ((planned ? planned[i]! : (residents.get(g.code) ?? 0)) + 20) * GRID_KIND_FACTOR[g.industrial ? 'industrial' : g.kind])
  return { cfg, grids, gridWeights, roads: planRoads(grids, seed), points: await gridPoints(db, grids, seed), departments: departments.rows }
}

/**
 * Fills the seeded demo city with `cases` cases over the year before `now`. Refuses a city that
 * already has cases. One transaction: on any error nothing is kept.
 */
export async function seedDemoCases(database: AppDatabase, options: DemoCasesOptions): Promise<DemoCasesResult> {
  const started = performance.now()
  const seed = options.seed ?? 1
  const now = options.now ?? new Date()
  if (!Number.isInteger(options.cases) || options.cases < 0) throw new Error('demo cases: cases must be a whole number ≥ 0')
  if (Number.isNaN(now.getTime())) throw new Error('demo cases: now is not a valid date')
  const bulk = (options.load ?? 'bulk') === 'bulk'
  const timings: Record<string, number> = {}
  const time = async <T>(step: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now()
    try {
      return await f()
    } finally {
      timings[step] = (timings[step] ?? 0) + (performance.now() - t0)
    }
  }
  const total = options.cases
  const progress = (done: number, step: string) => options.onProgress?.(done, total, step)
  const result: Omit<DemoCasesResult, 'timings' | 'ms'> = {
    cases: 0,
    events: 0,
    copies: 0,
    byState: { reported: 0, accepted: 0, dispatched: 0, to_verify: 0, closed: 0, rejected: 0, merged: 0 },
    closedByLevel: {},
    closed: 0,
    firstLine: 0,
    open: 0,
    rated: 0,
    everOverdue: 0,
    awaitingSweep: 0,
  }
  const count = (c: CaseRecord) => {
    result.cases++
    result.events += c.events.length
    result.copies += c.copies.length
    result.byState[c.state]++
    if (c.state === 'closed') {
      result.closed++
      result.closedByLevel[c.closedLevel!] = (result.closedByLevel[c.closedLevel!] ?? 0) + 1
      if (FIRST_LINE_LEVELS.includes(c.closedLevel!)) result.firstLine++
    }
    if (isOpenState(c.state)) {
      result.open++
      if (c.autoLevel === 0 && c.dueAt! <= now.getTime()) result.awaitingSweep++
    }
    if (c.rating !== null) result.rated++
    if (c.everOverdue) result.everOverdue++
  }

  if (total === 0) return { ...result, timings, ms: Math.round(performance.now() - started) }
  // Read before the transaction: its queries run in parallel, which one transaction's connection cannot.
  const cfg = await loadCaseConfig(database.db)

  await bulkTransaction(database, async (tx, copy) => {
    await sql`SET LOCAL jit = off`.execute(tx)
    // No one else writes cases meanwhile: the reserved ids stay ours.
    await sql.raw(`LOCK TABLE ${CASE_LOAD_TABLES.join(', ')} IN SHARE ROW EXCLUSIVE MODE`).execute(tx)
    const prefix = `${DEMO_CITY_CODE.slice(0, 4)}%`
    const existing = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM civic_case WHERE grid_code LIKE ${prefix} OR holder_code LIKE ${prefix} LIMIT 1) c`.execute(tx)
    if (existing.rows[0]!.n > 0) throw new Error('demo cases: the demo city already has cases; seed them only once')

    progress(0, 'plan')
    const inputs = await time('inputs', () => loadCaseInputs(tx, seed, cfg))
    const taken = await sql<{ number: string }>`SELECT number FROM civic_case`.execute(tx)
    const firstId = Number((await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence('civic_case', 'id'))::text AS id`.execute(tx)).rows[0]!.id)
    const planner = await time('schedule', () => planCases(inputs, { cases: total, now: now.getTime(), seed, firstId, takenNumbers: taken.rows.map((r) => r.number) }))
    const aside = bulk ? await time('set aside', () => setAside(tx)) : undefined

    let done = 0
    for (;;) {
      const t0 = performance.now()
      const batch = planner.next(BATCH_CASES)
      if (batch.length === 0) break
      const rows = emptyCaseRows()
      for (const c of batch) {
        addCaseRows(rows, c)
        count(c)
      }
      timings.generate = (timings.generate ?? 0) + (performance.now() - t0)
      progress(done, 'cases')
      for (const t of CASE_TABLE_ORDER) {
        if (rows[t].length === 0) continue
        await time(`copy ${t}`, () => copy(caseTarget(t), rows[t]))
        rows[t] = []
      }
      done += batch.length
      progress(done, 'cases')
    }
    await sql`SELECT setval(pg_get_serial_sequence('civic_case', 'id'), ${firstId + done - 1})`.execute(tx)
    if (aside) {
      progress(done, 'indexes')
      await time('indexes', () => restoreIndexes(tx, aside))
      progress(done, 'foreign keys')
      await time('foreign keys', () => restoreForeignKeys(tx, aside))
    }
    progress(done, 'analyze')
    await time('analyze', () => sql.raw(`ANALYZE ${CASE_LOAD_TABLES.join(', ')}`).execute(tx))
  })

  return { ...result, timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])), ms: Math.round(performance.now() - started) }
}
