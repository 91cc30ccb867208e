// Vector tiles of the area layers, one contract (tile.contract.ts) with two implementations:
//   - postgis: ST_AsMVTGeom + ST_AsMVT in the database (PostgreSQL only; PGlite's PostGIS has no protobuf);
//   - geojson-vt: PostGIS hands over the features as GeoJSON, geojson-vt slices and simplifies them and
//     vt-pbf encodes the tile, in the process. Two ways to feed it: one index per layer over the whole
//     map ('geojson-vt-index', rebuilt when the data version changes) or a small index per tile from the
//     features that reach into it, pre-clipped by PostGIS ('geojson-vt-tile').
// The default per backend is the one bench/tiles.bench.ts measured fastest (docs/tiles.md).
// Tiles are cached in-process by data version, so the first request after a boundary change misses.
import { createHash } from 'node:crypto'
import geojsonvt from 'geojson-vt'
import { fromGeojsonVt } from 'vt-pbf'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Kysely } from 'kysely'
import type { AppDatabase, DB } from '../../../db-schema.ts'
import type { Backend } from '../../../infra/db/database.ts'
import { TileCache, type TileCacheStats } from './tile-cache.ts'
import {
  MAX_ZOOM,
  SIMPLIFY_TOLERANCE,
  TILE_BUFFER,
  TILE_EXTENT,
  TILE_LAYERS,
  layersAt,
  tileBounds,
  type TileAddress,
  type TileLayerId,
} from './tile.contract.ts'
import {
  isNewerVersion,
  readDataVersion,
  readLayerGeometries,
  readLayerGeometriesInBox,
  readMapBounds,
  renderTilePostgis,
  type AreaGeometryRow,
} from './tile.repository.ts'

export const TILE_METHODS = ['postgis', 'geojson-vt-index', 'geojson-vt-tile'] as const
export type TileMethod = (typeof TILE_METHODS)[number]

/** Turns a tile address into encoded MVT bytes (zero bytes = an empty tile) for a data version. */
export interface TileRenderer {
  readonly method: TileMethod
  /** `scopePath`: only areas in that subtree (the caller's scope); null = every area. */
  render(tile: TileAddress, version: string, scopePath?: string | null): Promise<Uint8Array>
}

/** Whether an area path lies in the subtree at scopePath (null = no restriction). */
const inSubtree = (scopePath: string | null | undefined, path: string) =>
  !scopePath || path === scopePath || path.startsWith(`${scopePath}.`)

/** Keeps the features of a sliced tile whose area lies in the scope. */
function keepInScope(tile: geojsonvt.Tile | undefined, paths: Map<string, string>, scopePath: string | null | undefined): geojsonvt.Tile | undefined {
  if (!tile || !scopePath) return tile
  return { ...tile, features: tile.features.filter((f) => inSubtree(scopePath, paths.get(String((f.tags as { code?: unknown }).code)) ?? '')) }
}

/**
 * The method each backend uses unless told otherwise, chosen by bench/tiles.bench.ts (docs/tiles.md):
 * the whole-layer index serves a tile in well under a millisecond once built, 10–100× less than either
 * per-tile method, on both backends; its cost is one rebuild (~0.5–1.5 s) after each boundary change
 * and tens of MiB of memory per process. Take 'postgis' on PostgreSQL when the map outgrows a city.
 */
export const DEFAULT_TILE_METHOD: Record<Backend, TileMethod> = {
  postgres: 'geojson-vt-index',
  pglite: 'geojson-vt-index',
}

/** Whether a method can run on a backend (ST_AsMVT needs PostGIS built with protobuf). */
export function methodRunsOn(method: TileMethod, backend: Backend): boolean {
  return method !== 'postgis' || backend === 'postgres'
}

/** Builds the renderer of one method; throws when the backend cannot run it. */
export function createTileRenderer(database: AppDatabase, method: TileMethod): TileRenderer {
  if (!methodRunsOn(method, database.backend)) {
    throw new Error(`Tile method ${method} does not run on ${database.backend} (its PostGIS lacks protobuf support)`)
  }
  switch (method) {
    case 'postgis':
      return { method, render: (tile, _version, scopePath) => renderTilePostgis(database.db, tile, scopePath ?? null) }
    case 'geojson-vt-index':
      return new LayerIndexRenderer(database.db)
    case 'geojson-vt-tile':
      return new PerTileRenderer(database.db)
  }
}

const GEOJSON_VT_OPTIONS = {
  maxZoom: MAX_ZOOM,
  tolerance: SIMPLIFY_TOLERANCE,
  extent: TILE_EXTENT,
  buffer: TILE_BUFFER,
} as const

type LayerTiles = Partial<Record<TileLayerId, geojsonvt.Tile>>

