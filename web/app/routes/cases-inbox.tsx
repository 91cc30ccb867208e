// /cases — the caller's inboxes (case.read): boxes with counts, search, category filter (?box=&q=&category=).
import { CaseInbox } from '../../features/cases'

export function CasesInboxRoute() {
  return <CaseInbox />
}
