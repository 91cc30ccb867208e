// The public channel (DESIGN.md §3.8): a resident reports a problem without an account — category,
// text, an optional photo and map location, anonymous if they wish — gets a tracking number, follows
// the status in plain language and rates the result once it is closed. Rate-limited per address;
// reports accept an Idempotency-Key. Nothing here reveals staff, internal notes or other reports.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import multipart from '@fastify/multipart'
import { AppError, Errors, notFound } from '../../infra/http/errors.ts'
import { usePlainJsonParser } from '../../infra/http/plain-json.ts'
import { PUBLIC_WRITE_RATE_LIMIT } from '../../infra/http/security.ts'
import { PHOTO_LIMITS } from '../../infra/images/photo.ts'
import { caseConfig } from './case-config.ts'
import { actOnCase, reportCase, type CaseContext, type ReportResult } from './case.service.ts'
import { IDEMPOTENCY_HEADER, idempotencyKeyOf, idempotent } from './idempotency.ts'
import { PhotoAnswer, PublicReportAnswer, PublicReportBody } from './case.schemas.ts'
import { storeUploadedPhoto, type CaseRoutesDeps } from './case.routes.ts'
import { publicStatusOf, publicStepText } from '../../../shared/cases/public-status.ts'
import type { PublicCaseView } from '../../../shared/cases/api-types.ts'
import type { CaseAction, CaseState } from '../../../shared/cases/workflow.ts'

const tags = ['public']
const publicAccess = { auth: 'public' } as const
/** Uploads of residents are claimed by their (unguessable) names: the owner is the channel. */
export const PUBLIC_OWNER = 'public'

const Number_ = Type.String({ pattern: '^[0-9]{6}-[A-Za-z2-9]{6}$', description: 'The tracking number' })
const I18n = Type.Object({ zh: Type.String(), en: Type.String() })
const PublicCaseSchema = Type.Object({
  number: Type.String(),
  category: Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]) }),
  status: Type.Unsafe<PublicCaseView['status']>({ type: 'string', enum: ['received', 'in_progress', 'resolved', 'not_accepted', 'merged'] }),
  statusText: I18n,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  result: Type.Union([Type.String(), Type.Null()]),
  rating: Type.Union([Type.Integer(), Type.Null()]),
  canRate: Type.Boolean(),
  steps: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), text: I18n })),
})
const CategoryListSchema = Type.Object({
  categories: Type.Array(
    Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), subcategories: Type.Array(Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() })) }),
  ),
})

/** The context of a resident (or an Open311 client, with its name). */
export function publicContext(deps: CaseRoutesDeps, request: FastifyRequest, label = PUBLIC_OWNER): CaseContext {
  return { db: deps.database.db, actor: { kind: 'public', label }, cipher: deps.cipher, source: request.ip, audit: (input) => request.audit(input) }
}

/** A resident's view of a case by its tracking number (only public-channel cases are found). */
export async function publicCaseView(deps: CaseRoutesDeps, number: string): Promise<PublicCaseView> {
  const cfg = await caseConfig(deps.database.db)
  const c = (
    await sql<{ id: number; number: string; state: CaseState; category: string; created_at: Date; updated_at: Date; closed_at: Date | null; result: string | null; rating: number | null; source: string }>`
      SELECT id::int AS id, number, state, category, created_at, updated_at, closed_at, result, rating, source FROM civic_case WHERE number = ${number.toUpperCase()}`.execute(deps.database.db)
  ).rows[0]
  if (!c || (c.source !== 'public_web' && c.source !== 'open311')) throw notFound(`Report ${number}`)
  const events = await sql<{ at: Date; action: CaseAction; to_state: CaseState }>`
    SELECT at, action, to_state FROM case_event WHERE case_id = ${c.id} ORDER BY seq`.execute(deps.database.db)
  const cat = cfg.categories.get(c.category)
  const status = publicStatusOf(c.state)
  return {
    number: c.number,
    category: { code: c.category, nameZh: cat?.nameZh ?? c.category, nameEn: cat?.nameEn ?? c.category, parentCode: cat?.parentCode ?? null },
    status: status.status,
    statusText: status.text,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    closedAt: c.closed_at?.toISOString() ?? null,
    result: c.state === 'closed' ? c.result : null,
    rating: c.rating,
    canRate: c.state === 'closed' && c.rating === null,
    steps: events.rows.flatMap((e) => {
      const text = publicStepText(e.action, e.to_state)
      return text ? [{ at: e.at.toISOString(), text }] : []
    }),
  }
}

