// The system admin's account administration (docs/auth.md, "Accounts"): list, create, change, disable,
// reset credentials, reveal personal data, assign grid workers to grids.
//
// Every use case takes an AdminContext — the caller, the caller's ScopeGuard and where the request
// came from — so that routes and tests call the same code. Rules:
//   - scope: an account is visible iff its scope area lies in the caller's scope; outside it, it is
//     404 exactly as if it did not exist (and the attempt is audited by the ScopeGuard);
//   - every write runs in ONE transaction together with its audit record; a refused write changes
//     nothing and is recorded afterwards as a `failure` (routes: withFailureAudit);
//   - personal data (phone) leaves only masked, except through revealPersonalData (audited);
//   - the three admin duties stay separate: an admin-duty account keeps its role, and no account is
//     changed into one (they are created as such);
//   - nobody changes their own role, scope or status, or resets their own credentials here;
//   - a grid keeps its worker: a role or scope change that would leave a worker's grid outside the
//     new scope is refused (409, every grid listed) — reassign or release the grids first (PUT grids).
import crypto from 'node:crypto'
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type {
  AccountCreated,
  AccountList,
  AccountPersonalData,
  AccountView,
  AreaRef,
  GridAssignment,
  GridAssignmentChange,
  GridAssignmentList,
} from '../../../shared/api-types.ts'
import { ADMIN_DUTIES, ROLE_SCOPE_LEVELS, hasPermission, isAdminDuty, type Role } from '../../../shared/roles.ts'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { appendAuditIn } from '../audit/audit.repository.ts'
import { maskPhone } from '../privacy/mask.ts'
import { findAccountByUsername, insertAccount } from './account.repository.ts'
import { hashPassword } from './password.ts'
import { checkPassword, type PasswordPolicy } from './password-policy.ts'
import { getSecurityPolicy } from './security-policy.ts'
import { inScope, scopeFilter } from './scope.ts'
import { endAccountSessions } from './session.service.ts'
import { confirmUnmask, requireUnmaskPermission } from './unmask.ts'
import type { ScopeGuard } from './scope-guard.ts'
import type { Principal, RequestAuditInput } from './principal.ts'
import type { AccountListQuery, AccountSort, CreateAccountBody, UpdateAccountBody } from './account.schemas.ts'

export interface AdminContext {
  db: Kysely<DB>
  principal: Principal
  scope: ScopeGuard
  /** Client address (audit `source`). */
  source: string | null
  /** Appends an audit record on its own (after a read, or after a refused write). */
  audit(input: RequestAuditInput): Promise<void>
}

// --- reading ---------------------------------------------------------------------------------------

interface ViewRow {
  id: number
  username: string
  display_name: string
  role: Role
  scope_code: string
  scope_name: string
  scope_level: AreaLevel
  scope_path: string
  status: 'active' | 'disabled'
  phone: string | null
  totp_enrolled: boolean
  must_change_password: boolean
  last_login_at: Date | string | null
  password_changed_at: Date | string
  created_at: Date | string
  grid_count: number
  version: number
}

const VIEW_SELECT = sql`
  SELECT a.id, a.username, a.display_name, a.role, a.scope_code, s.name AS scope_name, s.level AS scope_level,
         s.path AS scope_path, a.status, a.phone,
         (a.totp_secret IS NOT NULL AND a.totp_enrolled_at IS NOT NULL) AS totp_enrolled,
         a.must_change_password, a.last_login_at, a.password_changed_at, a.created_at, a.version,
         (SELECT count(*) FROM grid_assignment g WHERE g.account_id = a.id)::int AS grid_count
  FROM account a JOIN area s ON s.code = a.scope_code`

const iso = (v: Date | string): string => new Date(v).toISOString()

