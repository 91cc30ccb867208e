// The import report in the user's words: when to poll, how far a job has come, which choices it
// offers, and the text of every problem code the server gives — the sheet reader's file and cell
// problems (server/features/registry/sheets/sheet-reader.ts PROBLEM_CODES), the header mapping's
// (missing_column, duplicate_column, unknown_column), the row checks of the importer
// (people-import.ts: placement, duplicates, redundant columns) and the person's own field checks
// (validatePersonFields, the same texts as the form: lib/problems.ts).
//
// A row problem is looked up as: registry.import.problem.<field>.<code> (a column of the sheet that
// says it differently than the form, e.g. 性别), registry.problem.<kind>.<code> (the form's field
// kinds: ID number, phone, name, ethnicity), registry.import.problem.<code> (the sheet's own
// problems), registry.problem.<code>, problem.<code>; when none has it, the server's message is shown.
import type { PeopleSearchParams } from '../types'
import type { ImportFileProblem, ImportJob, ImportPhase, ImportProgress, ImportRowProblem, ImportStatus } from '../import-types'
import { PERSON_FIELD_KIND, PERSON_TEXT_MAX, type TryT } from './problems'

/** Statuses during which the server works on the job (and the page polls it). */
export const RUNNING_STATUSES: readonly ImportStatus[] = ['validating', 'applying']
/** Statuses from which the job can be applied (again). */
export const APPLICABLE_STATUSES: readonly ImportStatus[] = ['validated', 'failed', 'interrupted']

export const isRunning = (status: ImportStatus | undefined): boolean => status !== undefined && RUNNING_STATUSES.includes(status)

/** How often to read a job again: about every second while it runs, not at all otherwise. */
export function importPollInterval(job: Pick<ImportJob, 'status'> | undefined): number | false {
  return job && isRunning(job.status) ? 1000 : false
}

/** The recent imports are read again every few seconds while one of them runs. */
export function listPollInterval(items: readonly Pick<ImportJob, 'status'>[] | undefined): number | false {
  return items?.some((j) => isRunning(j.status)) ? 3000 : false
}

/** What the server is doing: the progress's phase, or what the status implies before the first report. */
export function phaseOf(job: Pick<ImportJob, 'status' | 'progress'>): ImportPhase {
  const p = job.progress?.phase
  if (p === 'reading' || p === 'checking' || p === 'writing' || p === 'finishing') return p
  return job.status === 'applying' ? 'writing' : 'reading'
}

/** Progress in percent (0–100, whole numbers); 0 before the total is known. */
export function progressPercent(progress: ImportProgress | null | undefined): number {
  if (!progress || !(progress.total > 0)) return progress?.phase === 'finishing' ? 100 : 0
  return Math.max(0, Math.min(100, Math.floor((progress.done / progress.total) * 100)))
}

export interface ApplyChoices {
  /** "Import all rows": only when every row is valid. */
  all: boolean
  /** Why "import all" is not offered: some rows are invalid, or none is valid. */
  allBlocked?: 'invalid_rows' | 'no_valid_rows' | 'status'
  /** "Import only the valid rows": when some rows are valid and some are not. */
  validOnly: boolean
  valid: number
  invalid: number
}

export function applyChoices(job: Pick<ImportJob, 'status' | 'rowsValid' | 'rowsInvalid'>): ApplyChoices {
  const valid = job.rowsValid ?? 0
  const invalid = job.rowsInvalid ?? 0
  const applicable = APPLICABLE_STATUSES.includes(job.status)
  const allBlocked = !applicable ? 'status' : invalid > 0 ? 'invalid_rows' : valid === 0 ? 'no_valid_rows' : undefined
  return { all: allBlocked === undefined, allBlocked, validOnly: applicable && valid > 0 && invalid > 0, valid, invalid }
}

/** The mode "try again" applies with: the one that failed, else only the valid rows. */
export function retryMode(job: Pick<ImportJob, 'mode' | 'rowsInvalid'>): 'all' | 'valid_only' {
  return job.mode === 'all' && (job.rowsInvalid ?? 0) === 0 ? 'all' : 'valid_only'
}

/** The name of a column's field (a key of the server's PERSON_COLUMNS), or the key when unknown. */
export function importFieldLabel(tryT: TryT, field: string): string {
  return tryT(`registry.import.field.${field}`) ?? tryT(`registry.field.${field}`) ?? field
}

