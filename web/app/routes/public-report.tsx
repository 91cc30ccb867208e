// /report — a resident reports a problem (no account). Being written.
export function PublicReportRoute() {
  return null
}
