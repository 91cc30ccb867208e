// /registry/buildings/:id — a building with its rooms, residents and rentals (registry.read; changes
// need registry.write).
import { useParams } from 'react-router'
import { BuildingPage } from '../../features/registry'
import { NotFoundRoute } from './not-found'

export function RegistryBuildingRoute() {
  const { id } = useParams()
  const buildingId = Number(id)
  if (!id || !/^\d{1,15}$/.test(id) || !Number.isSafeInteger(buildingId) || buildingId < 1) return <NotFoundRoute />
  // Keyed by id: another building starts the page afresh.
  return <BuildingPage key={buildingId} buildingId={buildingId} />
}
