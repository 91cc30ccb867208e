// /registry/places — buildings, organizations, facilities and concerns (registry.read): lists, search and forms.
// (Page to come: filled in by its own change.)
export function RegistryPlacesRoute() {
  return null
}
