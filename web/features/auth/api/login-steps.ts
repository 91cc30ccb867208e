// The login steps: POST /auth/login, /auth/totp, /auth/password, /auth/totp/enrolment(/confirm).
// Each answers with the SessionInfo whose stage says what comes next.
import { apiFetch } from '../../../shared/api/client'
import { setCsrfToken } from '../../../shared/api/session-state'
import type { SessionInfo, TotpEnrolment } from '../types'

const remember = (info: SessionInfo): SessionInfo => {
  setCsrfToken(info.csrfToken)
  return info
}

/** Whether an answer is a SessionInfo (some steps may answer 204). */
export const isSessionInfo = (value: unknown): value is SessionInfo =>
  !!value && typeof value === 'object' && 'stage' in value && 'csrfToken' in value && 'account' in value

export async function login(username: string, password: string): Promise<SessionInfo> {
  // A new login gets a new session: the old token means nothing any more.
  setCsrfToken(null)
  return remember(await apiFetch<SessionInfo>('/auth/login', { method: 'POST', json: { username, password }, handleAuthFailure: false }))
}

export async function submitTotp(code: string): Promise<SessionInfo> {
  return remember(await apiFetch<SessionInfo>('/auth/totp', { method: 'POST', json: { code } }))
}

/** Changes the password (the login step, or any time when logged in); the new session info when sent. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<SessionInfo | null> {
  const res = await apiFetch<unknown>('/auth/password', { method: 'POST', json: { currentPassword, newPassword } })
  return isSessionInfo(res) ? remember(res) : null
}

export function startTotpEnrolment(): Promise<TotpEnrolment> {
  return apiFetch<TotpEnrolment>('/auth/totp/enrolment', { method: 'POST' })
}

export async function confirmTotpEnrolment(code: string): Promise<SessionInfo> {
  return remember(await apiFetch<SessionInfo>('/auth/totp/enrolment/confirm', { method: 'POST', json: { code } }))
}

/** Ends the session; never fails (a session that is already gone is as good as ended). */
export async function logout(): Promise<void> {
  try {
    await apiFetch<void>('/auth/logout', { method: 'POST', handleAuthFailure: false })
  } catch {
    // Nothing to do: the cookie is either cleared or no longer valid.
  }
  setCsrfToken(null)
}

/** Re-authentication for sensitive acts (password + code); the updated session info when sent. */
export async function reauthenticate(password: string, code: string): Promise<SessionInfo | null> {
  const res = await apiFetch<unknown>('/auth/reauth', { method: 'POST', json: { password, code } })
  return isSessionInfo(res) ? remember(res) : null
}
