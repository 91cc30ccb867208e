// Rules of the account forms: which roles may be chosen, which levels a role's scope may sit at, and
// the PATCH body holding only what changed (with the version the edit started from).
import { ADMIN_DUTIES, isAdminDuty, ROLE_SCOPE_LEVELS, ROLES, type Role } from '../../../../shared/roles'
import type { AreaLevel } from '../../../../shared/area-codes'
import type { AccountPatch, AccountStatus, AccountView } from '../types'

/** The levels a scope of this role may sit at (none until a role is chosen). */
export function scopeLevelsFor(role: Role | undefined): readonly AreaLevel[] {
  return role ? ROLE_SCOPE_LEVELS[role] : []
}

/** Whether an area of `level` may be the scope of `role`. */
export const scopeFits = (role: Role | undefined, level: AreaLevel | undefined): boolean => !!role && !!level && scopeLevelsFor(role).includes(level)

/**
 * Roles an account may be given. A new account may take any role; an existing admin-duty account
 * keeps its role, and no other account can become an admin duty.
 */
export function roleChoices(current?: Role): readonly Role[] {
  if (!current) return ROLES
  if (isAdminDuty(current)) return [current]
  return ROLES.filter((r) => !(ADMIN_DUTIES as readonly Role[]).includes(r))
}

export interface AccountEditValues {
  displayName: string
  role: Role
  scopeCode: string
  phone?: string
  enabled: boolean
}

export const editValuesOf = (a: AccountView): AccountEditValues => ({
  displayName: a.displayName,
  role: a.role,
  scopeCode: a.scope.code,
  // The list shows phones masked: the field starts empty and only a typed number replaces it.
  phone: undefined,
  enabled: a.status === 'active',
})

/** The PATCH body: the version plus only the fields that differ from the account as loaded. */
export function buildPatch(original: AccountView, values: AccountEditValues): AccountPatch {
  const patch: AccountPatch = { version: original.version }
  const name = values.displayName.trim()
  if (name !== original.displayName) patch.displayName = name
  if (values.role !== original.role) patch.role = values.role
  if (values.scopeCode !== original.scope.code) patch.scopeCode = values.scopeCode
  const phone = values.phone?.trim()
  if (phone) patch.phone = phone
  const status: AccountStatus = values.enabled ? 'active' : 'disabled'
  if (status !== original.status) patch.status = status
  return patch
}

/** Whether a PATCH body changes anything. */
export const patchChangesSomething = (patch: AccountPatch): boolean => Object.keys(patch).some((k) => k !== 'version')
