// HTTP routes of logging in and out, the second factor, password change, re-authentication and API tokens.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import QRCode from 'qrcode'
import { sql } from 'kysely'
import type { AppDatabase } from '../../db-schema.ts'
import type { SessionInfo, SessionStage } from '../../../shared/api-types.ts'
import { AppError, notFound } from '../../infra/http/errors.ts'
import { appendAudit, appendAuditIn } from '../audit/audit.repository.ts'
import { ROLE_PERMISSIONS } from '../../../shared/roles.ts'
import { findAccountById, findAccountByUsername, type AccountRow } from './account.repository.ts'
import { getSecurityPolicy } from './security-policy.ts'
import { newTotpSecret, totpUri, verifyTotp } from './totp.ts'
import {
  changePassword,
  clearFailures,
  consumeTotp,
  accountKey,
  lockedError,
  lockedFor,
  lockoutKeys,
  nextStage,
  passwordMatches,
  recordFailure,
  rehashIfNeeded,
} from './login.service.ts'
import {
  createSession,
  endAccountSessions,
  endSession,
  idleDeadline,
  lookupSession,
  markReauth,
  newApiTokenValue,
  setPendingTotp,
  setSessionStage,
  SESSION_COOKIE,
  type SessionRow,
} from './session.service.ts'
import { clearSessionCookie, setSessionCookie } from './auth.plugin.ts'
import { LOGIN_RATE_LIMIT } from '../../infra/http/security.ts'
import { ApiTokenCreatedSchema, ApiTokenListSchema, Errors, SessionInfoSchema, TotpEnrolmentSchema } from './auth.schemas.ts'

export interface AuthRoutesOptions {
  database: AppDatabase
  cookieSecure: boolean
}

/** Largest body the auth routes accept. */
export const AUTH_BODY_LIMIT = 16 * 1024

