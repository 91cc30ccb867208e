// Validation of uploaded area boundaries (GeoJSON, typically drawn in QGIS) before anything touches the
// database. Pure and dependency-free: it checks structure, coordinates and properties and reports every
// problem with a JSON pointer into the upload, so the user can fix the whole file in one round.
// Geometry validity (self-intersection, coverage) is PostGIS's job later; winding order is not an error.
import type { ErrorDetail } from '../../infra/http/errors.ts'
import { AREA_LEVELS, impliedParentCode, isAreaLevel, levelOfCode, type AreaLevel } from '../../../shared/area-codes.ts'

/** One accepted feature of an import: its index in the upload, identity, properties and boundary. */
export interface BoundaryFeature {
  index: number
  code: string
  name: string
  responsibleUnit?: string
  /** The uploaded geometry, in 2D: positions are [longitude, latitude] (a Z value in the upload is dropped). */
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] }
}

/** Size limits of one import; a payload beyond them is rejected without scanning it all. */
export interface ValidationLimits {
  maxFeatures: number
  maxVertices: number
  maxVerticesPerFeature: number
}

/** Limits that fit a whole city's grids with detailed boundaries. */
export const DEFAULT_LIMITS: ValidationLimits = {
  maxFeatures: 20_000,
  maxVertices: 5_000_000,
  maxVerticesPerFeature: 200_000,
}

/** How many details a failed validation lists before summarising the rest in one `too_many_problems`. */
export const MAX_REPORTED_PROBLEMS = 1_000

/** Longest area name, in characters (code points), as the `area.name` check allows. */
export const MAX_NAME_LENGTH = 100
/** Longest responsible unit, in characters (code points), as the `area.responsible_unit` check allows. */
export const MAX_RESPONSIBLE_UNIT_LENGTH = 200

/** Checks an uploaded FeatureCollection of area boundaries and returns its features or every problem found. */
export function validateBoundaryCollection(
  input: unknown,
  opts: { limits?: Partial<ValidationLimits> } = {},
): { ok: true; features: BoundaryFeature[] } | { ok: false; details: ErrorDetail[] } {
  const limits: ValidationLimits = { ...DEFAULT_LIMITS, ...opts.limits }
  const out = new Problems(MAX_REPORTED_PROBLEMS)
  const features = checkCollection(input, limits, out)
  if (out.count === 0 && features) return { ok: true, features }
  return { ok: false, details: out.result() }
}

// ---------------------------------------------------------------------------------------------------
// Collecting problems

interface FeatureContext {
  index: number
  /** The code as read, when it is readable (a short string or an integer), for `areaCode`. */
  areaCode: string | undefined
  /** Whether some position carries a Z value, which the accepted geometry then drops. */
  hasZ: boolean
}

/** Keeps the first `max` details and counts the rest, so a huge bad upload gives a bounded answer. */
class Problems {
  readonly details: ErrorDetail[] = []
  count = 0
  constructor(private readonly max: number) {}

  /** Whether the next detail will be kept; hot loops check this before building pointers and messages. */
  get accepting(): boolean {
    return this.count < this.max
  }

  /** Counts a problem without building its detail (once the list is full). */
  skip(): void {
    this.count++
  }

  add(ctx: FeatureContext | undefined, problem: string, field: string | undefined, message: string): void {
    if (this.count++ >= this.max) return
    const detail: ErrorDetail = { message, problem }
    if (field !== undefined) detail.field = field
    if (ctx) {
      detail.feature = ctx.index
      if (ctx.areaCode !== undefined) detail.areaCode = ctx.areaCode
    }
    this.details.push(detail)
  }

  result(): ErrorDetail[] {
    const more = this.count - this.details.length
    if (more <= 0) return this.details
    return [
      ...this.details,
      {
        message: `${formatCount(more)} more ${more === 1 ? 'problem was' : 'problems were'} found but not listed; fix the ones above and upload again.`,
        problem: 'too_many_problems',
      },
    ]
  }
}

// ---------------------------------------------------------------------------------------------------
// The collection

const WGS84_CRS_NAMES = new Set(
  [
    'urn:ogc:def:crs:OGC:1.3:CRS84',
    'urn:ogc:def:crs:OGC::CRS84',
    'EPSG:4326',
    'urn:ogc:def:crs:EPSG::4326',
    'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
    'http://www.opengis.net/def/crs/EPSG/0/4326',
  ].map((name) => name.toLowerCase()),
)

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'])

