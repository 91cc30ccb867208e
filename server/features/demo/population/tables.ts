// Columns the demo population writes, per table, in the order its rows list their values. Tables
// other records point to get explicit ids (reserved from their sequences first); the others take
// their identity default.
import type { CopyTarget, CopyValue } from '../../../infra/db/copy.ts'

export const TABLES = {
  building: ['id', 'grid_code', 'name', 'address', 'address_key', 'use', 'floors', 'built_year', 'hazard_grade', 'location', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  room: ['id', 'building_id', 'unit', 'floor', 'number', 'use', 'area_m2'],
  household: ['id', 'grid_code', 'household_no', 'kind', 'room_id', 'address', 'created_at', 'created_by'],
  person: [
    'id', 'grid_code', 'name', 'former_name', 'id_cipher', 'id_index', 'id_masked', 'birth_date', 'sex', 'ethnicity',
    'phone_cipher', 'phone_index', 'phone_masked', 'residence_category', 'household_id', 'relation', 'room_id', 'address',
    'registered_address', 'political_status', 'education', 'marital_status', 'religion', 'workplace', 'status', 'status_reason',
    'created_at', 'created_by', 'updated_at', 'updated_by',
  ],
  person_residence: ['person_id', 'grid_code', 'room_id', 'address', 'valid_from', 'valid_to', 'reason'],
  person_list: ['person_id', 'list_code', 'grid_code', 'attention', 'source', 'fields', 'started_at', 'started_by', 'ended_at', 'ended_by', 'end_reason'],
  rental: ['id', 'room_id', 'grid_code', 'landlord_id', 'landlord_name', 'purpose', 'started_on', 'ended_on', 'status', 'created_at', 'created_by'],
  tenancy: ['rental_id', 'person_id', 'started_on', 'ended_on'],
  organization: [
    'grid_code', 'credit_code', 'name', 'kind', 'legal_rep', 'address', 'building_id', 'location', 'employees', 'security_contact',
    'phone_cipher', 'phone_index', 'phone_masked', 'key_place', 'status', 'status_reason', 'created_at', 'created_by', 'updated_at', 'updated_by',
  ],
  facility: ['grid_code', 'class', 'kind', 'name', 'code', 'location', 'owner_dept', 'maintainer_dept', 'state', 'hazard', 'status', 'status_reason', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  concern: ['grid_code', 'theme', 'content', 'person_id', 'resident_name', 'location', 'status', 'status_reason', 'case_ref', 'created_at', 'created_by', 'updated_at', 'updated_by'],
} as const

export type TableName = keyof typeof TABLES
/** The order of writing: every table after those it references. */
export const TABLE_ORDER: readonly TableName[] = ['building', 'room', 'household', 'person', 'person_residence', 'person_list', 'rental', 'tenancy', 'organization', 'facility', 'concern']
/** Tables whose ids are reserved and written explicitly. */
export const ID_TABLES = ['building', 'room', 'household', 'person', 'rental'] as const
export type IdTable = (typeof ID_TABLES)[number]

export function target(table: TableName): CopyTarget {
  return { table, columns: [...TABLES[table]] }
}

export type Rows = Record<TableName, CopyValue[][]>

export function emptyRows(): Rows {
  return Object.fromEntries(TABLE_ORDER.map((t) => [t, []])) as unknown as Rows
}

/** Index of a column in its table's rows. */
export function col(table: TableName, column: string): number {
  const i = (TABLES[table] as readonly string[]).indexOf(column)
  if (i < 0) throw new Error(`${table} has no column ${column}`)
  return i
}
