// Shapes of the registry API's answers (server/features/registry/*.schemas.ts produce them, the web
// app reads them). Personal data is masked in every one of them: the unmasked values leave only
// through the separate, reasoned, audited unmask requests (PersonPersonalData).
import type { AreaRef } from '../api-types.ts'
import type { ListCode } from './lists.ts'

export interface LonLat {
  lon: number
  lat: number
}

export interface RecordMeta {
  version: number
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

export interface PersonListEntry {
  id: number
  listCode: ListCode
  kind: 'special' | 'care'
  attention: 'general' | 'medium' | 'serious'
  source: 'entered' | 'claimed' | 'verified'
  /** The list's own fields (shared/registry/lists.ts); phone numbers among them masked. */
  fields: Record<string, string | number | boolean>
  startedAt: string
  startedBy: string
  endedAt: string | null
  endedBy: string | null
  endReason: string | null
  version: number
}

export interface RoomRef {
  id: number
  buildingId: number
  buildingName: string
  buildingAddress: string
  unit: string
  floor: number | null
  number: string
}

export interface PersonSummary {
  id: number
  name: string
  /** e.g. 630102********1234 */
  idNumberMasked: string
  sex: '1' | '2'
  birthDate: string
  age: number
  ethnicity: string
  phoneMasked: string | null
  residenceCategory: 'registered' | 'floating' | 'unsettled' | 'overseas'
  address: string
  grid: AreaRef
  status: 'active' | 'moved_out' | 'deceased' | 'retired'
  /** Codes of the open list entries the caller may see. */
  lists: ListCode[]
}

export interface PersonView extends PersonSummary, RecordMeta {
  formerName: string | null
  registeredAddress: string | null
  politicalStatus: string | null
  education: string | null
  maritalStatus: string | null
  religion: string | null
  workplace: string | null
  relation: string | null
  household: { id: number; householdNo: string | null; address: string } | null
  room: RoomRef | null
  location: LonLat | null
  statusReason: string | null
  listEntries: PersonListEntry[]
}

export interface PersonPage {
  items: PersonSummary[]
  /** Cursor of the next page, or null at the end. */
  next: string | null
}

export interface ResidenceEntry {
  id: number
  grid: AreaRef
  address: string
  room: RoomRef | null
  validFrom: string
  validTo: string | null
  reason: string | null
}

export interface ChangeEntry {
  id: number
  entity: string
  entityId: number
  action: string
  actor: string
  at: string
  /** field → [before, after], personal values masked */
  changes: Record<string, unknown>
  reason: string | null
}

export interface HouseholdView {
  id: number
  householdNo: string | null
  kind: 'family' | 'collective'
  address: string
  grid: AreaRef
  room: RoomRef | null
  members: (PersonSummary & { relation: string | null })[]
  version: number
}

/** POST /registry/people/:id/personal-data: the unmasked fields asked for (audited with the reason). */
export interface PersonPersonalData {
  idNumber?: string
  phone?: string | null
}

export interface RoomView {
  id: number
  unit: string
  floor: number | null
  number: string
  use: string
  areaM2: number | null
  residents: number
  rented: boolean
}

export interface BuildingSummary {
  id: number
  name: string
  address: string
  use: string
  floors: number | null
  hazardGrade: 'safe' | 'general' | 'serious'
  grid: AreaRef
  location: LonLat
  status: 'active' | 'retired'
  rooms: number
  residents: number
}

export interface BuildingView extends BuildingSummary, RecordMeta {
  builtYear: number | null
  statusReason: string | null
  roomList: RoomView[]
}

export interface BuildingPage {
  items: BuildingSummary[]
  next: string | null
}

/** Maintained counts of an area and of each of its children (GET /registry/areas/:code/totals). */
export interface AreaTotals {
  area: AreaRef
  /** metric → count: person, person.<category>, person.sex.<1|2>, list.<code>, building, household, organization, organization.<kind>, facility, facility.<state>, concern.<status> */
  totals: Record<string, number>
  children: { area: AreaRef; totals: Record<string, number> }[]
}
