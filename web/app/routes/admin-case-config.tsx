// /admin/case-config — the city admin's case configuration (case.configure): categories, time limits,
// escalation rules, work calendar, settings and departments (?tab=).
import { CaseConfigPage } from '../../features/case-config'

export function AdminCaseConfigRoute() {
  return <CaseConfigPage />
}
