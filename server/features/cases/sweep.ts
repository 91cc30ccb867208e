// The time-limit sweep: a durable background job that flags and urges overdue cases. Past its
// deadline a case gets a yellow card from the system (督办) and is marked overdue; past twice its
// limit, a red card. Each is one set-based statement per batch: a conditional UPDATE (auto_level
// still below the mark) joined to the INSERT of its event, on the partial indexes civic_case_due and
// civic_case_red. Nothing is remembered in memory, so the job survives restarts (it picks up what is
// due), and the conditions make it act at most once per case and step, however many runners there
// are and however often they run. A lease (job_lease) keeps a second runner from doing the same work
// at the same time.
import crypto from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { AppDatabase } from '../../db-schema.ts'
import { pruneIdempotencyKeys } from './idempotency.ts'

export interface SweepResult {
  overdue: number
  red: number
  batches: number
}

export const SWEEP_JOB = 'case_sweep'
export const SWEEP_INTERVAL_MS = 60_000
const LEASE_SECONDS = 300

/** One batch of one kind: at most `batch` cases, in deadline order. */
async function sweepBatch(db: Kysely<DB>, kind: 'overdue' | 'red', now: Date, batch: number): Promise<number> {
  const level = kind === 'overdue' ? 1 : 2
  const card = kind === 'overdue' ? 'yellow' : 'red'
  const instant = sql.ref(kind === 'overdue' ? 'due_at' : 'red_at')
  const reason = kind === 'overdue' ? '超过办理时限，系统自动督办 / past the time limit: urged by the system' : '超过时限一倍，系统红牌督办 / twice past the time limit: red card from the system'
  const r = await sql<{ n: number }>`
    WITH due AS (
      SELECT id FROM civic_case
      WHERE auto_level = ${level - 1} AND step IS NOT NULL AND ${instant} <= ${now}
      ORDER BY ${instant} LIMIT ${batch} FOR UPDATE SKIP LOCKED
    ), upd AS (
      UPDATE civic_case c SET
        auto_level = ${level},
        ever_overdue = true,
        supervision = CASE WHEN ${card} = 'red' OR c.supervision = 'red' THEN 'red' ELSE 'yellow' END,
        version = c.version + 1,
        updated_at = ${now}
      FROM due WHERE c.id = due.id AND c.auto_level = ${level - 1} AND c.step IS NOT NULL
      RETURNING c.id, c.version, c.state
    ), ins AS (
      INSERT INTO case_event (case_id, seq, at, action, from_state, to_state, actor, actor_role, party, reason, card, detail)
      SELECT id, version, ${now}, 'urge', state, state, 'system', 'system', 'system', ${reason}, ${card}, jsonb_build_object('automatic', true)
      FROM upd RETURNING case_id
    )
    SELECT count(*)::int AS n FROM ins`.execute(db)
  return r.rows[0]?.n ?? 0
}

/** Sweeps everything due at `now`, batch by batch (each batch its own transaction). */
export async function sweepOverdue(db: Kysely<DB>, opts: { now?: Date; batch?: number; maxBatches?: number } = {}): Promise<SweepResult> {
  const now = opts.now ?? new Date()
  const batch = opts.batch ?? 5_000
  const max = opts.maxBatches ?? Number.POSITIVE_INFINITY
  const result: SweepResult = { overdue: 0, red: 0, batches: 0 }
  for (const kind of ['overdue', 'red'] as const) {
    for (;;) {
      if (result.batches >= max) return result
      const n = await db.transaction().execute((trx) => sweepBatch(trx, kind, now, batch))
      result.batches++
      result[kind] += n
      if (n < batch) break
    }
  }
  return result
}

/** Takes the job's lease for this runner, or returns false when another runner holds it. */
export async function takeLease(db: Kysely<DB>, job: string, holder: string, seconds = LEASE_SECONDS): Promise<boolean> {
  const r = await sql<{ name: string }>`
    UPDATE job_lease SET holder = ${holder}, lease_until = now() + make_interval(secs => ${seconds}), last_started = now()
    WHERE name = ${job} AND (lease_until < now() OR holder = ${holder}) RETURNING name`.execute(db)
  return r.rows.length === 1
}

export async function releaseLease(db: Kysely<DB>, job: string, holder: string, result: unknown): Promise<void> {
  await sql`
    UPDATE job_lease SET lease_until = now(), last_finished = now(), last_result = ${JSON.stringify(result)}::jsonb
    WHERE name = ${job} AND holder = ${holder}`.execute(db)
}

/** One run of the job under its lease: the sweep, then housekeeping (old idempotency keys, unattached uploads). */
export async function runSweepJob(db: Kysely<DB>, holder: string, now = new Date()): Promise<SweepResult | null> {
  if (!(await takeLease(db, SWEEP_JOB, holder))) return null
  let result: SweepResult | undefined
  try {
    result = await sweepOverdue(db, { now })
    await pruneIdempotencyKeys(db)
    await sql`DELETE FROM case_photo WHERE case_id IS NULL AND created_at < now() - interval '1 day'`.execute(db)
    return result
  } finally {
    await releaseLease(db, SWEEP_JOB, holder, result ?? { failed: true })
  }
}

export interface SweepLog {
  info(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

/** Runs the job now and then every `intervalMs` in this process; returns a function that stops it (after a run in progress). */
export function startCaseSweep(database: AppDatabase, log: SweepLog, intervalMs = SWEEP_INTERVAL_MS): () => Promise<void> {
  const holder = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`
  let running: Promise<void> | undefined
  let stopped = false
  const tick = () => {
    if (running || stopped) return
    running = runSweepJob(database.db, holder)
      .then((r) => {
        if (r && (r.overdue || r.red)) log.info({ job: SWEEP_JOB, ...r }, 'case sweep urged overdue cases')
      })
      .catch((err: Error) => log.error({ job: SWEEP_JOB, err: err.message }, 'case sweep failed'))
      .finally(() => {
        running = undefined
      })
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}