/** The one outward form of an account: the phone is masked here, and nowhere is it sent unmasked. */
export function toAccountView(r: ViewRow): AccountView {
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    scope: { code: r.scope_code, name: r.scope_name, level: r.scope_level },
    status: r.status,
    phone: maskPhone(r.phone),
    totpEnrolled: r.totp_enrolled,
    mustChangePassword: r.must_change_password,
    lastLoginAt: r.last_login_at === null ? null : iso(r.last_login_at),
    passwordChangedAt: iso(r.password_changed_at),
    createdAt: iso(r.created_at),
    gridCount: Number(r.grid_count),
    version: Number(r.version),
  }
}

async function viewRow(db: Kysely<DB>, id: number): Promise<ViewRow | undefined> {
  return (await sql<ViewRow>`${VIEW_SELECT} WHERE a.id = ${id}`.execute(db)).rows[0]
}

/** The account `id` if it exists and lies in the caller's scope; else 404 (audited when out of scope). */
async function requireAccount(ctx: AdminContext, id: number): Promise<ViewRow> {
  const row = await viewRow(ctx.db, id)
  if (!row) throw notFound(`Account ${id}`)
  if (!ctx.scope.contains(row.scope_path)) {
    await ctx.scope.deny(`account:${id}`)
    throw notFound(`Account ${id}`)
  }
  return row
}

const ORDER: Record<AccountSort, string> = {
  username: 'a.username COLLATE "C" ASC',
  '-username': 'a.username COLLATE "C" DESC',
  displayName: 'a.display_name ASC, a.username COLLATE "C" ASC',
  '-displayName': 'a.display_name DESC, a.username COLLATE "C" DESC',
  role: 'a.role ASC, a.username COLLATE "C" ASC',
  '-role': 'a.role DESC, a.username COLLATE "C" DESC',
  scope: 's.path COLLATE "C" ASC, a.username COLLATE "C" ASC',
  '-scope': 's.path COLLATE "C" DESC, a.username COLLATE "C" DESC',
  createdAt: 'a.created_at ASC, a.id ASC',
  '-createdAt': 'a.created_at DESC, a.id DESC',
  lastLoginAt: 'a.last_login_at ASC NULLS FIRST, a.id ASC',
  '-lastLoginAt': 'a.last_login_at DESC NULLS LAST, a.id DESC',
}