/** Encodes the non-empty layers of a tile; an all-empty tile is zero bytes. */
function encode(layers: LayerTiles): Uint8Array {
  const present: Record<string, geojsonvt.Tile> = {}
  for (const layer of TILE_LAYERS) {
    const t = layers[layer.id]
    if (t && t.features.length > 0) present[layer.id] = t
  }
  if (Object.keys(present).length === 0) return new Uint8Array(0)
  return fromGeojsonVt(present, { version: 2, extent: TILE_EXTENT })
}

function toFeatureCollection(layer: TileLayerId, rows: AreaGeometryRow[]): FeatureCollection {
  const features: Feature[] = rows.map((r) => ({
    type: 'Feature',
    // The code as the feature id lets MapLibre keep feature state (hover, selection) per area.
    id: Number(r.code),
    properties: { code: r.code, name: r.name, level: layer },
    geometry: JSON.parse(r.geojson) as Geometry,
  }))
  return { type: 'FeatureCollection', features }
}

/**
 * Removes polygon rings that collapsed to no area on the integer tile grid, and features left without
 * an outer ring, as ST_AsMVTGeom does; both tilers then agree on which features a tile holds.
 */
function dropCollapsed(tile: geojsonvt.Tile | null): geojsonvt.Tile | undefined {
  if (!tile) return undefined
  const features = tile.features.filter((f) => {
    if (f.type !== 3) return true
    const rings = f.geometry as unknown as [number, number][][]
    const kept = rings.filter((ring) => ringArea(ring) !== 0)
    if (kept.length === rings.length) return true
    // Outer rings wind clockwise in tile coordinates (positive area here); holes need an outer ring.
    if (!kept.some((ring) => ringArea(ring) > 0)) return false
    ;(f as { geometry: unknown }).geometry = kept
    return true
  })
  return { ...tile, features }
}

function ringArea(ring: [number, number][]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!
    const b = ring[j]!
    sum += (b[0] - a[0]) * (b[1] + a[1])
  }
  return sum / 2
}

/** geojson-vt over whole layers: one index per layer and data version, built on first use. */
class LayerIndexRenderer implements TileRenderer {
  readonly method = 'geojson-vt-index' as const
  /**
   * geojson-vt keeps every tile it slices; past this many in a layer, that layer's index is rebuilt from
   * the features it keeps (tens of ms, no query). On the demo city this holds the indexes under ~65 MiB
   * (22 MiB once built) while every tile of zooms 12–15 is requested.
   */
  static readonly MAX_INDEX_TILES = 2_000
  private layers = new Map<TileLayerId, { version: string; ready: Promise<LayerIndex> }>()

  constructor(private readonly db: Kysely<DB>) {}

  async render(tile: TileAddress, version: string, scopePath?: string | null): Promise<Uint8Array> {
    const wanted = layersAt(tile.z)
    const indexes = await Promise.all(wanted.map((layer) => this.index(layer.id, version)))
    const layers: LayerTiles = {}
    wanted.forEach((layer, i) => {
      const entry = indexes[i]!
      layers[layer.id] = keepInScope(dropCollapsed(entry.index.getTile(tile.z, tile.x, tile.y)), entry.paths, scopePath)
      if (entry.index.tileCoords.length > LayerIndexRenderer.MAX_INDEX_TILES) entry.index = buildIndex(entry.features)
    })
    return encode(layers)
  }

  private index(layer: TileLayerId, version: string): Promise<LayerIndex> {
    const known = this.layers.get(layer)
    // A request that read an older version may use a newer index (never the other way round).
    if (known && !isNewerVersion(version, known.version)) return known.ready
    const ready = readLayerGeometries(this.db, layer).then((rows): LayerIndex => {
      const features = toFeatureCollection(layer, rows)
      return { features, index: buildIndex(features), paths: new Map(rows.map((r) => [r.code, r.path])) }
    })
    const entry = { version, ready }
    this.layers.set(layer, entry)
    ready.catch(() => {
      if (this.layers.get(layer) === entry) this.layers.delete(layer)
    })
    return ready
  }
}

/** One layer's features (kept to rebuild the index without a query) and their geojson-vt index. */
interface LayerIndex {
  features: FeatureCollection
  index: ReturnType<typeof geojsonvt>
  /** code → path of every feature, for the scope filter. */
  paths: Map<string, string>
}

function buildIndex(features: FeatureCollection): ReturnType<typeof geojsonvt> {
  return geojsonvt(features, { ...GEOJSON_VT_OPTIONS, indexMaxZoom: 5 })
}

/** geojson-vt per tile: PostGIS hands over only the features that reach into the tile, pre-clipped. */
class PerTileRenderer implements TileRenderer {
  readonly method = 'geojson-vt-tile' as const

