// Public entry of the registry feature (人、地、物、组织、情): people, households, buildings, lists,
// organizations, facilities, concerns; maintained totals; placement in grids.
export { registryRoutes } from './registry.routes.ts'
export type { RegistryRoutesOptions } from './registry.routes.ts'
export { ID_CONTEXT, PHONE_CONTEXT } from './person.service.ts'
export type { RegistryTables } from './registry.tables.ts'
export { reassignRegistry } from './reassign.ts'
export type { ReassignCounts } from './reassign.ts'
