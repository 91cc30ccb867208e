// Shapes of the API's answers about organizations (组织), facilities (部件) and residents' concerns
// (社情民意), produced by server/features/registry/place.schemas.ts and read by the web app. An
// organization's phone leaves masked; the number itself only through the reasoned, audited unmask
// request (OrganizationPersonalData).
import type { AreaRef } from '../api-types.ts'
import type { ChangeEntry, LonLat, RecordMeta } from './api-types.ts'
import type { ConcernThemeCode, FacilityClassCode, FacilityStateCode, OrganizationKindCode } from './place-fields.ts'

export type RecordStatus = 'active' | 'retired'

export interface BuildingRef {
  id: number
  name: string
  address: string
}

export interface OrganizationSummary {
  id: number
  name: string
  kind: OrganizationKindCode
  /** 统一社会信用代码 (GB 32100), or null for kinds that need none. */
  creditCode: string | null
  address: string
  grid: AreaRef
  location: LonLat
  keyPlace: boolean
  /** e.g. 139****5678 or 0971-***4567 */
  phoneMasked: string | null
  status: RecordStatus
}

export interface OrganizationView extends OrganizationSummary, RecordMeta {
  legalRep: string | null
  employees: number | null
  securityContact: string | null
  building: BuildingRef | null
  statusReason: string | null
}

export interface OrganizationPage {
  items: OrganizationSummary[]
  /** Cursor of the next page, or null at the end. */
  next: string | null
}

/** POST /registry/organizations/:id/personal-data: the unmasked phone (audited with the reason). */
export interface OrganizationPersonalData {
  phone: string | null
}

export interface FacilitySummary {
  id: number
  class: FacilityClassCode
  /** A FACILITY_KINDS code or another snake_case code. */
  kind: string
  name: string
  /** 部件编码 */
  code: string | null
  grid: AreaRef
  location: LonLat
  state: FacilityStateCode
  hazard: boolean
  status: RecordStatus
  /** Metres from the search point (only in searches near a point). */
  distanceM?: number
}

export interface FacilityView extends FacilitySummary, RecordMeta {
  ownerDept: string | null
  maintainerDept: string | null
  statusReason: string | null
}

export interface FacilityPage {
  items: FacilitySummary[]
  next: string | null
}

export type ConcernStatus = 'open' | 'converted' | 'closed'

export interface ConcernSummary {
  id: number
  theme: ConcernThemeCode
  content: string
  /** The registered resident it comes from, when known. */
  personId: number | null
  residentName: string | null
  grid: AreaRef
  status: ConcernStatus
  createdAt: string
  createdBy: string
}

export interface ConcernView extends ConcernSummary, RecordMeta {
  location: LonLat | null
  /** Why it was closed. */
  statusReason: string | null
  /** The case it became (converted), e.g. SJ2026031400012. */
  caseRef: string | null
}

export interface ConcernPage {
  items: ConcernSummary[]
  next: string | null
}

/** GET …/:id/history of an organization, facility or concern: its changes, newest first. */
export interface RecordHistory {
  changes: ChangeEntry[]
}
