// /registry/people/:id — one person's page (registry.read; changes need registry.write).
import { useParams } from 'react-router'
import { PersonPage } from '../../features/registry'
import { NotFoundRoute } from './not-found'

export function RegistryPersonRoute() {
  const { id } = useParams()
  const personId = Number(id)
  if (!id || !/^\d{1,15}$/.test(id) || !Number.isSafeInteger(personId) || personId < 1) return <NotFoundRoute />
  // Keyed by id: moving to another person (a household member) starts the page afresh.
  return <PersonPage key={personId} personId={personId} />
}
