// Import jobs: a community uploads its spreadsheet, gets a report of every wrong row and field before
// anything is written, then applies it — all rows, or only the valid ones. A job runs in the
// background of this process; its progress is kept in memory (GET reads it), its outcome in
// import_job. Applying is one bulk transaction (COPY): it commits whole or not at all, and the job's
// final state is written in that same transaction. A job that was running when the process stopped
// is marked interrupted at the next start (its transaction was rolled back by the database).
import crypto from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { AppDatabase, DB } from '../../db-schema.ts'
import type { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { bulkTransaction } from '../../infra/db/copy.ts'
import { AppError, notFound, validationFailed } from '../../infra/http/errors.ts'
import { appendAuditIn } from '../audit/index.ts'
import { codeInScope, codePrefix } from '../accounts/index.ts'
import { chinaToday } from '../../../shared/registry/person-fields.ts'
import { PeopleImporter, finishPeopleImport, writePeople, type RowProblem } from './people-import.ts'
import { PERSON_COLUMNS, mapHeaders, readSheet, type SheetProblem } from './sheets/index.ts'
import { requirePermission, type RegistryContext } from './registry-context.ts'
import type { ImportStatus } from './registry.tables.ts'

/** Largest upload (bytes) and most rows of one import through the API. */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024
export const IMPORT_MAX_ROWS = 200_000
const BATCH = 5_000
/** Problems kept in the report (the counts per problem are always complete). */
const REPORT_MAX_PROBLEMS = 50_000

/** Problems readSheet reports that make a whole file unusable (nothing to check row by row). */
const FILE_LEVEL = new Set(['empty_file', 'file_too_large', 'not_a_spreadsheet', 'legacy_xls', 'encrypted_file', 'unsupported_format', 'unknown_encoding', 'damaged_file', 'no_rows', 'too_many_rows', 'empty_header', 'duplicate_header', 'merged_header'])

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'writing' | 'finishing'
  done: number
  total: number
}

export interface ImportJobView {
  id: number
  kind: 'people'
  status: ImportStatus
  filename: string | null
  scopeCode: string
  createdBy: string
  createdAt: string
  finishedAt: string | null
  mode: 'all' | 'valid_only' | null
  rowsTotal: number | null
  rowsValid: number | null
  rowsInvalid: number | null
  rowsWritten: number | null
  progress: ImportProgress | null
  /** The file's columns and the field each was read as (null: ignored). */
  columns: { header: string; field: string | null }[]
  /** Problems of the file as a whole (wrong format, missing columns…) and warnings. */
  fileProblems: SheetProblem[]
  /** Count of row problems per problem code. */
  problemCounts: Record<string, number>
  /** The first row problems (all of them through GET …/problems). */
  problems: RowProblem[]
  error: string | null
}

interface Report {
  columns?: { header: string; field: string | null }[]
  fileProblems?: SheetProblem[]
  problemCounts?: Record<string, number>
  problems?: RowProblem[]
}

const progress = new Map<number, ImportProgress>()
const running = new Map<number, Promise<void>>()

interface JobRow {
  id: number
  kind: 'people'
  status: ImportStatus
  filename: string | null
  scope_code: string
  created_by: string
  created_at: Date
  finished_at: Date | null
  mode: 'all' | 'valid_only' | null
  rows_total: number | null
  rows_valid: number | null
  rows_invalid: number | null
  rows_written: number | null
  report: Report
  error: string | null
}

function toView(j: JobRow, problemLimit = 200): ImportJobView {
  const report = j.report ?? {}
  return {
    id: Number(j.id),
    kind: j.kind,
    status: j.status,
    filename: j.filename,
    scopeCode: j.scope_code,
    createdBy: j.created_by,
    createdAt: new Date(j.created_at).toISOString(),
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
    mode: j.mode,
    rowsTotal: j.rows_total,
    rowsValid: j.rows_valid,
    rowsInvalid: j.rows_invalid,
    rowsWritten: j.rows_written,
    progress: j.status === 'validating' || j.status === 'applying' ? (progress.get(Number(j.id)) ?? null) : null,
    columns: report.columns ?? [],
    fileProblems: report.fileProblems ?? [],
    problemCounts: report.problemCounts ?? {},
    problems: (report.problems ?? []).slice(0, problemLimit),
    error: j.error,
  }
}

