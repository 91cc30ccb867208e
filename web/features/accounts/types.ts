// Accounts as the API shows them to a system admin (shared/api-types.ts).
export type { AccountCreated, AccountList, AccountPersonalData, AccountView, AreaRef, GridAssignment } from '../../../shared/api-types'
export type { Role } from '../../../shared/roles'

export type AccountStatus = 'active' | 'disabled'

export interface AccountListParams {
  q?: string
  role?: string
  status?: AccountStatus
  scopeCode?: string
  limit: number
  offset: number
}

export interface AccountInput {
  username: string
  displayName: string
  role: string
  scopeCode: string
  phone?: string
}

export interface AccountPatch {
  version: number
  displayName?: string
  role?: string
  scopeCode?: string
  phone?: string | null
  status?: AccountStatus
}
