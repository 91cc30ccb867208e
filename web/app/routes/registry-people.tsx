// /registry — people search (registry.read): one box for name, ID number or phone, filters, results.
import { PeopleSearch } from '../../features/registry'

export function RegistryPeopleRoute() {
  return <PeopleSearch />
}
