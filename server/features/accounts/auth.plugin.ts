// Authentication and authorisation for every request, in one hook that runs before any handler:
// who is asking (API token or session cookie), whether the route lets them in (route config `auth`,
// `permission`), CSRF for cookie-authenticated writes, and the request's ScopeGuard and audit helper.
// The account is read fresh on every request, so a change of role, scope or status applies at once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import type { AppDatabase } from '../../db-schema.ts'
import { AppError } from '../../infra/http/errors.ts'
import { appendAudit } from '../audit/audit.repository.ts'
import { ROLE_PERMISSIONS, hasPermission } from '../../../shared/roles.ts'
import { findAccountById, type AccountRow } from './account.repository.ts'
import { getSecurityPolicy } from './security-policy.ts'
import { ScopeGuard } from './scope-guard.ts'
import type { Principal, RequestAuditInput } from './principal.ts'
import { SESSION_COOKIE, endSession, lookupApiToken, lookupSession, safeEqual, type SessionRow } from './session.service.ts'

export interface AuthOptions {
  database: AppDatabase
  /** Mark the session cookie Secure (default). Off only for plain-http demos on another host than localhost. */
  cookieSecure: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the cookie (any login stage), when there is one. */
    authSession: { session: SessionRow; account: AccountRow } | null
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function principalOf(account: AccountRow, via: Principal['via'], session: SessionRow | null, tokenId: number | null): Principal {
  return {
    accountId: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    scopeCode: account.scopeCode,
    scopePath: account.scopePath,
    permissions: ROLE_PERMISSIONS[account.role],
    via,
    sessionId: session?.idHash ?? null,
    tokenId,
    reauthAt: session?.reauthAt ?? null,
  }
}

export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, secure, sameSite: 'strict' as const }
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(secure))
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure))
}

/** Registers cookie parsing and the auth hook on the root instance (so it covers every route). */
export async function registerAuth(app: FastifyInstance, { database, cookieSecure }: AuthOptions): Promise<void> {
  const db = database.db
  await app.register(cookie)

  app.decorateRequest('principal', null)
  app.decorateRequest('authSession', null)
  app.decorateRequest('scope', null as unknown as ScopeGuard)
  app.decorateRequest('audit', async function (this: FastifyRequest, input: RequestAuditInput) {
    await appendAudit(db, { ...input, actor: this.principal?.username ?? 'anonymous', source: this.ip })
  })

  app.addHook('onRequest', async (request, reply) => {
    request.principal = null
    request.authSession = null
    request.scope = new ScopeGuard(db, null, (input) => request.audit(input))

    // The web app's files are public; the API's access is decided by each route's config.
    // Decided by the route that matched (its pattern), not by the raw URL: an encoded or oddly spelled
    // path that still reaches an API route is an API request. Unmatched paths under /api/ are too.
    const route = request.routeOptions.url
    const isApi = route !== undefined && route !== '/*' ? route.startsWith('/api/v1') : request.url.startsWith('/api/')
    // The web app's files and the API docs need no caller: do not spend queries on their cookies.
    if (!isApi) return
    const config = request.routeOptions.config ?? {}
    const access = config.auth ?? 'protected'

    const authz = request.headers.authorization
    let viaCookie = false

    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz)
      const found = m ? await lookupApiToken(db, m[1]!) : null
      const account = found ? await findAccountById(db, found.accountId) : null
      if (!found || !account || account.status !== 'active') {
        if (access === 'public') return
        throw new AppError('unauthenticated', 'The API token is not valid (unknown, revoked, expired, or its account is disabled)')
      }
      request.principal = principalOf(account, 'token', null, found.tokenId)
    } else {
      const value = request.cookies[SESSION_COOKIE]
      if (value) {
        const found = await lookupSession(db, value, await getSecurityPolicy(db))
        if (found.ok) {
          const account = found.account
          if (account.status === 'active') {
            request.authSession = { session: found.session, account }
            viaCookie = true
            if (found.session.stage === 'active') request.principal = principalOf(account, 'session', found.session, null)
          } else {
            await endSession(db, found.session.idHash, 'account_disabled')
          }
        }
      }
    }
    request.scope = new ScopeGuard(db, request.principal, (input) => request.audit(input))

    if (access === 'public') return
    if (access === 'login') {
      if (!request.authSession) throw new AppError('unauthenticated', 'Log in first: no session, or it has ended')
    } else if (!request.principal) {
      if (request.authSession) throw new AppError('login_incomplete', 'Finish logging in first (second factor, password change or TOTP enrolment)')
      throw new AppError('unauthenticated', 'Log in first: no session, or it has ended')
    }

    // Cookies are sent by the browser on its own; a write made with one must prove it comes from our page.
    if (viaCookie && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token']
      if (typeof sent !== 'string' || !safeEqual(sent, request.authSession!.session.csrfToken)) {
        throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header')
      }
    }

    const needed = config.permission
    if (needed && (!request.principal || !hasPermission(request.principal.role, needed))) {
      await request.audit({
        action: 'access.forbidden',
        target: `route:${request.method} ${request.routeOptions.url ?? ''}`,
        outcome: 'denied',
        detail: { permission: needed, role: request.principal?.role ?? null },
      })
      throw new AppError('forbidden', `Your role may not do this (needs ${needed})`)
    }
  })
}