  constructor(private readonly db: Kysely<DB>) {}

  async render(tile: TileAddress, _version: string, scopePath?: string | null): Promise<Uint8Array> {
    // Clip in the database to twice the buffer; geojson-vt makes the exact cut at the buffer.
    const box = tileBounds(tile, 2 * TILE_BUFFER)
    const layers: LayerTiles = {}
    await Promise.all(
      layersAt(tile.z).map(async (layer) => {
        const rows = (await readLayerGeometriesInBox(this.db, layer.id, box)).filter((r) => inSubtree(scopePath, r.path))
        if (rows.length === 0) return
        const index = geojsonvt(toFeatureCollection(layer.id, rows), { ...GEOJSON_VT_OPTIONS, indexMaxZoom: 0 })
        layers[layer.id] = dropCollapsed(index.getTile(tile.z, tile.x, tile.y))
      }),
    )
    return encode(layers)
  }
}

/** A short, stable tag of a scope for ETags (the path itself may be long). */
function scopeTag(scopePath: string): string {
  return createHash('sha256').update(scopePath).digest('hex').slice(0, 12)
}

export interface TileServiceOptions {
  /** Which tiler to use; defaults to DEFAULT_TILE_METHOD of the backend. */
  method?: TileMethod
  /** Memory cap of the in-process tile cache in bytes (0 disables it). */
  cacheBytes?: number
}

export interface TileResult {
  version: string
  etag: string
  /** Encoded MVT; zero bytes when no layer has a feature in the tile. */
  body: Uint8Array
}

/** Default memory cap of the encoded-tile cache: ~10,000 tiles of the demo city. */
export const DEFAULT_TILE_CACHE_BYTES = 32 * 1024 * 1024

/** Tiles with their data version, strong ETag and in-process cache; TileJSON facts. */
export class TileService {
  readonly renderer: TileRenderer
  private readonly cache: TileCache
  private readonly inflight = new Map<string, Promise<Uint8Array>>()
  private cachedVersion: string | undefined
  private bounds: { version: string; bounds: Promise<[number, number, number, number] | undefined> } | undefined

  constructor(
    private readonly database: AppDatabase,
    options: TileServiceOptions = {},
  ) {
    this.renderer = createTileRenderer(database, options.method ?? DEFAULT_TILE_METHOD[database.backend])
    this.cache = new TileCache(options.cacheBytes ?? DEFAULT_TILE_CACHE_BYTES)
  }

  get method(): TileMethod {
    return this.renderer.method
  }

  /** The current data version; read on every request so a boundary change shows at once. */
  async dataVersion(): Promise<string> {
    const version = await readDataVersion(this.database.db)
    if (version !== this.cachedVersion) {
      // Tiles of older versions can never be served again: free their memory now.
      this.cache.retainPrefix(`${version}|`)
      this.cachedVersion = version
    }
    return version
  }

  /**
   * The strong ETag of a tile: the same bytes for the same data version, tiler and address. The
   * contract revision ("mvt1") changes when the tile format does, so clients never keep stale tiles.
   */
  etag(version: string, { z, x, y }: TileAddress, scopePath: string | null = null): string {
    return `"mvt1-${this.renderer.method}-${version}-${z}-${x}-${y}${scopePath ? `-s${scopeTag(scopePath)}` : ''}"`
  }

  /**
   * One tile at `version` (read it with dataVersion() first). The version is read before the
   * features, so a tile may show data newer than its version but never older: a stale tile is never
   * cached under a newer version.
   */
  async tile(tile: TileAddress, version: string, scopePath: string | null = null): Promise<TileResult> {
    const key = `${version}|${tile.z}/${tile.x}/${tile.y}|${scopePath ?? ''}`
    const etag = this.etag(version, tile, scopePath)
    const cached = this.cache.get(key)
    if (cached) return { version, etag, body: cached }
    let pending = this.inflight.get(key)
    if (!pending) {
      pending = this.renderer.render(tile, version, scopePath).finally(() => this.inflight.delete(key))
      this.inflight.set(key, pending)
    }
    const body = await pending
    if (version === this.cachedVersion) this.cache.set(key, body)
    return { version, etag, body }
  }

  /** West, south, east, north of the map at `version`, or undefined when there are no areas. */
  mapBounds(version: string): Promise<[number, number, number, number] | undefined> {
    if (this.bounds?.version !== version) {
      const bounds = readMapBounds(this.database.db)
      this.bounds = { version, bounds }
      bounds.catch(() => {
        if (this.bounds?.bounds === bounds) this.bounds = undefined
      })
    }
    return this.bounds.bounds
  }

  cacheStats(): TileCacheStats {
    return this.cache.stats()
  }
}
