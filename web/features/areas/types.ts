// Areas and grids (地) as the API returns them.
import type { AreaLevel } from '../../../shared/area-codes'

export type { AreaLevel }

export interface AreaSummary {
  code: string
  name: string
  level: AreaLevel
  parentCode: string | null
  childCount: number
  areaKm2: number
  responsibleUnit: string | null
  kind: 'urban' | 'rural' | null
}

export interface AreaRef {
  code: string
  name: string
  level: AreaLevel
}

export interface AreaDetail extends AreaSummary {
  /** Root first, excluding the area itself. */
  ancestors: AreaRef[]
  bbox: [number, number, number, number]
  validFrom: string
  boundaryFrom: string
  versionCount: number
}

export interface AreaBoundaryVersion {
  validFrom: string
  validTo: string | null
  areaKm2: number
  changeId: number
  changeKind: 'seed' | 'import' | 'edit'
}
