// The registry (人、地、事、物、组织、情) as the API shows it: shapes from shared/registry/api-types.ts,
// the same file the server produces them from; request bodies as the routes accept them.
import type { LonLat, PersonListEntry, PersonSummary } from '../../../shared/registry/api-types'
import type { ListCode } from '../../../shared/registry/lists'

export type {
  AreaTotals,
  ChangeEntry,
  HouseholdView,
  LonLat,
  PersonListEntry,
  PersonPage,
  PersonPersonalData,
  PersonSummary,
  PersonView,
  ResidenceEntry,
  RoomRef,
} from '../../../shared/registry/api-types'
export type { ListCode, ListDefinition, ListFieldSpec } from '../../../shared/registry/lists'
export type { AreaRef } from '../../../shared/api-types'

export type PersonStatus = PersonSummary['status']
export type ResidenceCategory = PersonSummary['residenceCategory']
export type Attention = PersonListEntry['attention']
export type ListSource = PersonListEntry['source']
/** The status filter of the search: one status, or 'any'. */
export type PersonStatusFilter = PersonStatus | 'any'

/** GET /registry/people: what the search page sends (the cursor and limit are added per page). */
export interface PeopleSearchParams {
  /** Name prefix, or an exact ID or mobile number. */
  q?: string
  areaCode?: string
  list?: ListCode
  residenceCategory?: ResidenceCategory
  status?: PersonStatusFilter
}

/** The person's own fields as the API takes them (text as typed; the server checks them again). */
export interface PersonFieldsBody {
  name?: string
  formerName?: string | null
  idNumber?: string
  phone?: string | null
  ethnicity?: string
  residenceCategory?: string
  address?: string
  registeredAddress?: string | null
  politicalStatus?: string | null
  education?: string | null
  maritalStatus?: string | null
  religion?: string | null
  workplace?: string | null
  relation?: string | null
}

/** POST /registry/people: the fields plus where the person lives (grid, location, or the address). */
export interface PersonCreateBody extends PersonFieldsBody {
  name: string
  idNumber: string
  ethnicity: string
  residenceCategory: string
  address: string
  gridCode?: string
  location?: LonLat
}

/** PATCH /registry/people/:id: the version read plus only what changed; a new grid is a move. */
export interface PersonPatchBody extends PersonFieldsBody {
  version: number
  gridCode?: string
  moveReason?: string | null
}

/** POST /registry/people/:id/status */
export interface PersonStatusBody {
  version: number
  status: PersonStatus
  reason: string
}

/** POST /registry/people/:id/lists */
export interface ListEntryBody {
  listCode: ListCode
  attention?: Attention
  source?: ListSource
  fields: Record<string, string | number | boolean>
}

/** POST /registry/people/:id/lists/:entryId/end */
export interface ListEndBody {
  version: number
  reason: string
}

export type PersonalField = 'idNumber' | 'phone'