function checkCollection(input: unknown, limits: ValidationLimits, out: Problems): BoundaryFeature[] | undefined {
  if (!isObject(input)) {
    out.add(undefined, 'not_feature_collection', '', `Expected a GeoJSON FeatureCollection object, got ${describe(input)}.`)
    return undefined
  }
  const type = own(input, 'type')
  if (type !== 'FeatureCollection') {
    out.add(undefined, 'not_feature_collection', '/type', notCollectionMessage(type))
    // Without a features array there is nothing more to say; with one, its problems are still useful.
    if (!Array.isArray(own(input, 'features'))) return undefined
  }

  // Coordinates in another CRS are all "out of range"; one crs detail says it better than thousands.
  const crsOk = checkCrs(own(input, 'crs'), out)

  const features = own(input, 'features')
  if (!Array.isArray(features)) {
    out.add(
      undefined,
      'features_missing',
      '/features',
      features === undefined
        ? 'The FeatureCollection has no "features" array.'
        : `"features" must be an array of Feature objects, got ${describe(features)}.`,
    )
    return undefined
  }
  if (features.length === 0) {
    out.add(undefined, 'features_empty', '/features', 'The FeatureCollection has no features; there is nothing to import.')
    return undefined
  }
  if (features.length > limits.maxFeatures) {
    out.add(
      undefined,
      'too_many_features',
      '/features',
      `The upload has ${formatCount(features.length)} features; at most ${formatCount(limits.maxFeatures)} can be imported at once. Split the import by district or street. The features were not checked further.`,
    )
    return undefined
  }

  // A cheap first pass (per ring, not per vertex) so oversized geometry is refused before it is scanned.
  const vertexCounts = new Float64Array(features.length)
  let totalVertices = 0
  for (let i = 0; i < features.length; i++) {
    const n = countVertices(features[i])
    vertexCounts[i] = n
    totalVertices += n
  }
  const scanAll = totalVertices <= limits.maxVertices
  if (!scanAll) {
    out.add(
      undefined,
      'too_many_vertices',
      '/features',
      `The upload has ${formatCount(totalVertices)} vertices; at most ${formatCount(limits.maxVertices)} can be imported at once. Simplify the boundaries or split the import. Positions were not checked further.`,
    )
  }

  const accepted: BoundaryFeature[] = []
  const firstIndexOfCode = new Map<string, number>()
  for (let i = 0; i < features.length; i++) {
    let scanPositions = scanAll
    const count = vertexCounts[i] ?? 0
    const tooBig = count > limits.maxVerticesPerFeature
    if (tooBig) scanPositions = false
    const feature = checkFeature(features[i], i, { scanPositions, checkRanges: crsOk, tooBig: tooBig ? count : 0, limits }, firstIndexOfCode, out)
    if (feature) accepted.push(feature)
  }
  return accepted
}

function notCollectionMessage(type: unknown): string {
  if (type === 'Feature') {
    return 'Expected a FeatureCollection but got a single Feature; wrap it as {"type": "FeatureCollection", "features": [ … ]}.'
  }
  if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
    return `Expected a FeatureCollection but got a bare ${type} geometry; boundaries need a FeatureCollection of Features with code and name properties.`
  }
  if (type === undefined) return 'Expected a GeoJSON FeatureCollection, but the object has no "type" member.'
  return `Expected a GeoJSON FeatureCollection, got type ${describe(type)}.`
}

/** Reports a crs member that does not name WGS 84 longitude/latitude; returns whether coordinates are lon/lat. */
function checkCrs(crs: unknown, out: Problems): boolean {
  if (crs === undefined || crs === null) return true
  const advice = 'Boundaries must be in WGS 84 longitude/latitude: in QGIS, export with CRS "EPSG:4326 - WGS 84". Coordinates were not range-checked.'
  if (!isObject(crs)) {
    out.add(undefined, 'crs_unsupported', '/crs', `The crs member must be an object naming a CRS, got ${describe(crs)}. ${advice}`)
    return false
  }
  const type = own(crs, 'type')
  const props = own(crs, 'properties')
  if (type === 'name' && isObject(props)) {
    const name = own(props, 'name')
    if (typeof name === 'string' && WGS84_CRS_NAMES.has(name.trim().toLowerCase())) return true
    out.add(undefined, 'crs_unsupported', '/crs/properties/name', `The crs ${describe(name)} is not supported. ${advice}`)
    return false
  }
  // The 2008 GeoJSON draft also allowed {"type": "EPSG", "properties": {"code": 4326}}.
  if (type === 'EPSG' && isObject(props)) {
    const code = own(props, 'code')
    if (code === 4326 || code === '4326') return true
    out.add(undefined, 'crs_unsupported', '/crs/properties/code', `The crs EPSG code ${describe(code)} is not supported. ${advice}`)
    return false
  }
  out.add(undefined, 'crs_unsupported', '/crs', `The crs member must name a CRS ({"type": "name", "properties": {"name": …}}), got type ${describe(type)}. ${advice}`)
  return false
}

