// HTTP routes of spreadsheet imports (docs/registry.md, "Import"). The file is the raw request body
// (XLSX or CSV, detected by content, ≤ 32 MiB); the job is checked in the background and polled.
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Errors } from '../../infra/http/errors.ts'
import { auditedWrite, contextOf, type RegistryRoutesDeps } from './registry-context.ts'
import { IMPORT_MAX_BYTES, applyPeopleImport, getImportJob, importProblems, listImportJobs, startPeopleImport } from './import.service.ts'
import { PERSON_COLUMNS, writeXlsx } from './sheets/index.ts'

const tags = ['registry']
const SHEET_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
]

const Problem = Type.Object({ row: Type.Integer(), field: Type.Optional(Type.String()), problem: Type.String(), message: Type.String() })
const FileProblem = Type.Object(
  { code: Type.String(), message: Type.String(), row: Type.Optional(Type.Integer()), column: Type.Optional(Type.String()), cell: Type.Optional(Type.String()), level: Type.Optional(Type.String()) },
  { additionalProperties: true },
)
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
export const ImportJobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Literal('people'),
  status: Type.String({ description: 'validating → validated | rejected; applying → done | failed; interrupted' }),
  filename: Nullable(Type.String()),
  scopeCode: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  mode: Nullable(Type.String()),
  rowsTotal: Nullable(Type.Integer()),
  rowsValid: Nullable(Type.Integer()),
  rowsInvalid: Nullable(Type.Integer()),
  rowsWritten: Nullable(Type.Integer()),
  progress: Nullable(Type.Object({ phase: Type.String(), done: Type.Integer(), total: Type.Integer() })),
  columns: Type.Array(Type.Object({ header: Type.String(), field: Nullable(Type.String()) })),
  fileProblems: Type.Array(FileProblem),
  problemCounts: Type.Record(Type.String(), Type.Integer()),
  problems: Type.Array(Problem),
  error: Nullable(Type.String()),
})
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false })

export const importRoutes: FastifyPluginAsync<RegistryRoutesDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addContentTypeParser(SHEET_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body))

  app.post(
    '/registry/imports',
    {
      config: { permission: 'registry.write' },
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags,
        summary: 'Upload a spreadsheet of people (XLSX or CSV, Chinese headers): checked in the background, nothing written yet',
        description: 'Send the file as the raw body (Content-Type application/octet-stream, text/csv or the XLSX type). Poll GET /registry/imports/{id} for the report.',
        querystring: Type.Object({ filename: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 202: ImportJobSchema, ...Errors(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const file = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const job = await auditedWrite(request, 'registry.import.upload', null, () =>
        startPeopleImport(contextOf(deps, request), deps.cipher, { filename: request.query.filename ?? null, file }),
      )
      return reply.status(202).send(job)
    },
  )

  app.get(
    '/registry/imports',
    { config: { permission: 'registry.read' }, schema: { tags, summary: 'Recent imports in your area', response: { 200: Type.Object({ items: Type.Array(ImportJobSchema) }), ...Errors(401, 403) } } },
    async (request) => ({ items: await listImportJobs(contextOf(deps, request)) }),
  )

  app.get(
    '/registry/imports/template.xlsx',
    { config: { permission: 'registry.read' }, schema: { tags, summary: 'An empty people sheet with the expected Chinese headers' } },
    async (_request, reply) => {
      const columns = PERSON_COLUMNS.map((c) => ({ key: c.key, header: `${c.required ? '*' : ''}${c.aliases[0]!}` }))
      const file = await writeXlsx(columns, [], { sheetName: '实有人口' })
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="people-template.xlsx"; filename*=UTF-8''${encodeURIComponent('实有人口导入模板.xlsx')}`)
        .send(file)
    },
  )

  app.get(
    '/registry/imports/:id',
    { config: { permission: 'registry.read' }, schema: { tags, summary: 'An import: status, progress, columns, problem counts and the first problems', params: IdParams, response: { 200: ImportJobSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => getImportJob(contextOf(deps, request), request.params.id),
  )

  app.get(
    '/registry/imports/:id/problems',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags,
        summary: 'Every problem of an import, by row',
        params: IdParams,
        querystring: Type.Object({ offset: Type.Integer({ minimum: 0, default: 0 }), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Problem) }), ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => importProblems(contextOf(deps, request), request.params.id, request.query.offset, request.query.limit),
  )

  app.post(
    '/registry/imports/:id/apply',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags,
        summary: 'Write a checked import in one transaction: all rows (refused while any is invalid) or only the valid ones',
        params: IdParams,
        body: Type.Object({ mode: Type.Union([Type.Literal('all'), Type.Literal('valid_only')]) }, { additionalProperties: false }),
        response: { 202: ImportJobSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const job = await auditedWrite(request, 'registry.import.apply', `import:${request.params.id}`, () =>
        applyPeopleImport(contextOf(deps, request), deps.database, deps.cipher, request.params.id, request.body.mode),
      )
      return reply.status(202).send(job)
    },
  )
}
