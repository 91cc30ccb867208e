// The login steps: password, second factor, password change, TOTP enrolment, re-authentication — and
// the lockout that guards them. Failures are counted per account name (known or not, so a lock says
// nothing about whether a name exists) and per source address.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { SecurityPolicy, SessionStage } from '../../../shared/api-types.ts'
import { AppError } from '../../infra/http/errors.ts'
import { hashPassword, needsRehash, verifyPassword } from './password.ts'
import { checkPassword, passwordExpired } from './password-policy.ts'
import { verifyTotp } from './totp.ts'
import { normalizeUsername, type AccountRow } from './account.repository.ts'

// --- lockout ----------------------------------------------------------------------------------------

export const accountKey = (username: string) => `account:${normalizeUsername(username).slice(0, 64)}`
export const sourceKey = (source: string) => `source:${source}`

/** Seconds until the first of `keys` that is locked unlocks, or 0 when none is locked. */
export async function lockedFor(db: Kysely<DB>, keys: string[], now = new Date()): Promise<number> {
  const r = await sql<{ until: Date | string }>`
    SELECT max(locked_until) AS until FROM login_throttle WHERE key IN (${sql.join(keys)}) AND locked_until > ${now}`.execute(db)
  const until = r.rows[0]?.until
  return until ? Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000)) : 0
}

/** Counts one failure against each key; locks a key when it reaches its limit within the window. */
export async function recordFailure(db: Kysely<DB>, keys: { key: string; max: number; lockMinutes: number }[], now = new Date()): Promise<void> {
  for (const { key, max, lockMinutes } of keys) {
    const windowStart = new Date(now.getTime() - lockMinutes * 60_000)
    await sql`
      INSERT INTO login_throttle AS t (key, failures, first_failure_at, locked_until)
      VALUES (${key}, 1, ${now}, ${max <= 1 ? new Date(now.getTime() + lockMinutes * 60_000) : null})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.first_failure_at < ${windowStart} OR t.locked_until IS NOT NULL THEN 1 ELSE t.failures + 1 END,
        first_failure_at = CASE WHEN t.first_failure_at < ${windowStart} OR t.locked_until IS NOT NULL THEN ${now} ELSE t.first_failure_at END,
        locked_until = CASE
          WHEN t.first_failure_at >= ${windowStart} AND t.locked_until IS NULL AND t.failures + 1 >= ${max}
          THEN ${new Date(now.getTime() + lockMinutes * 60_000)}::timestamptz ELSE NULL END`.execute(db)
  }
}

export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await sql`DELETE FROM login_throttle WHERE key = ${key}`.execute(db)
}

export function lockoutKeys(username: string, source: string, policy: SecurityPolicy) {
  return [
    { key: accountKey(username), max: policy.lockout.maxFailures, lockMinutes: policy.lockout.lockMinutes },
    { key: sourceKey(source), max: policy.lockout.sourceMaxFailures, lockMinutes: policy.lockout.sourceLockMinutes },
  ]
}

export function lockedError(seconds: number): AppError {
  const minutes = Math.ceil(seconds / 60)
  const err = new AppError(
    'login_locked',
    `Too many failed attempts. Logging in is blocked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`,
    [{ message: `retry after ${seconds} s`, problem: 'locked' }],
  )
  return err
}

// --- password ----------------------------------------------------------------------------------------

/** A hash of a random password: verified against when the name is unknown, so timing reveals nothing. */
let dummyHash: Promise<string> | undefined
const dummy = () => (dummyHash ??= hashPassword(`no-such-account-${Math.random()}`))

/** Checks a password against an account (or against a dummy when there is none). */
export async function passwordMatches(account: AccountRow | null, password: string): Promise<boolean> {
  if (password.length > 1024) return false
  if (!account) {
    await verifyPassword(await dummy(), password).catch(() => false)
    return false
  }
  return verifyPassword(account.passwordHash, password)
}

export async function rehashIfNeeded(db: Kysely<DB>, account: AccountRow, password: string): Promise<void> {
  if (needsRehash(account.passwordHash)) {
    await sql`UPDATE account SET password_hash = ${await hashPassword(password)} WHERE id = ${account.id}`.execute(db)
  }
}

/** What a session must do next once the steps before `after` are done. */
export function nextStage(account: AccountRow, policy: SecurityPolicy, after: 'password' | 'totp' | 'password_change' | 'totp_enrol'): SessionStage {
  if (after === 'password' && account.totpEnrolledAt) return 'totp'
  const mustChange = account.mustChangePassword || passwordExpired(policy.password, account.passwordChangedAt)
  if ((after === 'password' || after === 'totp') && mustChange) return 'password_change'
  if (after !== 'totp_enrol' && !account.totpEnrolledAt) return 'totp_enrol'
  return 'active'
}

/**
 * Sets a new password after checking it against the policy (rules, context words, reuse of the
 * current and recent passwords). Throws password_rejected listing every problem.
 */
export async function changePassword(db: Kysely<DB>, account: AccountRow, newPassword: string, policy: SecurityPolicy): Promise<void> {
  const problems: string[] = checkPassword(newPassword, policy.password, [account.username, account.displayName])
  const recent = [account.passwordHash, ...account.passwordHistory.slice(0, Math.max(0, policy.password.historySize - 1))]
  if (problems.length === 0) {
    for (const h of recent) {
      if (await verifyPassword(h, newPassword)) {
        problems.push('reused')
        break
      }
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      'password_rejected',
      'The new password does not meet the password policy',
      problems.map((problem) => ({ field: '/newPassword', location: 'body', problem, message: PASSWORD_PROBLEM_TEXT[problem] ?? problem })),
    )
  }
  const history = [account.passwordHash, ...account.passwordHistory].slice(0, 24)
  await sql`
    UPDATE account SET password_hash = ${await hashPassword(newPassword)}, password_changed_at = now(),
      password_history = ${JSON.stringify(history)}::jsonb, must_change_password = false,
      updated_at = now(), version = version + 1
    WHERE id = ${account.id}`.execute(db)
}

const PASSWORD_PROBLEM_TEXT: Record<string, string> = {
  too_short: 'is shorter than the policy allows',
  too_long: 'is longer than the policy allows',
  too_few_classes: 'needs more kinds of characters (lower case, upper case, digits, symbols)',
  common: 'is a commonly used password',
  contains_context: 'contains the username or the name',
  repetitive: 'repeats too few characters',
  control_characters: 'contains control characters',
  reused: 'was used recently',
}

// --- TOTP -----------------------------------------------------------------------------------------------

/**
 * Checks a TOTP code for an enrolled account and consumes its time step, atomically: of two requests
 * with the same code, only one can move totp_last_step forward.
 */
export async function consumeTotp(db: Kysely<DB>, account: AccountRow, code: string): Promise<'ok' | 'wrong' | 'replayed'> {
  if (!account.totpSecret) return 'wrong'
  const result = verifyTotp(account.totpSecret, code, account.totpLastStep)
  if (!result.ok) return result.reason === 'replayed' ? 'replayed' : 'wrong'
  const r = await sql`
    UPDATE account SET totp_last_step = ${result.step}
    WHERE id = ${account.id} AND (totp_last_step IS NULL OR totp_last_step < ${result.step})`.execute(db)
  return Number(r.numAffectedRows ?? 0) === 1 ? 'ok' : 'replayed'
}
