// Time-based one-time passwords (RFC 6238) for the staff's second factor, through the otpauth library.
// Each code is accepted once: the caller stores the last accepted time step and passes it back, so a
// replayed code (even within its 30-second window) is refused.
import { Secret, TOTP } from 'otpauth'

export const TOTP_PERIOD = 30
export const TOTP_DIGITS = 6
/** Steps of clock drift tolerated either way (±30 s). */
export const TOTP_WINDOW = 1

/** A fresh random secret (160 bits), base32-encoded for authenticator apps. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

function totp(secretBase32: string, label = 'user', digits = TOTP_DIGITS): TOTP {
  return new TOTP({ issuer: 'Frontline', label, algorithm: 'SHA1', digits, period: TOTP_PERIOD, secret: Secret.fromBase32(secretBase32) })
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function totpUri(secretBase32: string, accountName: string): string {
  return totp(secretBase32, accountName).toString()
}

/** The code for a time (for tests and enrolment checks). */
export function totpCode(secretBase32: string, at = Date.now(), digits = TOTP_DIGITS): string {
  return totp(secretBase32, 'user', digits).generate({ timestamp: at })
}

export type TotpResult = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' }

/**
 * Checks a code at time `at`. `lastStep` is the time step of the last code accepted for this account
 * (or null): a code from that step or an earlier one is a replay.
 */
export function verifyTotp(secretBase32: string, code: string, lastStep: number | null, at = Date.now()): TotpResult {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'malformed' }
  const delta = totp(secretBase32).validate({ token: code, timestamp: at, window: TOTP_WINDOW })
  if (delta === null) return { ok: false, reason: 'wrong' }
  const step = Math.floor(at / 1000 / TOTP_PERIOD) + delta
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' }
  return { ok: true, step }
}
