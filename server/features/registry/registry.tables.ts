// Kysely table types of the registry (see server/migrations/0006_registry.sql). Geometry columns are
// read and written through SQL (ST_* functions), so they are typed as opaque strings here.
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type DateOnly = ColumnType<string, string, string>
type Json<T> = ColumnType<T, string | undefined, string>
type Defaulted<T> = ColumnType<T, T | undefined, T>
type Geometry = ColumnType<string, string, string>

export type ResidenceCategory = 'registered' | 'floating' | 'unsettled' | 'overseas'
export type RecordStatus = 'active' | 'retired'
export type PersonStatus = 'active' | 'moved_out' | 'deceased' | 'retired'

export interface ListTypeTable {
  code: string
  kind: 'special' | 'care'
  rank: number
  name_zh: string
  name_en: string
}

export interface BuildingTable {
  id: Generated<number>
  grid_code: string
  name: string
  address: string
  address_key: string
  use: 'residential' | 'commercial' | 'mixed' | 'public' | 'industrial' | 'other'
  floors: number | null
  built_year: number | null
  hazard_grade: Defaulted<'safe' | 'general' | 'serious'>
  location: Geometry
  footprint: Geometry | null
  status: Defaulted<RecordStatus>
  status_reason: string | null
  version: Defaulted<number>
  created_at: Timestamp
  created_by: string
  updated_at: Timestamp
  updated_by: string
}

export interface RoomTable {
  id: Generated<number>
  building_id: number
  unit: Defaulted<string>
  floor: number | null
  number: string
  use: Defaulted<'residential' | 'commercial' | 'office' | 'storage' | 'other'>
  area_m2: number | null
  status: Defaulted<RecordStatus>
  version: Defaulted<number>
}

export interface HouseholdTable {
  id: Generated<number>
  grid_code: string
  household_no: string | null
  kind: Defaulted<'family' | 'collective'>
  room_id: number | null
  import_id: number | null
  address: string
  status: Defaulted<RecordStatus>
  version: Defaulted<number>
  created_at: Timestamp
  created_by: string
}

export interface PersonTable {
  id: Generated<number>
  grid_code: string
  name: string
  former_name: string | null
  id_cipher: string
  id_index: string
  id_masked: string
  birth_date: DateOnly
  sex: '1' | '2'
  ethnicity: string
  phone_cipher: string | null
  phone_index: string | null
  phone_masked: string | null
  residence_category: ResidenceCategory
  household_id: number | null
  relation: string | null
  room_id: number | null
  address: string
  registered_address: string | null
  political_status: string | null
  education: string | null
  marital_status: string | null
  religion: string | null
  workplace: string | null
  location: Geometry | null
  import_id: number | null
  status: Defaulted<PersonStatus>
  status_reason: string | null
  version: Defaulted<number>
  created_at: Timestamp
  created_by: string
  updated_at: Timestamp
  updated_by: string
}

export interface PersonResidenceTable {
  id: Generated<number>
  person_id: number
  grid_code: string
  room_id: number | null
  address: string
  valid_from: Timestamp
  valid_to: Timestamp | null
  reason: string | null
}

export interface PersonListTable {
  id: Generated<number>
  person_id: number
  list_code: string
  grid_code: string
  attention: Defaulted<'general' | 'medium' | 'serious'>
  source: Defaulted<'entered' | 'claimed' | 'verified'>
  fields: Json<Record<string, unknown>>
  started_at: Timestamp
  started_by: string
  ended_at: Timestamp | null
  ended_by: string | null
  end_reason: string | null
  version: Defaulted<number>
}

export interface RentalTable {
  id: Generated<number>
  room_id: number
  grid_code: string
  landlord_id: number | null
  landlord_name: string
  purpose: Defaulted<'residence' | 'business' | 'storage' | 'other'>
  started_on: DateOnly
  ended_on: DateOnly | null
  status: Defaulted<'active' | 'ended'>
  version: Defaulted<number>
  created_at: Timestamp
  created_by: string
}

