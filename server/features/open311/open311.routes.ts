// Open311 GeoReport v2 endpoints (stub: being written).
import type { FastifyPluginAsync } from 'fastify'
import type { CaseRoutesDeps } from '../cases/case.routes.ts'

export const open311Routes: FastifyPluginAsync<CaseRoutesDeps> = async () => {}
