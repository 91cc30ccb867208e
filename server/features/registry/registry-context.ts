// What every registry use case needs: the database, the caller (principal and scope), the field
// cipher for personal data, and the request's audit. Built once per request by the routes.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { appendAuditIn } from '../audit/index.ts'
import type { Principal, RequestAuditInput, ScopeGuard } from '../accounts/index.ts'
import { hasPermission, type Permission } from '../../../shared/roles.ts'
import { AppError } from '../../infra/http/errors.ts'

/** What the registry's route plugins are registered with. */
export interface RegistryRoutesDeps {
  database: import('../../db-schema.ts').AppDatabase
  cipher: FieldCipher
}

/** Builds the context of a request (the auth plugin has run: principal, scope and audit are set). */
export function contextOf(deps: RegistryRoutesDeps, request: import('fastify').FastifyRequest): RegistryContext {
  if (!request.principal) throw new AppError('unauthenticated', 'Log in first: no session, or it has ended')
  return { db: deps.database.db, principal: request.principal, scope: request.scope, cipher: deps.cipher, source: request.ip, audit: (input) => request.audit(input) }
}

/** Runs a write; a refusal (other than not found) is audited as a failed attempt of `action`. */
export async function auditedWrite<T>(request: import('fastify').FastifyRequest, action: string, target: string | null, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof AppError && err.code !== 'not_found' && err.code !== 'reauth_required' && err.code !== 'unauthenticated') {
      await request.audit({
        action,
        target,
        outcome: err.code === 'forbidden' ? 'denied' : 'failure',
        detail: { code: err.code, problems: err.details.map((d) => ({ field: d.field, problem: d.problem })) },
      })
    }
    throw err
  }
}

export interface RegistryContext {
  db: Kysely<DB>
  principal: Principal
  scope: ScopeGuard
  cipher: FieldCipher
  /** Client address, for audit records written inside a transaction. */
  source: string | null
  /** An audit record in a transaction of its own (reads, refusals). */
  audit(input: RequestAuditInput): Promise<void>
}

/** An audit record inside `trx`: committed with the change it describes, or not at all. */
export function auditIn(ctx: RegistryContext, trx: Transaction<DB> | Kysely<DB>, input: RequestAuditInput) {
  return appendAuditIn(trx, { ...input, actor: ctx.principal.username, source: ctx.source })
}

export function can(ctx: RegistryContext, permission: Permission): boolean {
  return hasPermission(ctx.principal.role, permission)
}

export function requirePermission(ctx: RegistryContext, permission: Permission): void {
  if (!can(ctx, permission)) throw new AppError('forbidden', `Your role may not do this (needs ${permission})`)
}