export interface TenancyTable {
  id: Generated<number>
  rental_id: number
  person_id: number
  started_on: DateOnly
  ended_on: DateOnly | null
}

export type OrganizationKind = 'business' | 'social' | 'party' | 'public_place' | 'school' | 'hazardous_chemical' | 'key_site' | 'government' | 'other'

export interface OrganizationTable {
  id: Generated<number>
  grid_code: string
  credit_code: string | null
  name: string
  kind: OrganizationKind
  legal_rep: string | null
  address: string
  building_id: number | null
  location: Geometry
  employees: number | null
  security_contact: string | null
  phone_cipher: string | null
  phone_index: string | null
  phone_masked: string | null
  key_place: Defaulted<boolean>
  status: Defaulted<RecordStatus>
  status_reason: string | null
  version: Defaulted<number>
  created_at: Timestamp
  created_by: string
  updated_at: Timestamp
  updated_by: string
}

export type FacilityClass = 'public_utility' | 'road_traffic' | 'appearance_environment' | 'landscaping' | 'housing_land' | 'other'
export type FacilityState = 'intact' | 'damaged' | 'missing' | 'occupied'

export interface FacilityTable {
  id: Generated<number>
  grid_code: string
  class: FacilityClass
  kind: string
  name: string
  code: string | null
  location: Geometry
  owner_dept: string | null
  maintainer_dept: string | null
  state: Defaulted<FacilityState>
  hazard: Defaulted<boolean>
  status: Defaulted<RecordStatus>
  status_reason: string | null
  version: Defaulted<number>
  created_at: Timestamp
  created_by: string
  updated_at: Timestamp
  updated_by: string
}

export type ConcernTheme = 'livelihood' | 'environment' | 'safety' | 'dispute' | 'policy' | 'service' | 'infrastructure' | 'other'

export interface ConcernTable {
  id: Generated<number>
  grid_code: string
  theme: ConcernTheme
  content: string
  person_id: number | null
  resident_name: string | null
  location: Geometry | null
  status: Defaulted<'open' | 'converted' | 'closed'>
  status_reason: string | null
  case_ref: string | null
  version: Defaulted<number>
  created_at: Timestamp
  created_by: string
  updated_at: Timestamp
  updated_by: string
}

export type RegistryEntity = 'person' | 'household' | 'building' | 'room' | 'rental' | 'organization' | 'facility' | 'concern'

export interface RegistryChangeTable {
  id: Generated<number>
  entity: RegistryEntity
  entity_id: number
  grid_code: string
  action: string
  actor: string
  at: Timestamp
  changes: Json<Record<string, unknown>>
  reason: string | null
}

export interface RegistryTotalTable {
  grid_code: string
  metric: string
  n: number
}

export type ImportStatus = 'validating' | 'validated' | 'rejected' | 'applying' | 'done' | 'failed' | 'interrupted'

export interface ImportJobTable {
  id: Generated<number>
  kind: 'people'
  scope_code: string
  created_by: string
  created_at: Timestamp
  filename: string | null
  file_sha256: string
  file: Buffer | null
  status: ImportStatus
  mode: 'all' | 'valid_only' | null
  rows_total: number | null
  rows_valid: number | null
  rows_invalid: number | null
  rows_written: number | null
  report: Json<Record<string, unknown>>
  error: string | null
  updated_at: Timestamp
  finished_at: Timestamp | null
}

export interface RegistryTables {
  import_job: ImportJobTable
  list_type: ListTypeTable
  building: BuildingTable
  room: RoomTable
  household: HouseholdTable
  person: PersonTable
  person_residence: PersonResidenceTable
  person_list: PersonListTable
  rental: RentalTable
  tenancy: TenancyTable
  organization: OrganizationTable
  facility: FacilityTable
  concern: ConcernTable
  registry_change: RegistryChangeTable
  registry_total: RegistryTotalTable
}
