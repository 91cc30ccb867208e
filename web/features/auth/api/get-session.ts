// GET /auth/session — who is logged in and which login step comes next; null when nobody is.
// Reading it also keeps the session from idling out.
import { queryOptions } from '@tanstack/react-query'
import { apiFetch, isApiError } from '../../../shared/api/client'
import { setCsrfToken } from '../../../shared/api/session-state'
import type { SessionInfo } from '../types'

export const SESSION_QUERY_KEY = ['auth', 'session'] as const

export async function getSession(signal?: AbortSignal): Promise<SessionInfo | null> {
  try {
    const info = await apiFetch<SessionInfo>('/auth/session', { signal, handleAuthFailure: false })
    setCsrfToken(info.csrfToken)
    return info
  } catch (err) {
    if (isApiError(err) && err.status === 401) {
      setCsrfToken(null)
      return null
    }
    throw err
  }
}

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => getSession(signal),
    // Read on start and when asked (a refetch extends the session, so nothing polls it).
    staleTime: Infinity,
    gcTime: Infinity,
  })
