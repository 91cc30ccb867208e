// Kysely table types of the accounts feature (see server/migrations/0003_accounts.sql).
import type { ColumnType, Generated } from 'kysely'
import type { Role } from '../../../shared/roles.ts'
import type { SessionStage } from '../../../shared/api-types.ts'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T> = ColumnType<T, string | undefined, string>

export interface AccountTable {
  id: Generated<number>
  username: string
  display_name: string
  role: Role
  scope_code: string
  phone: string | null
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>
  password_hash: string
  password_changed_at: Timestamp
  password_history: Json<string[]>
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>
  totp_secret: string | null
  totp_enrolled_at: Timestamp | null
  totp_last_step: number | null
  last_login_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
  version: ColumnType<number, number | undefined, number>
}

export interface SessionTable {
  id_hash: string
  account_id: number
  stage: SessionStage
  csrf_token: string
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  reauth_at: Timestamp | null
  source: string | null
  user_agent: string | null
  pending_totp_secret: string | null
  ended_at: Timestamp | null
  end_reason: string | null
}

export interface ApiTokenTable {
  id: Generated<number>
  account_id: number
  name: string
  token_hash: string
  prefix: string
  created_at: Timestamp
  expires_at: Timestamp
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface LoginThrottleTable {
  key: string
  failures: number
  first_failure_at: Timestamp
  locked_until: Timestamp | null
}

export interface SecurityPolicyTable {
  id: number
  policy: Json<unknown>
  updated_at: Timestamp
  updated_by: string
  version: number
}

export interface GridAssignmentTable {
  grid_code: string
  account_id: number
  assigned_at: Timestamp
  assigned_by: string
}

export interface AccountTables {
  account: AccountTable
  session: SessionTable
  api_token: ApiTokenTable
  login_throttle: LoginThrottleTable
  security_policy: SecurityPolicyTable
  grid_assignment: GridAssignmentTable
}