/** Accounts whose scope lies in the caller's scope, filtered; a fixed order (never caller SQL). */
export async function listAccounts(ctx: AdminContext, query: AccountListQuery): Promise<AccountList> {
  const where: RawBuilder<unknown>[] = [ctx.scope.filter('s.path')]
  if (query.scopeCode !== undefined) {
    const area = await ctx.scope.requireArea(query.scopeCode)
    where.push(scopeFilter(area.path, 's.path'))
  }
  if (query.q !== undefined) {
    const q = query.q.trim().toLowerCase()
    if (q) where.push(sql`(strpos(lower(a.username), ${q}) > 0 OR strpos(lower(a.display_name), ${q}) > 0)`)
  }
  if (query.role !== undefined) where.push(sql`a.role = ${query.role}`)
  if (query.status !== undefined) where.push(sql`a.status = ${query.status}`)
  const cond = sql.join(where, sql` AND `)
  const order = Object.hasOwn(ORDER, query.sort) ? ORDER[query.sort] : ORDER.username
  const [rows, count] = await Promise.all([
    sql<ViewRow>`${VIEW_SELECT} WHERE ${cond} ORDER BY ${sql.raw(order)} LIMIT ${query.limit} OFFSET ${query.offset}`.execute(ctx.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM account a JOIN area s ON s.code = a.scope_code WHERE ${cond}`.execute(ctx.db),
  ])
  return { items: rows.rows.map(toAccountView), total: Number(count.rows[0]?.n ?? 0) }
}

export async function getAccount(ctx: AdminContext, id: number): Promise<AccountView> {
  return toAccountView(await requireAccount(ctx, id))
}

// --- temporary passwords -----------------------------------------------------------------------------

const LOWER = 'abcdefghijkmnpqrstuvwxyz'
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const DIGITS = '23456789'
const SYMBOLS = '!@#%+=?-'
const ALL = LOWER + UPPER + DIGITS + SYMBOLS

/**
 * A random temporary password that satisfies `policy` (every character class, at least 16 characters
 * or the policy's minimum; no look-alike characters such as l/1/O/0), and contains none of `context`.
 */
export function generateTemporaryPassword(policy: PasswordPolicy, context: string[] = []): string {
  const length = Math.min(policy.maxLength, Math.max(policy.minLength, 16))
  const pick = (set: string) => set[crypto.randomInt(set.length)]!
  for (let attempt = 0; attempt < 100; attempt++) {
    const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)]
    while (chars.length < length) chars.push(pick(ALL))
    for (let i = chars.length - 1; i > 0; i--) {
      const j = crypto.randomInt(i + 1)
      ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
    }
    const password = chars.join('')
    if (checkPassword(password, policy, context).length === 0) return password
  }
  throw new Error('could not generate a temporary password that satisfies the password policy')
}

// --- writing -----------------------------------------------------------------------------------------

const audit = (ctx: AdminContext, trx: Transaction<DB>, input: RequestAuditInput) =>
  appendAuditIn(trx, { ...input, actor: ctx.principal.username, source: ctx.source })

interface ScopeArea {
  code: string
  path: string
  level: AreaLevel
  name: string
}

/** The area an account would be scoped to: in the caller's scope (404), current, at a level the role allows. */
async function scopeAreaFor(ctx: AdminContext, code: string, field: string, problems: ErrorDetail[]): Promise<ScopeArea> {
  const area = await ctx.scope.requireArea(code)
  const current = (await sql<{ current: boolean }>`SELECT valid_to IS NULL AS current FROM area WHERE code = ${code}`.execute(ctx.db)).rows[0]
  if (!current?.current) problems.push({ field, message: `Area ${code} has been abolished`, problem: 'area_retired', areaCode: code })
  return area
}

function checkScopeLevel(role: Role, area: ScopeArea, field: string, problems: ErrorDetail[]): void {
  const allowed = ROLE_SCOPE_LEVELS[role]
  if (!allowed.includes(area.level)) {
    const detail: ErrorDetail & { allowed: string[] } = {
      field,
      message: `A ${role} account is scoped to ${allowed.join(' or ')}, not to ${area.level} ${area.code}`,
      problem: 'scope_level',
      areaCode: area.code,
      allowed: [...allowed],
    }
    problems.push(detail)
  }
}

const usernameTaken = (username: string) =>
  new AppError('conflict', `The username ${username} is taken`, [{ field: '/username', location: 'body', message: 'is taken', problem: 'taken' }])

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505'

/** Creates an account with a one-time temporary password; the user changes it and enrols TOTP at first login. */
export async function createAccount(ctx: AdminContext, body: CreateAccountBody): Promise<AccountCreated> {
  const problems: ErrorDetail[] = []
  const area = await scopeAreaFor(ctx, body.scopeCode, '/scopeCode', problems)
  checkScopeLevel(body.role, area, '/scopeCode', problems)
  if (problems.length > 0) throw validationFailed(problems.map((p) => ({ location: 'body', ...p })))

  const policy = await getSecurityPolicy(ctx.db)
  const temporaryPassword = generateTemporaryPassword(policy.password, [body.username, body.displayName])
  const passwordHash = await hashPassword(temporaryPassword)
  let id: number
  try {
    id = await ctx.db.transaction().execute(async (trx) => {
      const taken = await sql`SELECT 1 FROM account WHERE username = ${body.username}`.execute(trx)
      if (taken.rows.length > 0) throw usernameTaken(body.username)
      const newId = await insertAccount(trx, {
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        scopeCode: area.code,
        phone: body.phone ?? null,
        password: '',
        passwordHash,
        mustChangePassword: true,
        totpSecret: null,
      })
      await audit(ctx, trx, {
        action: 'account.create',
        target: `account:${newId}`,
        outcome: 'success',
        detail: { username: body.username, displayName: body.displayName, role: body.role, scopeCode: area.code, phone: body.phone !== undefined },
      })
      return newId
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw usernameTaken(body.username)
    throw err
  }
  return { account: toAccountView((await viewRow(ctx.db, id))!), temporaryPassword }
}

type Change = { from: unknown; to: unknown }

/** The account table's row as the transaction sees it, locked until the transaction ends. */
async function lockAccount(trx: Transaction<DB>, id: number) {
  const r = await sql<{ version: number; username: string; role: Role; status: string; password_hash: string }>`
    SELECT version, username, role, status, password_hash FROM account WHERE id = ${id} FOR UPDATE`.execute(trx)
  return r.rows[0]
}

const stale = (current: number) =>
  new AppError('conflict', 'The account was changed by someone else since you read it: reload and try again', [
    { field: '/version', location: 'body', message: `is not the current version (${current})`, problem: 'stale' },
  ])

/**
 * Changes an account (optimistic: `version` must be current). Disabling ends its sessions at once; a
 * role or scope change applies from the account's next request (the auth plugin reads it fresh).
 */
export async function updateAccount(ctx: AdminContext, id: number, body: UpdateAccountBody): Promise<AccountView> {
  const target = await requireAccount(ctx, id)
  const self = id === ctx.principal.accountId
  const problems: ErrorDetail[] = []
  const changes: Record<string, Change> = {}
  const selfChange = (field: string) =>
    problems.push({ field: `/${field}`, message: 'You cannot change your own role, scope or status', problem: 'self_change' })

  if (body.displayName !== undefined && body.displayName !== target.display_name) {
    changes.displayName = { from: target.display_name, to: body.displayName }
  }
  if (body.role !== undefined && body.role !== target.role) {
    if (self) selfChange('role')
    else if (isAdminDuty(target.role)) {
      problems.push({ field: '/role', message: `A ${target.role} account keeps its role: the admin duties (${ADMIN_DUTIES.join(', ')}) are separate accounts`, problem: 'admin_duty_separate' })
    } else if (isAdminDuty(body.role)) {
      problems.push({ field: '/role', message: `No account is changed into ${body.role}: create a separate account for an admin duty`, problem: 'admin_duty_separate' })
    }
    changes.role = { from: target.role, to: body.role }
  }
  let area: ScopeArea = { code: target.scope_code, path: target.scope_path, level: target.scope_level, name: target.scope_name }
  if (body.scopeCode !== undefined && body.scopeCode !== target.scope_code) {
    if (self) selfChange('scopeCode')
    area = await scopeAreaFor(ctx, body.scopeCode, '/scopeCode', problems)
    changes.scopeCode = { from: target.scope_code, to: area.code }
  }
  if (body.status !== undefined && body.status !== target.status) {
    if (self) selfChange('status')
    else if (OVERSEEING_DUTIES.includes(target.role)) problems.push(overseeing('/status', target.role))
    changes.status = { from: target.status, to: body.status }
  }
  const phoneChanged = body.phone !== undefined && body.phone !== target.phone
  const role = body.role ?? target.role
  if (changes.role || changes.scopeCode) checkScopeLevel(role, area, body.scopeCode !== undefined ? '/scopeCode' : '/role', problems)
  if (problems.length > 0) throw validationFailed(problems.map((p) => ({ location: 'body', ...p })))

  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockAccount(trx, id)
    if (!locked) throw notFound(`Account ${id}`)
    if (Number(locked.version) !== body.version) throw stale(Number(locked.version))
    if (Object.keys(changes).length === 0 && !phoneChanged) return

    // A grid keeps its worker: refuse a change that would leave any of the worker's grids outside.
    if (changes.role || changes.scopeCode) {
      const grids = await sql<{ code: string; path: string; name: string }>`
        SELECT ar.code, ar.path, ar.name FROM grid_assignment g JOIN area ar ON ar.code = g.grid_code
        WHERE g.account_id = ${id} ORDER BY ar.code`.execute(trx)
      const outside = grids.rows.filter((g) => role !== 'grid_worker' || !inScope(area.path, g.path))
      if (outside.length > 0) {
        const field = changes.scopeCode ? '/scopeCode' : '/role'
        throw new AppError(
          'conflict',
          `The account is the worker of ${outside.length} grid(s) that the change would leave outside its scope: reassign or release them first (PUT /accounts/${id}/grids)`,
          outside.map((g) => ({ field, location: 'body', message: `grid ${g.code} ${g.name} is assigned to this account`, problem: 'grids_assigned', areaCode: g.code })),
        )
      }
    }

    await sql`
      UPDATE account SET
        display_name = ${body.displayName ?? target.display_name},
        role = ${role},
        scope_code = ${area.code},
        status = ${body.status ?? target.status},
        phone = ${body.phone !== undefined ? body.phone : target.phone},
        updated_at = now(),
        version = version + 1
      WHERE id = ${id}`.execute(trx)
    let sessionsEnded = 0
    if (changes.status?.to === 'disabled') sessionsEnded = await endAccountSessions(trx, id, 'account_disabled')
    await audit(ctx, trx, {
      action: 'account.update',
      target: `account:${id}`,
      outcome: 'success',
      detail: {
        fields: [...Object.keys(changes), ...(phoneChanged ? ['phone'] : [])],
        // Personal data (the phone) is named as changed, never with its values.
        changes,
        ...(changes.status?.to === 'disabled' ? { sessionsEnded } : {}),
      },
    })
  })
  return toAccountView((await viewRow(ctx.db, id))!)
}

/**
 * The duties that oversee the system admin: their credentials and status are out of the system
 * admin's reach (else the system admin could take over the auditor's account and read or hide the
 * trail). They are recovered from the server's command line (frontline reset-credentials).
 */
const OVERSEEING_DUTIES: readonly string[] = ['security_admin', 'auditor']
const overseeing = (field: string, role: string): ErrorDetail => ({
  field,
  message: `A ${role} account is overseen separately: the system admin cannot reset, disable or enable it (use \`frontline reset-credentials\` on the server)`,
  problem: 'admin_duty_separate',
})

function refuseOverseeing(role: string): void {
  if (OVERSEEING_DUTIES.includes(role)) throw new AppError('forbidden', overseeing('/id', role).message, [{ ...overseeing('/id', role), location: 'params' }])
}

function refuseSelf(ctx: AdminContext, id: number, what: string): void {
  if (id === ctx.principal.accountId) {
    throw validationFailed([{ field: '/id', location: 'params', message: `Reset your own ${what} through /auth, not as an administrator`, problem: 'self_change' }])
  }
}

/** A new temporary password (shown once); the user must change it at next login. Ends the account's sessions. */
export async function resetPassword(ctx: AdminContext, id: number): Promise<AccountCreated> {
  const target = await requireAccount(ctx, id)
  refuseSelf(ctx, id, 'password')
  refuseOverseeing(target.role)
  const policy = await getSecurityPolicy(ctx.db)
  const temporaryPassword = generateTemporaryPassword(policy.password, [target.username, target.display_name])
  const passwordHash = await hashPassword(temporaryPassword)
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockAccount(trx, id))) throw notFound(`Account ${id}`)
    // The password being replaced joins the history (newest first, at most 24 — the policy's maximum),
    // so the user cannot choose it again while the policy forbids reuse.
    await sql`
      UPDATE account SET
        password_history = (
          SELECT coalesce(jsonb_agg(h.e ORDER BY h.i), '[]'::jsonb)
          FROM jsonb_array_elements(jsonb_build_array(password_hash) || password_history) WITH ORDINALITY AS h(e, i)
          WHERE h.i <= 24),
        password_hash = ${passwordHash},
        password_changed_at = now(),
        must_change_password = true,
        updated_at = now(),
        version = version + 1
      WHERE id = ${id}`.execute(trx)
    const sessionsEnded = await endAccountSessions(trx, id, 'password_reset')
    // An administrator's reset also lifts a lockout of the account name.
    await sql`DELETE FROM login_throttle WHERE key = ${`account:${target.username}`}`.execute(trx)
    await audit(ctx, trx, { action: 'account.password_reset', target: `account:${id}`, outcome: 'success', detail: { sessionsEnded } })
  })
  return { account: toAccountView((await viewRow(ctx.db, id))!), temporaryPassword }
}

