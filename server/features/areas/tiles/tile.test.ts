// Vector tiles through the real HTTP app, on PGlite and (when DATABASE_URL is set) PostgreSQL: the
// layer/zoom contract, equality of the tilers on the same tile, ETag/304, invalidation by a boundary
// change, 400s in the one error shape, TileJSON and the glyphs endpoint.
import { ScopeGuard, type Principal } from '../../accounts/index.ts'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import { sql } from 'kysely'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Backend } from '../../../infra/db/database.ts'
import { migrate, migrationsFingerprint } from '../../../infra/db/migrate.ts'
import type { AppDatabase, DB } from '../../../db-schema.ts'
import { ErrorResponseSchema } from '../../../infra/http/errors.ts'
import { registerErrorHandling } from '../../../infra/http/error-handler.ts'
import { tileRoutes } from './tile.routes.ts'
import { TILE_METHODS, methodRunsOn, type TileMethod } from './tile.service.ts'
import { MAX_ZOOM, TILE_BUFFER, TILE_EXTENT, TILE_LAYERS, layersAt, tileAt, tileBounds, tilesCovering, type TileAddress } from './tile.contract.ts'
import { simplifyToleranceMetres } from './tile.repository.ts'
import { SMALL_CITY, redrawArea, seedSyntheticCity, type SyntheticArea, type SyntheticCityOptions } from './tile.fixtures.ts'

// ---- Database: a private migrated database per backend (kept in one place; a shared harness may replace it).

/** Opens an empty, migrated database on `backend`; close() drops it. */
async function openTestDatabase(backend: Backend): Promise<{ database: AppDatabase; close(): Promise<void> }> {
  if (backend === 'pglite') {
    const file = path.join(os.tmpdir(), `frontline-migrated-${migrationsFingerprint()}.tar.gz`)
    if (!fs.existsSync(file)) {
      const fresh = await openDatabase<DB>({})
      await migrate(fresh)
      const blob = await fresh.pglite!.dumpDataDir('gzip')
      await fresh.close()
      const tmp = `${file}.${process.pid}.tmp`
      fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()))
      fs.renameSync(tmp, file)
    }
    const database = await openDatabase<DB>({ loadDataDir: new Blob([fs.readFileSync(file)]) })
    await migrate(database)
    return { database, close: () => database.close() }
  }
  const url = new URL(process.env.DATABASE_URL!)
  const name = `frontline_tiles_${crypto.randomBytes(5).toString('hex')}`
  const admin = (db: string) => new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: `/${db}` }).toString() })
  const a = admin('postgres')
  await a.connect()
  await a.query(`CREATE DATABASE ${name}`)
  await a.end()
  const database = await openDatabase<DB>({ databaseUrl: Object.assign(new URL(url), { pathname: `/${name}` }).toString(), poolSize: 4 })
  await migrate(database)
  return {
    database,
    async close() {
      await database.close()
      const b = admin('postgres')
      await b.connect()
      await b.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await b.end()
    },
  }
}

// ---- Helpers

const BACKENDS: Backend[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])]
const PREFIX = '/api/v1'
const methodPrefix = (m: TileMethod) => `/test-method/${m}`

/** The app as production registers it, plus one copy of the plugin per tiler under its own prefix. */
async function buildTileApp(database: AppDatabase): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, useDefaults: true } },
  })
  registerErrorHandling(app)
  app.addSchema(ErrorResponseSchema)
  // These tests are about rendering: every request sees every area (a root scope). Scoped tiles are
  // tested through the whole app with real accounts in tile-scope.test.ts.
  const everything = { scopeCode: 'all', scopePath: 'all' } as Principal
  app.decorateRequest('scope', null as unknown as ScopeGuard)
  app.addHook('onRequest', async (request) => {
    request.scope = new ScopeGuard(database.db, everything, async () => {})
  })
  await app.register(tileRoutes, { prefix: PREFIX, database })
  for (const method of TILE_METHODS.filter((m) => methodRunsOn(m, database.backend))) {
    await app.register(tileRoutes, { prefix: methodPrefix(method), database, method })
  }
  await app.ready()
  return app
}

interface DecodedFeature {
  id: number | undefined
  properties: Record<string, unknown>
  /** [minX, minY, maxX, maxY] in tile units. */
  bbox: [number, number, number, number]
}
interface DecodedLayer {
  version: number
  extent: number
  features: DecodedFeature[]
}

