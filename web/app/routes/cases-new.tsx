// /cases/new — report a case (case.report). Being written.
export function CasesNewRoute() {
  return null
}
