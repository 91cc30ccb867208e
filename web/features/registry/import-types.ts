// Spreadsheet imports of people and the people export, as the API shows them (the server's
// ImportJobSchema in server/features/registry/import.routes.ts, docs/registry.md "Import" / "Export").
import type { PeopleSearchParams, PersonalField } from './types'

/** validating → validated | rejected; applying → done | failed; interrupted (the server restarted). */
export type ImportStatus = 'validating' | 'validated' | 'rejected' | 'applying' | 'done' | 'failed' | 'interrupted'
export type ImportMode = 'all' | 'valid_only'
export type ImportPhase = 'reading' | 'checking' | 'writing' | 'finishing'

export interface ImportProgress {
  phase: ImportPhase | string
  done: number
  total: number
}

/** A problem of one row (and one cell when `field` is given); `row` is the spreadsheet's 1-based row. */
export interface ImportRowProblem {
  row: number
  field?: string
  problem: string
  message: string
}

/** A problem of the file as a whole (format, columns) or a warning; cell problems name row/cell/column. */
export interface ImportFileProblem {
  code: string
  message: string
  row?: number
  column?: string
  cell?: string
  level?: 'error' | 'warning' | string
}

export interface ImportColumn {
  header: string
  /** The field the column is read as (a key of the server's PERSON_COLUMNS); null: ignored. */
  field: string | null
}

export interface ImportJob {
  id: number
  kind: 'people'
  status: ImportStatus
  filename: string | null
  scopeCode: string
  createdBy: string
  createdAt: string
  finishedAt: string | null
  mode: ImportMode | null
  rowsTotal: number | null
  rowsValid: number | null
  rowsInvalid: number | null
  rowsWritten: number | null
  progress: ImportProgress | null
  columns: ImportColumn[]
  fileProblems: ImportFileProblem[]
  problemCounts: Record<string, number>
  /** The first 200 problems (every one through GET …/problems). */
  problems: ImportRowProblem[]
  error: string | null
}

export interface ImportProblemPage {
  total: number
  items: ImportRowProblem[]
}

/** POST /registry/people/export: the search's filters (no cursor, no limit), masked unless `unmask`. */
export interface PeopleExportBody {
  filters: PeopleSearchParams
  unmask?: PersonalField[]
  reason?: string
}
