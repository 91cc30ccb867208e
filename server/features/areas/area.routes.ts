// HTTP routes of the areas feature. Thin: parse, call the repository/service, shape the response.
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { AppDatabase } from '../../db-schema.ts'
import { AppError, notFound } from '../../infra/http/errors.ts'
import {
  getAreaDetail,
  getAreaFeatureJson,
  getAreaPath,
  getBoundaryHistory,
  listChildren,
  listRoots,
  searchAreas,
} from './area.repository.ts'
import { checkCoverage, summarize, DEFAULT_TOLERANCE_M2 } from './coverage.ts'
import { exportSubtree } from './boundary-export.service.ts'
import { importBoundaries, type BoundaryChangeHook } from './boundary-import.service.ts'
import {
  AreaCodeParam,
  AreaDetailSchema,
  AreaListSchema,
  CoverageReportSchema,
  Errors,
  HistorySchema,
  ImportResultSchema,
  LevelList,
} from './area.schemas.ts'
import { AREA_LEVELS, type AreaLevel } from '../../../shared/area-codes.ts'

export interface AreaRoutesOptions {
  database: AppDatabase
  /** Runs inside every applied or dry-run boundary change (the registry's re-assignment). */
  onBoundaryChange?: BoundaryChangeHook
}

/** Registers /areas, /coverage and import/export routes. */
export const areaRoutes: FastifyPluginAsync<AreaRoutesOptions> = async (fastify, { database, onBoundaryChange }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = database.db

  app.get(
    '/areas',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['areas'],
        summary: 'List the roots, the children of an area, or search by name/code',
        querystring: Type.Object(
          {
            parentCode: Type.Optional(AreaCodeParam),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: AreaListSchema, ...Errors(400, 404) },
      },
    },
    async (request) => {
      const { parentCode, q, limit } = request.query
      if (parentCode && q) {
        throw new AppError('validation_failed', 'Use either parentCode or q, not both', [
          { field: '/q', message: 'cannot be combined with parentCode', problem: 'exclusive' },
        ])
      }
      const scope = request.scope
      if (q) return { items: await searchAreas(db, q.trim(), limit, scope.filter('a.path')) }
      if (parentCode) {
        await scope.requireArea(parentCode)
        return { items: await listChildren(db, parentCode) }
      }
      // The top of what the caller may see: the roots for a city-wide scope, else the scope's own area.
      return { items: await listRoots(db, scope.rootCode!) }
    },
  )

  app.get(
    '/areas/:code',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['areas'],
        summary: 'One area: code, name, level, parent chain, area, child count, responsible unit',
        params: Type.Object({ code: AreaCodeParam }),
        response: { 200: AreaDetailSchema, ...Errors(400, 404) },
      },
    },
    async (request) => {
      await request.scope.requireArea(request.params.code)
      const detail = await getAreaDetail(db, request.params.code)
      if (!detail) throw notFound(`Area ${request.params.code}`)
      return detail
    },
  )

  app.get(
    '/areas/:code/geometry',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['areas'],
        summary: 'The current boundary of an area as a GeoJSON Feature',
        params: Type.Object({ code: AreaCodeParam }),
        produces: ['application/geo+json'],
        response: { 200: Type.Unknown({ description: 'GeoJSON Feature' }), ...Errors(400, 404) },
      },
    },
    async (request, reply) => {
      await request.scope.requireArea(request.params.code)
      const feature = await getAreaFeatureJson(db, request.params.code)
      if (!feature) throw notFound(`Area ${request.params.code}`)
      return reply.type('application/geo+json').send(feature)
    },
  )

  app.get(
    '/areas/:code/history',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['areas'],
        summary: 'Every boundary version of an area, newest first',
        params: Type.Object({ code: AreaCodeParam }),
        response: { 200: HistorySchema, ...Errors(400, 404) },
      },
    },
    async (request) => {
      await request.scope.requireArea(request.params.code)
      const items = await getBoundaryHistory(db, request.params.code)
      if (items.length === 0) throw notFound(`Area ${request.params.code}`)
      return { items }
    },
  )

  app.get(
    '/coverage',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['areas'],
        summary: 'Gaps, overlaps and pieces outside the parent, for every parent in a subtree',
        description:
          'Each issue is a GeoJSON feature with its area in m². Pieces at or below toleranceM2 are floating-point slivers and are not reported.',
        querystring: Type.Object(
          {
            root: Type.Optional(AreaCodeParam),
            toleranceM2: Type.Number({ minimum: 0, maximum: 1e6, default: DEFAULT_TOLERANCE_M2 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: CoverageReportSchema, ...Errors(400, 404) },
      },
    },
    async (request) => {
      const { toleranceM2 } = request.query
      const root = request.query.root ?? request.scope.rootCode!
      const { path } = await request.scope.requireArea(root)
      if (!(await getAreaPath(db, root))) throw notFound(`Area ${root}`)
      const started = performance.now()
      const result = await checkCoverage(db, { rootPath: path }, toleranceM2)
      return {
        root,
        toleranceM2,
        parentsChecked: result.parentsChecked,
        areasChecked: result.areasChecked,
        ms: Math.round(performance.now() - started),
        summary: summarize(result.issues),
        issues: {
          type: 'FeatureCollection' as const,
          features: result.issues.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, geometry, properties })),
        },
      }
    },
  )

  app.get(
    '/areas/:code/export',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['areas'],
        summary: 'Export an area and its descendants as GeoJSON (round-trips through import unchanged)',
        params: Type.Object({ code: AreaCodeParam }),
        querystring: Type.Object(
          { levels: Type.Optional(LevelList), download: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        produces: ['application/geo+json'],
        response: { 200: Type.Unknown({ description: 'GeoJSON FeatureCollection' }), ...Errors(400, 404) },
      },
    },
    async (request, reply) => {
      await request.scope.requireArea(request.params.code)
      const levels = parseLevels(request.query.levels)
      const text = await exportSubtree(db, request.params.code, levels)
      if (text === undefined) throw notFound(`Area ${request.params.code}`)
      if (request.query.download) {
        reply.header('content-disposition', `attachment; filename="frontline-${request.params.code}.geojson"`)
      }
      return reply.type('application/geo+json; charset=utf-8').send(text)
    },
  )

  app.post(
    '/areas/:code/import',
    {
      config: { permission: 'area.write' },
      schema: {
        tags: ['areas'],
        summary: 'Import boundaries (GeoJSON FeatureCollection) below an area, validated and atomic',
        description:
          'Every feature is checked (structure, coordinates, codes, hierarchy, geometry validity), then the change is applied in one transaction and the coverage of every touched parent is checked. Any problem: 4xx with every problem listed and nothing changed. dryRun=true validates fully and changes nothing. mode=replace retires current children of the parents the file covers that the file leaves out.',
        params: Type.Object({ code: AreaCodeParam }),
        querystring: Type.Object(
          {
            dryRun: Type.Boolean({ default: false }),
            mode: Type.Union([Type.Literal('upsert'), Type.Literal('replace')], { default: 'upsert' }),
            toleranceM2: Type.Number({ minimum: 0, maximum: 1e6, default: DEFAULT_TOLERANCE_M2 }),
          },
          { additionalProperties: false },
        ),
        body: Type.Unknown({ description: 'GeoJSON FeatureCollection; feature properties: code, name, responsible_unit?' }),
        response: { 200: ImportResultSchema, ...Errors(400, 404, 413, 415, 422) },
      },
    },
    async (request) => {
      const { dryRun, mode, toleranceM2 } = request.query
      await request.scope.requireArea(request.params.code)
      return importBoundaries(db, request.params.code, request.body, {
        dryRun,
        mode,
        toleranceM2,
        source: request.ip,
        actor: request.principal!.username,
        afterChange: onBoundaryChange,
      })
    },
  )
}

function parseLevels(raw: string | undefined): AreaLevel[] | undefined {
  if (!raw) return undefined
  return raw.split(',').filter((l): l is AreaLevel => (AREA_LEVELS as readonly string[]).includes(l))
}
