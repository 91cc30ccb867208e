// The HTTP application: plumbing (errors, OpenAPI, static web) plus one plugin per feature.
// Built by `frontline serve` and by the integration tests (which call app.inject on the real thing).
import fs from 'node:fs'
import path from 'node:path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fastifyStatic from '@fastify/static'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.ts'
import type { AppDatabase } from './db-schema.ts'
import { ErrorResponseSchema } from './infra/http/errors.ts'
import { loggerOptions } from './infra/http/logging.ts'
import { registerSecurity, trustProxyOption } from './infra/http/security.ts'
import { registerErrorHandling } from './infra/http/error-handler.ts'
import { areaRoutes, tileRoutes } from './features/areas/index.ts'
import { accountRoutes, authRoutes, registerAuth, securityPolicyRoutes } from './features/accounts/index.ts'
import { auditRoutes } from './features/audit/index.ts'
import { reassignRegistry, registryRoutes } from './features/registry/index.ts'
import { caseConfigRoutes, caseRoutes, forgetCaseGrids, publicCaseRoutes } from './features/cases/index.ts'
import type { BoundaryChangeHook } from './features/areas/boundary-import.service.ts'
import { open311Routes } from './features/open311/open311.routes.ts'
import { open311ClientRoutes } from './features/open311/clients.routes.ts'
import { cipherFromConfig, type FieldCipher } from './infra/crypto/field-cipher.ts'

export const API_PREFIX = '/api/v1'
export const VERSION = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8'),
).version as string

export interface AppOptions {
  config: Pick<
    Config,
    'bodyLimit' | 'webDist' | 'logLevel' | 'cookieSecure' | 'trustProxy' | 'rateLimitPerMinute' | 'loginRateLimitPerMinute' | 'dataKey' | 'dataKeyFile'
  >
  database: AppDatabase
  /** The cipher of personal data; default: the configuration's data key (cipherFromConfig). */
  cipher?: FieldCipher
  logger?: FastifyServerOptions['logger']
}

/** Builds the Fastify app with every route registered; does not listen. */
export async function buildApp({ config, database, logger, cipher = cipherFromConfig(config) }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOption(config.trustProxy),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  // GeoJSON bodies arrive as application/geo+json (QGIS, our web client) as often as application/json.
  app.addContentTypeParser(
    'application/geo+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )

  registerErrorHandling(app)
  app.addSchema(ErrorResponseSchema)
  // Security headers and rate limits first: they must cover every route, and answers the auth hook refuses.
  await registerSecurity(app, config)
  const cookieSecure = config.cookieSecure
  await registerAuth(app, { database, cookieSecure })

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Frontline API',
        version: VERSION,
        description:
          'Grid-based community governance. Every error has the shape {"error":{"code","message","details"}} with a stable snake_case code. Log in through POST /auth/login (session cookie; send X-CSRF-Token on writes) or use an API token (Authorization: Bearer).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'frontline_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
      tags: [
        { name: 'areas', description: 'Areas and grids (地): hierarchy, boundaries, coverage, import/export' },
        { name: 'map', description: 'Vector tiles and glyphs for the map' },
        { name: 'auth', description: 'Logging in (password, TOTP), sessions, re-authentication, API tokens' },
        { name: 'accounts', description: 'Accounts, roles, area scope and grid assignments (system admin)' },
        { name: 'security', description: 'Security policy (security admin)' },
        { name: 'audit', description: 'The audit log and its verification (auditor)' },
        { name: 'registry', description: 'The registry (人、地、物、组织、情): people, households, buildings, lists, organizations, facilities, concerns, totals' },
        { name: 'cases', description: 'Cases (事件): reporting, the workflow, inboxes, timelines, photos, metrics' },
        { name: 'public', description: 'The public channel: residents report without an account, follow and rate their report' },
        { name: 'open311', description: 'Open311 GeoReport v2 (XML and JSON) for civic apps' },
        { name: 'system', description: 'Health and metadata' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (json.$id as string) || `def-${i}` },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  app.get(
    `${API_PREFIX}/health`,
    {
      config: { auth: 'public' },
      schema: {
        security: [],
        tags: ['system'],
        summary: 'Liveness and backend',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            backend: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
            version: Type.String(),
          }),
        },
      },
    },
    async () => ({ status: 'ok' as const, backend: database.backend, version: VERSION }),
  )

  await app.register(authRoutes, { prefix: API_PREFIX, database, cookieSecure })
  await app.register(accountRoutes, { prefix: API_PREFIX, database })
  await app.register(securityPolicyRoutes, { prefix: API_PREFIX, database })
  await app.register(auditRoutes, { prefix: API_PREFIX, database })
  // When boundaries change, registry records follow (reassignRegistry) and the in-process grid index of
  // case reports is rebuilt.
  const onBoundaryChange: BoundaryChangeHook = async (trx, change) => {
    const counts = await reassignRegistry(trx, change)
    forgetCaseGrids()
    return counts
  }
  await app.register(areaRoutes, { prefix: API_PREFIX, database, onBoundaryChange })
  await app.register(tileRoutes, { prefix: API_PREFIX, database })
  await app.register(registryRoutes, { prefix: API_PREFIX, database, cipher })
  await app.register(caseRoutes, { prefix: API_PREFIX, database, cipher })
  await app.register(publicCaseRoutes, { prefix: API_PREFIX, database, cipher })
  await app.register(caseConfigRoutes, { prefix: API_PREFIX, database, cipher })
  await app.register(open311ClientRoutes, { prefix: API_PREFIX, database, cipher })
  // Open311 GeoReport v2 at its conventional root (discovery, services, requests, tokens).
  await app.register(open311Routes, { prefix: '/open311/v2', database, cipher })

  registerWeb(app, config.webDist)
  return app
}

/** Serves the built web app with a fallback to index.html for client-side routes. */
function registerWeb(app: FastifyInstance, webDist: string): void {
  const index = path.join(webDist, 'index.html')
  if (!fs.existsSync(index)) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('Frontline API is running. The web app is not built: run `npm run build`.'),
    )
    return
  }
  app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] })
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    // API paths never fall back to the web app: they 404 in the API's error shape.
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({
        error: { code: 'route_not_found', message: `No route ${request.method} ${request.url.split('?')[0]}`, details: [] },
      })
    }
    return reply.sendFile('index.html')
  })
}
