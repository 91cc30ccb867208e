// Reads a GeoJSON file (e.g. exported from QGIS) into import features, before anything is sent:
// structural problems (not JSON, not polygons, open rings, projected coordinates) stop the file;
// missing or odd properties are warnings the user can fix in the list.
import type { MultiPolygon, Polygon, Position } from 'geojson'

export type ParseProblemCode =
  | 'invalid_json'
  | 'not_geojson'
  | 'no_features'
  | 'not_a_feature'
  | 'missing_geometry'
  | 'unsupported_geometry'
  | 'bad_coordinates'
  | 'coordinate_out_of_range'
  | 'ring_too_short'
  | 'ring_not_closed'
  | 'unsupported_crs'
  | 'code_missing'
  | 'code_converted'
  | 'name_missing'

export interface ParseProblem {
  problem: ParseProblemCode
  /** Index of the feature in the file. */
  feature?: number
  /** JSON pointer into the file. */
  field?: string
  /** Extra text for the message (the parser's own words, a value). */
  detail?: string
}

export interface ParsedFeature {
  code: string
  name: string
  responsibleUnit: string
  geometry: Polygon | MultiPolygon
}

export interface ParseResult {
  features: ParsedFeature[]
  errors: ParseProblem[]
  warnings: ParseProblem[]
}

const MAX_PROBLEMS = 500

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function checkPosition(p: unknown, pointer: string, feature: number, errors: ParseProblem[]): p is Position {
  if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    errors.push({ problem: 'bad_coordinates', feature, field: pointer })
    return false
  }
  const [x, y] = p as number[]
  if (x! < -180 || x! > 180 || y! < -90 || y! > 90) {
    errors.push({ problem: 'coordinate_out_of_range', feature, field: pointer, detail: `${x}, ${y}` })
    return false
  }
  return true
}

function checkRing(ring: unknown, pointer: string, feature: number, errors: ParseProblem[]): void {
  if (!Array.isArray(ring)) {
    errors.push({ problem: 'bad_coordinates', feature, field: pointer })
    return
  }
  let ok = true
  for (let i = 0; i < ring.length && ok; i++) ok = checkPosition(ring[i], `${pointer}/${i}`, feature, errors)
  if (!ok) return
  if (ring.length < 4) {
    errors.push({ problem: 'ring_too_short', feature, field: pointer, detail: String(ring.length) })
    return
  }
  const first = ring[0] as number[]
  const last = ring[ring.length - 1] as number[]
  if (first[0] !== last[0] || first[1] !== last[1]) errors.push({ problem: 'ring_not_closed', feature, field: pointer })
}

function checkPolygon(rings: unknown, pointer: string, feature: number, errors: ParseProblem[]): void {
  if (!Array.isArray(rings) || rings.length === 0) {
    errors.push({ problem: 'bad_coordinates', feature, field: pointer })
    return
  }
  rings.forEach((ring, i) => checkRing(ring, `${pointer}/${i}`, feature, errors))
}

/** Whether a GeoJSON `crs` member (old-style, QGIS writes it) names WGS 84 longitude/latitude. */
function isWgs84Crs(crs: unknown): boolean {
  if (!isObject(crs)) return true
  const props = crs.properties
  const name = isObject(props) && typeof props.name === 'string' ? props.name : ''
  return name === '' || /CRS84|EPSG:{1,2}4326\b|EPSG::4326/i.test(name)
}

/** Parses and checks the text of a GeoJSON file. */
export function parseImportFile(text: string): ParseResult {
  const errors: ParseProblem[] = []
  const warnings: ParseProblem[] = []
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    return { features: [], errors: [{ problem: 'invalid_json', detail: err instanceof Error ? err.message : String(err) }], warnings }
  }
  if (!isObject(doc) || (doc.type !== 'FeatureCollection' && doc.type !== 'Feature')) {
    return { features: [], errors: [{ problem: 'not_geojson', field: '/type', detail: isObject(doc) ? String(doc.type) : typeof doc }], warnings }
  }
  if (!isWgs84Crs(doc.crs)) {
    const props = isObject(doc.crs) ? doc.crs.properties : undefined
    errors.push({ problem: 'unsupported_crs', field: '/crs', detail: isObject(props) ? String(props.name) : undefined })
  }
  const rawFeatures: unknown[] = doc.type === 'Feature' ? [doc] : Array.isArray(doc.features) ? doc.features : []
  if (doc.type === 'FeatureCollection' && !Array.isArray(doc.features)) {
    errors.push({ problem: 'not_geojson', field: '/features' })
    return { features: [], errors, warnings }
  }
  if (rawFeatures.length === 0) {
    errors.push({ problem: 'no_features', field: '/features' })
    return { features: [], errors, warnings }
  }

  const features: ParsedFeature[] = []
  rawFeatures.forEach((raw, i) => {
    if (errors.length > MAX_PROBLEMS) return
    const base = doc && (doc as { type?: unknown }).type === 'Feature' ? '' : `/features/${i}`
    if (!isObject(raw) || raw.type !== 'Feature') {
      errors.push({ problem: 'not_a_feature', feature: i, field: base || '/' })
      return
    }
    const g = raw.geometry
    if (!isObject(g)) {
      errors.push({ problem: 'missing_geometry', feature: i, field: `${base}/geometry` })
      return
    }
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
      errors.push({ problem: 'unsupported_geometry', feature: i, field: `${base}/geometry/type`, detail: String(g.type) })
      return
    }
    const before = errors.length
    if (g.type === 'Polygon') checkPolygon(g.coordinates, `${base}/geometry/coordinates`, i, errors)
    else if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) errors.push({ problem: 'bad_coordinates', feature: i, field: `${base}/geometry/coordinates` })
    else (g.coordinates as unknown[]).forEach((poly, j) => checkPolygon(poly, `${base}/geometry/coordinates/${j}`, i, errors))
    if (errors.length > before) return

    const props = isObject(raw.properties) ? raw.properties : {}
    let code = ''
    if (typeof props.code === 'string') code = props.code.trim()
    else if (typeof props.code === 'number' && Number.isSafeInteger(props.code)) {
      code = String(props.code)
      warnings.push({ problem: 'code_converted', feature: i, field: `${base}/properties/code`, detail: code })
    }
    if (!code) warnings.push({ problem: 'code_missing', feature: i, field: `${base}/properties/code` })
    const name = typeof props.name === 'string' ? props.name.trim() : ''
    if (!name) warnings.push({ problem: 'name_missing', feature: i, field: `${base}/properties/name` })
    const unit = typeof props.responsible_unit === 'string' ? props.responsible_unit.trim() : ''
    features.push({ code, name, responsibleUnit: unit, geometry: { type: g.type, coordinates: g.coordinates } as Polygon | MultiPolygon })
  })
  return { features: errors.length > 0 ? [] : features, errors, warnings }
}
