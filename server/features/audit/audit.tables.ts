// Kysely table types of the audit feature (see server/migrations/0002_audit.sql).
import type { ColumnType } from 'kysely'

export interface AuditEventTable {
  seq: number
  occurred_at: ColumnType<Date, Date | string, never>
  actor: string
  action: string
  target: string | null
  source: string | null
  outcome: 'success' | 'failure' | 'denied'
  detail: ColumnType<Record<string, unknown>, string, never>
  prev_hash: string
  hash: string
}

export interface AuditTables {
  audit_event: AuditEventTable
}
