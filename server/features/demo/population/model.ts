// Shapes shared by the planning and generating steps of the demo population.
import type { ResidenceCategory } from '../../registry/registry.tables.ts'

export interface GridInfo {
  code: string
  name: string
  kind: 'urban' | 'rural'
  /** A grid of an industrial park's "virtual community" (committee serial 498): few residents, many businesses. */
  industrial: boolean
  /** Serial of the grid in its community (1 = the first grid). */
  serial: number
  communityCode: string
  /** Display name (北关社区, 友谊村). */
  communityName: string
  /** The committee's official name (北关社区居民委员会). */
  committee: string
  streetCode: string
  streetName: string
  districtCode: string
  districtName: string
}

export type BuildingUse = 'residential' | 'commercial' | 'mixed' | 'public' | 'industrial'
export type PublicPurpose = 'school' | 'kindergarten' | 'clinic' | 'community_centre' | 'committee' | 'police' | 'office' | 'market'

export interface BuildingPlan {
  use: BuildingUse
  name: string
  address: string
  floors: number
  /** Units (单元) of a residential building; 0 for buildings whose rooms have no unit. */
  units: number
  /** Rooms per floor (per unit). */
  perFloor: number
  /** Floors of shops at the bottom of a mixed building. */
  shopFloors: number
  builtYear: number
  hazard: 'safe' | 'general' | 'serious'
  purpose?: PublicPurpose
  /** The hamlet (组) of a village house or village building, 0 in urban grids. */
  hamlet: number
  /** The road or village part of the address, for names of facilities and concerns nearby. */
  place: string
  // Filled later: database id and location.
  id: number
  x: number
  y: number
}

export interface HouseholdPlan {
  size: number
  category: ResidenceCategory
  collective: boolean
}

export interface GridPlan {
  grid: GridInfo
  residents: number
  households: HouseholdPlan[]
  buildings: BuildingPlan[]
  /** Points each hamlet needs (its buildings and facilities); empty in urban grids. */
  hamletPoints: number[]
  /** The hamlet of each facility (rural grids). */
  facilityHamlets: number[]
  facilities: number
  organizations: number
  concerns: number
  /** Locations of the facilities, filled with the buildings'. */
  facilityPoints: [number, number][]
  /** The grid's roads (urban) or the village name (rural), for addresses and names. */
  places: string[]
}
