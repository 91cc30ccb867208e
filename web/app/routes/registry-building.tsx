// /registry/buildings/:id — a building with its rooms, residents and rentals (registry.read).
// (Page to come: filled in by its own change.)
export function RegistryBuildingRoute() {
  return null
}
