// /cases/:id — one case: details, steps, timeline, map (case.read). Being written.
export function CasesCaseRoute() {
  return null
}
