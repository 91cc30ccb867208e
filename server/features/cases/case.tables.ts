// Kysely table types of cases (see server/migrations/0007_cases.sql). Geometry is read and written
// through SQL (ST_* functions), so it is an opaque string here.
import type { ColumnType, Generated } from 'kysely'
import type { LimitUnit } from '../../../shared/cases/calendar.ts'
import type { CaseParty, CaseState, CaseStep, HolderLevel, Supervision, Urgency, CaseSource } from '../../../shared/cases/workflow.ts'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type Json<T> = ColumnType<T, string | undefined, string>
type Defaulted<T> = ColumnType<T, T | undefined, T>
type Numeric = ColumnType<string, number | string, number | string>

export interface CaseCategoryTable {
  code: string
  parent_code: string | null
  name_zh: string
  name_en: string
  is_public: Defaulted<boolean>
  active: Defaulted<boolean>
  rank: Defaulted<number>
  attributes: Json<unknown[]>
}

export interface CaseTimeLimitTable {
  id: Generated<number>
  category: string | null
  level: string | null
  step: CaseStep
  urgency: Urgency | null
  amount: Numeric
  unit: LimitUnit
}

export interface CaseEscalationRuleTable {
  id: Generated<number>
  category: string | null
  urgency: Urgency | null
  target: HolderLevel
  copy_levels: Defaulted<string[]>
}

export interface WorkCalendarDayTable {
  day: ColumnType<string, string, string>
  kind: 'holiday' | 'workday'
  name: string
}

export interface CaseSettingsTable {
  id: Defaulted<number>
  settings: Json<unknown>
  version: Defaulted<number>
  updated_at: Timestamp
  updated_by: string | null
}

export interface DepartmentTable {
  code: string
  area_code: string
  name: string
  name_en: string
  categories: Defaulted<string[]>
  active: Defaulted<boolean>
}

export interface DepartmentMemberTable {
  account_id: number
  department_code: string
  added_at: Timestamp
}

export interface CasePhotoTable {
  id: Generated<number>
  name: string
  owner: string
  case_id: number | null
  event_seq: number | null
  content_type: 'image/jpeg'
  bytes: number
  width: number
  height: number
  sha256: string
  data: Buffer
  thumb: Buffer
  created_at: Timestamp
}

export interface CivicCaseTable {
  id: Generated<number>
  number: string
  version: Defaulted<number>
  state: CaseState
  category: string
  urgency: Urgency
  title: string
  description: string
  source: CaseSource
  location: ColumnType<string | null, string | null | undefined, string | null>
  address: string | null
  grid_code: string | null
  holder_level: HolderLevel
  holder_code: string
  prev_holder_code: string | null
  department_code: string | null
  reporter: string | null
  reporter_role: string | null
  contact_name: string | null
  contact_phone_enc: string | null
  contact_phone_mask: string | null
  anonymous: Defaulted<boolean>
  open311_client: string | null
  open311_attributes: Json<Record<string, unknown> | null> | null
  step: CaseStep | null
  step_started_at: NullableTimestamp
  limit_amount: Numeric | null
  limit_unit: LimitUnit | null
  extension_amount: Defaulted<string>
  extension_request: Json<ExtensionRequest | null> | null
  warn_at: NullableTimestamp
  due_at: NullableTimestamp
  red_at: NullableTimestamp
  auto_level: Defaulted<number>
  supervision: Defaulted<Supervision>
  ever_overdue: Defaulted<boolean>
  rework_count: Defaulted<number>
  result: string | null
  created_at: Timestamp
  updated_at: Timestamp
  accepted_at: NullableTimestamp
  closed_at: NullableTimestamp
  closed_level: string | null
  merged_into: number | null
  rating: number | null
  rating_comment: string | null
  rated_at: NullableTimestamp
  concern_id: number | null
}

export interface ExtensionRequest {
  by: string
  party: CaseParty
  amount: number
  reason: string
  at: string
}

export interface CaseEventTable {
  case_id: number
  seq: number
  at: Timestamp
  action: string
  from_state: string | null
  to_state: string
  actor: string
  actor_role: string | null
  party: CaseParty
  reason: string | null
  result: string | null
  card: 'yellow' | 'red' | null
  from_holder: string | null
  to_holder: string | null
  department_code: string | null
  amount: Numeric | null
  detail: Json<Record<string, unknown>>
}

export interface CaseCopyTable {
  case_id: number
  target_code: string
  target_kind: 'area' | 'department'
  at: Timestamp
  by_actor: string
}

export interface CasePersonTable {
  case_id: number
  person_id: number
  role: 'party' | 'reporter' | 'witness' | 'other'
}

export interface IdempotencyKeyTable {
  owner: string
  key: string
  request_hash: string
  status: number
  response: Json<unknown>
  created_at: Timestamp
}

export interface Open311ClientTable {
  id: Generated<number>
  name: string
  key_hash: string
  active: Defaulted<boolean>
  created_at: Timestamp
  created_by: string
}

export interface JobLeaseTable {
  name: string
  holder: string | null
  lease_until: Timestamp
  last_started: NullableTimestamp
  last_finished: NullableTimestamp
  last_result: Json<unknown> | null
}

export interface CaseTables {
  case_category: CaseCategoryTable
  case_time_limit: CaseTimeLimitTable
  case_escalation_rule: CaseEscalationRuleTable
  work_calendar_day: WorkCalendarDayTable
  case_settings: CaseSettingsTable
  department: DepartmentTable
  department_member: DepartmentMemberTable
  case_photo: CasePhotoTable
  civic_case: CivicCaseTable
  case_event: CaseEventTable
  case_copy: CaseCopyTable
  case_person: CasePersonTable
  idempotency_key: IdempotencyKeyTable
  open311_client: Open311ClientTable
  job_lease: JobLeaseTable
}