/** Clears the account's TOTP: the user enrols again at next login. Ends the account's sessions. */
export async function resetTotp(ctx: AdminContext, id: number): Promise<AccountView> {
  const target = await requireAccount(ctx, id)
  refuseSelf(ctx, id, 'second factor')
  refuseOverseeing(target.role)
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockAccount(trx, id))) throw notFound(`Account ${id}`)
    await sql`
      UPDATE account SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, updated_at = now(), version = version + 1
      WHERE id = ${id}`.execute(trx)
    const sessionsEnded = await endAccountSessions(trx, id, 'totp_reset')
    await audit(ctx, trx, { action: 'account.totp_reset', target: `account:${id}`, outcome: 'success', detail: { sessionsEnded } })
  })
  return toAccountView((await viewRow(ctx.db, id))!)
}

/**
 * The account's personal data, unmasked. Needs the permission personal.unmask and a re-authentication
 * within the policy's reauthMinutes; the reveal is audited with its reason before the data is returned.
 */
export async function revealPersonalData(ctx: AdminContext, id: number, reason: string, now = new Date()): Promise<AccountPersonalData> {
  const target = `account:${id}`
  await requireUnmaskPermission(ctx, target, ['phone'], reason)
  const row = await requireAccount(ctx, id)
  await confirmUnmask(ctx, target, ['phone'], reason, now)
  return { phone: row.phone }
}