const JOB_COLUMNS = sql`id, kind, status, filename, scope_code, created_by, created_at, finished_at, mode, rows_total, rows_valid, rows_invalid, rows_written, report, error`

async function jobRow(db: Kysely<DB>, id: number): Promise<JobRow | undefined> {
  return (await sql<JobRow>`SELECT ${JOB_COLUMNS} FROM import_job WHERE id = ${id}`.execute(db)).rows[0]
}

/** The job if it exists and was made within the caller's scope; otherwise 404 (audited when elsewhere). */
async function requireJob(ctx: RegistryContext, id: number): Promise<JobRow> {
  const j = await jobRow(ctx.db, id)
  if (!j) throw notFound(`Import ${id}`)
  if (!codeInScope(ctx.principal.scopeCode, j.scope_code)) {
    await ctx.scope.deny(`import:${id}`)
    throw notFound(`Import ${id}`)
  }
  return j
}

export async function getImportJob(ctx: RegistryContext, id: number): Promise<ImportJobView> {
  return toView(await requireJob(ctx, id))
}

export async function listImportJobs(ctx: RegistryContext, limit = 20): Promise<ImportJobView[]> {
  const r = await sql<JobRow>`
    SELECT ${JOB_COLUMNS} FROM import_job WHERE scope_code LIKE ${`${codePrefix(ctx.principal.scopeCode)}%`} ORDER BY id DESC LIMIT ${limit}`.execute(ctx.db)
  return r.rows.map((j) => toView(j, 0))
}

export async function importProblems(ctx: RegistryContext, id: number, offset: number, limit: number): Promise<{ total: number; items: RowProblem[] }> {
  const j = await requireJob(ctx, id)
  const all = j.report.problems ?? []
  return { total: all.length, items: all.slice(offset, offset + limit) }
}

/** Marks jobs that were running when the process stopped (called at start). */
export async function markInterruptedImports(db: Kysely<DB>): Promise<number> {
  const r = await sql`UPDATE import_job SET status = 'interrupted', error = 'the server stopped while the import ran; nothing of it was written',
    updated_at = now(), finished_at = now() WHERE status IN ('validating', 'applying')`.execute(db)
  return Number(r.numAffectedRows ?? 0)
}

/** Resolves when the job's background work (if any, in this process) has ended. For tests and shutdown. */
export async function importSettled(id: number): Promise<void> {
  await running.get(id)
}

interface Actor {
  username: string
  source: string | null
}

