// Public entry of the registry feature (实有人口 and the area dashboard): the people search, the
// registration form, a person's page and the area dashboard, the spreadsheet import of people; the
// registry's page paths.
export type { PersonSummary, PersonView, PersonListEntry, HouseholdView, AreaTotals, ChangeEntry, ResidenceEntry, PeopleSearchParams } from './types'
export { registryPaths } from './lib/paths'
export { PeopleSearch } from './components/people-search'
export { RegisterPerson } from './components/register-person'
export { PersonPage } from './components/person-page'
export { AreaDashboard } from './components/area-dashboard'
export { ImportPage } from './components/import-page'
export { importPaths } from './lib/import-paths'
export type { ImportJob, ImportStatus } from './import-types'
// Places (地、物、组织、情): buildings with rooms and rentals, organizations, facilities, residents' concerns.
export { PlacesPage } from './components/places-page'
export { BuildingPage } from './components/building-page'
export { placesPaths } from './lib/places-paths'
export type { BuildingView, OrganizationView, FacilityView, ConcernView, RentalView, PlacesTab } from './places-types'
