// Shapes of the case configuration API (GET/PUT /case-config, /departments), as the server's TypeBox
// schemas in server/features/cases/config.routes.ts define them, and the page's working copy (the
// draft: the same document with a stable key on every row, times as HH:MM, the yellow share in %).
import type { CalendarDay, DayKind, LimitUnit } from '../../../shared/cases/calendar'
import type { LimitLevel } from '../../../shared/cases/categories'
import type { CaseStep, HolderLevel, Urgency } from '../../../shared/cases/workflow'

export type { LimitLevel, LimitUnit, DayKind, CalendarDay, CaseStep, HolderLevel, Urgency }

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number]

/** An Open311 attribute of a subcategory (GeoReport v2 service definition). */
export interface CaseAttribute {
  variable: boolean
  code: string
  datatype: AttributeDatatype
  required: boolean
  datatype_description?: string
  order: number
  description: string
  values?: { key: string; name: string }[]
}

export interface CategoryConfig {
  code: string
  parentCode: string | null
  nameZh: string
  nameEn: string
  isPublic: boolean
  active: boolean
  attributes: CaseAttribute[]
}

export interface LimitConfig {
  category: string | null
  level: LimitLevel | null
  step: CaseStep
  urgency: Urgency | null
  amount: number
  unit: LimitUnit
}

export interface EscalationConfig {
  category: string | null
  urgency: Urgency | null
  target: HolderLevel
  copyLevels: HolderLevel[]
}

export interface CaseSettings {
  yellowShare: number
  /** Working periods as local minutes since midnight. */
  periods: [number, number][]
  utcOffsetMinutes: number
}

/** The document the city admin edits and PUT replaces. */
export interface CaseConfigDocument {
  settings: CaseSettings
  calendarDays: CalendarDay[]
  categories: CategoryConfig[]
  limits: LimitConfig[]
  escalations: EscalationConfig[]
}

export interface CaseConfigView extends CaseConfigDocument {
  version: number
  updatedAt: string
  updatedBy: string | null
}

export interface DepartmentMember {
  accountId: number
  username: string
  displayName: string
}

export interface Department {
  code: string
  areaCode: string
  name: string
  nameEn: string
  categories: string[]
  active: boolean
  members: DepartmentMember[]
}

export interface DepartmentCreate {
  key: string
  areaCode: string
  name: string
  nameEn: string
  categories: string[]
}

export interface DepartmentPatch {
  name?: string
  nameEn?: string
  categories?: string[]
  active?: boolean
}

// ------------------------------------------------------------------------------------------------
// The draft

export interface DraftCategory extends CategoryConfig {
  key: string
  /** Saved on the server: cannot be removed (only deactivated), its code is fixed. */
  saved: boolean
}

export interface DraftLimit extends Omit<LimitConfig, 'amount'> {
  key: string
  /** null while the field is empty. */
  amount: number | null
}

export interface DraftEscalation extends EscalationConfig {
  key: string
}

export interface DraftDay extends CalendarDay {
  key: string
}

export interface DraftPeriod {
  key: string
  /** HH:MM as typed. */
  start: string
  end: string
}

export interface Draft {
  /** The yellow share in percent (50–95); null while empty. */
  yellowPercent: number | null
  periods: DraftPeriod[]
  utcOffsetMinutes: number
  calendarDays: DraftDay[]
  categories: DraftCategory[]
  limits: DraftLimit[]
  escalations: DraftEscalation[]
}

/** The document tabs of the page (the departments tab saves per action). */
export const CONFIG_TABS = ['categories', 'limits', 'escalations', 'calendar', 'settings'] as const
export type ConfigTab = (typeof CONFIG_TABS)[number]

/** A problem of the draft, found in the browser or by the server, placed at its tab, row and field. */
export interface ConfigProblem {
  tab: ConfigTab
  /** The row's key (a category, limit, rule, day or period), when the problem is about one row. */
  row?: string
  /** The field within the row (e.g. 'amount', 'date', 'attributes/0/code', 'start'). */
  field?: string
  problem: string
  params?: Record<string, string | number>
  /** The server's message (server problems only). */
  message?: string
  source: 'local' | 'server'
}