// ---------------------------------------------------------------------------------------------------
// Features

interface ScanOptions {
  scanPositions: boolean
  checkRanges: boolean
  /** The feature's vertex count when it exceeds the per-feature limit, else 0. */
  tooBig: number
  limits: ValidationLimits
}

function checkFeature(
  value: unknown,
  index: number,
  scan: ScanOptions,
  firstIndexOfCode: Map<string, number>,
  out: Problems,
): BoundaryFeature | undefined {
  const ptr = `/features/${index}`
  const ctx: FeatureContext = { index, areaCode: undefined, hasZ: false }
  if (!isObject(value)) {
    out.add(ctx, 'not_a_feature', ptr, `Expected a Feature object, got ${describe(value)}.`)
    return undefined
  }
  const type = own(value, 'type')
  if (type !== 'Feature') {
    const looksLikeFeature = type === undefined && (Object.hasOwn(value, 'geometry') || Object.hasOwn(value, 'properties'))
    out.add(ctx, 'not_a_feature', ptr, notFeatureMessage(type))
    if (!looksLikeFeature) return undefined
  }
  const problemsBefore = out.count

  // Properties first: the code names the feature in every later detail.
  const props = own(value, 'properties')
  let code: string | undefined
  let name: string | undefined
  let responsibleUnit: string | undefined
  if (!isObject(props)) {
    out.add(
      ctx,
      'properties_missing',
      `${ptr}/properties`,
      props === undefined || props === null
        ? 'Feature has no properties; every area needs at least "code" and "name".'
        : `Feature properties must be an object, got ${describe(props)}.`,
    )
  } else {
    code = checkCode(props, ptr, ctx, firstIndexOfCode, out)
    name = checkName(props, ptr, ctx, out)
    responsibleUnit = checkResponsibleUnit(props, ptr, ctx, out)
    checkLevel(props, code, ptr, ctx, out)
    checkParentCode(props, code, ptr, ctx, out)
  }

  const geometry = checkGeometry(own(value, 'geometry'), ptr, ctx, scan, out)
  if (out.count !== problemsBefore || code === undefined || name === undefined || !geometry) return undefined
  // The boundary columns are 2D; a QGIS layer with heights must still import.
  const feature: BoundaryFeature = { index, code, name, geometry: ctx.hasZ ? withoutZ(geometry) : geometry }
  if (responsibleUnit !== undefined) feature.responsibleUnit = responsibleUnit
  return feature
}

function notFeatureMessage(type: unknown): string {
  if (type === undefined) return 'Expected a Feature, but the object has no "type": "Feature" member.'
  if (type === 'FeatureCollection') return 'Expected a Feature, got a nested FeatureCollection; list its features directly.'
  if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
    return `Expected a Feature, got a bare ${type} geometry; wrap it in a Feature with "code" and "name" properties.`
  }
  return `Expected a Feature, got type ${describe(type)}.`
}

// ---------------------------------------------------------------------------------------------------
// Properties

