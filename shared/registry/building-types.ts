// Shapes of the registry's answers about rental housing (出租房屋) and its tenants, beyond those in
// api-types.ts (buildings, rooms and households are declared there). Personal data is masked: a
// tenant appears as a PersonSummary (masked ID number and phone), and not at all when they now live
// outside the caller's area.
import type { AreaRef } from '../api-types.ts'
import type { PersonSummary, RoomRef } from './api-types.ts'

export type RentalPurpose = 'residence' | 'business' | 'storage' | 'other'

export interface RentalSummary {
  id: number
  room: RoomRef
  grid: AreaRef
  /** The landlord's name; landlordPersonId when the landlord is a registered person. */
  landlordName: string
  landlordPersonId: number | null
  purpose: RentalPurpose
  /** YYYY-MM-DD */
  startedOn: string
  endedOn: string | null
  status: 'active' | 'ended'
  /** Tenancies not yet ended. */
  tenantCount: number
}

export interface TenantEntry {
  tenancyId: number
  personId: number
  /** YYYY-MM-DD */
  startedOn: string
  endedOn: string | null
  /** The tenant, masked; null when the person now lives outside the caller's area. */
  person: PersonSummary | null
}

export interface RentalView extends RentalSummary {
  version: number
  createdAt: string
  createdBy: string
  /** Every tenancy, open ones first. */
  tenants: TenantEntry[]
}

export interface RentalPage {
  items: RentalSummary[]
  /** Cursor of the next page, or null at the end. */
  next: string | null
}
