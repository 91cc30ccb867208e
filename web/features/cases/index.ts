// Public entry of the cases feature (事件办理): the inbox, the report form, a case's page, and the
// case pages' paths.
export type { CaseSummary, CaseView, CaseEventView, CaseBox, CaseListParams } from './types'
export { casesPaths } from './lib/paths'
export { CaseInbox } from './components/case-inbox'
export { ReportCase } from './components/report-case'
export { CasePage } from './components/case-page'
