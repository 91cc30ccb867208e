// HTTP routes of cases for staff, grid workers and departments (docs/cases.md): report, read, the
// workflow steps, inboxes, timeline, nearby cases, photos. Thin: the auth plugin checks the permission
// in each route's config; handlers build a CaseContext and call the services.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import multipart from '@fastify/multipart'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AppDatabase } from '../../db-schema.ts'
import type { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { AppError, Errors, notFound } from '../../infra/http/errors.ts'
import { usePlainJsonParser } from '../../infra/http/plain-json.ts'
import { PHOTO_LIMITS, PhotoRejected, photoStorageName, processPhoto } from '../../infra/images/photo.ts'
import { sql } from 'kysely'
import { actOnCase, departmentOf, photoOwner, reportCase, requireVisibleCase, type ActResult, type CaseContext, type ReportResult } from './case.service.ts'
import { getCaseView, getTimeline, inboxCounts, listCases, nearbyCases, photoRef } from './case-read.ts'
import { caseConfig } from './case-config.ts'
import { caseMetrics } from './metrics.ts'
import { codeInScope } from '../accounts/scope.ts'
import { IDEMPOTENCY_HEADER, idempotencyKeyOf, idempotent } from './idempotency.ts'
import {
  ActAnswer,
  ActBody,
  CaseIdParams,
  CaseListQuery,
  CasePageSchema,
  CaseReportBody,
  CaseViewSchema,
  CaseMetricsSchema,
  MetricsQuerySchema,
  CategoryTreeSchema,
  DepartmentListSchema,
  InboxCountsSchema,
  NearbySchema,
  PhotoAnswer,
  ReportAnswer,
  TimelineSchema,
} from './case.schemas.ts'

export interface CaseRoutesDeps {
  database: AppDatabase
  cipher: FieldCipher
}

const tags = ['cases']
const read = { permission: 'case.read' } as const
const report = { permission: 'case.report' } as const

/** The context of a signed-in caller (the auth plugin has run). */
export async function caseContextOf(deps: CaseRoutesDeps, request: FastifyRequest): Promise<CaseContext> {
  const principal = request.principal
  if (!principal) throw new AppError('unauthenticated', 'Log in first: no session, or it has ended')
  return {
    db: deps.database.db,
    actor: { kind: 'account', principal, scope: request.scope, departmentCode: await departmentOf(deps.database.db, principal) },
    cipher: deps.cipher,
    source: request.ip,
    audit: (input) => request.audit(input),
  }
}

/** Reads one uploaded file and turns it into a stored photo (re-encoded, metadata stripped). */
export async function storeUploadedPhoto(database: AppDatabase, request: FastifyRequest, owner: string) {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the photo as multipart/form-data, field "file"')
  const file = await request.file({ limits: { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 0 } })
  if (!file) throw new AppError('validation_failed', 'No file in the upload', [{ field: 'file', location: 'body', message: 'is required', problem: 'required' }])
  const data = await file.toBuffer().catch((err: { code?: string }) => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', `A photo may have at most ${PHOTO_LIMITS.maxBytes} bytes`, [{ field: 'file', location: 'body', message: 'too large', problem: 'too_large' }])
    throw err
  })
  let photo
  try {
    photo = await processPhoto(data)
  } catch (err) {
    if (err instanceof PhotoRejected) {
      const code = err.problem === 'too_large' ? 'payload_too_large' : err.problem === 'unsupported_type' || err.problem === 'not_an_image' ? 'unsupported_media_type' : 'photo_rejected'
      throw new AppError(code, `The photo was refused: ${err.problem.replaceAll('_', ' ')}${err.detected ? ` (${err.detected})` : ''}`, [
        { field: 'file', location: 'body', message: err.message, problem: err.problem },
      ])
    }
    throw err
  }
  const name = photoStorageName()
  await database.db
    .insertInto('case_photo')
    .values({ name, owner, content_type: 'image/jpeg', bytes: photo.bytes, width: photo.width, height: photo.height, sha256: photo.sha256, data: photo.data, thumb: photo.thumb })
    .execute()
  return photoRef({ name, width: photo.width, height: photo.height })
}

