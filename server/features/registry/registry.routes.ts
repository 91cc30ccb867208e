// HTTP routes of the registry (docs/registry.md). Thin: the auth plugin checks the permission named
// in each route's config before the handler; bodies are closed and parsed without prototype keys;
// handlers call the services with a RegistryContext. A refused write is audited as a failure.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Errors } from '../../infra/http/errors.ts'
import { usePlainJsonParser } from '../../infra/http/plain-json.ts'
import { auditedWrite, contextOf, type RegistryContext, type RegistryRoutesDeps } from './registry-context.ts'
import { buildingRoutes } from './building.routes.ts'
import { placeRoutes } from './place.routes.ts'
import { importRoutes } from './import.routes.ts'
import {
  AreaParams,
  AreaTotalsSchema,
  EntryParams,
  HouseholdIdParams,
  HouseholdViewSchema,
  ListEndBody,
  ListEntryBody,
  ListEntrySchema,
  ListEntryUpdateBody,
  PersonalDataBody,
  PersonExportBody,
  PersonalDataSchema,
  PersonCreateBody,
  PersonHistorySchema,
  PersonIdParams,
  PersonPageSchema,
  PersonSearchQuery,
  PersonStatusBody,
  PersonUpdateBody,
  PersonViewSchema,
} from './registry.schemas.ts'
import {
  addToList,
  createPerson,
  endListEntry,
  getHousehold,
  getPerson,
  personHistory,
  revealPersonData,
  searchPeople,
  setPersonStatus,
  updateListEntry,
  updatePerson,
} from './person.service.ts'
import { areaTotals } from './totals.ts'
import { exportPeople } from './export.service.ts'

export type RegistryRoutesOptions = RegistryRoutesDeps

const read = { permission: 'registry.read' } as const
const write = { permission: 'registry.write' } as const
const tags = ['registry']

export const registryRoutes: FastifyPluginAsync<RegistryRoutesOptions> = async (fastify, { database, cipher }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  usePlainJsonParser(app)

  const ctxOf = (request: FastifyRequest): RegistryContext => contextOf({ database, cipher }, request)

  // Buildings, rooms, households and rentals; organizations, facilities and concerns.
  await app.register(buildingRoutes, { database, cipher })
  await app.register(placeRoutes, { database, cipher })
  await app.register(importRoutes, { database, cipher })

  app.get(
    '/registry/people',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search people in your area: name, ID number, phone, address, area, list, building, household',
        querystring: PersonSearchQuery,
        response: { 200: PersonPageSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => searchPeople(ctxOf(request), request.query),
  )

  app.post(
    '/registry/people',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a person (placed in a grid from room, location, address or grid code)',
        body: PersonCreateBody,
        response: { 201: PersonViewSchema, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const person = await auditedWrite(request, 'person.create', null, () => createPerson(ctxOf(request), request.body))
      return reply.status(201).send(person)
    },
  )

  app.post(
    '/registry/people/export',
    {
      config: read,
      schema: {
        tags,
        summary: 'Export the people you can see to Excel (masked; unmasked columns need personal.unmask, a reason and a recent re-authentication)',
        body: PersonExportBody,
        response: { ...Errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { file, rows } = await exportPeople(ctxOf(request), request.body.filters, { unmask: request.body.unmask, reason: request.body.reason })
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="people.xlsx"; filename*=UTF-8''${encodeURIComponent('实有人口.xlsx')}`)
        .header('x-row-count', String(rows))
        .send(file)
    },
  )

  app.get(
    '/registry/people/:id',
    {
      config: read,
      schema: { tags, summary: "A person's record, masked", params: PersonIdParams, response: { 200: PersonViewSchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => getPerson(ctxOf(request), request.params.id),
  )

  app.patch(
    '/registry/people/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a person (only the fields given); a new room, location or grid is a move',
        params: PersonIdParams,
        body: PersonUpdateBody,
        response: { 200: PersonViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => auditedWrite(request, 'person.update', `person:${request.params.id}`, () => updatePerson(ctxOf(request), request.params.id, request.body)),
  )

  app.post(
    '/registry/people/:id/status',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move out, deceased, retired (entered in error) or active again — with a reason; leaving ends the open list entries',
        params: PersonIdParams,
        body: PersonStatusBody,
        response: { 200: PersonViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => auditedWrite(request, 'person.status', `person:${request.params.id}`, () => setPersonStatus(ctxOf(request), request.params.id, request.body)),
  )

  app.get(
    '/registry/people/:id/history',
    {
      config: read,
      schema: { tags, summary: 'Every change of the record (who, what, when) and the residence history', params: PersonIdParams, response: { 200: PersonHistorySchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => personHistory(ctxOf(request), request.params.id),
  )

  app.post(
    '/registry/people/:id/personal-data',
    {
      config: read,
      schema: {
        tags,
        summary: 'Reveal the ID number and/or phone (personal.unmask, a reason and a recent re-authentication; audited)',
        params: PersonIdParams,
        body: PersonalDataBody,
        response: { 200: PersonalDataSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => revealPersonData(ctxOf(request), request.params.id, request.body.fields, request.body.reason),
  )

  app.post(
    '/registry/people/:id/lists',
    {
      config: write,
      schema: {
        tags,
        summary: 'Put a person on a special or care list, with the list\'s own fields',
        params: PersonIdParams,
        body: ListEntryBody,
        response: { 201: ListEntrySchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const entry = await auditedWrite(request, 'person.list.add', `person:${request.params.id}`, () => addToList(ctxOf(request), request.params.id, request.body))
      return reply.status(201).send(entry)
    },
  )

  app.patch(
    '/registry/people/:id/lists/:entryId',
    {
      config: write,
      schema: { tags, summary: 'Change a list entry (attention, source, fields)', params: EntryParams, body: ListEntryUpdateBody, response: { 200: ListEntrySchema, ...Errors(400, 401, 403, 404, 409) } },
    },
    async (request) =>
      auditedWrite(request, 'person.list.update', `person:${request.params.id}`, () => updateListEntry(ctxOf(request), request.params.id, request.params.entryId, request.body)),
  )

  app.post(
    '/registry/people/:id/lists/:entryId/end',
    {
      config: write,
      schema: { tags, summary: 'Take a person off a list (取消关注), with a reason; the entry stays in the history', params: EntryParams, body: ListEndBody, response: { 200: ListEntrySchema, ...Errors(400, 401, 403, 404, 409) } },
    },
    async (request) =>
      auditedWrite(request, 'person.list.end', `person:${request.params.id}`, () => endListEntry(ctxOf(request), request.params.id, request.params.entryId, request.body)),
  )

  app.get(
    '/registry/households/:id',
    {
      config: read,
      schema: { tags, summary: 'A household and its members, masked', params: HouseholdIdParams, response: { 200: HouseholdViewSchema, ...Errors(400, 401, 403, 404) } },
    },
    async (request) => getHousehold(ctxOf(request), request.params.id),
  )

  app.get(
    '/registry/areas/:code/totals',
    {
      config: read,
      schema: {
        tags,
        summary: 'Counts of an area and of each child area: population by category and list, buildings, households, organizations, facilities, concerns',
        params: AreaParams,
        response: { 200: AreaTotalsSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => areaTotals(ctxOf(request), request.params.code),
  )
}