/** Reads and checks the whole file: the report, the counts, and the valid rows (kept in batches). */
async function checkFile(
  db: Kysely<DB>,
  cipher: FieldCipher,
  scopeCode: string,
  file: Buffer,
  filename: string | null,
  onProgress: (p: ImportProgress) => void,
  onValid?: (batch: Awaited<ReturnType<PeopleImporter['check']>>['valid']) => Promise<void>,
): Promise<{ report: Report; total: number; valid: number; invalid: number; rejected: boolean }> {
  onProgress({ phase: 'reading', done: 0, total: 0 })
  const sheet = await readSheet(file, { filename: filename ?? undefined, maxRows: IMPORT_MAX_ROWS, maxBytes: IMPORT_MAX_BYTES })
  const mapping = mapHeaders(sheet.headers, PERSON_COLUMNS)
  const fileProblems = [...sheet.problems.filter((p) => FILE_LEVEL.has(p.code) || p.row === undefined), ...mapping.problems]
  const columns = sheet.headers.map((header, i) => ({ header, field: mapping.columns[i] ?? null }))
  const fatal = fileProblems.some((p) => p.level !== 'warning')
  if (fatal) return { report: { columns, fileProblems }, total: sheet.rows.length, valid: 0, invalid: 0, rejected: true }
  // Cell problems (formulas, merged cells, lost digits…) make their rows invalid.
  const cellProblems = new Map<number, RowProblem[]>()
  for (const p of sheet.problems) {
    if (p.row === undefined || FILE_LEVEL.has(p.code) || p.level === 'warning') continue
    const field = p.column ? (mapping.columns[sheet.headers.indexOf(p.column)] ?? undefined) : undefined
    const list = cellProblems.get(p.row) ?? []
    list.push({ row: p.row, ...(field ? { field } : {}), problem: p.code, message: `${p.cell ?? ''} ${p.message}`.trim() })
    cellProblems.set(p.row, list)
  }
  const importer = await PeopleImporter.open(db, cipher, scopeCode, chinaToday())
  const problems: RowProblem[] = []
  const counts: Record<string, number> = {}
  const count = (p: RowProblem) => {
    counts[p.problem] = (counts[p.problem] ?? 0) + 1
    if (problems.length < REPORT_MAX_PROBLEMS) problems.push(p)
  }
  const invalidRows = new Set<number>()
  let valid = 0
  for (let i = 0; i < sheet.rows.length; i += BATCH) {
    const batch = sheet.rows.slice(i, i + BATCH)
    const clean = batch.filter((r) => !cellProblems.has(r.row))
    for (const r of batch) {
      const ps = cellProblems.get(r.row)
      if (ps) {
        ps.forEach(count)
        invalidRows.add(r.row)
      }
    }
    const checked = await importer.check(clean, mapping.columns)
    for (const p of checked.problems) {
      count(p)
      invalidRows.add(p.row)
    }
    valid += checked.valid.length
    if (onValid) await onValid(checked.valid)
    onProgress({ phase: 'checking', done: Math.min(i + BATCH, sheet.rows.length), total: sheet.rows.length })
  }
  problems.sort((a, b) => a.row - b.row)
  return {
    report: { columns, fileProblems, problemCounts: counts, problems },
    total: sheet.rows.length,
    valid,
    invalid: invalidRows.size,
    rejected: false,
  }
}

