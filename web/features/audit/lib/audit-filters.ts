// The audit log's filters as the query of GET /audit/events, and how a record is shown.
import type { AuditOutcome } from '../../../../shared/api-types'

export interface AuditFilters {
  actor?: string
  action?: string
  target?: string
  outcome?: AuditOutcome
  /** ISO timestamps (inclusive range). */
  from?: string
  to?: string
}

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied']
export const OUTCOME_COLOR: Record<AuditOutcome, string> = { success: 'green', failure: 'red', denied: 'orange' }

/** The query parameters for the filters (empty ones left out, text trimmed). */
export function auditQuery(filters: AuditFilters, before?: number | null, limit = 50): Record<string, string | number> {
  const q: Record<string, string | number> = { limit }
  for (const key of ['actor', 'action', 'target', 'outcome', 'from', 'to'] as const) {
    const v = filters[key]?.trim()
    if (v) q[key] = v
  }
  if (before !== undefined && before !== null) q.before = before
  return q
}

/** A record's detail in one line: "key: value" pairs, values shortened. */
export function detailSummary(detail: Record<string, unknown>, max = 120): string {
  const parts = Object.entries(detail).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
  const text = parts.join(' · ')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
