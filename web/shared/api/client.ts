// The one way the web app talks to the API: JSON over fetch under /api/v1, every failure turned into
// an ApiError carrying the API's error shape { error: { code, message, details } }. The session
// cookie goes with every call (same origin); state-changing calls carry the session's CSRF token in
// X-CSRF-Token; a 401 that means the session is gone is reported to the auth feature
// (session-state.ts), which sends the user to the login page.
import { getCsrfToken, notifyAuthFailure, recordApiActivity } from './session-state'

export const API_BASE = '/api/v1'

/** One entry of an API error's details (field-level problems, import and coverage problems). */
export interface ApiErrorDetail {
  field?: string
  message: string
  feature?: number
  areaCode?: string
  problem?: string
  areaM2?: number
  geometry?: unknown
  [extra: string]: unknown
}

/** A failed API call: HTTP status plus the API's stable error code, message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** Seconds from the Retry-After header (429 login_locked, rate_limited), when sent. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>

/** Builds an API URL (path relative to /api/v1) with the defined query parameters. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, Array.isArray(value) ? value.join(',') : String(value))
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

export interface ApiRequestInit extends Omit<RequestInit, 'body'> {
  query?: Query
  /** Sent as JSON (or as-is when a string) with the given content type. */
  json?: unknown
  contentType?: string
  /**
   * Leave a 401 to the caller instead of reporting it as a lost session (the login steps and the
   * session check handle their own 401s).
   */
  handleAuthFailure?: boolean
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Whether a request of this method must carry the CSRF token. */
export function needsCsrfToken(method: string | undefined): boolean {
  return !SAFE_METHODS.has((method ?? 'GET').toUpperCase())
}

/** Retry-After as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : undefined
}

/** Calls the API and returns the parsed JSON body; throws ApiError for every non-2xx answer. */
export async function apiFetch<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  const { query, json, contentType, headers, handleAuthFailure = true, ...rest } = init
  const h = new Headers(headers)
  h.set('Accept', 'application/json, application/geo+json')
  const csrf = getCsrfToken()
  if (csrf && needsCsrfToken(rest.method)) h.set('X-CSRF-Token', csrf)
  let body: BodyInit | undefined
  if (json !== undefined) {
    h.set('Content-Type', contentType ?? 'application/json')
    body = typeof json === 'string' ? json : JSON.stringify(json)
  }
  let res: Response
  try {
    res = await fetch(apiUrl(path, query), { credentials: 'same-origin', ...rest, headers: h, body })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err))
  }
  recordApiActivity(Date.now(), res.headers.get('Date'))
  const text = await res.text()
  let parsed: unknown = undefined
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
  }
  if (!res.ok) {
    const error = toApiError(res.status, parsed, text, parseRetryAfter(res.headers.get('Retry-After')))
    if (handleAuthFailure && error.status === 401 && (error.code === 'unauthenticated' || error.code === 'login_incomplete')) {
      notifyAuthFailure(error.code, error)
    }
    throw error
  }
  if (parsed === undefined && text) {
    throw new ApiError(res.status, 'invalid_response', 'The server answered with something that is not JSON')
  }
  return parsed as T
}

function toApiError(status: number, body: unknown, text: string, retryAfterSeconds?: number): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: unknown }).error
    if (e && typeof e === 'object') {
      const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown }
      return new ApiError(
        status,
        typeof code === 'string' ? code : 'http_error',
        typeof message === 'string' ? message : `HTTP ${status}`,
        Array.isArray(details) ? (details.filter((d) => d && typeof d === 'object') as ApiErrorDetail[]) : [],
        retryAfterSeconds,
      )
    }
  }
  const snippet = text.slice(0, 200).trim()
  return new ApiError(status, 'http_error', snippet ? `HTTP ${status}: ${snippet}` : `HTTP ${status}`, [], retryAfterSeconds)
}
