// HTTP routes of organizations (组织), facilities (部件) and residents' concerns (社情民意); registered by
// registry.routes.ts under /api/v1 (whose plain JSON parser they inherit: a "__proto__" key is an
// ordinary field the closed schemas refuse). Thin, as there: the auth plugin checks the permission in
// each route's config, handlers call the services with a RegistryContext, a refused write is audited.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Errors } from '../../infra/http/errors.ts'
import { auditedWrite, contextOf, type RegistryContext, type RegistryRoutesDeps } from './registry-context.ts'
import {
  ConcernCloseBody,
  ConcernConvertBody,
  ConcernCreateBody,
  ConcernPageSchema,
  ConcernSearchQuery,
  ConcernViewSchema,
  FacilityCreateBody,
  FacilityPageSchema,
  FacilitySearchQuery,
  FacilityUpdateBody,
  FacilityViewSchema,
  OrganizationCreateBody,
  OrganizationDataBody,
  OrganizationDataSchema,
  OrganizationPageSchema,
  OrganizationSearchQuery,
  OrganizationUpdateBody,
  OrganizationViewSchema,
  RecordHistorySchema,
  RecordIdParams,
  RetireBody,
} from './place.schemas.ts'
import {
  createOrganization,
  getOrganization,
  organizationHistory,
  retireOrganization,
  revealOrganizationData,
  searchOrganizations,
  updateOrganization,
} from './organization.service.ts'
import { createFacility, facilityHistory, getFacility, retireFacility, searchFacilities, updateFacility } from './facility.service.ts'
import { closeConcern, concernHistory, convertConcern, createConcern, getConcern, listConcerns } from './concern.service.ts'

const read = { permission: 'registry.read' } as const
const write = { permission: 'registry.write' } as const
const tags = ['registry']

