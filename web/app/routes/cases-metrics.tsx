// /cases/metrics?area=CODE&from=DAY&to=DAY — an area's case metrics, drillable (case.read).
import { MetricsPage } from '../../features/case-metrics'

export function CasesMetricsRoute() {
  return <MetricsPage />
}
