// Problem codes → the words shown under a field or in a step's dialog. The checks are shared with the
// server (validateReportFields, validateStepText in shared/cases/case-fields.ts; the workflow in
// case.service.ts), which names each problem with a stable snake_case code. A code is looked up for
// the field first (cases.problem.<field>.<code>), then on its own (cases.problem.<code>), then among
// the app's general problem texts (problem.<code>); else the server's English message stands.
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import type { ApiErrorDetail } from '../../../shared/api/client'
import { pointerToPath } from '../../../shared/api/field-errors'

/** Looks up a message by a key built at run time (I18n.tryT, or a dictionary in tests). */
export type TryT = (key: string, params?: Record<string, string | number>) => string | undefined

/** Every problem code the case pages can meet: the shared checks, the server's, and the page's own. */
export const CASE_PROBLEM_CODES = [
  // shared/cases/case-fields.ts (text checks from shared/registry/place-fields.ts)
  'required',
  'too_long',
  'control_character',
  'bidi_control',
  'not_a_code',
  // reporting (case.service.ts reportCase)
  'unknown_category',
  'not_your_part',
  'too_many',
  'not_allowed',
  'outside_city',
  'disagrees',
  'unknown_grid',
  'outside_scope',
  'unknown_photo',
  'unknown_person',
  // workflow steps (case.service.ts actOnCase, planStep)
  'not_allowed_in_state',
  'stale',
  'no_higher_level',
  'nowhere_to_return',
  'not_below',
  'not_the_place',
  'unknown_area',
  'unknown_department',
  'out_of_reach',
  'extension_pending',
  'out_of_range',
  'no_extension_request',
  'unknown_target',
  'unknown_case',
  'already_rated',
  // photos (infra/images/photo.ts, the upload route)
  'empty',
  'too_large',
  'unsupported_type',
  'not_an_image',
  'damaged',
  'too_many_pixels',
  // the page's own
  'uploading',
  'photo_failed',
] as const
export type CaseProblemCode = (typeof CASE_PROBLEM_CODES)[number]

/** The longest text of each field (the counts in "too long" messages). */
const MAX: Record<string, number> = {
  title: CASE_LIMITS.title,
  description: CASE_LIMITS.description,
  address: CASE_LIMITS.address,
  reason: CASE_LIMITS.reason,
  result: CASE_LIMITS.result,
  onSpotResult: CASE_LIMITS.result,
  comment: CASE_LIMITS.ratingComment,
  photos: CASE_LIMITS.photos,
}

/** The text of one problem of a field, or undefined when there is none. */
export function caseProblemText(tryT: TryT, field: string, problem: string): string | undefined {
  const params = { max: MAX[field] ?? 0, photos: CASE_LIMITS.photos, extensionDays: CASE_LIMITS.extensionDays }
  return tryT(`cases.problem.${field}.${problem}`, params) ?? tryT(`cases.problem.${problem}`, params) ?? tryT(`problem.${problem}`, params)
}

/** One of the server's details in words: its problem's text for its field, else its message. */
export function detailText(tryT: TryT, d: ApiErrorDetail, field?: string): string {
  const name = field ?? (typeof d.field === 'string' ? String(pointerToPath(d.field)[0] ?? '') : '')
  return (d.problem ? caseProblemText(tryT, name, d.problem) : undefined) ?? d.message
}
