// What every API call needs to know about the current session, kept outside React so the fetch
// wrapper can read it: the CSRF token (sent back with every state-changing request), when the API
// last answered (any answer with the session cookie keeps the session from idling out), the offset
// of the server's clock, and who to tell when the API says the session is gone.
import type { ApiError } from './client'

let csrfToken: string | null = null
let lastActivityAt = 0
let serverClockOffsetMs = 0

/** The auth feature sets it from every SessionInfo it receives (and clears it on logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function getCsrfToken(): string | null {
  return csrfToken
}

/** Called by the fetch wrapper on every answer from the API. */
export function recordApiActivity(at: number, serverDate: string | null): void {
  lastActivityAt = at
  if (serverDate) {
    const server = Date.parse(serverDate)
    // The Date header has a resolution of one second; ignore anything that is not a date.
    if (Number.isFinite(server)) serverClockOffsetMs = server - at
  }
}

/** When (client clock, ms) the API last answered, 0 before the first answer. */
export function getLastApiActivity(): number {
  return lastActivityAt
}

/** Server clock minus client clock, in ms (from the last Date header seen). */
export function getServerClockOffset(): number {
  return serverClockOffsetMs
}

/** 401 answers that mean the session (not the request) is the problem. */
export type AuthFailure = 'unauthenticated' | 'login_incomplete'

type AuthFailureListener = (failure: AuthFailure, error: ApiError) => void
const listeners = new Set<AuthFailureListener>()

/** Registers a listener for session failures; returns the function that removes it. */
export function onAuthFailure(listener: AuthFailureListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function notifyAuthFailure(failure: AuthFailure, error: ApiError): void {
  for (const l of listeners) l(failure, error)
}

/**
 * Counts requests made outside apiFetch (map tiles and glyphs fetched by MapLibre) as activity too,
 * from the browser's resource timing. Returns the function that stops watching.
 */
export function watchResourceActivity(prefix = '/api/v1/'): () => void {
  if (typeof PerformanceObserver === 'undefined') return () => {}
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.name.includes(prefix)) continue
      const at = performance.timeOrigin + (entry as PerformanceResourceTiming).responseEnd
      if (at > lastActivityAt) lastActivityAt = at
    }
  })
  try {
    observer.observe({ type: 'resource', buffered: false })
  } catch {
    return () => {}
  }
  return () => observer.disconnect()
}
