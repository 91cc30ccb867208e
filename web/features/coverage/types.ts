// Coverage check (覆盖检查): do the children of every area tile it — no gap, no overlap, nothing outside?
import type { FeatureCollection, Geometry } from 'geojson'

import type { CoverageIssueKind, CoverageIssueProperties, CoverageSummary } from '../../../shared/api-types'

export type { CoverageIssueKind, CoverageIssueProperties, CoverageSummary }

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
