// A refused write's field problems (details[].field, a JSON pointer) placed on the form's fields in
// the registry's own words; what names no field of the form stays for the error alert. Conflicts the
// page handles itself: a stale version (someone saved meanwhile) and a duplicate ID number (with the
// existing record's id when the caller may open it).
import { ApiError } from '../../../shared/api/client'
import { splitFieldErrors, type FieldErrorGroup } from '../../../shared/api/field-errors'
import type { ListFieldSpec } from '../../../../shared/registry/lists'
import { serverProblemText, type TryT } from './problems'

/** Field problems of `error` for the form fields `known` (paths joined with '.'), and whether others remain. */
export function formErrors(error: unknown, known: readonly string[], tryT: TryT, listSpecs: readonly ListFieldSpec[] = []): { fields: FieldErrorGroup[]; rest: number } {
  const { fields, other } = splitFieldErrors(error, known, (d) => serverProblemText(tryT, d, listSpecs))
  return { fields, rest: other.length }
}

/** 409 because the record changed since it was read (problem stale_version). */
export function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.details.some((d) => d.problem === 'stale_version')
}

/** The existing person an ID number already belongs to: its id when the caller may see it, else null; undefined when no such problem. */
export function duplicateOf(error: unknown): number | null | undefined {
  if (!(error instanceof ApiError)) return undefined
  const d = error.details.find((x) => x.problem === 'duplicate_id_number')
  if (!d) return undefined
  return typeof d.personId === 'number' ? d.personId : null
}

/** 401 reauth_required: the act needs a fresh re-authentication first. */
export function needsReauth(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'reauth_required'
}
