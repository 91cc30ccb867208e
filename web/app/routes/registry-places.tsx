// /registry/places — buildings, organizations, facilities and residents' concerns (registry.read;
// registering and changing them needs registry.write): lists, search, forms and details.
import { PlacesPage } from '../../features/registry'

export function RegistryPlacesRoute() {
  return <PlacesPage />
}
