// Open311 clients (docs/open311.md, "API keys"): the city admin registers a civic app, hands it the key
// shown once, and deactivates it when it misbehaves or is retired. Keys are stored as SHA-256 only; no
// answer ever carries a stored key. JSON API under /api/v1 with the usual error shape; permission
// case.configure; every write audited.
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AppError, Errors, notFound, validationFailed } from '../../infra/http/errors.ts'
import { usePlainJsonParser } from '../../infra/http/plain-json.ts'
import type { CaseRoutesDeps } from '../cases/case.routes.ts'
import { createClient, deactivateClient, listClients } from './open311.service.ts'

const tags = ['open311']
const configure = { permission: 'case.configure' } as const

const ClientSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  active: Type.Boolean({ description: 'false once deactivated: the key is refused (403)' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String({ description: 'Username of the admin who registered it' }),
})
const ClientListSchema = Type.Object({ items: Type.Array(ClientSchema) })
const ClientCreatedSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  apiKey: Type.String({ description: 'Shown once: only its SHA-256 is stored. Hand it to the client, who sends it as api_key' }),
})
const CreateClientBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, description: 'Who the client is, e.g. the app and its operator' }) },
  { additionalProperties: false },
)
const ClientIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })

const CONTROL = /[\p{Cc}\p{Cs}]/u

export const open311ClientRoutes: FastifyPluginAsync<CaseRoutesDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = deps.database.db
  usePlainJsonParser(app)

  app.get(
    '/open311/clients',
    { config: configure, schema: { tags, summary: 'Open311 clients (never their keys)', response: { 200: ClientListSchema, ...Errors(401, 403) } } },
    async () => ({ items: await listClients(db) }),
  )

  app.post(
    '/open311/clients',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Register an Open311 client; answers its API key once',
        body: CreateClientBody,
        response: { 201: ClientCreatedSchema, ...Errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const principal = request.principal
      if (!principal) throw new AppError('unauthenticated', 'Log in first: no session, or it has ended')
      const name = request.body.name.normalize('NFC').trim()
      if (name === '' || CONTROL.test(name)) {
        throw validationFailed([{ field: '/name', location: 'body', message: name === '' ? 'is required' : 'contains control characters', problem: name === '' ? 'required' : 'control_characters' }])
      }
      const client = await createClient(db, name, principal.username)
      await request.audit({ action: 'open311.client_create', target: `open311_client:${client.id}`, outcome: 'success', detail: { name } })
      return reply.code(201).send({ id: client.id, name: client.name, apiKey: client.apiKey })
    },
  )

  app.post(
    '/open311/clients/:id/deactivate',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Deactivate an Open311 client: its key is refused from now on',
        params: ClientIdParams,
        response: { 200: ClientSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const client = await deactivateClient(db, request.params.id)
      if (!client) throw notFound(`Open311 client ${request.params.id}`)
      await request.audit({ action: 'open311.client_deactivate', target: `open311_client:${client.id}`, outcome: 'success' })
      return client
    },
  )
}
