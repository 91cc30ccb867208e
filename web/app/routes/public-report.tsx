// /report — a resident reports a problem (no account); ?lon=&lat= put the marker there at first.
import { ReportPage } from '../../features/public-report'

export function PublicReportRoute() {
  return <ReportPage />
}
