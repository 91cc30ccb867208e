// Small geometry helpers for the maps: bounding boxes of GeoJSON and fitting the view to them.
import type { Geometry, GeoJSON, Position } from 'geojson'
import type { LngLatBoundsLike, Map as MaplibreMap } from 'maplibre-gl'

/** [west, south, east, north] in degrees. */
export type Bbox = [number, number, number, number]

function eachPosition(g: Geometry, visit: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      visit(g.coordinates)
      break
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(visit)
      break
    case 'MultiLineString':
    case 'Polygon':
      g.coordinates.forEach((ring) => ring.forEach(visit))
      break
    case 'MultiPolygon':
      g.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)))
      break
    case 'GeometryCollection':
      g.geometries.forEach((child) => eachPosition(child, visit))
      break
  }
}

/** Every coordinate of a GeoJSON object. */
export function forEachPosition(obj: GeoJSON, visit: (p: Position) => void): void {
  if (obj.type === 'FeatureCollection') obj.features.forEach((f) => f.geometry && eachPosition(f.geometry, visit))
  else if (obj.type === 'Feature') {
    if (obj.geometry) eachPosition(obj.geometry, visit)
  } else eachPosition(obj, visit)
}

/** The bounding box of a GeoJSON object, or undefined when it has no coordinates. */
export function bboxOf(obj: GeoJSON | null | undefined): Bbox | undefined {
  if (!obj) return undefined
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  forEachPosition(obj, (p) => {
    const [x, y] = p
    if (x === undefined || y === undefined) return
    if (x < w) w = x
    if (x > e) e = x
    if (y < s) s = y
    if (y > n) n = y
  })
  return Number.isFinite(w) ? [w, s, e, n] : undefined
}

/** Moves the map so the box fills it, leaving `padding` pixels around. */
export function fitBbox(map: MaplibreMap, bbox: Bbox, options: { padding?: number; maxZoom?: number; animate?: boolean } = {}): void {
  const [w, s, e, n] = bbox
  const container = map.getContainer()
  // A padding larger than the map would make fitBounds fail; shrink it on small screens.
  const padding = Math.max(0, Math.min(options.padding ?? 40, Math.floor(Math.min(container.clientWidth, container.clientHeight) / 4)))
  const bounds: LngLatBoundsLike = [
    [w, s],
    [e, n],
  ]
  map.fitBounds(bounds, { padding, maxZoom: options.maxZoom ?? 16, duration: options.animate === false ? 0 : 600 })
}
