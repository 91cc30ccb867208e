// Calls whose body or answer is a file, which the JSON wrapper (shared/api/client.ts apiFetch) does
// not carry: a spreadsheet uploaded as the raw body, an XLSX answered as the body. Same rules as
// apiFetch: the session cookie (same origin), the CSRF token on writes, the API's activity and clock
// recorded, every failure an ApiError with the API's code and details, a lost session reported.
import { ApiError, apiUrl, needsCsrfToken, parseRetryAfter, type ApiErrorDetail } from '../../../shared/api/client'
import { getCsrfToken, notifyAuthFailure, recordApiActivity } from '../../../shared/api/session-state'
import { filenameFromDisposition } from '../lib/files'

export interface BinaryRequestInit {
  method?: string
  query?: Record<string, string | number | undefined>
  /** A file (sent as is, with `contentType`) or a value sent as JSON. */
  body?: Blob | ArrayBuffer
  json?: unknown
  contentType?: string
  /** What the answer should be (Accept header). */
  accept?: string
  signal?: AbortSignal
}

/** The error an unsuccessful answer stands for (the API's { error: { code, message, details } } when it has one). */
export function errorOfAnswer(status: number, text: string, retryAfter: string | null): ApiError {
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  const e = parsed && typeof parsed === 'object' && 'error' in parsed ? (parsed as { error: unknown }).error : undefined
  const seconds = parseRetryAfter(retryAfter)
  if (e && typeof e === 'object') {
    const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown }
    return new ApiError(
      status,
      typeof code === 'string' ? code : 'http_error',
      typeof message === 'string' ? message : `HTTP ${status}`,
      Array.isArray(details) ? (details.filter((d) => d && typeof d === 'object') as ApiErrorDetail[]) : [],
      seconds,
    )
  }
  const snippet = text.slice(0, 200).trim()
  return new ApiError(status, 'http_error', snippet ? `HTTP ${status}: ${snippet}` : `HTTP ${status}`, [], seconds)
}

/** Makes the call and returns the successful Response (its body still unread); throws ApiError otherwise. */
export async function fetchBinary(path: string, init: BinaryRequestInit = {}): Promise<Response> {
  const headers = new Headers()
  headers.set('Accept', init.accept ?? 'application/json')
  const csrf = getCsrfToken()
  if (csrf && needsCsrfToken(init.method)) headers.set('X-CSRF-Token', csrf)
  let body: BodyInit | undefined
  if (init.body !== undefined) {
    headers.set('Content-Type', init.contentType ?? 'application/octet-stream')
    body = init.body
  } else if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json')
    body = JSON.stringify(init.json)
  }
  let res: Response
  try {
    res = await fetch(apiUrl(path, init.query ?? {}), { method: init.method ?? 'GET', credentials: 'same-origin', headers, body, signal: init.signal })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err))
  }
  recordApiActivity(Date.now(), res.headers.get('Date'))
  if (!res.ok) {
    const error = errorOfAnswer(res.status, await res.text().catch(() => ''), res.headers.get('Retry-After'))
    if (error.status === 401 && (error.code === 'unauthenticated' || error.code === 'login_incomplete')) notifyAuthFailure(error.code, error)
    throw error
  }
  return res
}

/** A file the API answered: its content and the name the server suggests (Content-Disposition). */
export interface DownloadedFile {
  blob: Blob
  filename: string | undefined
}

export async function fetchFile(path: string, init: BinaryRequestInit = {}): Promise<DownloadedFile> {
  const res = await fetchBinary(path, { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/json', ...init })
  const blob = await res.blob()
  return { blob, filename: filenameFromDisposition(res.headers.get('Content-Disposition')) }
}