/** Reads and checks the code; returns it only when well-formed and importable. Sets ctx.areaCode when readable. */
function checkCode(
  props: Record<string, unknown>,
  ptr: string,
  ctx: FeatureContext,
  firstIndexOfCode: Map<string, number>,
  out: Problems,
): string | undefined {
  const field = `${ptr}/properties/code`
  const raw = own(props, 'code')
  let code: string
  if (typeof raw === 'string') {
    code = raw.trim()
  } else if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) {
    // GIS tools often type a column of digits as an integer; the digits are the same.
    code = String(raw)
  } else if (raw === undefined || raw === null) {
    out.add(ctx, 'code_missing', field, 'Feature has no "code" property; every area needs its standard code (e.g. a 15-digit grid code).')
    return undefined
  } else {
    out.add(ctx, 'code_malformed', field, `Code must be a string of digits, got ${describe(raw)}.`)
    return undefined
  }
  if (code === '') {
    out.add(ctx, 'code_missing', field, 'Feature has an empty "code"; every area needs its standard code (e.g. a 15-digit grid code).')
    return undefined
  }
  if (code.length <= 64) ctx.areaCode = code

  const first = firstIndexOfCode.get(code)
  if (first === undefined) firstIndexOfCode.set(code, ctx.index)
  else out.add(ctx, 'duplicate_code', field, `Code ${describe(code)} is already used by feature ${first}; each area may appear once.`)

  const problem = codeFormatProblem(code)
  if (problem) {
    out.add(ctx, 'code_malformed', field, problem)
    return undefined
  }
  return code
}

/**
 * Why a code is not a well-formed area code, or undefined. A city code (6 digits ending in 00) is
 * well-formed: an export of a whole city carries the city itself, and the import service accepts it
 * only as the root of the import.
 */
function codeFormatProblem(code: string): string | undefined {
  if (!/^\d+$/.test(code)) return `Code ${describe(code)} must contain digits only.`
  const level = levelOfCode(code)
  if (!level) {
    return `Code ${code} has ${code.length} digits; an area code has 9 (street), 12 (community) or 15 (grid) digits, or 6 for a city or district/county.`
  }
  if (level === 'grid' && code.endsWith('000')) return `Grid code ${code} has serial 000; grid serials run from 001 to 999.`
  return undefined
}

function checkName(props: Record<string, unknown>, ptr: string, ctx: FeatureContext, out: Problems): string | undefined {
  const field = `${ptr}/properties/name`
  const raw = own(props, 'name')
  if (raw === undefined || raw === null) {
    out.add(ctx, 'name_missing', field, 'Feature has no "name" property; every area needs a name.')
    return undefined
  }
  if (typeof raw !== 'string') {
    out.add(ctx, 'name_missing', field, `Name must be text, got ${describe(raw)}.`)
    return undefined
  }
  const name = raw.trim()
  if (name === '') {
    out.add(ctx, 'name_missing', field, 'Name is empty; every area needs a name.')
    return undefined
  }
  let ok = true
  const length = codePointLength(name)
  if (length > MAX_NAME_LENGTH) {
    out.add(ctx, 'name_too_long', field, `Name has ${length} characters; at most ${MAX_NAME_LENGTH} are allowed.`)
    ok = false
  }
  const bad = disallowedCharacter(name)
  if (bad) {
    out.add(ctx, 'name_invalid_characters', field, `Name contains ${bad}; control characters and bidirectional overrides are not allowed in names.`)
    ok = false
  }
  return ok ? name : undefined
}

function checkResponsibleUnit(props: Record<string, unknown>, ptr: string, ctx: FeatureContext, out: Problems): string | undefined {
  let result: string | undefined
  let ok = true
  for (const key of ['responsible_unit', 'responsibleUnit']) {
    const raw = own(props, key)
    if (raw === undefined || raw === null) continue
    const field = `${ptr}/properties/${key}`
    if (typeof raw !== 'string') {
      out.add(ctx, 'responsible_unit_invalid', field, `The responsible unit must be text, got ${describe(raw)}.`)
      ok = false
      continue
    }
    const unit = raw.trim()
    if (unit === '') continue // QGIS writes empty attributes as "" or null: no unit given.
    const length = codePointLength(unit)
    if (length > MAX_RESPONSIBLE_UNIT_LENGTH) {
      out.add(ctx, 'responsible_unit_invalid', field, `The responsible unit has ${length} characters; at most ${MAX_RESPONSIBLE_UNIT_LENGTH} are allowed.`)
      ok = false
    }
    const bad = disallowedCharacter(unit)
    if (bad) {
      out.add(ctx, 'responsible_unit_invalid', field, `The responsible unit contains ${bad}; control characters and bidirectional overrides are not allowed.`)
      ok = false
    }
    if (result !== undefined && result !== unit) {
      out.add(ctx, 'responsible_unit_invalid', field, 'Both "responsible_unit" and "responsibleUnit" are given and they differ; give one.')
      ok = false
    }
    result = unit
  }
  return ok ? result : undefined
}

const LEVEL_NAMES_EN: Record<AreaLevel, string> = {
  city: 'a city',
  district: 'a district/county',
  street: 'a street/town',
  community: 'a community/village',
  grid: 'a grid',
}

