// The map style shared by every page: no external basemap, only a background colour and our own
// vector tiles of the area hierarchy (district / street / community / grid), each drawn from its
// min zoom with a fill, an outline, a hover outline and a Chinese label.
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  Map as MaplibreMap,
  StyleSpecification,
  VectorTileSource,
} from 'maplibre-gl'
import { API_BASE } from '../api/client'

export const MAP_LEVELS = ['district', 'street', 'community', 'grid'] as const
export type MapLevel = (typeof MAP_LEVELS)[number]

export function isMapLevel(value: unknown): value is MapLevel {
  return typeof value === 'string' && (MAP_LEVELS as readonly string[]).includes(value)
}

/** Colours and zoom ranges of each level (tiles: district from 0, street 9, community 11, grid 12). */
export const LEVEL_STYLE: Record<MapLevel, { color: string; fill: string; minzoom: number; lineWidth: number; labelMin: number; labelMax: number; textSize: number }> = {
  district: { color: '#1e40af', fill: '#93c5fd', minzoom: 0, lineWidth: 2.6, labelMin: 0, labelMax: 10.5, textSize: 14 },
  street: { color: '#047857', fill: '#6ee7b7', minzoom: 9, lineWidth: 1.9, labelMin: 9.5, labelMax: 12.5, textSize: 13 },
  community: { color: '#b45309', fill: '#fcd34d', minzoom: 11, lineWidth: 1.4, labelMin: 12, labelMax: 14.5, textSize: 12 },
  grid: { color: '#db2777', fill: '#f9a8d4', minzoom: 12, lineWidth: 0.8, labelMin: 14, labelMax: 24, textSize: 11 },
}

/** CJK labels are drawn with local fonts: the server's glyph ranges are empty. */
export const LOCAL_IDEOGRAPH_FONT_FAMILY = "'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
export const GLYPHS_URL = `${API_BASE}/glyphs/{fontstack}/{range}.pbf`
export const LABEL_FONT = ['Noto Sans Regular']
export const BACKGROUND_COLOR = '#eef1ec'
export const AREAS_SOURCE = 'areas'
/** One point per area for its label, computed from the loaded tiles (see area-labels.ts). */
export const LABELS_SOURCE = 'area-labels'
export const TILES_MAX_ZOOM = 16

/** Absolute tile URL template (workers cannot resolve relative URLs); `version` busts caches after edits. */
export function tilesUrl(version = 0): string {
  const origin = typeof location === 'undefined' ? '' : location.origin
  return `${origin}${API_BASE}/tiles/{z}/{x}/{y}.mvt${version > 0 ? `?v=${version}` : ''}`
}

export const layerIds = (level: MapLevel) => ({
  fill: `area-${level}-fill`,
  line: `area-${level}-line`,
  hover: `area-${level}-hover`,
  label: `area-${level}-label`,
})

export const AREA_FILL_LAYERS: string[] = MAP_LEVELS.map((l) => layerIds(l).fill)

/** Fill opacity fades as finer levels appear, so the finest visible level reads best. */
function fillOpacity(level: MapLevel): ExpressionSpecification | number {
  // Outlines carry the hierarchy; fills are a light tint (and the hit area for clicks).
  if (level === 'grid') return 0.06
  const from = Math.max(LEVEL_STYLE[level].minzoom, 8)
  const start = level === 'district' ? 0.3 : 0.14
  return ['interpolate', ['linear'], ['zoom'], from, start, from + 3, 0.03]
}

