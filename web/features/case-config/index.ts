// Public entry of the case configuration feature (事件配置): the city admin's page — categories, time
// limits, escalation rules, work calendar, settings (one document, saved against its version) and
// departments.
export { CaseConfigPage } from './components/case-config-page'
export type { CaseConfigView, CaseConfigDocument, Department } from './types'
