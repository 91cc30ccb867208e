// HTTP routes of the registry's places (房屋): buildings and rooms, households, rental housing and
// tenants (registered by registry.routes.ts under /api/v1, whose closed-body JSON parser they share).
// Thin: the auth plugin checks the permission in each route's config; handlers call
// building.service.ts with a RegistryContext; a refused write is audited as a failure.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Errors } from '../../infra/http/errors.ts'
import { auditedWrite, contextOf, type RegistryContext, type RegistryRoutesDeps } from './registry-context.ts'
import { HouseholdIdParams, HouseholdViewSchema, PersonHistorySchema } from './registry.schemas.ts'
import {
  BuildingCreateBody,
  BuildingIdParams,
  BuildingPageSchema,
  BuildingRetireBody,
  BuildingSearchQuery,
  BuildingUpdateBody,
  BuildingViewSchema,
  HouseholdCreateBody,
  HouseholdUpdateBody,
  RentalCreateBody,
  RentalEndBody,
  RentalIdParams,
  RentalPageSchema,
  RentalSearchQuery,
  RentalViewSchema,
  RoomsAddBody,
  TenancyEndBody,
  TenantAddBody,
  TenantParams,
} from './building.schemas.ts'
import {
  addRooms,
  addTenant,
  buildingHistory,
  createBuilding,
  createHousehold,
  createRental,
  endRental,
  endTenancy,
  getBuilding,
  getRental,
  retireBuilding,
  searchBuildings,
  searchRentals,
  updateBuilding,
  updateHousehold,
} from './building.service.ts'

const read = { permission: 'registry.read' } as const
const write = { permission: 'registry.write' } as const
const tags = ['registry']

const BuildingHistorySchema = Type.Object({ changes: PersonHistorySchema.properties.changes })

export const buildingRoutes: FastifyPluginAsync<RegistryRoutesDeps> = async (fastify, { database, cipher }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const ctxOf = (request: FastifyRequest): RegistryContext => contextOf({ database, cipher }, request)
  const audited = auditedWrite

  // --- buildings and rooms ---

  app.get(
    '/registry/buildings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search buildings in your area: name or address, area, use, hazard grade, status, near a point',
        querystring: BuildingSearchQuery,
        response: { 200: BuildingPageSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => searchBuildings(ctxOf(request), request.query),
  )

  app.post(
    '/registry/buildings',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a building (placed in its grid by its location), with its rooms as a list or a generator',
        body: BuildingCreateBody,
        response: { 201: BuildingViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const building = await audited(request, 'building.create', null, () => createBuilding(ctxOf(request), request.body))
      return reply.status(201).send(building)
    },
  )

  app.get(
    '/registry/buildings/:id',
    {
      config: read,
      schema: { tags, summary: 'A building with its rooms (residents, rented)', params: BuildingIdParams, response: { 200: BuildingViewSchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => getBuilding(ctxOf(request), request.params.id),
  )

  app.get(
    '/registry/buildings/:id/history',
    {
      config: read,
      schema: { tags, summary: 'Every change of the building (who, what, when)', params: BuildingIdParams, response: { 200: BuildingHistorySchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => buildingHistory(ctxOf(request), request.params.id),
  )

  app.patch(
    '/registry/buildings/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a building (only the fields given); a location in another grid moves it with its residents, households and rentals',
        params: BuildingIdParams,
        body: BuildingUpdateBody,
        response: { 200: BuildingViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'building.update', `building:${request.params.id}`, () => updateBuilding(ctxOf(request), request.params.id, request.body)),
  )

  app.post(
    '/registry/buildings/:id/retire',
    {
      config: write,
      schema: {
        tags,
        summary: 'Retire a building (拆除, entered in error…) with a reason; refused while people live in it or a room is rented',
        params: BuildingIdParams,
        body: BuildingRetireBody,
        response: { 200: BuildingViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'building.retire', `building:${request.params.id}`, () => retireBuilding(ctxOf(request), request.params.id, request.body)),
  )

  app.post(
    '/registry/buildings/:id/rooms',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add rooms to a building; a unit and number it has already is refused',
        params: BuildingIdParams,
        body: RoomsAddBody,
        response: { 201: BuildingViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const building = await audited(request, 'building.rooms.add', `building:${request.params.id}`, () => addRooms(ctxOf(request), request.params.id, request.body))
      return reply.status(201).send(building)
    },
  )

  // --- households (GET /registry/households/:id is in registry.routes.ts) ---

  app.post(
    '/registry/households',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a household at a room, or at an address (of a registered building, or with a grid code)',
        body: HouseholdCreateBody,
        response: { 201: HouseholdViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const household = await audited(request, 'household.create', null, () => createHousehold(ctxOf(request), request.body))
      return reply.status(201).send(household)
    },
  )

  app.patch(
    '/registry/households/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a household\'s number or kind (members join by changing the person\'s householdId)',
        params: HouseholdIdParams,
        body: HouseholdUpdateBody,
        response: { 200: HouseholdViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'household.update', `household:${request.params.id}`, () => updateHousehold(ctxOf(request), request.params.id, request.body)),
  )

  // --- rental housing and tenants ---

  app.get(
    '/registry/rentals',
    {
      config: read,
      schema: {
        tags,
        summary: 'Rental housing in your area (出租房屋): area, status, building, room',
        querystring: RentalSearchQuery,
        response: { 200: RentalPageSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => searchRentals(ctxOf(request), request.query),
  )

  app.post(
    '/registry/rentals',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a room as rented, with its landlord and tenants; one active rental per room',
        body: RentalCreateBody,
        response: { 201: RentalViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const rental = await audited(request, 'rental.create', null, () => createRental(ctxOf(request), request.body))
      return reply.status(201).send(rental)
    },
  )

  app.get(
    '/registry/rentals/:id',
    {
      config: read,
      schema: { tags, summary: 'A rental with its tenants, masked', params: RentalIdParams, response: { 200: RentalViewSchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => getRental(ctxOf(request), request.params.id),
  )

  app.post(
    '/registry/rentals/:id/tenants',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a tenant (a registered person in your area) to an active rental',
        params: RentalIdParams,
        body: TenantAddBody,
        response: { 201: RentalViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const rental = await audited(request, 'rental.tenant.add', `rental:${request.params.id}`, () => addTenant(ctxOf(request), request.params.id, request.body))
      return reply.status(201).send(rental)
    },
  )

  app.post(
    '/registry/rentals/:id/tenants/:personId/end',
    {
      config: write,
      schema: {
        tags,
        summary: 'End a tenant\'s tenancy (the tenancy stays in the rental\'s record)',
        params: TenantParams,
        body: TenancyEndBody,
        response: { 200: RentalViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      audited(request, 'rental.tenant.end', `rental:${request.params.id}`, () => endTenancy(ctxOf(request), request.params.id, request.params.personId, request.body)),
  )

  app.post(
    '/registry/rentals/:id/end',
    {
      config: write,
      schema: {
        tags,
        summary: 'End a rental (退租) with a reason; its open tenancies end the same day',
        params: RentalIdParams,
        body: RentalEndBody,
        response: { 200: RentalViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'rental.end', `rental:${request.params.id}`, () => endRental(ctxOf(request), request.params.id, request.body)),
  )
}
