// The columns the demo cases write with COPY, and a case record as rows of civic_case, case_event
// and case_copy. Locations go in as hex EWKB (what the geometry column's input function reads
// fastest: half the time of EWKT text such as SRID=4326;POINT(lon lat)); times as timestamptz
// literals to the second.
import type { CopyTarget, CopyValue } from '../../../infra/db/copy.ts'
import { timestamp } from '../population/numbers.ts'
import type { CaseRecord } from './lifecycle.ts'

export const CASE_TABLES = {
  civic_case: [
    'id', 'number', 'version', 'state', 'category', 'urgency', 'title', 'description', 'source', 'location', 'address', 'grid_code',
    'holder_level', 'holder_code', 'prev_holder_code', 'department_code', 'reporter', 'reporter_role', 'anonymous',
    'step', 'step_started_at', 'limit_amount', 'limit_unit', 'extension_amount', 'extension_request', 'warn_at', 'due_at', 'red_at',
    'auto_level', 'supervision', 'ever_overdue', 'rework_count', 'result', 'created_at', 'updated_at', 'accepted_at', 'closed_at',
    'closed_level', 'merged_into', 'rating', 'rating_comment', 'rated_at',
  ],
  case_event: [
    'case_id', 'seq', 'at', 'action', 'from_state', 'to_state', 'actor', 'actor_role', 'party', 'reason', 'result', 'card',
    'from_holder', 'to_holder', 'department_code', 'amount', 'detail',
  ],
  case_copy: ['case_id', 'target_code', 'target_kind', 'at', 'by_actor'],
} as const

export type CaseTable = keyof typeof CASE_TABLES
export const CASE_TABLE_ORDER: readonly CaseTable[] = ['civic_case', 'case_event', 'case_copy']

export function caseTarget(table: CaseTable): CopyTarget {
  return { table, columns: [...CASE_TABLES[table]] }
}

export type CaseRows = Record<CaseTable, CopyValue[][]>

export function emptyCaseRows(): CaseRows {
  return { civic_case: [], case_event: [], case_copy: [] }
}

const f64 = new DataView(new ArrayBuffer(8))
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase())
const hex64 = (x: number): string => {
  f64.setFloat64(0, x, true)
  let s = ''
  for (let i = 0; i < 8; i++) s += HEX[f64.getUint8(i)]
  return s
}
/** Hex EWKB of a point in WGS 84: little-endian, type Point with SRID flag, SRID 4326, x, y. */
export const pointEwkb = (lon: number, lat: number): string => `0101000020E6100000${hex64(lon)}${hex64(lat)}`

const ts = (ms: number | null): string | null => (ms === null ? null : timestamp(ms))
/** To the millisecond: the clock's instants come from the work calendar, not rounded to seconds. */
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** Appends a case's rows. */
export function addCaseRows(rows: CaseRows, c: CaseRecord): void {
  rows.civic_case.push([
    c.id, c.number, c.events.length, c.state, c.category, c.urgency, c.title, c.description, c.source, pointEwkb(c.lon, c.lat), c.address, c.gridCode,
    c.holderLevel, c.holderCode, c.prevHolderCode, c.departmentCode, c.reporter, c.reporterRole, c.anonymous,
    c.step, ts(c.stepStartedAt), c.limitAmount, c.limitUnit, c.extensionAmount, c.extensionRequest, iso(c.warnAt), iso(c.dueAt), iso(c.redAt),
    c.autoLevel, c.supervision, c.everOverdue, c.reworkCount, c.result, ts(c.createdAt), ts(c.updatedAt), ts(c.acceptedAt), ts(c.closedAt),
    c.closedLevel, c.mergedInto, c.rating, c.ratingComment, ts(c.ratedAt),
  ])
  for (const e of c.events) {
    rows.case_event.push([
      c.id, e.seq, timestamp(e.at), e.action, e.from, e.to, e.actor, e.actorRole, e.party, e.reason, e.result, e.card,
      e.fromHolder, e.toHolder, e.department, e.amount, e.detail,
    ])
  }
  for (const k of c.copies) rows.case_copy.push([c.id, k.target, 'area', timestamp(k.at), k.by])
}