/** The layers of one level: fill, outline, hover outline and label. */
export function areaLayers(level: MapLevel): LayerSpecification[] {
  const s = LEVEL_STYLE[level]
  const ids = layerIds(level)
  const nothing: FilterSpecification = ['==', ['get', 'code'], '']
  return [
    {
      id: ids.fill,
      type: 'fill',
      source: AREAS_SOURCE,
      'source-layer': level,
      minzoom: s.minzoom,
      paint: { 'fill-color': s.fill, 'fill-opacity': fillOpacity(level) },
    },
    {
      id: ids.line,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': level,
      minzoom: s.minzoom,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': s.color,
        'line-width': ['interpolate', ['linear'], ['zoom'], s.minzoom, s.lineWidth * 0.8, s.minzoom + 4, s.lineWidth * 1.4],
        'line-opacity': level === 'grid' ? 0.75 : 0.95,
      },
    },
    {
      id: ids.hover,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': level,
      minzoom: s.minzoom,
      filter: nothing,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': s.color, 'line-width': s.lineWidth + 2.5, 'line-opacity': 0.85 },
    },
  ]
}

/** The label layer of a level: the `name` of each area, once per area, in Chinese (local CJK font). */
export function areaLabelLayer(level: MapLevel): LayerSpecification {
  const s = LEVEL_STYLE[level]
  return {
    id: layerIds(level).label,
    type: 'symbol',
    source: LABELS_SOURCE,
    filter: ['==', ['get', 'level'], level],
    minzoom: Math.max(s.minzoom, s.labelMin),
    maxzoom: s.labelMax,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': LABEL_FONT,
      'text-size': s.textSize,
      'text-max-width': 8,
      'text-padding': 4,
      'symbol-placement': 'point',
      'symbol-sort-key': ['get', 'rank'],
    },
    paint: { 'text-color': '#1f2937', 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.4 },
  }
}

/** The base style: background, glyphs, the area tiles and all area layers (labels on top). */
export function baseStyle(tilesVersion = 0): StyleSpecification {
  return {
    version: 8,
    glyphs: GLYPHS_URL,
    sources: {
      [AREAS_SOURCE]: {
        type: 'vector',
        tiles: [tilesUrl(tilesVersion)],
        minzoom: 0,
        maxzoom: TILES_MAX_ZOOM,
      },
      [LABELS_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      ...MAP_LEVELS.flatMap(areaLayers),
      ...MAP_LEVELS.map(areaLabelLayer),
    ],
  }
}

/** Id of the first label layer: overlays go below it so names stay readable. */
export const FIRST_LABEL_LAYER = layerIds('district').label

/** Shows or hides every layer of a level. */
export function setLevelVisible(map: MaplibreMap, level: MapLevel, visible: boolean): void {
  for (const id of Object.values(layerIds(level))) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
  }
}

/** Outlines the area `code` at `level` (or nothing) as the hovered one. */
export function setHovered(map: MaplibreMap, hovered: { level: MapLevel; code: string } | null): void {
  for (const level of MAP_LEVELS) {
    const id = layerIds(level).hover
    if (!map.getLayer(id)) continue
    map.setFilter(id, ['==', ['get', 'code'], hovered && hovered.level === level ? hovered.code : ''])
  }
}

/** Points the area tiles at a new version (after boundaries changed). */
export function refreshAreaTiles(map: MaplibreMap, version: number): void {
  const source = map.getSource(AREAS_SOURCE) as VectorTileSource | undefined
  source?.setTiles([tilesUrl(version)])
}

/** The finest area under a point of the map, from the visible fill layers. */
export function areaAt(map: MaplibreMap, point: { x: number; y: number }): { level: MapLevel; code: string; name: string } | undefined {
  const layers = AREA_FILL_LAYERS.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none')
  if (layers.length === 0) return undefined
  const features = map.queryRenderedFeatures([point.x, point.y], { layers })
  let best: { level: MapLevel; code: string; name: string } | undefined
  for (const f of features) {
    const level = f.sourceLayer
    const code = f.properties?.code
    if (!isMapLevel(level) || typeof code !== 'string') continue
    if (!best || MAP_LEVELS.indexOf(level) > MAP_LEVELS.indexOf(best.level)) {
      best = { level, code, name: String(f.properties?.name ?? '') }
    }
  }
  return best
}
