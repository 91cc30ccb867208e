// Public entry of the cases feature (事件): reporting, the workflow, inboxes, the time-limit sweep,
// the public channel and Open311.
export { caseRoutes } from './case.routes.ts'
export type { CaseRoutesDeps } from './case.routes.ts'
export { ensureCaseDefaults, caseConfig } from './case-config.ts'
export type { CaseTables } from './case.tables.ts'
export { publicCaseRoutes, publicContext, publicCaseView, PUBLIC_OWNER } from './public.routes.ts'
export { reportCase, actOnCase } from './case.service.ts'
export type { CaseContext, ReportInput, ReportResult } from './case.service.ts'
export { runSweepJob, sweepOverdue, startCaseSweep } from './sweep.ts'
export { caseConfigRoutes } from './config.routes.ts'
export { forgetCaseGrids } from './case-grid.ts'
