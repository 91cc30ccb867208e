// HTTP routes of the registry's places (filled in by its own change; registered by registry.routes.ts).
import type { FastifyPluginAsync } from 'fastify'
import type { RegistryRoutesDeps } from './registry-context.ts'

export const placeRoutes: FastifyPluginAsync<RegistryRoutesDeps> = async () => {}