// --- grid assignments --------------------------------------------------------------------------------

interface AssignmentRow {
  code: string
  name: string
  level: AreaLevel
  account_id: number | null
  username: string | null
  display_name: string | null
}

const toAssignment = (r: AssignmentRow): GridAssignment => ({
  grid: { code: r.code, name: r.name, level: r.level } satisfies AreaRef,
  accountId: r.account_id === null ? null : Number(r.account_id),
  username: r.username,
  displayName: r.display_name,
})

async function workerGrids(db: Kysely<DB>, id: number): Promise<GridAssignment[]> {
  const r = await sql<AssignmentRow>`
    SELECT ar.code, ar.name, ar.level, g.account_id, ac.username, ac.display_name
    FROM grid_assignment g JOIN area ar ON ar.code = g.grid_code JOIN account ac ON ac.id = g.account_id
    WHERE g.account_id = ${id} ORDER BY ar.code`.execute(db)
  return r.rows.map(toAssignment)
}

/** The grids of an account (a grid worker's; empty for other roles). */
export async function getAccountGrids(ctx: AdminContext, id: number): Promise<GridAssignmentList> {
  await requireAccount(ctx, id)
  const items = await workerGrids(ctx.db, id)
  return { items, total: items.length }
}

/**
 * Replaces a grid worker's grids. Each grid must exist (404-like problem when outside the caller's
 * scope), be a current grid, and lie in the worker's scope. A grid held by another worker moves to
 * this one (reported in `moved`); grids left out are released (`removed`: they have no worker now).
 */
