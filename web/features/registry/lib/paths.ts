// The registry's pages, for links within the feature and from the app's navigation.
export const registryPaths = {
  people: '/registry',
  newPerson: '/registry/people/new',
  person: (id: number) => `/registry/people/${id}`,
  dashboard: (areaCode?: string) => (areaCode ? `/registry/dashboard?area=${encodeURIComponent(areaCode)}` : '/registry/dashboard'),
} as const
