// Public entry of the coverage feature (覆盖检查).
export type { CoverageIssueKind, CoverageIssueProperties, CoverageReport, CoverageSummary as CoverageSummaryData } from './types'
export { ISSUE_COLORS } from './types'
export { getCoverage, coverageQueryOptions, useCoverage, type CoverageParams } from './api/get-coverage'
export { CoverageCheck } from './components/coverage-check'
export { CoverageSummary } from './components/coverage-summary'
