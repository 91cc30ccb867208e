// /cases/:id — one case: details, steps, timeline, map (case.read; steps need case.work, rating the reporter).
import { useParams } from 'react-router'
import { CasePage } from '../../features/cases'
import { NotFoundRoute } from './not-found'

export function CasesCaseRoute() {
  const { id } = useParams()
  const caseId = Number(id)
  if (!id || !/^\d{1,15}$/.test(id) || !Number.isSafeInteger(caseId) || caseId < 1) return <NotFoundRoute />
  // Keyed by id: moving to another case (a nearby one, a merge) starts the page afresh.
  return <CasePage key={caseId} caseId={caseId} />
}
