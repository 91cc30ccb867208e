// /cases/metrics — an area's case metrics, drillable (case.read). Being written.
export function CasesMetricsRoute() {
  return null
}