export async function setAccountGrids(ctx: AdminContext, id: number, gridCodes: string[]): Promise<GridAssignmentChange> {
  const target = await requireAccount(ctx, id)
  const problems: ErrorDetail[] = []
  if (target.role !== 'grid_worker') {
    problems.push({ field: '/gridCodes', location: 'body', message: `Only grid workers hold grids; this account is a ${target.role}`, problem: 'not_grid_worker' })
  } else if (target.status !== 'active') {
    problems.push({ field: '/gridCodes', location: 'body', message: 'The account is disabled: enable it first', problem: 'account_disabled' })
  }
  const areas = gridCodes.length
    ? (
        await sql<{ code: string; path: string; level: AreaLevel; current: boolean }>`
          SELECT code, path, level, valid_to IS NULL AS current FROM area WHERE code IN (${sql.join(gridCodes)})`.execute(ctx.db)
      ).rows
    : []
  const byCode = new Map(areas.map((a) => [a.code, a]))
  for (const [i, code] of gridCodes.entries()) {
    const field = `/gridCodes/${i}`
    const a = byCode.get(code)
    if (!a || !ctx.scope.contains(a.path)) {
      if (a) await ctx.scope.deny(`area:${code}`)
      problems.push({ field, location: 'body', message: `Area ${code} not found`, problem: 'not_found', areaCode: code })
    } else if (a.level !== 'grid') {
      problems.push({ field, location: 'body', message: `${code} is a ${a.level}, not a grid`, problem: 'not_grid', areaCode: code })
    } else if (!a.current) {
      problems.push({ field, location: 'body', message: `Grid ${code} has been abolished`, problem: 'area_retired', areaCode: code })
    } else if (!inScope(target.scope_path, a.path)) {
      problems.push({ field, location: 'body', message: `Grid ${code} is outside the worker's scope ${target.scope_code}`, problem: 'outside_worker_scope', areaCode: code })
    }
  }
  if (problems.length > 0) throw validationFailed(problems)

  const result = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockAccount(trx, id)
    if (!locked) throw notFound(`Account ${id}`)
    if (locked.role !== 'grid_worker' || locked.status !== 'active') {
      throw new AppError('conflict', 'The account changed meanwhile: reload and try again', [{ field: '/gridCodes', location: 'body', message: 'the account is no longer an active grid worker', problem: 'stale' }])
    }
    const before = (await sql<{ grid_code: string }>`SELECT grid_code FROM grid_assignment WHERE account_id = ${id} FOR UPDATE`.execute(trx)).rows.map((r) => r.grid_code)
    const wanted = new Set(gridCodes)
    const removed = before.filter((c) => !wanted.has(c)).sort()
    const had = new Set(before)
    const added = gridCodes.filter((c) => !had.has(c)).sort()
    const moved = added.length
      ? (
          await sql<{ grid_code: string; account_id: number; username: string }>`
            SELECT g.grid_code, g.account_id, a.username FROM grid_assignment g JOIN account a ON a.id = g.account_id
            WHERE g.grid_code IN (${sql.join(added)}) ORDER BY g.grid_code FOR UPDATE OF g`.execute(trx)
        ).rows.map((r) => ({ gridCode: r.grid_code, fromAccountId: Number(r.account_id), fromUsername: r.username }))
      : []
    if (removed.length === 0 && added.length === 0) return { added, removed, moved }
    if (removed.length > 0) {
      await sql`DELETE FROM grid_assignment WHERE account_id = ${id} AND grid_code IN (${sql.join(removed)})`.execute(trx)
    }
    if (added.length > 0) {
      await trx
        .insertInto('grid_assignment')
        .values(added.map((code) => ({ grid_code: code, account_id: id, assigned_by: ctx.principal.username })))
        .onConflict((oc) =>
          oc.column('grid_code').doUpdateSet((eb) => ({
            account_id: eb.ref('excluded.account_id'),
            assigned_by: eb.ref('excluded.assigned_by'),
            assigned_at: sql<Date>`now()`,
          })),
        )
        .execute()
    }
    await audit(ctx, trx, {
      action: 'grid.assign',
      target: `account:${id}`,
      outcome: 'success',
      detail: { username: locked.username, added, removed, moved: moved.map((m) => ({ grid: m.gridCode, from: m.fromUsername })) },
    })
    return { added, removed, moved }
  })
  return { items: await workerGrids(ctx.db, id), ...result }
}

