// HTTP routes of the registry's buildings (filled in by its own change; registered by registry.routes.ts).
import type { FastifyPluginAsync } from 'fastify'
import type { RegistryRoutesDeps } from './registry-context.ts'

export const buildingRoutes: FastifyPluginAsync<RegistryRoutesDeps> = async () => {}
