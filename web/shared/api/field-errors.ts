// Field-level problems of a failed request (details[].field as a JSON pointer such as "/username" or
// "/policy/session/idleMinutes") turned into form field names, so forms can show each problem on its
// field. Problems that match no field stay for a general alert.
import { ApiError, type ApiErrorDetail } from './client'

export type FieldPath = (string | number)[]

/** "/policy/session/idleMinutes" → ['policy', 'session', 'idleMinutes'] (RFC 6901 escapes undone). */
export function pointerToPath(pointer: string): FieldPath {
  const trimmed = pointer.replace(/^#/, '')
  const parts = trimmed.startsWith('/') ? trimmed.slice(1).split('/') : trimmed.split(/[./]/)
  return parts
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
}

export interface FieldErrorGroup {
  name: FieldPath
  errors: string[]
}

export interface SplitFieldErrors {
  fields: FieldErrorGroup[]
  /** Details that name no known field. */
  other: ApiErrorDetail[]
}

/**
 * Groups an error's details by form field. `known` lists the form's field paths (as joined with '.');
 * `strip` drops a leading part of every pointer (e.g. 'policy' when the form edits body.policy).
 * `describe` turns one detail into the text shown under the field.
 */
export function splitFieldErrors(
  error: unknown,
  known: readonly string[],
  describe: (d: ApiErrorDetail) => string,
  strip: readonly string[] = [],
): SplitFieldErrors {
  const fields = new Map<string, FieldErrorGroup>()
  const other: ApiErrorDetail[] = []
  if (!(error instanceof ApiError)) return { fields: [], other }
  for (const d of error.details) {
    let path = typeof d.field === 'string' ? pointerToPath(d.field) : []
    if (strip.length > 0 && strip.every((s, i) => path[i] === s)) path = path.slice(strip.length)
    const key = path.join('.')
    if (!key || !known.includes(key)) {
      other.push(d)
      continue
    }
    const group = fields.get(key) ?? { name: path, errors: [] }
    group.errors.push(describe(d))
    fields.set(key, group)
  }
  return { fields: [...fields.values()], other }
}

/**
 * Whether an error is an optimistic-concurrency conflict (409 with a "stale" version): the record
 * was saved by someone else since it was read. Other 409s (a taken name, grids still assigned) are not.
 */
export function isStaleVersion(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 409) return false
  return error.details.length === 0 ? error.code === 'conflict' : error.details.some((d) => d.problem === 'stale' || d.field === '/version')
}