const Username = Type.String({ minLength: 1, maxLength: 64 })
const Password = Type.String({ minLength: 1, maxLength: 1024 })
const TotpCode = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code of the authenticator app' })

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (fastify, { database, cookieSecure }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = database.db
  // Login bodies are a few hundred bytes: anything near this is an attack, refused before parsing.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= AUTH_BODY_LIMIT
  })

  async function sessionInfo(session: SessionRow, account: AccountRow): Promise<SessionInfo> {
    const policy = await getSecurityPolicy(db)
    const reauthUntil = session.reauthAt ? new Date(session.reauthAt.getTime() + policy.session.reauthMinutes * 60_000) : null
    return {
      stage: session.stage,
      csrfToken: session.csrfToken,
      account: {
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        scope: { code: account.scopeCode, name: account.scopeName, level: account.scopeLevel as SessionInfo['account']['scope']['level'] },
        permissions: [...ROLE_PERMISSIONS[account.role]],
      },
      expiresAt: session.expiresAt.toISOString(),
      idleExpiresAt: idleDeadline(session, policy).toISOString(),
      reauthUntil: reauthUntil && reauthUntil > new Date() ? reauthUntil.toISOString() : null,
      passwordPolicy: policy.password,
    }
  }

  /** 429 login_locked (with Retry-After) while any of `keys` is locked. */
  async function refuseIfLocked(keys: string[], reply: FastifyReply): Promise<void> {
    const locked = await lockedFor(db, keys)
    if (locked > 0) {
      reply.header('retry-after', String(locked))
      throw lockedError(locked)
    }
  }

  /** The session of a login-stage route, required to be at `stage`. */
  function sessionAt(request: FastifyRequest, ...stages: SessionStage[]) {
    const s = request.authSession
    if (!s) throw new AppError('unauthenticated', 'Log in first')
    if (!stages.includes(s.session.stage)) {
      throw new AppError('conflict', `This step is not due now: the session is at stage "${s.session.stage}"`, [
        { message: `expected stage ${stages.join(' or ')}`, problem: 'wrong_stage' },
      ])
    }
    return s
  }

  async function advance(request: FastifyRequest, reply: FastifyReply, s: { session: SessionRow; account: AccountRow }, stage: SessionStage) {
    await setSessionStage(db, s.session.idHash, stage)
    const account = (await findAccountById(db, s.account.id))!
    if (stage === 'active') {
      await sql`UPDATE account SET last_login_at = now() WHERE id = ${account.id}`.execute(db)
      await appendAudit(db, { actor: account.username, action: 'auth.login_complete', target: `account:${account.id}`, source: request.ip, outcome: 'success' })
    }
    return reply.send(await sessionInfo({ ...s.session, stage, pendingTotpSecret: null }, account))
  }

  app.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; opens a new session (the next step is in `stage`)',
        body: Type.Object({ username: Username, password: Password }, { additionalProperties: false }),
        response: { 200: SessionInfoSchema, ...Errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body
      const policy = await getSecurityPolicy(db)
      const keys = lockoutKeys(username, request.ip, policy)
      const audit = (outcome: 'success' | 'failure' | 'denied', account: AccountRow | null, detail: Record<string, unknown>) =>
        appendAudit(db, {
          actor: account?.username ?? 'anonymous',
          action: 'auth.login',
          target: account ? `account:${account.id}` : null,
          source: request.ip,
          outcome,
          detail,
        })

      const locked = await lockedFor(db, keys.map((k) => k.key))
      if (locked > 0) {
        await audit('denied', null, { reason: 'locked', username: username.slice(0, 64) })
        reply.header('retry-after', String(locked))
        throw lockedError(locked)
      }
      const account = await findAccountByUsername(db, username)
      const ok = await passwordMatches(account, password)
      if (!ok || !account || account.status !== 'active') {
        await recordFailure(db, keys)
        await audit('failure', account, {
          reason: !account ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled',
          ...(account ? {} : { username: username.slice(0, 64) }),
        })
        throw new AppError('invalid_credentials', 'Wrong username or password')
      }
      await clearFailures(db, keys[0]!.key)
      await rehashIfNeeded(db, account, password)

      // A new session id at every login; a session the browser still carried is ended.
      const old = request.cookies[SESSION_COOKIE]
      if (old) {
        const prev = await lookupSession(db, old, policy)
        if (prev.ok) await endSession(db, prev.session.idHash, 'replaced')
      }
      const stage = nextStage(account, policy, 'password')
      const { token, session } = await createSession(
        db,
        { accountId: account.id, stage, source: request.ip, userAgent: request.headers['user-agent'] ?? null },
        policy,
      )
      setSessionCookie(reply, token, cookieSecure)
      await audit('success', account, { stage })
      if (stage === 'active') {
        await sql`UPDATE account SET last_login_at = now() WHERE id = ${account.id}`.execute(db)
      }
      return sessionInfo(session, account)
    },
  )

  app.post(
    '/auth/totp',
    {
      config: { auth: 'login', rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Second factor: the current TOTP code (each code is accepted once)',
        body: Type.Object({ code: TotpCode }, { additionalProperties: false }),
        response: { 200: SessionInfoSchema, ...Errors(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const s = sessionAt(request, 'totp')
      const policy = await getSecurityPolicy(db)
      const keys = lockoutKeys(s.account.username, request.ip, policy)
      await refuseIfLocked(keys.map((k) => k.key), reply)
      const result = await consumeTotp(db, s.account, request.body.code)
      const auditBase = { actor: s.account.username, action: 'auth.totp', target: `account:${s.account.id}`, source: request.ip }
      if (result !== 'ok') {
        await recordFailure(db, keys)
        await appendAudit(db, { ...auditBase, outcome: 'failure', detail: { reason: result } })
        throw result === 'replayed'
          ? new AppError('totp_replayed', 'This code has already been used; wait for the next one')
          : new AppError('totp_invalid', 'Wrong code')
      }
      await clearFailures(db, keys[0]!.key)
      await appendAudit(db, { ...auditBase, outcome: 'success' })
      return advance(request, reply, s, nextStage(s.account, policy, 'totp'))
    },
  )

  app.post(
    '/auth/password',
    {
      config: { auth: 'login', rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Change the password (required at first login and when it has expired)',
        body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
        response: { 200: SessionInfoSchema, ...Errors(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const s = sessionAt(request, 'password_change', 'active')
      const policy = await getSecurityPolicy(db)
      const keys = lockoutKeys(s.account.username, request.ip, policy)
      await refuseIfLocked(keys.map((k) => k.key), reply)
      const auditBase = { actor: s.account.username, action: 'auth.password_change', target: `account:${s.account.id}`, source: request.ip }
      if (!(await passwordMatches(s.account, request.body.currentPassword))) {
        await recordFailure(db, keys)
        await appendAudit(db, { ...auditBase, outcome: 'failure', detail: { reason: 'wrong_password' } })
        throw new AppError('invalid_credentials', 'The current password is wrong', [
          { field: '/currentPassword', location: 'body', message: 'is wrong', problem: 'wrong_password' },
        ])
      }
      try {
        await changePassword(db, s.account, request.body.newPassword, policy)
      } catch (err) {
        if (err instanceof AppError) {
          await appendAudit(db, { ...auditBase, outcome: 'failure', detail: { reason: 'policy', problems: err.details.map((d) => d.problem) } })
        }
        throw err
      }
      // Other sessions of the account end: whoever else held one must log in with the new password.
      const ended = await endAccountSessions(db, s.account.id, 'password_changed', s.session.idHash)
      await appendAudit(db, { ...auditBase, outcome: 'success', detail: { otherSessionsEnded: ended } })
      const account = (await findAccountById(db, s.account.id))!
      if (s.session.stage === 'active') return sessionInfo(s.session, account)
      return advance(request, reply, { ...s, account }, nextStage(account, policy, 'password_change'))
    },
  )

  app.post(
    '/auth/totp/enrolment',
    {
      config: { auth: 'login' },
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: a new secret to scan as a QR code',
        response: { 200: TotpEnrolmentSchema, ...Errors(401, 403, 409) },
      },
    },
    async (request) => {
      const s = sessionAt(request, 'totp_enrol')
      const secret = newTotpSecret()
      await setPendingTotp(db, s.session.idHash, secret)
      const otpauthUri = totpUri(secret, s.account.username)
      const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      return { secret, otpauthUri, qrSvg }
    },
  )

  app.post(
    '/auth/totp/enrolment/confirm',
    {
      config: { auth: 'login', rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Finish TOTP enrolment with the first code the app shows',
        body: Type.Object({ code: TotpCode }, { additionalProperties: false }),
        response: { 200: SessionInfoSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const s = sessionAt(request, 'totp_enrol')
      const secret = s.session.pendingTotpSecret
      if (!secret) throw new AppError('conflict', 'Start the enrolment first (POST /auth/totp/enrolment)')
      const result = verifyTotp(secret, request.body.code, null)
      const auditBase = { actor: s.account.username, action: 'auth.totp_enrol', target: `account:${s.account.id}`, source: request.ip }
      if (!result.ok) {
        await appendAudit(db, { ...auditBase, outcome: 'failure', detail: { reason: result.reason } })
        throw new AppError('totp_invalid', 'Wrong code: check the time on your phone and scan the QR code again if needed')
      }
      await sql`
        UPDATE account SET totp_secret = ${secret}, totp_enrolled_at = now(), totp_last_step = ${result.step},
          updated_at = now(), version = version + 1
        WHERE id = ${s.account.id}`.execute(db)
      await appendAudit(db, { ...auditBase, outcome: 'success' })
      const account = (await findAccountById(db, s.account.id))!
      return advance(request, reply, { ...s, account }, nextStage(account, await getSecurityPolicy(db), 'totp_enrol'))
    },
  )

  app.get(
    '/auth/session',
    {
      config: { auth: 'login' },
      schema: { tags: ['auth'], summary: 'The current session and account', response: { 200: SessionInfoSchema, ...Errors(401) } },
    },
    async (request) => {
      const s = request.authSession!
      return sessionInfo(s.session, s.account)
    },
  )

  app.post(
    '/auth/logout',
    {
      config: { auth: 'login' },
      schema: { tags: ['auth'], summary: 'End the session', response: { 204: Type.Null(), ...Errors(401, 403) } },
    },
    async (request, reply) => {
      const s = request.authSession!
      await endSession(db, s.session.idHash, 'logout')
      await appendAudit(db, { actor: s.account.username, action: 'auth.logout', target: `account:${s.account.id}`, source: request.ip, outcome: 'success' })
      clearSessionCookie(reply, cookieSecure)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/auth/reauth',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Confirm password and TOTP again before a sensitive act (such as unmasking personal data)',
        body: Type.Object({ password: Password, code: TotpCode }, { additionalProperties: false }),
        response: { 200: SessionInfoSchema, ...Errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const s = request.authSession
      if (!s || request.principal?.via !== 'session') throw new AppError('forbidden', 'Re-authentication is for browser sessions')
      const policy = await getSecurityPolicy(db)
      const keys = lockoutKeys(s.account.username, request.ip, policy)
      await refuseIfLocked(keys.map((k) => k.key), reply)
      const auditBase = { actor: s.account.username, action: 'auth.reauth', target: `account:${s.account.id}`, source: request.ip }
      const passwordOk = await passwordMatches(s.account, request.body.password)
      const totp = passwordOk ? await consumeTotp(db, s.account, request.body.code) : 'wrong'
      if (!passwordOk || totp !== 'ok') {
        await recordFailure(db, keys)
        await appendAudit(db, { ...auditBase, outcome: 'failure', detail: { reason: !passwordOk ? 'wrong_password' : totp } })
        if (!passwordOk) throw new AppError('invalid_credentials', 'Wrong password')
        throw totp === 'replayed' ? new AppError('totp_replayed', 'This code has already been used; wait for the next one') : new AppError('totp_invalid', 'Wrong code')
      }
      await clearFailures(db, accountKey(s.account.username))
      const at = new Date()
      await markReauth(db, s.session.idHash, at)
      await appendAudit(db, { ...auditBase, outcome: 'success' })
      return sessionInfo({ ...s.session, reauthAt: at }, s.account)
    },
  )

  // --- API tokens of the caller ------------------------------------------------------------------------

  const TokenRow = (r: { id: number; name: string; prefix: string; created_at: Date | string; expires_at: Date | string; last_used_at: Date | string | null; revoked_at: Date | string | null }) => ({
    id: Number(r.id),
    name: r.name,
    prefix: r.prefix,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  })

  app.get(
    '/auth/tokens',
    { schema: { tags: ['auth'], summary: 'My API tokens', response: { 200: ApiTokenListSchema, ...Errors(401) } } },
    async (request) => {
      const rows = await db
        .selectFrom('api_token')
        .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
        .where('account_id', '=', request.principal!.accountId)
        .orderBy('id', 'desc')
        .execute()
      return { items: rows.map(TokenRow) }
    },
  )

  app.post(
    '/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token acting as me (shown once); send it as "Authorization: Bearer <token>"',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), expiresInDays: Type.Integer({ minimum: 1, maximum: 365, default: 90 }) },
          { additionalProperties: false },
        ),
        response: { 201: ApiTokenCreatedSchema, ...Errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const p = request.principal!
      if (p.via !== 'session') throw new AppError('forbidden', 'Tokens are created from a logged-in session, not with another token')
      const { token, hash, prefix } = newApiTokenValue()
      const created = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_token')
          .values({
            account_id: p.accountId,
            name: request.body.name,
            token_hash: hash,
            prefix,
            expires_at: new Date(Date.now() + request.body.expiresInDays * 86_400_000),
          })
          .returning(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
          .executeTakeFirstOrThrow()
        await appendAuditIn(trx, {
          actor: p.username,
          action: 'auth.token_create',
          target: `api_token:${row.id}`,
          source: request.ip,
          outcome: 'success',
          detail: { name: row.name, prefix },
        })
        return row
      })
      return reply.status(201).send({ ...TokenRow(created), token })
    },
  )

  app.delete(
    '/auth/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of my API tokens',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...Errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = request.principal!
      const r = await db
        .updateTable('api_token')
        .set({ revoked_at: new Date() })
        .where('id', '=', request.params.id)
        .where('account_id', '=', p.accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) throw notFound(`Token ${request.params.id}`)
      await request.audit({ action: 'auth.token_revoke', target: `api_token:${request.params.id}`, outcome: 'success' })
      return reply.status(204).send(null)
    },
  )
}