export const publicCaseRoutes: FastifyPluginAsync<CaseRoutesDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  usePlainJsonParser(app)
  await app.register(multipart, { limits: { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 0, parts: 2 } })

  app.get(
    '/public/categories',
    { config: publicAccess, schema: { tags, security: [], summary: 'What residents can report', response: { 200: CategoryListSchema } } },
    async () => {
      const cfg = await caseConfig(deps.database.db)
      const all = [...cfg.categories.values()].filter((c) => c.active && c.isPublic)
      return {
        categories: all
          .filter((c) => !c.parentCode)
          .map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, subcategories: all.filter((s) => s.parentCode === c.code).map((s) => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn })) })),
      }
    },
  )

  app.post(
    '/public/photos',
    {
      config: { ...publicAccess, rateLimit: PUBLIC_WRITE_RATE_LIMIT },
      schema: { tags, security: [], summary: 'Upload a photo for a report (checked by content, re-encoded, location removed)', consumes: ['multipart/form-data'], response: { 201: PhotoAnswer, ...Errors(400, 413, 415, 422, 429) } },
    },
    async (request, reply) => reply.code(201).send(await storeUploadedPhoto(deps.database, request, PUBLIC_OWNER)),
  )

  app.post(
    '/public/reports',
    {
      config: { ...publicAccess, rateLimit: PUBLIC_WRITE_RATE_LIMIT },
      schema: {
        tags,
        security: [],
        summary: 'Report a problem as a resident; answers the tracking number',
        headers: Type.Object({ [IDEMPOTENCY_HEADER]: Type.Optional(Type.String()) }),
        body: PublicReportBody,
        response: { 201: PublicReportAnswer, ...Errors(400, 422, 429) },
      },
    },
    async (request, reply) => {
      const ctx = publicContext(deps, request)
      const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER])
      const answer = await idempotent<ReportResult>(deps.database.db, `${PUBLIC_OWNER}:${request.ip}`, key, request.body, 201, (claim) =>
        reportCase(ctx, { ...request.body, source: 'public_web' }, claim),
      )
      return reply.code(201).send({ number: answer.body.number })
    },
  )

  app.get(
    '/public/reports/:number',
    { config: publicAccess, schema: { tags, security: [], summary: 'The status of a report, in plain language', params: Type.Object({ number: Number_ }), response: { 200: PublicCaseSchema, ...Errors(400, 404) } } },
    async (request) => publicCaseView(deps, request.params.number),
  )

  app.post(
    '/public/reports/:number/rating',
    {
      config: { ...publicAccess, rateLimit: PUBLIC_WRITE_RATE_LIMIT },
      schema: {
        tags,
        security: [],
        summary: 'Rate the result of a closed report (once)',
        params: Type.Object({ number: Number_ }),
        body: Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])) }, { additionalProperties: false }),
        response: { 200: PublicCaseSchema, ...Errors(400, 404, 422, 429) },
      },
    },
    async (request) => {
      const view = await publicCaseView(deps, request.params.number)
      const row = (await sql<{ id: number; version: number }>`SELECT id::int AS id, version FROM civic_case WHERE number = ${view.number}`.execute(deps.database.db)).rows[0]!
      if (!view.canRate) throw new AppError('unsupported_operation', view.rating ? 'This report has been rated' : 'A report is rated once it is resolved', [{ field: '/rating', location: 'body', message: 'not now', problem: view.rating ? 'already_rated' : 'not_closed' }])
      await actOnCase(publicContext(deps, request), row.id, { action: 'rate', version: row.version, rating: request.body.rating, comment: request.body.comment ?? null })
      return publicCaseView(deps, view.number)
    },
  )
}
