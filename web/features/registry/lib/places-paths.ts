// The places' pages, for links within the feature and from the app's navigation.
import type { PlacesTab } from '../places-types'

export const placesPaths = {
  places: (tab?: PlacesTab) => (tab && tab !== 'buildings' ? `/registry/places?tab=${tab}` : '/registry/places'),
  building: (id: number) => `/registry/buildings/${id}`,
} as const
