// /registry/dashboard?area=CODE — the area dashboard (registry.read); default area: the user's scope.
import { AreaDashboard } from '../../features/registry'

export function RegistryDashboardRoute() {
  return <AreaDashboard />
}
