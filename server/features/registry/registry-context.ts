// What every registry use case needs: the database, the caller (principal and scope), the field
// cipher for personal data, and the request's audit. Built once per request by the routes.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { appendAuditIn } from '../audit/index.ts'
import type { Principal, RequestAuditInput, ScopeGuard } from '../accounts/index.ts'
import { hasPermission, type Permission } from '../../../shared/roles.ts'
import { AppError } from '../../infra/http/errors.ts'

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