function checkLevel(props: Record<string, unknown>, code: string | undefined, ptr: string, ctx: FeatureContext, out: Problems): void {
  const raw = own(props, 'level')
  if (raw === undefined || raw === null || raw === '') return
  const field = `${ptr}/properties/level`
  const level = typeof raw === 'string' ? raw.trim() : raw
  if (!isAreaLevel(level)) {
    out.add(ctx, 'level_mismatch', field, `Level ${describe(raw)} is not one of ${AREA_LEVELS.join(', ')}.`)
    return
  }
  const implied = code === undefined ? undefined : levelOfCode(code)
  if (implied && implied !== level) {
    out.add(ctx, 'level_mismatch', field, `Level "${level}" does not match code ${code}, which is the code of ${LEVEL_NAMES_EN[implied]} (level "${implied}").`)
  }
}

function checkParentCode(props: Record<string, unknown>, code: string | undefined, ptr: string, ctx: FeatureContext, out: Problems): void {
  for (const key of ['parent_code', 'parentCode']) {
    const raw = own(props, key)
    if (raw === undefined || raw === null || raw === '') continue
    const field = `${ptr}/properties/${key}`
    let parent: string
    if (typeof raw === 'string') parent = raw.trim()
    else if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) parent = String(raw)
    else {
      out.add(ctx, 'parent_mismatch', field, `The parent code must be a string of digits, got ${describe(raw)}.`)
      continue
    }
    if (code === undefined) continue // Nothing to compare with; the code's own problem is reported.
    const implied = impliedParentCode(code)
    if (parent !== implied) {
      out.add(ctx, 'parent_mismatch', field, `Parent code ${describe(parent)} does not match code ${code}, whose prefix implies parent ${implied}.`)
    }
  }
}

// Control characters (C0, DEL, C1), bidi embeddings/overrides/isolates, and unpaired surrogates.
const DISALLOWED_CHARACTER =
  /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const BIDI_NAMES: Record<number, string> = {
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
}

/** Describes the first disallowed character of `text` and where it is, or undefined when there is none. */
function disallowedCharacter(text: string): string | undefined {
  const match = DISALLOWED_CHARACTER.exec(text)
  if (!match) return undefined
  const unit = text.charCodeAt(match.index)
  const hex = `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`
  const position = codePointLength(text.slice(0, match.index)) + 1
  const kind = BIDI_NAMES[unit]
    ? `the bidirectional control ${hex} (${BIDI_NAMES[unit]})`
    : unit >= 0xd800 && unit <= 0xdfff
      ? `an unpaired surrogate ${hex} (broken text encoding)`
      : `the control character ${hex}`
  return `${kind} at character ${position}`
}

function codePointLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // A low surrogate after a high one completes a pair that is one character.
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const prev = text.charCodeAt(i - 1)
      if (prev >= 0xd800 && prev <= 0xdbff) continue
    }
    n++
  }
  return n
}

// ---------------------------------------------------------------------------------------------------
// Geometry

/** Positions in a Polygon or MultiPolygon, counted per ring without looking at the positions. */
function countVertices(feature: unknown): number {
  if (!isObject(feature)) return 0
  const geometry = own(feature, 'geometry')
  if (!isObject(geometry)) return 0
  const type = own(geometry, 'type')
  const coordinates = own(geometry, 'coordinates')
  if (!Array.isArray(coordinates)) return 0
  if (type === 'Polygon') return countPolygon(coordinates)
  if (type !== 'MultiPolygon') return 0
  let n = 0
  for (let p = 0; p < coordinates.length; p++) {
    const polygon: unknown = coordinates[p]
    if (Array.isArray(polygon)) n += countPolygon(polygon)
  }
  return n
}

function countPolygon(rings: unknown[]): number {
  let n = 0
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r]
    if (Array.isArray(ring)) n += ring.length
  }
  return n
}