/** Uploads a file: the job is created and checked in the background (poll GET /registry/imports/:id). */
export async function startPeopleImport(ctx: RegistryContext, cipher: FieldCipher, input: { filename: string | null; file: Buffer }): Promise<ImportJobView> {
  requirePermission(ctx, 'registry.write')
  if (input.file.length === 0) throw validationFailed([{ field: '/', location: 'body', message: 'the file is empty', problem: 'empty_file' }])
  const sha = crypto.createHash('sha256').update(input.file).digest('hex')
  const filename = input.filename ? input.filename.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) : null
  const id = await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      INSERT INTO import_job (kind, scope_code, created_by, filename, file_sha256, file, status)
      VALUES ('people', ${ctx.principal.scopeCode}, ${ctx.principal.username}, ${filename}, ${sha}, ${input.file}, 'validating') RETURNING id`.execute(trx)
    const newId = Number(r.rows[0]!.id)
    await appendAuditIn(trx, { actor: ctx.principal.username, source: ctx.source, action: 'registry.import.upload', target: `import:${newId}`, outcome: 'success', detail: { filename, bytes: input.file.length, sha256: sha } })
    return newId
  })
  const actor: Actor = { username: ctx.principal.username, source: ctx.source }
  const run = (async () => {
    try {
      const result = await checkFile(ctx.db, cipher, ctx.principal.scopeCode, input.file, filename, (p) => progress.set(id, p))
      await sql`UPDATE import_job SET status = ${result.rejected ? 'rejected' : 'validated'}, rows_total = ${result.total}, rows_valid = ${result.valid},
        rows_invalid = ${result.invalid}, report = ${JSON.stringify(result.report)}::jsonb, updated_at = now(),
        finished_at = CASE WHEN ${result.rejected} THEN now() END WHERE id = ${id}`.execute(ctx.db)
    } catch (err) {
      await failJob(ctx.db, id, actor, err)
    } finally {
      progress.delete(id)
      running.delete(id)
    }
  })()
  running.set(id, run)
  return toView((await jobRow(ctx.db, id))!)
}

async function failJob(db: Kysely<DB>, id: number, actor: Actor, err: unknown): Promise<void> {
  const message = err instanceof AppError ? err.message : err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err)
  await sql`UPDATE import_job SET status = 'failed', error = ${message.slice(0, 500)}, updated_at = now(), finished_at = now() WHERE id = ${id}`.execute(db).catch(() => undefined)
  await appendAuditIn(db, { actor: actor.username, source: actor.source, action: 'registry.import.apply', target: `import:${id}`, outcome: 'failure', detail: { error: message.slice(0, 200) } }).catch(() => undefined)
}

/**
 * Applies a checked import: `all` (refused while any row is invalid) or `valid_only`. The file is
 * checked again (the registry may have changed since) and written in one transaction.
 */
export async function applyPeopleImport(ctx: RegistryContext, database: AppDatabase, cipher: FieldCipher, id: number, mode: 'all' | 'valid_only'): Promise<ImportJobView> {
  requirePermission(ctx, 'registry.write')
  const job = await requireJob(ctx, id)
  if (!['validated', 'failed', 'interrupted'].includes(job.status)) {
    throw new AppError('conflict', `The import is ${job.status}: only a checked import can be applied`, [{ field: '/mode', message: `status is ${job.status}`, problem: 'not_applicable' }])
  }
  if (mode === 'all' && (job.rows_invalid ?? 0) > 0) {
    throw new AppError('conflict', `${job.rows_invalid} row(s) are invalid: fix the file and upload it again, or import only the valid rows`, [
      { field: '/mode', message: `${job.rows_invalid} invalid rows`, problem: 'has_invalid_rows' },
    ])
  }
  if ((job.rows_valid ?? 0) === 0) throw new AppError('conflict', 'No row of the file is valid: nothing to import', [{ field: '/mode', message: 'no valid rows', problem: 'no_valid_rows' }])
  // One apply at a time: the status changes only from a state that allows it.
  const claimed = await sql`UPDATE import_job SET status = 'applying', mode = ${mode}, error = NULL, updated_at = now()
    WHERE id = ${id} AND status IN ('validated', 'failed', 'interrupted') AND file IS NOT NULL`.execute(ctx.db)
  if (Number(claimed.numAffectedRows ?? 0) !== 1) throw new AppError('conflict', 'The import is being applied already', [{ field: '/mode', message: 'busy', problem: 'not_applicable' }])
  const actor: Actor = { username: ctx.principal.username, source: ctx.source }
  const scopeCode = job.scope_code
  const run = (async () => {
    try {
      const fileRow = (await sql<{ file: Buffer; filename: string | null }>`SELECT file, filename FROM import_job WHERE id = ${id}`.execute(ctx.db)).rows[0]!
      const file = Buffer.from(fileRow.file)
      await bulkTransaction(database, async (tx, copy) => {
        let written = 0
        const result = await checkFile(tx, cipher, scopeCode, file, fileRow.filename, (p) => progress.set(id, p.phase === 'checking' ? { ...p, phase: 'writing' } : p), async (valid) => {
          written += await writePeople(tx, copy, cipher, valid, { importId: id, actor: actor.username, scopeCode })
        })
        if (result.rejected) throw new AppError('conflict', 'The file can no longer be read as it was when checked')
        if (mode === 'all' && result.invalid > 0) {
          throw new AppError('conflict', `${result.invalid} row(s) became invalid since the check (e.g. registered meanwhile): nothing was written`)
        }
        progress.set(id, { phase: 'finishing', done: written, total: written })
        await finishPeopleImport(tx, id)
        await sql`UPDATE import_job SET status = 'done', rows_written = ${written}, rows_valid = ${result.valid}, rows_invalid = ${result.invalid},
          report = ${JSON.stringify(result.report)}::jsonb, file = NULL, updated_at = now(), finished_at = now() WHERE id = ${id}`.execute(tx)
        await appendAuditIn(tx, { actor: actor.username, source: actor.source, action: 'registry.import.apply', target: `import:${id}`, outcome: 'success', detail: { mode, written, invalid: result.invalid } })
      })
    } catch (err) {
      await failJob(ctx.db, id, actor, err)
    } finally {
      progress.delete(id)
      running.delete(id)
    }
  })()
  running.set(id, run)
  return toView((await jobRow(ctx.db, id))!)
}
