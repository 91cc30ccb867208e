// /cases — the caller's inboxes (case.read). Being written.
export function CasesInboxRoute() {
  return null
}
