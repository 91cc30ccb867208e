// TypeBox schemas of the areas API: validation, serialization and the OpenAPI document from one source.
import { Type } from 'typebox'
import { AREA_LEVELS } from '../../../shared/area-codes.ts'

export const AreaCodeParam = Type.String({
  pattern: '^[0-9]{6}([0-9]{3}){0,3}$',
  description: 'Area code: 6 (city/county), 9 (street), 12 (community) or 15 (grid) digits',
  examples: ['630102', '630102001', '630102001001', '630102001001001'],
})

export const LevelSchema = Type.Union([
  Type.Literal('city'),
  Type.Literal('district'),
  Type.Literal('street'),
  Type.Literal('community'),
  Type.Literal('grid'),
])

export const LevelList = Type.String({
  pattern: `^(${AREA_LEVELS.join('|')})(,(${AREA_LEVELS.join('|')}))*$`,
  description: 'Comma-separated levels, e.g. grid,community',
})

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const AreaSummarySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: LevelSchema,
  parentCode: Nullable(Type.String()),
  childCount: Type.Integer(),
  areaKm2: Type.Number(),
  responsibleUnit: Nullable(Type.String()),
  kind: Nullable(Type.Union([Type.Literal('urban'), Type.Literal('rural')])),
})

export const AreaListSchema = Type.Object({ items: Type.Array(AreaSummarySchema) })

export const AreaDetailSchema = Type.Object({
  ...AreaSummarySchema.properties,
  ancestors: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: LevelSchema })),
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[west, south, east, north]' }),
  validFrom: Type.String({ format: 'date-time' }),
  boundaryFrom: Type.String({ format: 'date-time' }),
  versionCount: Type.Integer(),
  gridWorker: Nullable(
    Type.Object({ username: Type.String(), displayName: Type.String() }, { description: 'The responsible grid worker (grids only)' }),
  ),
})

export const HistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      validFrom: Type.String({ format: 'date-time' }),
      validTo: Nullable(Type.String({ format: 'date-time' })),
      areaKm2: Type.Number(),
      changeId: Type.Integer(),
      changeKind: Type.Union([Type.Literal('seed'), Type.Literal('import'), Type.Literal('edit')]),
    }),
  ),
})

export const CoverageSummarySchema = Type.Object({
  gaps: Type.Integer(),
  overlaps: Type.Integer(),
  outside: Type.Integer(),
  gapM2: Type.Number(),
  overlapM2: Type.Number(),
  outsideM2: Type.Number(),
})

export const CoverageReportSchema = Type.Object({
  root: Type.String(),
  toleranceM2: Type.Number(),
  parentsChecked: Type.Integer(),
  areasChecked: Type.Integer(),
  ms: Type.Integer(),
  summary: CoverageSummarySchema,
  issues: Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        geometry: Type.Unknown(),
        properties: Type.Object({
          kind: Type.Union([Type.Literal('gap'), Type.Literal('overlap'), Type.Literal('outside')]),
          parentCode: Type.String(),
          parentName: Type.String(),
          areaCodes: Type.Array(Type.String()),
          areaNames: Type.Array(Type.String()),
          areaM2: Type.Number(),
        }),
      }),
    ),
  }),
})

export const ImportResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  applied: Type.Boolean(),
  changeId: Nullable(Type.Integer()),
  created: Type.Array(Type.String()),
  updated: Type.Array(Type.String()),
  retired: Type.Array(Type.String()),
  unchanged: Type.Integer(),
  coverage: Type.Object({ parentsChecked: Type.Integer(), summary: CoverageSummarySchema }),
  reassigned: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: 'Registry records moved to the grid they now lie in, per kind' })),
})

/** Error responses of a route, all in the one error shape. */
/** Response entries for error statuses, all in the one error shape. */
export { Errors } from '../../infra/http/errors.ts'