function decode(body: Buffer): Record<string, DecodedLayer> {
  const tile = new VectorTile(new Pbf(body))
  const out: Record<string, DecodedLayer> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = []
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i)
      expect(f.type).toBe(3)
      const pts = f.loadGeometry().flat()
      features.push({
        id: f.id,
        properties: { ...f.properties },
        bbox: [Math.min(...pts.map((p) => p.x)), Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.y))],
      })
    }
    features.sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)))
    out[name] = { version: layer.version, extent: layer.extent, features }
  }
  return out
}

const codesOf = (tile: Record<string, DecodedLayer>) =>
  Object.fromEntries(Object.entries(tile).map(([k, l]) => [k, l.features.map((f) => String(f.properties.code))]))

/**
 * Codes per layer of the areas of a city that the contract puts in a tile: those that reach into the
 * buffered tile and are not smaller than the zoom's tolerance squared (under a pixel).
 */
async function expectedCodes(database: AppDatabase, t: TileAddress, cityCode: string): Promise<Record<string, string[]>> {
  const [w, s, e, n] = tileBounds(t, TILE_BUFFER)
  const tolerance = simplifyToleranceMetres(t.z)
  const r = await sql<{ level: string; code: string }>`
    SELECT level, code FROM current_area
    WHERE path LIKE ${`${cityCode}.%`} AND ST_Intersects(geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))
      AND ST_Area(ST_Transform(geom, 3857)) >= ${tolerance * tolerance}::float8
    ORDER BY code`.execute(database.db)
  const out: Record<string, string[]> = {}
  for (const layer of layersAt(t.z)) {
    const codes = r.rows.filter((row) => row.level === layer.id).map((row) => row.code)
    if (codes.length > 0) out[layer.id] = codes
  }
  return out
}

/** A synthetic city placed inside one zoom-11 tile far from the demo city, so no other data shares its tiles. */
function cityInsideTile(cityCode: string, lon: number, lat: number): SyntheticCityOptions {
  const [w, s] = tileBounds(tileAt(11, lon, lat))
  return { ...SMALL_CITY, cityCode, origin: [w + 0.0031, s + 0.0047] }
}

function bboxOf(areas: SyntheticArea[]): [number, number, number, number] {
  const pts = areas.flatMap((a) => a.polygon)
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))]
}

