// Reading and writing accounts. Every function takes the Kysely handle (or a transaction) it runs on.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { Role } from '../../../shared/roles.ts'
import { hashPassword } from './password.ts'

export interface AccountRow {
  id: number
  username: string
  displayName: string
  role: Role
  scopeCode: string
  scopePath: string
  scopeName: string
  scopeLevel: string
  phone: string | null
  status: 'active' | 'disabled'
  passwordHash: string
  passwordChangedAt: Date
  passwordHistory: string[]
  mustChangePassword: boolean
  totpSecret: string | null
  totpEnrolledAt: Date | null
  totpLastStep: number | null
  lastLoginAt: Date | null
  createdAt: Date
  updatedAt: Date
  version: number
}

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)))
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v))

interface RawRow {
  id: number
  username: string
  display_name: string
  role: Role
  scope_code: string
  scope_path: string
  scope_name: string
  scope_level: string
  phone: string | null
  status: 'active' | 'disabled'
  password_hash: string
  password_changed_at: Date | string
  password_history: string[] | string
  must_change_password: boolean
  totp_secret: string | null
  totp_enrolled_at: Date | string | null
  totp_last_step: number | string | null
  last_login_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
  version: number
}

const toRow = (r: RawRow): AccountRow => ({
  id: Number(r.id),
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  scopeCode: r.scope_code,
  scopePath: r.scope_path,
  scopeName: r.scope_name,
  scopeLevel: r.scope_level,
  phone: r.phone,
  status: r.status,
  passwordHash: r.password_hash,
  passwordChangedAt: date(r.password_changed_at),
  passwordHistory: typeof r.password_history === 'string' ? (JSON.parse(r.password_history) as string[]) : r.password_history,
  mustChangePassword: r.must_change_password,
  totpSecret: r.totp_secret,
  totpEnrolledAt: dateOrNull(r.totp_enrolled_at),
  totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
  lastLoginAt: dateOrNull(r.last_login_at),
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
  version: Number(r.version),
})

const SELECT = sql`
  SELECT a.id, a.username, a.display_name, a.role, a.scope_code, s.path AS scope_path, s.name AS scope_name,
         s.level AS scope_level, a.phone, a.status, a.password_hash, a.password_changed_at, a.password_history,
         a.must_change_password, a.totp_secret, a.totp_enrolled_at, a.totp_last_step, a.last_login_at,
         a.created_at, a.updated_at, a.version
  FROM account a JOIN area s ON s.code = a.scope_code`

/**
 * An account together with one more table's row in a single query (the auth hook reads the session
 * and its account on every request): `extraColumns` are selected from `extraFrom`, joined by `on`.
 */
export async function findAccountJoined<T extends object>(
  db: Kysely<DB>,
  extra: { columns: RawBuilder<unknown>; from: RawBuilder<unknown>; where: RawBuilder<unknown> },
): Promise<{ account: AccountRow; extra: T } | null> {
  const r = await sql<RawRow & T>`
    SELECT acc.*, ${extra.columns}
    FROM (${SELECT}) acc, ${extra.from}
    WHERE ${extra.where}`.execute(db)
  const row = r.rows[0]
  return row ? { account: toRow(row), extra: row } : null
}

/** Usernames are case-insensitive: stored and looked up in lower case, trimmed. */
export const normalizeUsername = (username: string): string => username.trim().toLowerCase()

export async function findAccountByUsername(db: Kysely<DB>, username: string): Promise<AccountRow | null> {
  const r = await sql<RawRow>`${SELECT} WHERE a.username = ${normalizeUsername(username)}`.execute(db)
  return r.rows[0] ? toRow(r.rows[0]) : null
}

export async function findAccountById(db: Kysely<DB>, id: number): Promise<AccountRow | null> {
  const r = await sql<RawRow>`${SELECT} WHERE a.id = ${id}`.execute(db)
  return r.rows[0] ? toRow(r.rows[0]) : null
}

export interface NewAccount {
  username: string
  displayName: string
  role: Role
  scopeCode: string
  phone?: string | null
  password: string
  /** Hash to use instead of hashing `password` (bulk demo seeding hashes one password once). */
  passwordHash?: string
  mustChangePassword?: boolean
  totpSecret?: string | null
}

/** Inserts one account (no validation beyond the database's: callers validate first). Returns its id. */
export async function insertAccount(db: Kysely<DB>, a: NewAccount): Promise<number> {
  const hash = a.passwordHash ?? (await hashPassword(a.password))
  const row = await db
    .insertInto('account')
    .values({
      username: normalizeUsername(a.username),
      display_name: a.displayName,
      role: a.role,
      scope_code: a.scopeCode,
      phone: a.phone ?? null,
      password_hash: hash,
      must_change_password: a.mustChangePassword ?? true,
      totp_secret: a.totpSecret ?? null,
      totp_enrolled_at: a.totpSecret ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}
