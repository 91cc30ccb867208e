// Server-side sessions and API tokens. The client holds a random 256-bit value (cookie or bearer
// token); the database holds only its SHA-256, so a copy of the database opens no session.
import crypto from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { SessionStage } from '../../../shared/api-types.ts'
import type { SecurityPolicy } from '../../../shared/api-types.ts'
import { findAccountJoined, type AccountRow } from './account.repository.ts'

export const SESSION_COOKIE = 'frontline_session'
export const TOKEN_PREFIX = 'flt_'
/** last_seen_at is written at most this often per session (an idle timeout of minutes needs no more). */
const TOUCH_EVERY_MS = 15_000

export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex')
export const randomToken = (): string => crypto.randomBytes(32).toString('base64url')

/** Constant-time comparison of two strings (CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

export interface SessionRow {
  idHash: string
  accountId: number
  stage: SessionStage
  csrfToken: string
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
  reauthAt: Date | null
  pendingTotpSecret: string | null
}

interface RawSession {
  id_hash: string
  account_id: number
  stage: SessionStage
  csrf_token: string
  created_at: Date | string
  last_seen_at: Date | string
  expires_at: Date | string
  reauth_at: Date | string | null
  pending_totp_secret: string | null
}

const toSession = (r: RawSession): SessionRow => ({
  idHash: r.id_hash,
  accountId: Number(r.account_id),
  stage: r.stage,
  csrfToken: r.csrf_token,
  createdAt: new Date(r.created_at),
  lastSeenAt: new Date(r.last_seen_at),
  expiresAt: new Date(r.expires_at),
  reauthAt: r.reauth_at === null ? null : new Date(r.reauth_at),
  pendingTotpSecret: r.pending_totp_secret,
})

/** When an open session stops being valid if nothing more happens. */
export function idleDeadline(s: Pick<SessionRow, 'lastSeenAt' | 'expiresAt'>, policy: SecurityPolicy): Date {
  const idle = new Date(s.lastSeenAt.getTime() + policy.session.idleMinutes * 60_000)
  return idle < s.expiresAt ? idle : s.expiresAt
}

export interface NewSession {
  accountId: number
  stage: SessionStage
  source: string | null
  userAgent: string | null
}

/** Opens a session; returns the cookie value (shown once, never stored) and the row. */
export async function createSession(db: Kysely<DB>, s: NewSession, policy: SecurityPolicy): Promise<{ token: string; session: SessionRow }> {
  const token = randomToken()
  const now = new Date()
  const expires = new Date(now.getTime() + policy.session.absoluteHours * 3_600_000)
  const r = await sql<RawSession>`
    INSERT INTO session (id_hash, account_id, stage, csrf_token, created_at, last_seen_at, expires_at, source, user_agent)
    VALUES (${sha256(token)}, ${s.accountId}, ${s.stage}, ${randomToken()}, ${now}, ${now}, ${expires},
            ${s.source}, ${s.userAgent?.slice(0, 300) ?? null})
    RETURNING id_hash, account_id, stage, csrf_token, created_at, last_seen_at, expires_at, reauth_at, pending_totp_secret`.execute(db)
  return { token, session: toSession(r.rows[0]!) }
}

export type SessionLookup = { ok: true; session: SessionRow; account: AccountRow } | { ok: false; reason: 'unknown' | 'ended' | 'idle' | 'expired' }

type PrefixedSession = { [K in keyof RawSession as `s_${K}`]: RawSession[K] } & { s_ended_at: Date | string | null }

/**
 * The open session behind a cookie value, with its account (one query: this runs on every request).
 * A session past its idle or absolute timeout is ended here (so it can never be revived) and
 * reported as such. A valid one has its last_seen_at moved on.
 */
