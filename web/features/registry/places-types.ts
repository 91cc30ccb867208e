// The registry's places (人、地、物、组织、情: buildings and rooms, rental housing, organizations,
// facilities, residents' concerns) as the API shows them: answers from shared/registry/ (the same
// files the server produces them from); request bodies as the routes accept them.
import type { BuildingSummary, LonLat } from '../../../shared/registry/api-types'
import type { RentalPurpose } from '../../../shared/registry/building-types'
import type { ConcernStatus, RecordStatus } from '../../../shared/registry/place-types'

export type { BuildingPage, BuildingSummary, BuildingView, ChangeEntry, LonLat, RoomView } from '../../../shared/registry/api-types'
export type { RentalPage, RentalPurpose, RentalSummary, RentalView, TenantEntry } from '../../../shared/registry/building-types'
export type {
  BuildingRef,
  ConcernPage,
  ConcernStatus,
  ConcernSummary,
  ConcernView,
  FacilityPage,
  FacilitySummary,
  FacilityView,
  OrganizationPage,
  OrganizationPersonalData,
  OrganizationSummary,
  OrganizationView,
  RecordHistory,
  RecordStatus,
} from '../../../shared/registry/place-types'
export type { ConcernThemeCode, FacilityClassCode, FacilityStateCode, OrganizationKindCode } from '../../../shared/registry/place-fields'

export type HazardGrade = BuildingSummary['hazardGrade']
/** The status filter of the lists of buildings, organizations and facilities. */
export type RecordStatusFilter = RecordStatus | 'any'

/** The tabs of /registry/places. */
export const PLACES_TABS = ['buildings', 'organizations', 'facilities', 'concerns'] as const
export type PlacesTab = (typeof PLACES_TABS)[number]

// --- searches (the cursor and limit are added per page) ---------------------------------------------

export interface BuildingSearchParams {
  q?: string
  areaCode?: string
  use?: string
  hazardGrade?: HazardGrade
  status?: RecordStatusFilter
}

export interface OrganizationSearchParams {
  q?: string
  areaCode?: string
  kind?: string
  keyPlace?: boolean
  status?: RecordStatusFilter
}

export interface FacilitySearchParams {
  q?: string
  areaCode?: string
  class?: string
  kind?: string
  state?: string
  hazard?: boolean
  status?: RecordStatusFilter
}

export interface ConcernSearchParams {
  areaCode?: string
  theme?: string
  status?: ConcernStatus
  personId?: number
}

export interface RentalSearchParams {
  areaCode?: string
  buildingId?: number
  roomId?: number
  status?: 'active' | 'ended' | 'any'
}

// --- bodies -------------------------------------------------------------------------------------------

export interface RoomGenerator {
  units: number
  floors: number
  roomsPerFloor: number
}

export interface RoomInput {
  unit?: string
  floor?: number | null
  number: string
  use?: string
  areaM2?: number | null
}

/** POST /registry/buildings */
export interface BuildingCreateBody {
  name: string
  address: string
  use: string
  floors?: number | null
  builtYear?: number | null
  hazardGrade?: string
  location: LonLat
  gridCode?: string
  rooms?: RoomInput[] | RoomGenerator
}

/** PATCH /registry/buildings/:id: the version read plus what changed. */
export interface BuildingPatchBody {
  version: number
  name?: string
  address?: string
  use?: string
  floors?: number | null
  builtYear?: number | null
  hazardGrade?: string
  location?: LonLat
  reason?: string | null
}

/** POST …/retire of a building, organization or facility; POST /registry/concerns/:id/close. */
export interface ReasonBody {
  version: number
  reason: string
}

/** POST /registry/buildings/:id/rooms */
export interface RoomsAddBody {
  version: number
  rooms: RoomInput[]
}

/** POST /registry/rentals */
export interface RentalCreateBody {
  roomId: number
  landlordPersonId?: number
  landlordName?: string
  purpose?: RentalPurpose
  startedOn: string
  tenants?: number[]
}

/** POST /registry/rentals/:id/tenants */
export interface TenantAddBody {
  version: number
  personId: number
  startedOn?: string
}

/** POST /registry/rentals/:id/tenants/:personId/end */
export interface TenancyEndBody {
  version: number
  endedOn: string
}

/** POST /registry/rentals/:id/end */
export interface RentalEndBody {
  version: number
  endedOn: string
  reason: string
}

/** POST /registry/organizations (PATCH takes the same fields, each optional, plus the version). */
export interface OrganizationBody {
  name?: string
  kind?: string
  creditCode?: string | null
  legalRep?: string | null
  address?: string | null
  employees?: number | null
  securityContact?: string | null
  phone?: string | null
  keyPlace?: boolean
  buildingId?: number | null
  location?: LonLat
  gridCode?: string
}

export interface OrganizationPatchBody extends OrganizationBody {
  version: number
}

/** POST /registry/facilities (PATCH: the same fields, each optional, plus the version). */
export interface FacilityBody {
  class?: string
  kind?: string
  name?: string
  code?: string | null
  ownerDept?: string | null
  maintainerDept?: string | null
  state?: string | null
  hazard?: boolean
  location?: LonLat
  gridCode?: string
}

export interface FacilityPatchBody extends FacilityBody {
  version: number
}

/** POST /registry/concerns */
export interface ConcernCreateBody {
  theme: string
  content: string
  personId?: number | null
  residentName?: string | null
  location?: LonLat
  gridCode?: string
}

/** POST /registry/concerns/:id/convert */
export interface ConcernConvertBody {
  version: number
  caseRef: string
}
