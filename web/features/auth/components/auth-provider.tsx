// The logged-in user for the whole app: GET /auth/session through React Query, the CSRF token kept
// in step for the fetch wrapper, permission checks, logout, and the reaction to a lost session
// (any 401 unauthenticated: forget the user and every cached answer; the guard then sends them to
// /login?next=…; 401 login_incomplete: read the session again, the guard sends them to the step).
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { onAuthFailure, setCsrfToken } from '../../../shared/api/session-state'
import type { Permission } from '../../../../shared/roles'
import { logout as logoutRequest } from '../api/login-steps'
import { SESSION_QUERY_KEY, sessionQueryOptions } from '../api/get-session'
import type { SessionInfo } from '../types'

/** Why there is no session: never logged in, logged out by the user, or ended by the server. */
export type SessionEnd = 'none' | 'logout' | 'expired'

export interface AuthContextValue {
  /** The session (in any stage), or null when nobody is logged in. Undefined while first loading. */
  session: SessionInfo | null | undefined
  status: 'pending' | 'error' | 'success'
  error: unknown
  /** When the session info was last received (client clock, ms). */
  receivedAt: number
  ended: SessionEnd
  /** Whether the logged-in (active) user's role has the permission. */
  can: (permission: Permission) => boolean
  /** Puts the session info a login step answered with into place. */
  setSession: (info: SessionInfo | null, ended?: SessionEnd) => void
  /** Reads the session again (this also keeps it from idling out). */
  refresh: () => Promise<SessionInfo | null>
  logout: () => Promise<void>
}

const AuthContext = createContext<AuthContextValue | null>(null)

const isSessionQuery = (key: readonly unknown[]) => key[0] === SESSION_QUERY_KEY[0] && key[1] === SESSION_QUERY_KEY[1]

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const query = useQuery(sessionQueryOptions())
  const [ended, setEnded] = useState<SessionEnd>('none')
  const session = query.data

  useEffect(() => {
    if (session !== undefined) setCsrfToken(session?.csrfToken ?? null)
  }, [session])

  /** Forgets every cached answer but the session (the next user must not see the last one's data). */
  const dropCachedData = useCallback(() => {
    // Later, so the pages still mounted unmount first instead of fetching again.
    setTimeout(() => queryClient.removeQueries({ predicate: (q) => !isSessionQuery(q.queryKey) }), 0)
  }, [queryClient])

  const setSession = useCallback(
    (info: SessionInfo | null, why: SessionEnd = 'none') => {
      setCsrfToken(info?.csrfToken ?? null)
      queryClient.setQueryData<SessionInfo | null>(SESSION_QUERY_KEY, info)
      setEnded(info ? 'none' : why)
      if (!info) dropCachedData()
    },
    [queryClient, dropCachedData],
  )

  useEffect(
    () =>
      onAuthFailure((failure) => {
        if (failure === 'unauthenticated') {
          if (queryClient.getQueryData(SESSION_QUERY_KEY) === null) return
          setSession(null, 'expired')
        } else {
          void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY })
        }
      }),
    [queryClient, setSession],
  )

  const refresh = useCallback(async () => {
    // Never throws: a failed read leaves the last known session in place (and the error in the query).
    await queryClient.refetchQueries({ queryKey: SESSION_QUERY_KEY, exact: true })
    const data = queryClient.getQueryData<SessionInfo | null>(SESSION_QUERY_KEY) ?? null
    if (data === null) setEnded((e) => (e === 'none' ? 'expired' : e))
    return data
  }, [queryClient])

  const logout = useCallback(async () => {
    await logoutRequest()
    setSession(null, 'logout')
  }, [setSession])

  const value = useMemo<AuthContextValue>(() => {
    const permissions = session?.stage === 'active' ? session.account.permissions : []
    return {
      session,
      status: query.status,
      error: query.error,
      receivedAt: query.dataUpdatedAt,
      ended,
      can: (p) => permissions.includes(p),
      setSession,
      refresh,
      logout,
    }
  }, [session, query.status, query.error, query.dataUpdatedAt, ended, setSession, refresh, logout])

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext)
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>')
  return ctx
}

/** The active session (for components under RequireAuth, where there always is one). */
export function useActiveSession(): SessionInfo {
  const { session } = useAuth()
  if (!session || session.stage !== 'active') throw new Error('useActiveSession needs an active session (use it under <RequireAuth>)')
  return session
}
