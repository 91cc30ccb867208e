// Types of vt-pbf 3 (it ships none): only the entry point the JavaScript tiler uses.
declare module 'vt-pbf' {
  interface GeojsonVtFeature {
    geometry: unknown
    type: number
    tags?: Record<string, unknown> | null
    id?: number | string
  }

  /** Encodes geojson-vt tiles, one per layer name, as a Mapbox Vector Tile. */
  export function fromGeojsonVt(
    layers: Record<string, { features: readonly GeojsonVtFeature[] }>,
    options?: { version?: number; extent?: number },
  ): Uint8Array
}
