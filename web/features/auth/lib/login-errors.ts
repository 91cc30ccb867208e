// What to tell the user when a login step fails. Wrong name and wrong password read the same (no
// hint which one was wrong); a lock says for how long, from Retry-After or else the server's message.
import { ApiError } from '../../../shared/api/client'
import type { MessageKey, MessageParams } from '../../../shared/i18n'

export interface LoginErrorText {
  key: MessageKey
  params?: MessageParams
}

/** Whole minutes (at least 1) for a wait given in seconds. */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60))
}

/** The translated message for a failed login step, or undefined to show the generic API error. */
export function loginErrorText(error: unknown): LoginErrorText | undefined {
  if (!(error instanceof ApiError)) return undefined
  switch (error.code) {
    case 'invalid_credentials':
      return { key: 'login.error.invalid_credentials' }
    case 'login_locked':
    case 'rate_limited': {
      const prefix = error.code === 'login_locked' ? 'login.error.login_locked' : 'login.error.rate_limited'
      if (error.retryAfterSeconds !== undefined) return { key: prefix as MessageKey, params: { minutes: waitMinutes(error.retryAfterSeconds) } }
      return { key: `${prefix}_unknown` as MessageKey, params: { message: error.message } }
    }
    case 'totp_invalid':
      return { key: 'login.error.totp_invalid' }
    case 'totp_replayed':
      return { key: 'login.error.totp_replayed' }
    case 'unauthenticated':
      return { key: 'login.error.session_ended' }
    default:
      return undefined
  }
}
