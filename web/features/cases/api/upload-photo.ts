// POST /case-photos (multipart, field "file") — one photo, checked by its content, re-encoded, its
// location and other metadata removed; answered with its stored name and URLs. The JSON wrapper
// (apiFetch) sends JSON only, so this call is made here with the same rules: the session cookie, the
// CSRF token, the API's activity and clock recorded, failures as ApiError (413/415/422 name the
// problem: too_large, unsupported_type, not_an_image, damaged, too_many_pixels), a lost session reported.
import { ApiError, apiUrl, parseRetryAfter, type ApiErrorDetail } from '../../../shared/api/client'
import { getCsrfToken, notifyAuthFailure, recordApiActivity } from '../../../shared/api/session-state'
import type { PhotoAnswer } from '../types'

function errorOf(status: number, text: string, retryAfter: string | null): ApiError {
  let e: unknown
  try {
    e = (JSON.parse(text) as { error?: unknown }).error
  } catch {
    e = undefined
  }
  if (e && typeof e === 'object') {
    const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown }
    return new ApiError(
      status,
      typeof code === 'string' ? code : 'http_error',
      typeof message === 'string' ? message : `HTTP ${status}`,
      Array.isArray(details) ? (details.filter((d) => d && typeof d === 'object') as ApiErrorDetail[]) : [],
      parseRetryAfter(retryAfter),
    )
  }
  return new ApiError(status, 'http_error', `HTTP ${status}`)
}

export async function uploadPhoto(file: Blob, filename: string, signal?: AbortSignal): Promise<PhotoAnswer> {
  const form = new FormData()
  form.append('file', file, filename)
  const headers = new Headers({ Accept: 'application/json' })
  const csrf = getCsrfToken()
  if (csrf) headers.set('X-CSRF-Token', csrf)
  let res: Response
  try {
    // No Content-Type: the browser writes multipart/form-data with its boundary.
    res = await fetch(apiUrl('/case-photos'), { method: 'POST', body: form, headers, credentials: 'same-origin', signal })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err))
  }
  recordApiActivity(Date.now(), res.headers.get('Date'))
  const text = await res.text().catch(() => '')
  if (!res.ok) {
    const error = errorOf(res.status, text, res.headers.get('Retry-After'))
    if (error.status === 401 && (error.code === 'unauthenticated' || error.code === 'login_incomplete')) notifyAuthFailure(error.code, error)
    throw error
  }
  return JSON.parse(text) as PhotoAnswer
}
