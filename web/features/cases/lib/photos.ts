// The photos of a report or a step, as the upload list holds them: sent by their stored names once
// uploaded; the form waits while any is still uploading and will not send while a refused one stays
// in the list (the user removes it or it would silently be missing).
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import { ApiError } from '../../../shared/api/client'
import type { PhotoAnswer } from '../types'

/** One entry of the upload list (the part of Ant Design's UploadFile read here). */
export interface PhotoItem {
  uid: string
  status?: 'uploading' | 'done' | 'error' | 'removed'
  response?: PhotoAnswer
  error?: unknown
}

/** The stored names of the uploaded photos, in list order. */
export function photoNames(items: readonly PhotoItem[] | undefined): string[] {
  return (items ?? []).flatMap((p) => (p.status === 'done' && p.response ? [p.response.name] : []))
}

/** Why the list cannot be sent yet, if it cannot. */
export function photoListProblem(items: readonly PhotoItem[] | undefined): 'uploading' | 'photo_failed' | 'too_many' | undefined {
  const list = items ?? []
  if (list.some((p) => p.status === 'uploading')) return 'uploading'
  if (list.some((p) => p.status === 'error')) return 'photo_failed'
  if (photoNames(list).length > CASE_LIMITS.photos) return 'too_many'
  return undefined
}

/** How many more photos may be added (failed ones do not count: they are not sent). */
export function photosLeft(items: readonly PhotoItem[] | undefined): number {
  return Math.max(0, CASE_LIMITS.photos - (items ?? []).filter((p) => p.status !== 'error').length)
}

/** The server's reason for refusing a photo (too_large, unsupported_type, not_an_image, damaged, too_many_pixels), if it gave one. */
export function photoRefusal(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined
  const problem = error.details.find((d) => typeof d.problem === 'string')?.problem
  if (problem) return problem
  if (error.status === 413) return 'too_large'
  if (error.status === 415) return 'unsupported_type'
  return undefined
}