export const caseRoutes: FastifyPluginAsync<CaseRoutesDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  usePlainJsonParser(app)
  await app.register(multipart, { limits: { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 0, parts: 2 } })
  const ctxOf = (request: FastifyRequest) => caseContextOf(deps, request)

  app.post(
    '/cases',
    {
      config: report,
      schema: {
        tags,
        summary: 'Report a case (grid worker: also resolved on the spot). Send Idempotency-Key from mobile clients.',
        headers: Type.Object({ [IDEMPOTENCY_HEADER]: Type.Optional(Type.String()) }),
        body: CaseReportBody,
        response: { 201: ReportAnswer, 200: ReportAnswer, ...Errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request)
      const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER])
      const answer = await idempotent<ReportResult>(deps.database.db, photoOwner(ctx.actor), key, request.body, 201, (claim) => reportCase(ctx, request.body, claim))
      if (answer.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(answer.status === 200 ? 200 : 201).send(answer.body)
    },
  )

  app.get(
    '/cases',
    { config: read, schema: { tags, summary: 'Cases you can see: an inbox (box) and filters, newest first', querystring: CaseListQuery, response: { 200: CasePageSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => listCases(await ctxOf(request), request.query),
  )

  app.get(
    '/cases/categories',
    { config: read, schema: { tags, summary: 'The categories cases are filed under (active ones), with their subcategories', response: { 200: CategoryTreeSchema, ...Errors(401, 403) } } },
    async () => {
      const cfg = await caseConfig(deps.database.db)
      const all = [...cfg.categories.values()].filter((c) => c.active)
      return {
        categories: all
          .filter((c) => !c.parentCode)
          .map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, isPublic: c.isPublic, subcategories: all.filter((x) => x.parentCode === c.code).map((x) => ({ code: x.code, nameZh: x.nameZh, nameEn: x.nameEn, isPublic: x.isPublic })) })),
      }
    },
  )

  app.get(
    '/cases/:id/departments',
    { config: read, schema: { tags, summary: 'The departments this case can be dispatched to (those of its holder and the levels above)', params: CaseIdParams, response: { 200: DepartmentListSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => {
      const ctx = await ctxOf(request)
      const c = await requireVisibleCase(ctx, request.params.id)
      const r = await sql<{ code: string; name: string; name_en: string; area_code: string; categories: string[] }>`
        SELECT code, name, name_en, area_code, categories FROM department WHERE active ORDER BY length(area_code) DESC, code`.execute(deps.database.db)
      const family = c.category.split('.')[0]!
      return {
        departments: r.rows
          .filter((d) => codeInScope(d.area_code, c.holder_code))
          .map((d) => ({ code: d.code, name: d.name, nameEn: d.name_en, areaCode: d.area_code, suggested: d.categories.some((k) => k === c.category || k === family) })),
      }
    },
  )

  app.get(
    '/cases/metrics',
    {
      config: read,
      schema: {
        tags,
        summary: "An area's case metrics (first-line resolution, on-time closure, rework, time to close, satisfaction) and its children's",
        querystring: MetricsQuerySchema,
        response: { 200: CaseMetricsSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => caseMetrics(await ctxOf(request), request.query),
  )

  app.get(
    '/cases/inbox',
    { config: read, schema: { tags, summary: 'How many cases wait in each of your inboxes', response: { 200: InboxCountsSchema, ...Errors(401, 403) } } },
    async (request) => inboxCounts(await ctxOf(request)),
  )

  app.get(
    '/cases/:id',
    { config: read, schema: { tags, summary: 'One case, with what you can do next', params: CaseIdParams, response: { 200: CaseViewSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => getCaseView(await ctxOf(request), request.params.id),
  )

  app.get(
    '/cases/:id/timeline',
    { config: read, schema: { tags, summary: 'Every step of a case: who, what, when, why, with photos', params: CaseIdParams, response: { 200: TimelineSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => ({ events: await getTimeline(await ctxOf(request), request.params.id) }),
  )

  app.get(
    '/cases/:id/nearby',
    { config: read, schema: { tags, summary: 'Cases near this one in space and time, and likely duplicates', params: CaseIdParams, response: { 200: NearbySchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => nearbyCases(await ctxOf(request), request.params.id),
  )

  app.post(
    '/cases/:id/actions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Take a workflow step (accept, reject, dispatch, feedback, verify, urge, …) on the version you read',
        headers: Type.Object({ [IDEMPOTENCY_HEADER]: Type.Optional(Type.String()) }),
        params: CaseIdParams,
        body: ActBody,
        response: { 200: ActAnswer, ...Errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request)
      const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER])
      if (!key) return actOnCase(ctx, request.params.id, request.body)
      // A repeated step (same key and body) answers as the first did instead of "stale version".
      const answer = await idempotent<ActResult>(deps.database.db, `${photoOwner(ctx.actor)}:case:${request.params.id}`, key, request.body, 200, (claim) =>
        actOnCase(ctx, request.params.id, request.body, claim),
      )
      if (answer.replayed) reply.header('idempotent-replayed', 'true')
      return answer.body
    },
  )

  app.post(
    '/case-photos',
    {
      config: report,
      schema: {
        tags,
        summary: 'Upload one photo (multipart field "file"): checked by content, re-encoded, location and other metadata removed',
        consumes: ['multipart/form-data'],
        response: { 201: PhotoAnswer, ...Errors(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request)
      const photo = await storeUploadedPhoto(deps.database, request, photoOwner(ctx.actor))
      await request.audit({ action: 'case.photo_upload', target: `photo:${photo.name}`, outcome: 'success' })
      return reply.code(201).send(photo)
    },
  )

  app.get(
    '/case-photos/:name',
    {
      config: read,
      schema: {
        tags,
        summary: 'A photo of a case you can see (or your own upload); size=thumb for the thumbnail',
        params: Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9_-]{26,}\\.jpg$' }) }),
        querystring: Type.Object({ size: Type.Optional(Type.Literal('thumb')) }, { additionalProperties: false }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...Errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request)
      const row = (
        await sql<{ case_id: number | null; owner: string; data: Buffer; thumb: Buffer }>`
          SELECT case_id::int AS case_id, owner, data, thumb FROM case_photo WHERE name = ${request.params.name}`.execute(deps.database.db)
      ).rows[0]
      if (!row) throw notFound('Photo')
      if (row.case_id === null) {
        if (row.owner !== photoOwner(ctx.actor)) throw notFound('Photo')
      } else {
        await requireVisibleCase(ctx, row.case_id)
      }
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(request.query.size === 'thumb' ? row.thumb : row.data)
    },
  )
}