/** Every current grid under `areaCode` (default: the caller's scope) with its worker, or only those without one. */
export async function listGridAssignments(
  ctx: AdminContext,
  query: { areaCode?: string; unassigned?: boolean; limit: number; offset: number },
): Promise<GridAssignmentList> {
  const rootCode = query.areaCode ?? ctx.principal.scopeCode
  const root = await ctx.scope.requireArea(rootCode)
  const cond = sql.join(
    [
      sql`ar.level = 'grid'`,
      sql`ar.valid_to IS NULL`,
      scopeFilter(root.path, 'ar.path'),
      ctx.scope.filter('ar.path'),
      ...(query.unassigned ? [sql`g.grid_code IS NULL`] : []),
    ],
    sql` AND `,
  )
  const from = sql`FROM area ar LEFT JOIN grid_assignment g ON g.grid_code = ar.code LEFT JOIN account ac ON ac.id = g.account_id`
  const [rows, count] = await Promise.all([
    sql<AssignmentRow>`
      SELECT ar.code, ar.name, ar.level, g.account_id, ac.username, ac.display_name ${from}
      WHERE ${cond} ORDER BY ar.code LIMIT ${query.limit} OFFSET ${query.offset}`.execute(ctx.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${cond}`.execute(ctx.db),
  ])
  return { items: rows.rows.map(toAssignment), total: Number(count.rows[0]?.n ?? 0) }
}

/**
 * Runs a write use case; a refusal (validation, conflict) is recorded as a `failure` after the
 * rollback, with its code and problems. Refusals audited elsewhere (404 out of scope: the
 * ScopeGuard; 403: the auth plugin) are not recorded twice.
 */
export async function withFailureAudit<T>(ctx: AdminContext, action: string, target: string | null, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof AppError && err.code !== 'not_found' && err.code !== 'reauth_required') {
      await ctx.audit({
        action,
        target,
        outcome: err.code === 'forbidden' ? 'denied' : 'failure',
        detail: { code: err.code, problems: err.details.map((d) => ({ field: d.field, problem: d.problem, ...(d.areaCode ? { areaCode: d.areaCode } : {}) })) },
      })
    }
    throw err
  }
}

/**
 * Recovery from the server's command line (for any account, including the admin duties the system
 * admin may not touch): a new temporary password, no second factor, sessions ended, lockout lifted.
 * Returns the temporary password, or null when there is no such account.
 */
export async function resetCredentialsFromCli(db: Kysely<DB>, username: string): Promise<string | null> {
  const account = await findAccountByUsername(db, username)
  if (!account) return null
  const policy = await getSecurityPolicy(db)
  const temporaryPassword = generateTemporaryPassword(policy.password, [account.username, account.displayName])
  const passwordHash = await hashPassword(temporaryPassword)
  await db.transaction().execute(async (trx) => {
    await sql`
      UPDATE account SET password_hash = ${passwordHash}, password_changed_at = now(), must_change_password = true,
        totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, updated_at = now(), version = version + 1
      WHERE id = ${account.id}`.execute(trx)
    const sessionsEnded = await endAccountSessions(trx, account.id, 'credentials_reset')
    await sql`DELETE FROM login_throttle WHERE key = ${`account:${account.username}`}`.execute(trx)
    await appendAuditIn(trx, {
      actor: 'system',
      action: 'account.credentials_reset',
      target: `account:${account.id}`,
      source: 'cli',
      outcome: 'success',
      detail: { sessionsEnded },
    })
  })
  return temporaryPassword
}