function checkGeometry(
  geometry: unknown,
  ptr: string,
  ctx: FeatureContext,
  scan: ScanOptions,
  out: Problems,
): BoundaryFeature['geometry'] | undefined {
  const field = `${ptr}/geometry`
  if (geometry === undefined || geometry === null) {
    out.add(ctx, 'geometry_missing', field, 'Feature has no geometry; every area needs a Polygon or MultiPolygon boundary.')
    return undefined
  }
  if (!isObject(geometry)) {
    out.add(ctx, 'geometry_missing', field, `Geometry must be a GeoJSON geometry object, got ${describe(geometry)}.`)
    return undefined
  }
  const type = own(geometry, 'type')
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    out.add(ctx, 'geometry_type_unsupported', `${field}/type`, unsupportedTypeMessage(type))
    return undefined
  }
  const coordsPtr = `${field}/coordinates`
  const coordinates = own(geometry, 'coordinates')
  const before = out.count
  if (!Array.isArray(coordinates)) {
    out.add(
      ctx,
      'coordinates_malformed',
      coordsPtr,
      `${type} coordinates must be an array of ${type === 'Polygon' ? 'linear rings' : 'polygons'}, got ${describe(coordinates)}.`,
    )
    return undefined
  }
  if (scan.tooBig > 0) {
    out.add(
      ctx,
      'too_many_vertices',
      coordsPtr,
      `This boundary has ${formatCount(scan.tooBig)} vertices; at most ${formatCount(scan.limits.maxVerticesPerFeature)} are allowed per area. Simplify it in QGIS (Vector › Geometry Tools › Simplify). Its positions were not checked further.`,
    )
  }
  if (type === 'Polygon') {
    checkPolygon(coordinates, coordsPtr, ctx, scan, out)
  } else if (coordinates.length === 0) {
    out.add(ctx, 'coordinates_malformed', coordsPtr, 'MultiPolygon has no polygons.')
  } else {
    for (let p = 0; p < coordinates.length; p++) {
      const polygon: unknown = coordinates[p]
      const polygonPtr = `${coordsPtr}/${p}`
      if (!Array.isArray(polygon)) {
        out.add(ctx, 'coordinates_malformed', polygonPtr, `Each polygon of a MultiPolygon must be an array of linear rings, got ${describe(polygon)}.`)
        continue
      }
      checkPolygon(polygon, polygonPtr, ctx, scan, out)
    }
  }
  if (out.count !== before) return undefined
  return type === 'Polygon'
    ? { type, coordinates: coordinates as number[][][] }
    : { type, coordinates: coordinates as number[][][][] }
}

/** A copy of a checked geometry with every position cut to [longitude, latitude]; 2D positions are shared. */
function withoutZ(geometry: BoundaryFeature['geometry']): BoundaryFeature['geometry'] {
  const polygon2d = (rings: number[][][]) => rings.map((ring) => ring.map((p) => (p.length > 2 ? [p[0] as number, p[1] as number] : p)))
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polygon2d(geometry.coordinates as number[][][]) }
    : { type: 'MultiPolygon', coordinates: (geometry.coordinates as number[][][][]).map(polygon2d) }
}

function unsupportedTypeMessage(type: unknown): string {
  const need = 'area boundaries must be Polygon or MultiPolygon.'
  if (type === undefined) return `Geometry has no "type"; ${need}`
  if (type === 'GeometryCollection') return `Geometry type GeometryCollection is not supported; ${need} Merge its polygons into a MultiPolygon.`
  if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) return `Geometry type ${type} is not supported; ${need}`
  return `Geometry type ${describe(type)} is not a GeoJSON geometry type; ${need}`
}

/** Checks the rings of one polygon; `polygonPtr` points at its array of rings. */
function checkPolygon(rings: unknown[], polygonPtr: string, ctx: FeatureContext, scan: ScanOptions, out: Problems): void {
  if (rings.length === 0) {
    out.add(ctx, 'coordinates_malformed', polygonPtr, 'Polygon has no rings; it needs at least an exterior ring.')
    return
  }
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r]
    if (!Array.isArray(ring)) {
      out.add(ctx, 'coordinates_malformed', `${polygonPtr}/${r}`, `A linear ring must be an array of positions, got ${describe(ring)}.`)
      continue
    }
    if (scan.scanPositions) checkPositions(ring, polygonPtr, r, ctx, scan.checkRanges, out)
    if (ring.length < 4) {
      out.add(
        ctx,
        'ring_too_short',
        `${polygonPtr}/${r}`,
        `A linear ring needs at least 4 positions (3 corners and the first repeated at the end), got ${ring.length}.`,
      )
    }
    if (ring.length >= 2 && !sameEndpoints(ring[0], ring[ring.length - 1])) {
      out.add(
        ctx,
        'ring_not_closed',
        `${polygonPtr}/${r}`,
        `A linear ring must end where it starts; position ${ring.length - 1} differs from position 0.`,
      )
    }
  }
}

