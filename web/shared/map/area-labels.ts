// Keeps the label source of a map in step with its area tiles: after the view moves or tiles
// arrive, one label point per area (of the levels labelled at this zoom) is computed from the
// pieces in the loaded tiles.
import type { GeoJSONSource, Map as MaplibreMap, MapSourceDataEvent } from 'maplibre-gl'
import type { Feature, Point } from 'geojson'
import { labelPoint, type PolygonRings } from './label-points'
import { AREAS_SOURCE, LABELS_SOURCE, LEVEL_STYLE, MAP_LEVELS } from './map-style'

/** Starts updating the labels; returns the function that stops it. */
export function attachAreaLabels(map: MaplibreMap): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = ''

  const update = () => {
    const source = map.getSource(LABELS_SOURCE) as GeoJSONSource | undefined
    if (!source || !map.getSource(AREAS_SOURCE)) return
    const zoom = map.getZoom()
    const features: Feature<Point>[] = []
    for (const level of MAP_LEVELS) {
      const s = LEVEL_STYLE[level]
      if (zoom < Math.max(s.minzoom, s.labelMin) - 0.5 || zoom >= s.labelMax + 0.5) continue
      const byCode = new Map<string, { name: string; pieces: PolygonRings[] }>()
      for (const f of map.querySourceFeatures(AREAS_SOURCE, { sourceLayer: level })) {
        const code = f.properties?.code
        if (typeof code !== 'string') continue
        let entry = byCode.get(code)
        if (!entry) {
          entry = { name: String(f.properties?.name ?? ''), pieces: [] }
          byCode.set(code, entry)
        }
        const g = f.geometry
        if (g.type === 'Polygon') entry.pieces.push(g.coordinates)
        else if (g.type === 'MultiPolygon') entry.pieces.push(...g.coordinates)
      }
      for (const [code, { name, pieces }] of byCode) {
        const p = labelPoint(pieces)
        if (p) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: { code, name, level, rank: MAP_LEVELS.indexOf(level) } })
      }
    }
    const signature = features.map((f) => `${f.properties?.code}@${f.geometry.coordinates[0]!.toFixed(5)},${f.geometry.coordinates[1]!.toFixed(5)}`).join('|')
    if (signature === last) return
    last = signature
    source.setData({ type: 'FeatureCollection', features })
  }

  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(update, 150)
  }
  const onData = (e: MapSourceDataEvent) => {
    if (e.sourceId === AREAS_SOURCE && e.isSourceLoaded) schedule()
  }
  map.on('moveend', schedule)
  map.on('sourcedata', onData)
  schedule()
  return () => {
    clearTimeout(timer)
    map.off('moveend', schedule)
    map.off('sourcedata', onData)
  }
}
