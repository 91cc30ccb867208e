// /registry/people/new — register a person (registry.write).
import { RegisterPerson } from '../../features/registry'

export function RegistryNewPersonRoute() {
  return <RegisterPerson />
}