export const placeRoutes: FastifyPluginAsync<RegistryRoutesDeps> = async (fastify, { database, cipher }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const ctxOf = (request: FastifyRequest): RegistryContext => contextOf({ database, cipher }, request)
  const audited = auditedWrite

  // --- organizations (组织) --------------------------------------------------------------------------------

  app.get(
    '/registry/organizations',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search organizations in your area: name prefix or credit code, kind, key place, area, status',
        querystring: OrganizationSearchQuery,
        response: { 200: OrganizationPageSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => searchOrganizations(ctxOf(request), request.query),
  )

  app.post(
    '/registry/organizations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register an organization (placed by building, location, building address, or grid with a location)',
        body: OrganizationCreateBody,
        response: { 201: OrganizationViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const org = await audited(request, 'organization.create', null, () => createOrganization(ctxOf(request), request.body))
      return reply.status(201).send(org)
    },
  )

  app.get(
    '/registry/organizations/:id',
    {
      config: read,
      schema: { tags, summary: "An organization's record, its phone masked", params: RecordIdParams, response: { 200: OrganizationViewSchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => getOrganization(ctxOf(request), request.params.id),
  )

  app.patch(
    '/registry/organizations/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change an organization (only the fields given) against the version read',
        params: RecordIdParams,
        body: OrganizationUpdateBody,
        response: { 200: OrganizationViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      audited(request, 'organization.update', `organization:${request.params.id}`, () => updateOrganization(ctxOf(request), request.params.id, request.body)),
  )

  app.post(
    '/registry/organizations/:id/retire',
    {
      config: write,
      schema: {
        tags,
        summary: 'Retire an organization with a reason (it stays, no longer counted)',
        params: RecordIdParams,
        body: RetireBody,
        response: { 200: OrganizationViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      audited(request, 'organization.retire', `organization:${request.params.id}`, () => retireOrganization(ctxOf(request), request.params.id, request.body)),
  )

  app.post(
    '/registry/organizations/:id/personal-data',
    {
      config: read,
      schema: {
        tags,
        summary: 'Reveal the phone (personal.unmask, a reason and a recent re-authentication; audited)',
        params: RecordIdParams,
        body: OrganizationDataBody,
        response: { 200: OrganizationDataSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => revealOrganizationData(ctxOf(request), request.params.id, request.body.fields, request.body.reason),
  )

  app.get(
    '/registry/organizations/:id/history',
    {
      config: read,
      schema: { tags, summary: 'Every change of the record (who, what, when)', params: RecordIdParams, response: { 200: RecordHistorySchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => organizationHistory(ctxOf(request), request.params.id),
  )

  // --- facilities (部件) -----------------------------------------------------------------------------------

  app.get(
    '/registry/facilities',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search facilities in your area: class, kind, state, hazard, area, near a point (lon, lat, radius ≤ 2000 m)',
        querystring: FacilitySearchQuery,
        response: { 200: FacilityPageSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => searchFacilities(ctxOf(request), request.query),
  )

  app.post(
    '/registry/facilities',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a facility (部件) or hazard source at its location',
        body: FacilityCreateBody,
        response: { 201: FacilityViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const facility = await audited(request, 'facility.create', null, () => createFacility(ctxOf(request), request.body))
      return reply.status(201).send(facility)
    },
  )

  app.get(
    '/registry/facilities/:id',
    { config: read, schema: { tags, summary: "A facility's record", params: RecordIdParams, response: { 200: FacilityViewSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => getFacility(ctxOf(request), request.params.id),
  )

  app.patch(
    '/registry/facilities/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a facility (only the fields given) against the version read; a change of state is recorded from/to',
        params: RecordIdParams,
        body: FacilityUpdateBody,
        response: { 200: FacilityViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'facility.update', `facility:${request.params.id}`, () => updateFacility(ctxOf(request), request.params.id, request.body)),
  )

  app.post(
    '/registry/facilities/:id/retire',
    {
      config: write,
      schema: {
        tags,
        summary: 'Retire a facility with a reason (it stays, no longer counted)',
        params: RecordIdParams,
        body: RetireBody,
        response: { 200: FacilityViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'facility.retire', `facility:${request.params.id}`, () => retireFacility(ctxOf(request), request.params.id, request.body)),
  )

  app.get(
    '/registry/facilities/:id/history',
    {
      config: read,
      schema: { tags, summary: 'Every change of the record (who, what, when)', params: RecordIdParams, response: { 200: RecordHistorySchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => facilityHistory(ctxOf(request), request.params.id),
  )

  // --- residents' concerns (社情民意) ----------------------------------------------------------------------

  app.get(
    '/registry/concerns',
    {
      config: read,
      schema: {
        tags,
        summary: "Residents' concerns in your area, newest first: theme, status, area, resident, period",
        querystring: ConcernSearchQuery,
        response: { 200: ConcernPageSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => listConcerns(ctxOf(request), request.query),
  )

  app.post(
    '/registry/concerns',
    {
      config: write,
      schema: {
        tags,
        summary: "Record a resident's concern (社情民意), placed at a location, a grid, or the resident's grid",
        body: ConcernCreateBody,
        response: { 201: ConcernViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const concern = await audited(request, 'concern.create', null, () => createConcern(ctxOf(request), request.body))
      return reply.status(201).send(concern)
    },
  )

  app.get(
    '/registry/concerns/:id',
    { config: read, schema: { tags, summary: 'A concern', params: RecordIdParams, response: { 200: ConcernViewSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => getConcern(ctxOf(request), request.params.id),
  )

  app.post(
    '/registry/concerns/:id/close',
    {
      config: write,
      schema: {
        tags,
        summary: 'Close an open concern with a reason',
        params: RecordIdParams,
        body: ConcernCloseBody,
        response: { 200: ConcernViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'concern.close', `concern:${request.params.id}`, () => closeConcern(ctxOf(request), request.params.id, request.body)),
  )

  app.post(
    '/registry/concerns/:id/convert',
    {
      config: write,
      schema: {
        tags,
        summary: 'Mark an open concern as converted into a case (the case reference is kept)',
        params: RecordIdParams,
        body: ConcernConvertBody,
        response: { 200: ConcernViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => audited(request, 'concern.convert', `concern:${request.params.id}`, () => convertConcern(ctxOf(request), request.params.id, request.body)),
  )

  app.get(
    '/registry/concerns/:id/history',
    {
      config: read,
      schema: { tags, summary: 'Every change of the record (who, what, when)', params: RecordIdParams, response: { 200: RecordHistorySchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => concernHistory(ctxOf(request), request.params.id),
  )
}
