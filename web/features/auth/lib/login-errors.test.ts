import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/api/client'
import { zh } from '../../../shared/i18n/messages.zh'
import { loginErrorText, waitMinutes } from './login-errors'

describe('loginErrorText', () => {
  it('says the same for a wrong name and a wrong password', () => {
    expect(loginErrorText(new ApiError(401, 'invalid_credentials', 'Wrong username or password'))).toEqual({ key: 'login.error.invalid_credentials' })
  })
  it('gives the minutes of a lock from Retry-After, else the message', () => {
    expect(loginErrorText(new ApiError(429, 'login_locked', 'locked', [], 61))).toEqual({ key: 'login.error.login_locked', params: { minutes: 2 } })
    expect(loginErrorText(new ApiError(429, 'login_locked', 'Locked for 15 minutes'))).toEqual({
      key: 'login.error.login_locked_unknown',
      params: { message: 'Locked for 15 minutes' },
    })
    expect(loginErrorText(new ApiError(429, 'rate_limited', 'slow down', [], 30))).toEqual({ key: 'login.error.rate_limited', params: { minutes: 1 } })
  })
  it('tells a replayed code from a wrong one', () => {
    expect(loginErrorText(new ApiError(401, 'totp_invalid', ''))?.key).toBe('login.error.totp_invalid')
    expect(loginErrorText(new ApiError(401, 'totp_replayed', ''))?.key).toBe('login.error.totp_replayed')
  })
  it('leaves other errors to the generic alert', () => {
    expect(loginErrorText(new ApiError(500, 'internal_error', ''))).toBeUndefined()
    expect(loginErrorText(new Error('x'))).toBeUndefined()
  })
  it('only uses keys the dictionaries have', () => {
    for (const code of ['invalid_credentials', 'login_locked', 'rate_limited', 'totp_invalid', 'totp_replayed', 'unauthenticated']) {
      for (const retry of [undefined, 10]) {
        const text = loginErrorText(new ApiError(401, code, 'm', [], retry))
        expect(text && text.key in zh).toBe(true)
      }
    }
  })
  it('rounds waits up to whole minutes', () => {
    expect(waitMinutes(0)).toBe(1)
    expect(waitMinutes(60)).toBe(1)
    expect(waitMinutes(900)).toBe(15)
  })
})