describe.each(BACKENDS)('vector tiles on %s', (backend) => {
  let database: AppDatabase
  let close: () => Promise<void>
  let app: FastifyInstance
  let city: SyntheticArea[]
  const cityOptions = cityInsideTile('639900', 110.1, 36.6)
  const methods = TILE_METHODS.filter((m) => methodRunsOn(m, backend))

  beforeAll(async () => {
    ;({ database, close } = await openTestDatabase(backend))
    city = await seedSyntheticCity(database, cityOptions)
    app = await buildTileApp(database)
  })
  afterAll(async () => {
    await app?.close()
    await close?.()
  })

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
  const tileUrl = (t: TileAddress, prefix = PREFIX) => `${prefix}/tiles/${t.z}/${t.x}/${t.y}.mvt`

  it('holds the layers of its zoom with code, name, level and the code as id', async () => {
    const byCode = new Map(city.map((a) => [a.code, a]))
    const count = (level: string) => city.filter((a) => a.level === level).length
    // At zoom 0 the city's districts are under a pixel: left out.
    const z0 = await get(tileUrl({ z: 0, x: 0, y: 0 }))
    const z0codes = z0.statusCode === 204 ? [] : (decode(z0.rawPayload).district?.features ?? []).map((f) => String(f.properties.code))
    expect(z0codes.filter((c) => byCode.has(c))).toEqual([])
    // The whole city lies in one tile at zooms 0–11.
    for (const z of [5, 8, 9, 10, 11]) {
      const t = tileAt(z, ...cityOptions.origin)
      expect(tilesCovering(z, bboxOf(city))).toEqual([t])
      const res = await get(tileUrl(t))
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
      const tile = decode(res.rawPayload)
      const own = (layer: string) => (tile[layer]?.features ?? []).filter((f) => byCode.has(String(f.properties.code)))
      expect(Object.keys(tile).sort()).toEqual(layersAt(z).map((l) => l.id).sort())
      expect(own('district')).toHaveLength(count('district'))
      if (z >= 9) expect(own('street')).toHaveLength(count('street'))
      if (z >= 11) expect(own('community')).toHaveLength(count('community'))
      for (const layer of Object.values(tile)) {
        expect(layer.extent).toBe(TILE_EXTENT)
        expect(layer.version).toBe(2)
        for (const f of layer.features) {
          const area = byCode.get(String(f.properties.code))
          if (!area) continue
          expect(f.properties).toEqual({ code: area.code, name: area.name, level: area.level })
          expect(f.id).toBe(Number(area.code))
        }
      }
    }
    // From zoom 12 the city spans several tiles; together they hold every grid.
    const grids = new Set<string>()
    for (const t of tilesCovering(12, bboxOf(city))) {
      const res = await get(tileUrl(t))
      expect(res.statusCode).toBe(200)
      const tile = decode(res.rawPayload)
      expect(Object.keys(tile).sort()).toEqual(['community', 'district', 'grid', 'street'])
      expect(codesOf(tile)).toEqual(await expectedCodes(database, t, cityOptions.cityCode))
      for (const f of tile.grid!.features) grids.add(String(f.properties.code))
    }
    expect(grids.size).toBe(count('grid'))
  })

  it('holds exactly the areas that reach into the buffered tile, the same with every tiler', async () => {
    const box = bboxOf(city)
    for (const z of [0, 4, 8, 9, 10, 11, 12, 13, 14, 15, MAX_ZOOM]) {
      const all = tilesCovering(z, box)
      // At high zooms a sample keeps the test quick: corners, edges and the middle of the city.
      const sample = all.length <= 12 ? all : [0, 1, Math.floor(all.length / 2), all.length - 2, all.length - 1].map((i) => all[i]!)
      for (const t of sample) {
        const expected = await expectedCodes(database, t, cityOptions.cityCode)
        const decoded: Record<string, Record<string, DecodedLayer>> = {}
        for (const method of methods) {
          const res = await get(tileUrl(t, methodPrefix(method)))
          const empty = Object.keys(expected).length === 0
          expect(res.statusCode, `${method} ${z}/${t.x}/${t.y}`).toBe(empty ? 204 : 200)
          decoded[method] = empty ? {} : decode(res.rawPayload)
          expect(codesOf(decoded[method]), `${method} ${z}/${t.x}/${t.y}`).toEqual(expected)
        }
        // The same features with the same properties, and shapes within the simplification tolerance.
        const [first, ...others] = methods
        for (const other of others) {
          for (const [layer, l] of Object.entries(decoded[first!]!)) {
            const o = decoded[other]![layer]!
            expect(o.features.map((f) => [f.id, f.properties])).toEqual(l.features.map((f) => [f.id, f.properties]))
            l.features.forEach((f, i) => {
              f.bbox.forEach((v, k) => expect(Math.abs(v - o.features[i]!.bbox[k]!), `${other} ${layer} ${f.properties.code}`).toBeLessThanOrEqual(10))
            })
          }
        }
      }
    }
  })

  it('answers a tile without areas with 204 and still an ETag', async () => {
    const res = await get(tileUrl(tileAt(14, -30, -40)))
    expect(res.statusCode).toBe(204)
    expect(res.rawPayload.byteLength).toBe(0)
    expect(res.headers.etag).toMatch(/^"mvt1-/)
    const again = await get(tileUrl(tileAt(14, -30, -40)), { 'if-none-match': String(res.headers.etag) })
    expect(again.statusCode).toBe(304)
  })

  it('sends a strong ETag and honours If-None-Match with 304', async () => {
    const t = tileAt(12, ...cityOptions.origin)
    const first = await get(tileUrl(t))
    expect(first.statusCode).toBe(200)
    expect(first.headers['cache-control']).toBe('private, no-cache')
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"[^"]+"$/)
    const cached = await get(tileUrl(t), { 'if-none-match': etag })
    expect(cached.statusCode).toBe(304)
    expect(cached.rawPayload.byteLength).toBe(0)
    expect(cached.headers.etag).toBe(etag)
    expect((await get(tileUrl(t), { 'if-none-match': `W/${etag}` })).statusCode).toBe(304)
    expect((await get(tileUrl(t), { 'if-none-match': '"something-else"' })).statusCode).toBe(200)
    // Another tile of the same version has another ETag; the same tile again is byte-identical.
    const other = await get(tileUrl({ ...t, x: t.x + 1 }))
    expect(other.headers.etag).not.toBe(etag)
    const again = await get(tileUrl(t))
    expect(again.headers.etag).toBe(etag)
    expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0)
  })

  it('shows a boundary change on the very next request, with every tiler', async () => {
    const options = cityInsideTile('639700', 112.1, 36.6)
    const areas = await seedSyntheticCity(database, options)
    const grid = areas.find((a) => a.level === 'grid')!
    const t = tileAt(12, ...grid.polygon[0]!)
    const before: Record<string, { etag: string; codes: string[] }> = {}
    for (const method of methods) {
      const res = await get(tileUrl(t, methodPrefix(method)))
      expect(res.statusCode).toBe(200)
      before[method] = { etag: String(res.headers.etag), codes: decode(res.rawPayload).grid!.features.map((f) => String(f.properties.code)) }
      expect(before[method]!.codes).toContain(grid.code)
    }
    // Redraw the grid as a small square in another tile of zoom 12, far from its old place.
    const [w, s, e, n] = tileBounds({ ...t, x: t.x + 3 })
    const cx = (w + e) / 2
    const cy = (s + n) / 2
    const d = 0.002
    await redrawArea(database, grid.code, [[cx - d, cy - d], [cx + d, cy - d], [cx + d, cy + d], [cx - d, cy + d], [cx - d, cy - d]])
    for (const method of methods) {
      const res = await get(tileUrl(t, methodPrefix(method)), { 'if-none-match': before[method]!.etag })
      expect(res.statusCode, method).toBe(200)
      expect(res.headers.etag).not.toBe(before[method]!.etag)
      const codes = decode(res.rawPayload).grid!.features.map((f) => String(f.properties.code))
      expect(codes, method).not.toContain(grid.code)
      const moved = await get(tileUrl({ ...t, x: t.x + 3 }, methodPrefix(method)))
      expect(moved.statusCode, method).toBe(200)
      expect(decode(moved.rawPayload).grid!.features.map((f) => String(f.properties.code))).toEqual([grid.code])
    }
  })

  it.each([
    ['/tiles/17/0/0.mvt', '/z'],
    ['/tiles/a/0/0.mvt', '/z'],
    ['/tiles/-1/0/0.mvt', '/z'],
    ['/tiles/2/4/0.mvt', '/x'],
    ['/tiles/2/0/4.mvt', '/y'],
    ['/tiles/2/01/0.mvt', '/x'],
    ['/tiles/16/65536/0.mvt', '/x'],
    ['/tiles/1/0/1.5.mvt', '/y'],
  ])('refuses %s with 400 on %s', async (url, field) => {
    const res = await get(`${PREFIX}${url}`)
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details).toContainEqual(expect.objectContaining({ field, location: 'params' }))
  })

  it('describes the tiles in TileJSON 3.0.0 relative to the request host', async () => {
    const res = await get(`${PREFIX}/tiles.json`, { host: 'maps.example.org:8080' })
    expect(res.statusCode).toBe(200)
    const tj = res.json()
    expect(tj.tilejson).toBe('3.0.0')
    expect(tj.version).toMatch(/^1\.\d+\.\d+$/)
    expect(tj.tiles).toEqual(['http://maps.example.org:8080/api/v1/tiles/{z}/{x}/{y}.mvt'])
    expect([tj.minzoom, tj.maxzoom]).toEqual([0, 16])
    expect(tj.vector_layers.map((l: { id: string; minzoom: number }) => [l.id, l.minzoom])).toEqual(
      TILE_LAYERS.map((l) => [l.id, l.minzoom]),
    )
    expect(tj.vector_layers[0].fields).toEqual({ code: 'String', name: 'String', level: 'String' })
    const [w, s, e, n] = tj.bounds
    const [cw, cs, ce, cn] = bboxOf(city)
    expect(w <= cw && s <= cs && e >= ce && n >= cn).toBe(true)
  })

  it('serves empty glyphs for well-formed ranges only', async () => {
    const ok = await get(`${PREFIX}/glyphs/${encodeURIComponent('Noto Sans Regular,Arial Unicode MS Regular')}/256-511.pbf`)
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['content-type']).toBe('application/x-protobuf')
    expect(ok.rawPayload.byteLength).toBe(0)
    for (const range of ['0-256', '1-256', '65536-65791', 'x-y']) {
      const res = await get(`${PREFIX}/glyphs/Noto%20Sans/${range}.pbf`)
      expect(res.statusCode, range).toBe(400)
      expect(res.json().error.code).toBe('validation_failed')
      expect(res.json().error.details).toContainEqual(expect.objectContaining({ field: '/range', location: 'params' }))
    }
  })
})
