// Public entry of the areas feature (地): other features and the app import from here only.
export { areaRoutes } from './area.routes.ts'
export { tileRoutes } from './tiles/tile.routes.ts'
export { checkCoverage, summarize, DEFAULT_TOLERANCE_M2 } from './coverage.ts'
export type { CoverageIssue, CoverageResult, CoverageSummary } from './coverage.ts'
export { importBoundaries } from './boundary-import.service.ts'
export type { ImportResult, ImportOptions } from './boundary-import.service.ts'
export { exportSubtree } from './boundary-export.service.ts'
export { getAreaPath, subtreeFilter } from './area.repository.ts'
