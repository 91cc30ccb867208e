// Shapes of the API's responses, shared by the server (which produces them) and the web app (which
// reads them). The TypeBox schemas in server/features/*/…schemas.ts validate and document them.
import type { AreaLevel } from './area-codes.ts'

export interface AreaRef {
  code: string
  name: string
  level: AreaLevel
}

export interface AreaSummary extends AreaRef {
  parentCode: string | null
  childCount: number
  areaKm2: number
  responsibleUnit: string | null
  kind: 'urban' | 'rural' | null
}

export interface AreaDetail extends AreaSummary {
  /** Root first, excluding the area itself. */
  ancestors: AreaRef[]
  /** [west, south, east, north] */
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

export type CoverageIssueKind = 'gap' | 'overlap' | 'outside'

export interface CoverageIssueProperties {
  kind: CoverageIssueKind
  parentCode: string
  parentName: string
  areaCodes: string[]
  areaNames: string[]
  areaM2: number
}

export interface CoverageSummary {
  gaps: number
  overlaps: number
  outside: number
  gapM2: number
  overlapM2: number
  outsideM2: number
}

export type ImportMode = 'upsert' | 'replace'

export interface ImportResult {
  dryRun: boolean
  applied: boolean
  changeId: number | null
  created: string[]
  updated: string[]
  retired: string[]
  unchanged: number
  coverage: { parentsChecked: number; summary: CoverageSummary }
}
