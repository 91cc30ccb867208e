// Public entry of the registry feature (实有人口 and the area dashboard): the people search, the
// registration form, a person's page and the area dashboard; the registry's page paths.
export type { PersonSummary, PersonView, PersonListEntry, HouseholdView, AreaTotals, ChangeEntry, ResidenceEntry, PeopleSearchParams } from './types'
export { registryPaths } from './lib/paths'
export { PeopleSearch } from './components/people-search'
export { RegisterPerson } from './components/register-person'
export { PersonPage } from './components/person-page'
export { AreaDashboard } from './components/area-dashboard'
