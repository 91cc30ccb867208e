// /cases/new — report a case (case.report).
import { ReportCase } from '../../features/cases'

export function CasesNewRoute() {
  return <ReportCase />
}