/** The row a duplicate_in_file problem names as having the number first ("… as row 12"). */
export function firstRowOf(message: string): number | undefined {
  const m = /\brow (\d+)\b/.exec(message)
  return m ? Number(m[1]) : undefined
}

/** The cell a cell problem names at the start of its message ("C5 The cell …"), if any. */
export function cellOf(message: string): string | undefined {
  const m = /^([A-Z]{1,3}[1-9]\d*)\b/.exec(message)
  return m ? m[1] : undefined
}

const PERSON_KINDS = ['idNumber', 'phone', 'name', 'ethnicity'] as const

/** The text of one row problem, or undefined when no message has it (show the server's message then). */
export function importProblemText(tryT: TryT, p: Pick<ImportRowProblem, 'problem' | 'field'> & { message?: string }): string | undefined {
  const code = p.problem
  const field = p.field
  const params: Record<string, string | number> = {
    max: (field ? PERSON_TEXT_MAX[field] : undefined) ?? 100,
    length: 0,
    column: field ? importFieldLabel(tryT, field) : '',
  }
  if (code === 'duplicate_in_file') {
    const first = p.message ? firstRowOf(p.message) : undefined
    return first !== undefined ? tryT('registry.import.problem.duplicate_in_file', { first }) : tryT('registry.import.duplicateInFileEarlier')
  }
  if (field) {
    const own = tryT(`registry.import.problem.${field}.${code}`, params)
    if (own) return own
    const kind = PERSON_FIELD_KIND[field]
    if (kind === 'idNumber' || kind === 'phone' || kind === 'name' || kind === 'ethnicity') {
      const specific = tryT(`registry.problem.${kind}.${code}`, params)
      if (specific) return specific
    }
  }
  return tryT(`registry.import.problem.${code}`, params) ?? tryT(`registry.problem.${code}`, params) ?? tryT(`problem.${code}`, params)
}

/**
 * The text of a problem code on its own (the counts per code): with the field of one problem of that
 * code when the report lists one (the same code can mean different things for different fields),
 * else the first field kind that has it.
 */
export function problemCodeText(tryT: TryT, code: string, sample: readonly ImportRowProblem[] = []): string {
  const withField = sample.find((p) => p.problem === code && p.field)
  if (withField) {
    const text = importProblemText(tryT, withField)
    if (text) return text
  }
  const plain = importProblemText(tryT, { problem: code })
  if (plain) return plain
  for (const kind of PERSON_KINDS) {
    const text = importProblemText(tryT, { problem: code, field: kind })
    if (text) return text
  }
  return code
}

/** The text of a problem of the file (format, columns, cells) or a warning, or undefined when unknown. */
export function fileProblemText(tryT: TryT, p: ImportFileProblem): string | undefined {
  return tryT(`registry.import.problem.${p.code}`, { column: p.column ?? '', cell: p.cell ?? '', row: p.row ?? '' })
}

export const isWarning = (p: Pick<ImportFileProblem, 'level'>): boolean => p.level === 'warning'

/** Problems that mean the file could not be read as a table at all (no headers were read). */
export const UNREADABLE_FILE = ['empty_file', 'file_too_large', 'not_a_spreadsheet', 'legacy_xls', 'encrypted_file', 'unsupported_format', 'unknown_encoding', 'damaged_file'] as const

/**
 * The file problems worth showing: when the file could not be read at all, the required columns
 * are "missing" only because nothing was read — saying so would send the user to the wrong fix.
 */
export function shownFileProblems(problems: readonly ImportFileProblem[]): ImportFileProblem[] {
  const unreadable = problems.some((p) => (UNREADABLE_FILE as readonly string[]).includes(p.code))
  return unreadable ? problems.filter((p) => p.code !== 'missing_column') : [...problems]
}

/** Counts per code, most frequent first (then by code, for a stable order). */
export function sortedCounts(counts: Record<string, number>): { code: string; count: number }[] {
  return Object.entries(counts)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
}

/** The search's filters as the export takes them: no cursor or limit, nothing empty. */
export function exportFilters(params: PeopleSearchParams): PeopleSearchParams {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.trim() !== '' && key !== 'cursor' && key !== 'limit') out[key] = value
  }
  return out as PeopleSearchParams
}
