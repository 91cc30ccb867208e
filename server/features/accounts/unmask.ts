// Revealing masked personal data is a separate act (DESIGN.md §3.10): the caller's role needs
// personal.unmask, says why (at least 5 characters), has re-authenticated within the policy's minutes,
// and the reveal is audited with its reason before the data leaves. Every feature that unmasks
// (accounts' phones, the registry's ID numbers and phones) goes through these two steps:
//   requireUnmaskPermission — before anything is read (a refusal is audited as denied);
//   confirmUnmask           — once the record is known to exist in scope: reason, re-authentication,
//                             then the success record.
import type { Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { hasPermission } from '../../../shared/roles.ts'
import { AppError, validationFailed } from '../../infra/http/errors.ts'
import { getSecurityPolicy } from './security-policy.ts'
import type { Principal, RequestAuditInput } from './principal.ts'

export interface UnmaskContext {
  db: Kysely<DB>
  principal: Principal
  audit(input: RequestAuditInput): Promise<void>
}

export async function requireUnmaskPermission(ctx: UnmaskContext, target: string, fields: string[], reason: string): Promise<void> {
  if (hasPermission(ctx.principal.role, 'personal.unmask')) return
  await ctx.audit({ action: 'personal_data.unmask', target, outcome: 'denied', detail: { fields, reason: reason.trim(), problem: 'forbidden' } })
  throw new AppError('forbidden', 'Your role may not reveal personal data (needs personal.unmask)')
}

/** Checks the reason and the re-authentication, then records the reveal; returns the trimmed reason. */
export async function confirmUnmask(ctx: UnmaskContext, target: string, fields: string[], reason: string, now = new Date()): Promise<string> {
  const trimmed = reason.trim()
  if ([...trimmed].length < 5) {
    throw validationFailed([{ field: '/reason', location: 'body', message: 'must say why, in at least 5 characters', problem: 'too_short' }])
  }
  const policy = await getSecurityPolicy(ctx.db)
  const reauthAt = ctx.principal.reauthAt
  if (!reauthAt || now.getTime() - reauthAt.getTime() > policy.session.reauthMinutes * 60_000 || reauthAt.getTime() > now.getTime() + 60_000) {
    await ctx.audit({ action: 'personal_data.unmask', target, outcome: 'denied', detail: { fields, reason: trimmed, problem: 'reauth_required' } })
    throw new AppError('reauth_required', `Confirm your password and code first (POST /auth/reauth): revealing personal data needs a re-authentication in the last ${policy.session.reauthMinutes} minutes`)
  }
  // Recorded before the data leaves: no record, no data.
  await ctx.audit({ action: 'personal_data.unmask', target, outcome: 'success', detail: { fields, reason: trimmed } })
  return trimmed
}