export async function lookupSession(db: Kysely<DB>, token: string, policy: SecurityPolicy, now = new Date()): Promise<SessionLookup> {
  if (!token || token.length > 100) return { ok: false, reason: 'unknown' }
  const found = await findAccountJoined<PrefixedSession>(db, {
    columns: sql`ss.id_hash AS s_id_hash, ss.account_id AS s_account_id, ss.stage AS s_stage, ss.csrf_token AS s_csrf_token,
      ss.created_at AS s_created_at, ss.last_seen_at AS s_last_seen_at, ss.expires_at AS s_expires_at,
      ss.reauth_at AS s_reauth_at, ss.pending_totp_secret AS s_pending_totp_secret, ss.ended_at AS s_ended_at`,
    from: sql`session ss`,
    where: sql`ss.id_hash = ${sha256(token)} AND ss.account_id = acc.id`,
  })
  if (!found) return { ok: false, reason: 'unknown' }
  const x = found.extra
  if (x.s_ended_at !== null) return { ok: false, reason: 'ended' }
  const session = toSession({
    id_hash: x.s_id_hash,
    account_id: x.s_account_id,
    stage: x.s_stage,
    csrf_token: x.s_csrf_token,
    created_at: x.s_created_at,
    last_seen_at: x.s_last_seen_at,
    expires_at: x.s_expires_at,
    reauth_at: x.s_reauth_at,
    pending_totp_secret: x.s_pending_totp_secret,
  })
  if (now >= session.expiresAt) {
    await endSession(db, session.idHash, 'expired')
    return { ok: false, reason: 'expired' }
  }
  if (now >= idleDeadline(session, policy)) {
    await endSession(db, session.idHash, 'idle')
    return { ok: false, reason: 'idle' }
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await sql`UPDATE session SET last_seen_at = ${now} WHERE id_hash = ${session.idHash} AND ended_at IS NULL`.execute(db)
    session.lastSeenAt = now
  }
  return { ok: true, session, account: found.account }
}

export async function endSession(db: Kysely<DB>, idHash: string, reason: string): Promise<void> {
  await sql`UPDATE session SET ended_at = now(), end_reason = ${reason} WHERE id_hash = ${idHash} AND ended_at IS NULL`.execute(db)
}

/** Ends every open session of an account (disabled, password reset…), except `keep` if given. Returns how many. */
export async function endAccountSessions(db: Kysely<DB>, accountId: number, reason: string, keep?: string): Promise<number> {
  const r = await sql`
    UPDATE session SET ended_at = now(), end_reason = ${reason}
    WHERE account_id = ${accountId} AND ended_at IS NULL AND id_hash <> ${keep ?? ''}`.execute(db)
  return Number(r.numAffectedRows ?? 0)
}

export async function setSessionStage(db: Kysely<DB>, idHash: string, stage: SessionStage): Promise<void> {
  await sql`UPDATE session SET stage = ${stage}, pending_totp_secret = NULL WHERE id_hash = ${idHash}`.execute(db)
}

export async function setPendingTotp(db: Kysely<DB>, idHash: string, secret: string): Promise<void> {
  await sql`UPDATE session SET pending_totp_secret = ${secret} WHERE id_hash = ${idHash}`.execute(db)
}

export async function markReauth(db: Kysely<DB>, idHash: string, at = new Date()): Promise<void> {
  await sql`UPDATE session SET reauth_at = ${at} WHERE id_hash = ${idHash}`.execute(db)
}

// --- API tokens -------------------------------------------------------------------------------------

export interface TokenLookup {
  tokenId: number
  accountId: number
}

/** The live token behind a bearer value (not revoked, not expired), or null. Records its use. */
export async function lookupApiToken(db: Kysely<DB>, token: string, now = new Date()): Promise<TokenLookup | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null
  const r = await sql<{ id: number; account_id: number; last_used_at: Date | string | null }>`
    SELECT id, account_id, last_used_at FROM api_token
    WHERE token_hash = ${sha256(token)} AND revoked_at IS NULL AND expires_at > ${now}`.execute(db)
  const row = r.rows[0]
  if (!row) return null
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await sql`UPDATE api_token SET last_used_at = ${now} WHERE id = ${row.id}`.execute(db)
  }
  return { tokenId: Number(row.id), accountId: Number(row.account_id) }
}

export function newApiTokenValue(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomToken()}`
  return { token, hash: sha256(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) }
}
