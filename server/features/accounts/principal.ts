// Who is asking: the principal every request carries once the auth plugin has run, and the route
// options that say who may call a route. Declared once here for the whole server.
import type { Permission, Role } from '../../../shared/roles.ts'
import type { AuditInput } from '../audit/audit.repository.ts'
import type { ScopeGuard } from './scope-guard.ts'

export interface Principal {
  accountId: number
  username: string
  displayName: string
  role: Role
  /** The account's area scope: its code and path (ancestor codes joined by '.'). */
  scopeCode: string
  scopePath: string
  permissions: readonly Permission[]
  via: 'session' | 'token'
  /** SHA-256 of the session token (sessions only). */
  sessionId: string | null
  tokenId: number | null
  /** Last re-authentication of this session (password + TOTP), for acts that need a recent one. */
  reauthAt: Date | null
}

/**
 * Who may call a route (route option `config`):
 *   auth: 'public'  — anyone (health, login, the public pages);
 *   auth: 'login'   — a session in any login stage (the login steps themselves, logout, GET session);
 *   default         — an active session or an API token; `permission` then names what the role needs.
 */
export interface RouteAccess {
  auth?: 'public' | 'login'
  permission?: Permission
}

/** An audit record of the current request; actor and source are filled in from the request. */
export type RequestAuditInput = Omit<AuditInput, 'actor' | 'source'>

declare module 'fastify' {
  interface FastifyContextConfig extends RouteAccess {}
  interface FastifyRequest {
    /** The caller, or null on public routes (and on 'login' routes before a session exists). */
    principal: Principal | null
    /** The area scope of the caller: every scoped query goes through it (see scope-guard.ts). */
    scope: ScopeGuard
    /** Appends an audit record for this request (actor = the principal or "anonymous"; source = client address). */
    audit(input: RequestAuditInput): Promise<void>
  }
}
