// The case row as the services read it, and the small rules about it that do not need the database:
// who the caller is to a case (its party), which area holds it at each level, its number.
import crypto from 'node:crypto'
import type { Principal } from '../accounts/index.ts'
import { codeInScope } from '../accounts/scope.ts'
import { sql } from 'kysely'
import { HOLDER_LEVELS, OPEN_STATES, type CaseParty, type CaseState, type CaseStep, type HolderLevel, type Supervision, type Urgency, type CaseSource } from '../../../shared/cases/workflow.ts'
import type { LimitUnit } from '../../../shared/cases/calendar.ts'
import type { ExtensionRequest } from './case.tables.ts'

/** The columns every workflow step reads (location as lon/lat). */
export interface CaseRow {
  id: number
  number: string
  version: number
  state: CaseState
  category: string
  urgency: Urgency
  title: string
  description: string
  source: CaseSource
  lon: number | null
  lat: number | null
  address: string | null
  grid_code: string | null
  holder_level: HolderLevel
  holder_code: string
  prev_holder_code: string | null
  department_code: string | null
  reporter: string | null
  reporter_role: string | null
  contact_name: string | null
  contact_phone_mask: string | null
  anonymous: boolean
  step: CaseStep | null
  step_started_at: Date | null
  limit_amount: string | null
  limit_unit: LimitUnit | null
  extension_amount: string
  extension_request: ExtensionRequest | null
  warn_at: Date | null
  due_at: Date | null
  red_at: Date | null
  auto_level: number
  supervision: Supervision
  ever_overdue: boolean
  rework_count: number
  result: string | null
  created_at: Date
  updated_at: Date
  accepted_at: Date | null
  closed_at: Date | null
  closed_level: string | null
  merged_into: number | null
  rating: number | null
  rating_comment: string | null
  rated_at: Date | null
  open311_client: string | null
}

/** SELECT list of CaseRow from civic_case aliased `c`. */
export const CASE_COLUMNS = `c.id::int AS id, c.number, c.version, c.state, c.category, c.urgency, c.title, c.description, c.source,
  ST_X(c.location) AS lon, ST_Y(c.location) AS lat, c.address, c.grid_code, c.holder_level, c.holder_code, c.prev_holder_code,
  c.department_code, c.reporter, c.reporter_role, c.contact_name, c.contact_phone_mask, c.anonymous, c.step, c.step_started_at,
  c.limit_amount::text AS limit_amount, c.limit_unit, c.extension_amount::text AS extension_amount, c.extension_request,
  c.warn_at, c.due_at, c.red_at, c.auto_level, c.supervision, c.ever_overdue, c.rework_count, c.result, c.created_at, c.updated_at,
  c.accepted_at, c.closed_at, c.closed_level, c.merged_into::int AS merged_into, c.rating, c.rating_comment, c.rated_at, c.open311_client`

/** The code of the area at `level` that contains `code` (codes are hierarchical: area-codes.ts). */
export function ancestorAt(code: string, level: HolderLevel): string {
  switch (level) {
    case 'city':
      return `${code.slice(0, 4)}00`
    case 'district':
      return code.slice(0, 6)
    case 'street':
      return code.slice(0, 9)
    case 'community':
      return code.slice(0, 12)
  }
}

export function holderLevelOfCode(code: string): HolderLevel | undefined {
  if (code.length === 6) return code.endsWith('00') ? 'city' : 'district'
  if (code.length === 9) return 'street'
  if (code.length === 12) return 'community'
  return undefined
}

/** The level above a holding level (undefined for the city). */
export function levelAbove(level: HolderLevel): HolderLevel | undefined {
  return HOLDER_LEVELS[HOLDER_LEVELS.indexOf(level) + 1]
}

/** Staff roles that hold cases at their scope's level. */
const HOLDING_ROLES = new Set(['city_admin', 'district_staff', 'street_staff', 'community_staff'])

/** Who the caller is to a case, most specific first (a caller can be more than one, e.g. reporter and holder). */
export function partiesOf(principal: Principal, departmentCode: string | null, c: Pick<CaseRow, 'holder_code' | 'department_code' | 'reporter' | 'state'>): CaseParty[] {
  const parties: CaseParty[] = []
  if (c.reporter === principal.username) parties.push('reporter')
  if (HOLDING_ROLES.has(principal.role)) {
    if (principal.scopeCode === c.holder_code) parties.push('holder')
    else if (codeInScope(principal.scopeCode, c.holder_code)) parties.push('supervisor')
  }
  if (principal.role === 'department_handler' && departmentCode && c.department_code === departmentCode) parties.push('department')
  return parties
}

const NUMBER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A tracking number: the local date (YYMMDD) and six random letters/digits (no 0/O, 1/I). */
export function newCaseNumber(at: Date, utcOffsetMinutes = 480): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000)
  const date = local.toISOString().slice(2, 10).replaceAll('-', '')
  const bytes = crypto.randomBytes(6)
  let tail = ''
  for (const b of bytes) tail += NUMBER_ALPHABET[b % NUMBER_ALPHABET.length]
  return `${date}-${tail}`
}

export const CASE_NUMBER_PATTERN = '^[0-9]{6}-[A-Z2-9]{6}$'

/** The open states as an SQL list: `state IN ${OPEN_STATES_SQL}`. */
export const OPEN_STATES_SQL = sql.raw(`(${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`)
