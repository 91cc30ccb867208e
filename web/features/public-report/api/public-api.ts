// The public channel's endpoints (no login, no CSRF token): categories, photo upload, the report,
// its status in plain language and the rating. One file: the public pages use all of it.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { API_BASE, ApiError, apiFetch, parseRetryAfter, type ApiErrorDetail } from '../../../shared/api/client'
import type { PublicCaseView, PublicCategoryList, PublicPhoto, PublicReportAnswer, PublicReportBody } from '../types'

/** GET /public/categories — what residents can report (top categories with their subcategories). */
export function getPublicCategories(signal?: AbortSignal): Promise<PublicCategoryList> {
  return apiFetch<PublicCategoryList>('/public/categories', { signal })
}

export const publicCategoriesQueryOptions = () =>
  queryOptions({
    queryKey: ['public', 'categories'],
    queryFn: ({ signal }) => getPublicCategories(signal),
    staleTime: 10 * 60_000,
  })

export function usePublicCategories() {
  return useQuery(publicCategoriesQueryOptions())
}

/** The API's error shape of a failed answer (multipart uploads do not go through apiFetch). */
async function errorOf(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'))
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  const e = body && typeof body === 'object' && 'error' in body ? (body as { error: { code?: unknown; message?: unknown; details?: unknown } }).error : undefined
  if (e && typeof e === 'object') {
    const details = Array.isArray(e.details) ? (e.details.filter((d) => d && typeof d === 'object') as ApiErrorDetail[]) : []
    return new ApiError(res.status, typeof e.code === 'string' ? e.code : 'http_error', typeof e.message === 'string' ? e.message : `HTTP ${res.status}`, details, retryAfter)
  }
  return new ApiError(res.status, 'http_error', `HTTP ${res.status}`, [], retryAfter)
}

/** POST /public/photos (multipart, field `file`) — checked by content, re-encoded, location removed. */
export async function uploadPublicPhoto(file: File, signal?: AbortSignal): Promise<PublicPhoto> {
  const form = new FormData()
  form.append('file', file, file.name || 'photo')
  let res: Response
  try {
    res = await fetch(`${API_BASE}/public/photos`, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err))
  }
  if (!res.ok) throw await errorOf(res)
  return (await res.json()) as PublicPhoto
}

/** POST /public/reports with the form's Idempotency-Key: a resent report is stored once. */
export function submitPublicReport(body: PublicReportBody, idempotencyKey: string): Promise<PublicReportAnswer> {
  return apiFetch<PublicReportAnswer>('/public/reports', { method: 'POST', json: body, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** GET /public/reports/:number — the status in plain language (404 for an unknown number). */
export function getPublicReport(number: string, signal?: AbortSignal): Promise<PublicCaseView> {
  return apiFetch<PublicCaseView>(`/public/reports/${encodeURIComponent(number)}`, { signal })
}

export const publicReportQueryOptions = (number: string) =>
  queryOptions({
    queryKey: ['public', 'report', number],
    queryFn: ({ signal }) => getPublicReport(number, signal),
    staleTime: 0,
  })

export function usePublicReport(number: string | undefined) {
  return useQuery({ ...publicReportQueryOptions(number ?? ''), enabled: Boolean(number) })
}

/** POST /public/reports/:number/rating — once, when resolved (422 otherwise); answers the new view. */
export function ratePublicReport(number: string, rating: number, comment: string | null): Promise<PublicCaseView> {
  return apiFetch<PublicCaseView>(`/public/reports/${encodeURIComponent(number)}/rating`, { method: 'POST', json: { rating, comment } })
}
