// HTTP routes of the map: vector tiles of the area layers, their TileJSON, and empty glyphs.
// Registered under /api/v1. Thin: validate, ask TileService, set the caching headers.
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { AppDatabase } from '../../../db-schema.ts'
import { AppError, validationFailed } from '../../../infra/http/errors.ts'
import {
  MAX_ZOOM,
  MIN_ZOOM,
  TILE_FIELDS,
  TILE_LAYERS,
  glyphRangeProblem,
  tileAddressProblems,
} from './tile.contract.ts'
import { TileService, type TileServiceOptions } from './tile.service.ts'

export interface TileRoutesOptions extends TileServiceOptions {
  database: AppDatabase
}

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile'
// Revalidate every time: a 304 costs one version lookup, and an import is visible on the next request.
// Tiles depend on the caller's scope: browsers may keep them (and revalidate), shared caches may not.
const TILE_CACHE_CONTROL = 'private, no-cache'
const GLYPH_CACHE_CONTROL = 'public, max-age=86400'
/** Shown for an empty map, so clients still get a usable TileJSON. */
const WORLD_BOUNDS: [number, number, number, number] = [-180, -85.051129, 180, 85.051129]

const ErrorRef = Type.Ref('ErrorResponse')
const Empty = (description: string) => Type.Null({ description })
/** A binary 200 of one media type (errors stay JSON in the OpenAPI document). */
const Binary = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } },
})

const TileParams = Type.Object({
  z: Type.String({ pattern: '^([0-9]|1[0-6])$', description: `Zoom ${MIN_ZOOM}–${MAX_ZOOM}` }),
  x: Type.String({ pattern: '^(0|[1-9][0-9]{0,4})$', description: 'Column, 0 to 2^z − 1' }),
  y: Type.String({ pattern: '^(0|[1-9][0-9]{0,4})$', description: 'Row from the north, 0 to 2^z − 1' }),
})

const GlyphParams = Type.Object({
  fontstack: Type.String({ minLength: 1, maxLength: 200, description: 'Comma-separated font names (ignored)' }),
  range: Type.String({ pattern: '^[0-9]{1,5}-[0-9]{1,5}$', description: 'A block of 256 code points, e.g. 0-255' }),
})

const VectorLayerSchema = Type.Object({
  id: Type.String(),
  description: Type.String(),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  fields: Type.Record(Type.String(), Type.String()),
})

const TileJsonSchema = Type.Object(
  {
    tilejson: Type.Literal('3.0.0'),
    name: Type.String(),
    description: Type.String(),
    version: Type.String({
      description: 'Semver of the tileset: 1 = contract revision, then the last boundary change id and the number of changes',
    }),
    scheme: Type.Literal('xyz'),
    tiles: Type.Array(Type.String()),
    minzoom: Type.Integer(),
    maxzoom: Type.Integer(),
    bounds: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[west, south, east, north]' }),
    center: Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: '[lon, lat, zoom]' }),
    vector_layers: Type.Array(VectorLayerSchema),
  },
  { description: 'TileJSON 3.0.0 of the area layers' },
)

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  const bare = (t: string) => t.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((t) => bare(t) === bare(etag))
}

/** Registers GET /tiles/:z/:x/:y.mvt, /tiles.json and /glyphs/:fontstack/:range.pbf. */
export const tileRoutes: FastifyPluginAsync<TileRoutesOptions> = async (fastify, { database, ...options }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tiles = new TileService(database, options)
  // The prefix this plugin is registered under (e.g. /api/v1), for the tile URL template.
  const prefix = app.prefix

  app.get(
    '/tiles/:z/:x/:y.mvt',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['map'],
        summary: 'A Mapbox Vector Tile of the area layers (district, street, community, grid) within the caller\'s scope',
        description:
          'Layers appear from their minzoom (district 0, street 9, community 11, grid 12); features carry code, ' +
          'name and level, and the numeric code as id. Extent 4096, buffer 64. A tile without features is 204.',
        params: TileParams,
        response: {
          200: Binary(MVT_CONTENT_TYPE, 'The encoded tile'),
          204: Empty('No area reaches into this tile'),
          304: Empty('The tile has not changed since the ETag in If-None-Match'),
          400: ErrorRef,
          500: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const address = { z: Number(request.params.z), x: Number(request.params.x), y: Number(request.params.y) }
      const problems = tileAddressProblems(address)
      if (problems.length > 0) throw validationFailed(problems, 'The tile address is outside the tile grid')

      // Each caller sees only the areas of their scope; a city-wide scope needs no filter.
      const scopePath = request.scope.rootPath
      if (scopePath === null) throw new AppError('unauthenticated', 'Log in first')
      const filter = scopePath.includes('.') ? scopePath : null
      const version = await tiles.dataVersion()
      const etag = tiles.etag(version, address, filter)
      reply.header('cache-control', TILE_CACHE_CONTROL).header('vary', 'Cookie, Authorization').header('etag', etag)
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send(null)

      const { body } = await tiles.tile(address, version, filter)
      if (body.byteLength === 0) return reply.status(204).send(null)
      return reply.type(MVT_CONTENT_TYPE).send(Buffer.from(body.buffer, body.byteOffset, body.byteLength))
    },
  )

  app.get(
    '/tiles.json',
    {
      config: { permission: 'area.read' },
      schema: {
        tags: ['map'],
        summary: 'TileJSON 3.0.0 describing the vector tiles of the area layers',
        response: { 200: TileJsonSchema, 500: ErrorRef },
      },
    },
    async (request, reply) => {
      const version = await tiles.dataVersion()
      const bounds = (await tiles.mapBounds(version)) ?? WORLD_BOUNDS
      const [w, s, e, n] = bounds
      const centerZoom = Math.max(0, Math.min(MAX_ZOOM, Math.floor(Math.log2(360 / Math.max(e - w, n - s, 1e-9)))))
      reply.header('cache-control', TILE_CACHE_CONTROL)
      return {
        tilejson: '3.0.0' as const,
        name: 'Frontline areas',
        description: 'Districts, streets, communities and grids (区县、街道、社区、网格)',
        version: `1.${version}`,
        scheme: 'xyz' as const,
        tiles: [`${request.protocol}://${request.host}${prefix}/tiles/{z}/{x}/{y}.mvt`],
        minzoom: MIN_ZOOM,
        maxzoom: MAX_ZOOM,
        bounds,
        center: [(w + e) / 2, (s + n) / 2, centerZoom],
        vector_layers: TILE_LAYERS.map((l) => ({
          id: l.id,
          description: l.description,
          minzoom: l.minzoom,
          maxzoom: MAX_ZOOM,
          fields: { ...TILE_FIELDS },
        })),
      }
    },
  )

  app.get(
    '/glyphs/:fontstack/:range.pbf',
    {
      config: { auth: 'public' },
      schema: {
        security: [],
        tags: ['map'],
        summary: 'Empty glyphs: the web client draws CJK labels with a local font (localIdeographFontFamily)',
        params: GlyphParams,
        response: {
          200: Binary('application/x-protobuf', 'An empty glyph message'),
          400: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const problem = glyphRangeProblem(request.params.range)
      if (problem) {
        throw new AppError('validation_failed', 'The glyph range is not a block of 256 code points', [
          { field: '/range', location: 'params', message: problem, problem: 'range' },
        ])
      }
      // A protobuf message with no fields is zero bytes: a valid glyph set without glyphs.
      return reply.header('cache-control', GLYPH_CACHE_CONTROL).type('application/x-protobuf').send(Buffer.alloc(0))
    },
  )
}