/** False only when both ends are readable positions that differ; unreadable ends are reported elsewhere. */
function sameEndpoints(a: unknown, b: unknown): boolean {
  if (!isReadablePosition(a) || !isReadablePosition(b)) return true
  if (a[0] !== b[0] || a[1] !== b[1]) return false
  return a.length < 3 || b.length < 3 || a[2] === b[2]
}

function isReadablePosition(p: unknown): p is number[] {
  return Array.isArray(p) && p.length >= 2 && isFiniteNumber(p[0]) && isFiniteNumber(p[1]) && (p.length < 3 || isFiniteNumber(p[2]))
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

// The hot loop: millions of positions. No allocation unless a problem is reported and kept.
function checkPositions(ring: unknown[], polygonPtr: string, r: number, ctx: FeatureContext, checkRanges: boolean, out: Problems): void {
  const n = ring.length
  for (let j = 0; j < n; j++) {
    const p: unknown = ring[j]
    if (!Array.isArray(p)) {
      if (out.accepting) {
        out.add(ctx, 'coordinates_malformed', `${polygonPtr}/${r}/${j}`, `A position must be an array [longitude, latitude], got ${describe(p)}.`)
      } else out.skip()
      continue
    }
    const len = p.length
    if (len === 3) ctx.hasZ = true
    else if (len < 2 || len > 3) {
      if (out.accepting) {
        out.add(
          ctx,
          'position_dimension',
          `${polygonPtr}/${r}/${j}`,
          `A position must have 2 numbers [longitude, latitude] or 3 with a height, got ${len}.`,
        )
      } else out.skip()
    }
    if (len > 0) {
      const x: unknown = p[0]
      if (typeof x !== 'number' || !Number.isFinite(x)) coordinateNotNumber(x, 0, polygonPtr, r, j, ctx, out)
      else if (checkRanges && (x < -180 || x > 180)) {
        if (out.accepting) {
          out.add(
            ctx,
            'longitude_out_of_range',
            `${polygonPtr}/${r}/${j}/0`,
            `Longitude ${x} is outside −180…180; the coordinates may be projected. Export in EPSG:4326 (WGS 84) as [longitude, latitude].`,
          )
        } else out.skip()
      }
    }
    if (len > 1) {
      const y: unknown = p[1]
      if (typeof y !== 'number' || !Number.isFinite(y)) coordinateNotNumber(y, 1, polygonPtr, r, j, ctx, out)
      else if (checkRanges && (y < -90 || y > 90)) {
        if (out.accepting) {
          out.add(
            ctx,
            'latitude_out_of_range',
            `${polygonPtr}/${r}/${j}/1`,
            `Latitude ${y} is outside −90…90; the coordinates may be projected or in [latitude, longitude] order. Export in EPSG:4326 (WGS 84) as [longitude, latitude].`,
          )
        } else out.skip()
      }
    }
    if (len > 2) {
      const z: unknown = p[2]
      if (typeof z !== 'number' || !Number.isFinite(z)) coordinateNotNumber(z, 2, polygonPtr, r, j, ctx, out)
    }
  }
}

const AXIS_NAMES = ['Longitude', 'Latitude', 'Height (Z)'] as const

function coordinateNotNumber(v: unknown, axis: 0 | 1 | 2, polygonPtr: string, r: number, j: number, ctx: FeatureContext, out: Problems): void {
  if (!out.accepting) {
    out.skip()
    return
  }
  out.add(ctx, 'coordinate_not_number', `${polygonPtr}/${r}/${j}/${axis}`, `${AXIS_NAMES[axis]} must be a finite number, got ${describe(v)}.`)
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

// Own members only: an upload's "__proto__" or a prototype's members must never be read as data.
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined
}

/** A short, safe description of any value for messages; long strings are cut. */
function describe(v: unknown): string {
  switch (typeof v) {
    case 'string': {
      const cut = v.length > 60 ? `${v.slice(0, 57)}…` : v
      return JSON.stringify(cut)
    }
    case 'number':
      return String(v)
    case 'boolean':
      return String(v)
    case 'undefined':
      return 'nothing'
    case 'object':
      if (v === null) return 'null'
      return Array.isArray(v) ? 'an array' : 'an object'
    default:
      return `a ${typeof v}`
  }
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}
