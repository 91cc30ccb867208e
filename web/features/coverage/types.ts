// Coverage check (覆盖检查): do the children of every area tile it — no gap, no overlap, nothing outside?
import type { FeatureCollection, Geometry } from 'geojson'

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

export interface CoverageReport {
  root: string
  toleranceM2: number
  parentsChecked: number
  areasChecked: number
  ms: number
  summary: CoverageSummary
  issues: FeatureCollection<Geometry, CoverageIssueProperties>
}

export const ISSUE_COLORS: Record<CoverageIssueKind, string> = {
  gap: '#dc2626',
  overlap: '#ea580c',
  outside: '#7c3aed',
}
