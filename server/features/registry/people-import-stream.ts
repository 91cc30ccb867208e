// Importing a large CSV of people from the command line (`frontline import-people FILE`) and in the
// benchmark: the same checks and writes as an uploaded import (people-import.ts), but streamed —
// the file is parsed in batches, so two million rows never sit in memory at once. UTF-8 (BOM
// optional) CSV only; the web upload handles XLSX, GB18030 and the rest.
//   dryRun: check every row and report, write nothing;
//   otherwise: one bulk transaction — all rows or none ('all'), or the valid rows ('valid_only').
import fs from 'node:fs'
import { parse } from 'csv-parse'
import { sql } from 'kysely'
import type { AppDatabase } from '../../db-schema.ts'
import type { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { bulkTransaction } from '../../infra/db/copy.ts'
import { appendAuditIn } from '../audit/index.ts'
import { chinaToday } from '../../../shared/registry/person-fields.ts'
import { PeopleImporter, finishPeopleImport, writePeople, type RowProblem } from './people-import.ts'
import { PERSON_COLUMNS, mapHeaders, type SheetProblem, type SheetRow } from './sheets/index.ts'

export interface StreamImportOptions {
  scopeCode: string
  actor: string
  mode: 'all' | 'valid_only'
  dryRun: boolean
  batchSize?: number
  onProgress?: (rows: number) => void
}

export interface StreamImportResult {
  rows: number
  valid: number
  invalid: number
  written: number
  problemCounts: Record<string, number>
  /** The first problems (at most 1,000). */
  problems: RowProblem[]
  fileProblems: SheetProblem[]
  importId: number | null
  /** Milliseconds spent checking rows, writing them (households, people: COPY) and finishing (residences, totals, job). */
  timings: { check: number; write: number; finish: number }
}

class Abort extends Error {}

async function* batches(file: string, size: number): AsyncGenerator<{ headers: string[]; rows: SheetRow[] }> {
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }))
  let headers: string[] | undefined
  let line = 0
  let rows: SheetRow[] = []
  for await (const record of parser as AsyncIterable<string[]>) {
    line++
    if (!headers) {
      headers = record
      continue
    }
    rows.push({ row: line, cells: record })
    if (rows.length >= size) {
      yield { headers, rows }
      rows = []
    }
  }
  if (headers && rows.length > 0) yield { headers, rows }
}

export async function importPeopleCsv(database: AppDatabase, cipher: FieldCipher, file: string, opts: StreamImportOptions): Promise<StreamImportResult> {
  const size = opts.batchSize ?? 10_000
  const result: StreamImportResult = { rows: 0, valid: 0, invalid: 0, written: 0, problemCounts: {}, problems: [], fileProblems: [], importId: null, timings: { check: 0, write: 0, finish: 0 } }
  const record = (ps: RowProblem[]) => {
    const rows = new Set<number>()
    for (const p of ps) {
      result.problemCounts[p.problem] = (result.problemCounts[p.problem] ?? 0) + 1
      if (result.problems.length < 1_000) result.problems.push(p)
      rows.add(p.row)
    }
    result.invalid += rows.size
  }
  const run = async (db: AppDatabase['db'], write?: (valid: Awaited<ReturnType<PeopleImporter['check']>>['valid']) => Promise<void>) => {
    const importer = await PeopleImporter.open(db, cipher, opts.scopeCode, chinaToday())
    let columns: (string | null)[] | undefined
    let writing: Promise<void> = Promise.resolve()
    for await (const batch of batches(file, size)) {
      if (!columns) {
        const mapping = mapHeaders(batch.headers, PERSON_COLUMNS)
        result.fileProblems = mapping.problems
        if (mapping.problems.some((p) => p.level !== 'warning')) throw new Abort('the columns of the file are not those of a people sheet')
        columns = mapping.columns
      }
      const t0 = performance.now()
      const checked = await importer.check(batch.rows, columns)
      result.timings.check += performance.now() - t0
      result.rows += batch.rows.length
      result.valid += checked.valid.length
      record(checked.problems)
      if (opts.mode === 'all' && checked.problems.length > 0 && write) throw new Abort(`row ${checked.problems[0]!.row}: ${checked.problems[0]!.message}`)
      // One batch is written while the next is read and checked (on PostgreSQL the server works on
      // the COPY meanwhile); a write's failure surfaces at the next await of `writing`.
      await writing
      if (write) {
        const t1 = performance.now()
        writing = write(checked.valid).then(() => {
          result.timings.write += performance.now() - t1
        })
        writing.catch(() => undefined)
      }
      opts.onProgress?.(result.rows)
    }
    await writing
  }
  if (opts.dryRun) {
    try {
      await run(database.db)
    } catch (err) {
      if (!(err instanceof Abort)) throw err
    }
    return result
  }
  const job = await sql<{ id: number }>`
    INSERT INTO import_job (kind, scope_code, created_by, filename, file_sha256, status, mode)
    VALUES ('people', ${opts.scopeCode}, ${opts.actor}, ${file.split('/').pop()!.slice(0, 200)}, ${'streamed'}, 'applying', ${opts.mode}) RETURNING id`.execute(database.db)
  const importId = Number(job.rows[0]!.id)
  result.importId = importId
  try {
    await bulkTransaction(database, async (tx, copy) => {
      await run(tx, async (valid) => {
        result.written += await writePeople(tx, copy, cipher, valid, { importId, actor: opts.actor, scopeCode: opts.scopeCode })
      })
      const t2 = performance.now()
      await finishPeopleImport(tx, importId)
      result.timings.finish = performance.now() - t2
      await sql`UPDATE import_job SET status = 'done', rows_total = ${result.rows}, rows_valid = ${result.valid}, rows_invalid = ${result.invalid},
        rows_written = ${result.written}, report = ${JSON.stringify({ problemCounts: result.problemCounts, problems: result.problems })}::jsonb,
        updated_at = now(), finished_at = now() WHERE id = ${importId}`.execute(tx)
      await appendAuditIn(tx, { actor: opts.actor, source: 'cli', action: 'registry.import.apply', target: `import:${importId}`, outcome: 'success', detail: { mode: opts.mode, written: result.written, invalid: result.invalid } })
    })
  } catch (err) {
    result.written = 0
    await sql`UPDATE import_job SET status = 'failed', error = ${String((err as Error).message).slice(0, 500)}, updated_at = now(), finished_at = now() WHERE id = ${importId}`.execute(database.db)
    if (err instanceof Abort) return result
    throw err
  }
  return result
}
