// Small helpers for benchmarks: every figure is printed as a ratio to a baseline measured in the same
// run, because absolute times drift on shared machines. Benchmarks never assert; they report.
import fs from 'node:fs'
import { openDatabase, type Backend } from '../server/infra/db/database.ts'
import type { AppDatabase, DB } from '../server/db-schema.ts'
import { ensurePgliteSnapshot, ensurePostgresTemplate, openPostgresCopy } from '../test/snapshot.ts'

/** Runs `fn` `runs` times after `warmup` runs; returns the sorted durations in ms. */
export async function timeRuns(fn: () => Promise<unknown>, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    out.push(performance.now() - t0)
  }
  return out.sort((a, b) => a - b)
}

/** The q-quantile (0..1) of sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]!
}

export const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2))

/** One line: name, figure, baseline and their ratio. */
export function report(name: string, ms: number, baselineName: string, baselineMs: number): void {
  console.log(`${name.padEnd(48)} ${fmt(ms).padStart(8)} ms   ${(ms / baselineMs).toFixed(2).padStart(6)}× ${baselineName} (${fmt(baselineMs)} ms)`)
}

/** The backends to measure: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const BENCH_BACKENDS: Backend[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])]

/** A demo-seeded database on `backend` (a private copy; dropped on close for PostgreSQL). */
export async function openSeeded(backend: Backend): Promise<{ database: AppDatabase; close(): Promise<void> }> {
  if (backend === 'pglite') {
    const file = await ensurePgliteSnapshot()
    const database = await openDatabase<DB>({ loadDataDir: new Blob([fs.readFileSync(file)]) })
    return { database, close: () => database.close() }
  }
  const url = process.env.DATABASE_URL!
  return openPostgresCopy(url, await ensurePostgresTemplate(url), 'frontline_bench')
}
