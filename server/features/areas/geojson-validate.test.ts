import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ErrorDetail } from '../../infra/http/errors.ts'
import { impliedParentCode, levelOfCode } from '../../../shared/area-codes.ts'
import { MAX_REPORTED_PROBLEMS, validateBoundaryCollection, type ValidationLimits } from './geojson-validate.ts'

// ---------------------------------------------------------------------------------------------------
// Building uploads

type Json = Record<string, unknown>

/** A closed square ring near Xining, as QGIS would draw it (exterior ring, 5 positions). */
function square(x = 101.78, y = 36.62, d = 0.001): number[][] {
  return [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ]
}

function polygon(...rings: unknown[]): Json {
  return { type: 'Polygon', coordinates: rings.length > 0 ? rings : [square()] }
}

function feature(code: unknown, name: unknown = `网格${String(code).slice(-3)}`, extra: Json = {}, geometry: unknown = polygon()): Json {
  return { type: 'Feature', properties: { code, name, ...extra }, geometry }
}

function collection(...features: unknown[]): Json {
  return { type: 'FeatureCollection', features }
}

const GRID = '630102001001001'
const GRID2 = '630102001001002'
const GRID3 = '630102001001003'
const STREET = '630102001'
const COMMUNITY = '630102001001'
const DISTRICT = '630102'

/** A valid collection with one grid whose feature is replaced by `f` at index 1. */
function withSecond(f: unknown): Json {
  return collection(feature(GRID), f, feature(GRID3))
}

/** The stable part of a detail, for exact comparison. */
function brief(d: ErrorDetail): Json {
  const out: Json = { problem: d.problem, field: d.field }
  if (d.feature !== undefined) out.feature = d.feature
  if (d.areaCode !== undefined) out.areaCode = d.areaCode
  return out
}

function detailsOf(input: unknown, limits?: Partial<ValidationLimits>): ErrorDetail[] {
  const result = validateBoundaryCollection(input, limits ? { limits } : undefined)
  if (result.ok) throw new Error('expected the upload to be rejected')
  return result.details
}

function expectAccepted(input: unknown): void {
  const result = validateBoundaryCollection(input)
  if (!result.ok) expect.fail(`expected acceptance, got ${JSON.stringify(result.details, null, 1)}`)
}

// ---------------------------------------------------------------------------------------------------
// Table: each upload and exactly the details it must produce

interface Case {
  name: string
  input: unknown
  limits?: Partial<ValidationLimits>
  expect: Json[]
  /** Every message must match, in order of `expect`. */
  messages?: RegExp[]
}

const F1 = '/features/1'
const G1 = `${F1}/geometry`
const C1 = `${G1}/coordinates`
const P1 = `${F1}/properties`
/** A detail of feature 1; pass `null` when its code is not readable. */
const at1 = (problem: string, field: string, areaCode: string | null = GRID2): Json =>
  areaCode === null ? { problem, field, feature: 1 } : { problem, field, feature: 1, areaCode }

/** The default square with position 2 (an interior corner) replaced. */
function squareWith2(position: unknown): unknown[] {
  const ring: unknown[] = square()
  ring[2] = position
  return ring
}

const cases: Case[] = [
  // The collection
  { name: 'null input', input: null, expect: [{ problem: 'not_feature_collection', field: '' }] },
  { name: 'number input', input: 42, expect: [{ problem: 'not_feature_collection', field: '' }] },
  { name: 'array input', input: [feature(GRID)], expect: [{ problem: 'not_feature_collection', field: '' }], messages: [/got an array/] },
  {
    name: 'a single Feature',
    input: feature(GRID),
    expect: [{ problem: 'not_feature_collection', field: '/type' }],
    messages: [/single Feature.*FeatureCollection/],
  },
  {
    name: 'a bare geometry',
    input: polygon(),
    expect: [{ problem: 'not_feature_collection', field: '/type' }],
    messages: [/bare Polygon geometry/],
  },
  { name: 'an empty object', input: {}, expect: [{ problem: 'not_feature_collection', field: '/type' }], messages: [/no "type"/] },
  {
    name: 'features without type are still checked',
    input: { features: [feature(GRID), feature(GRID, '')] },
    expect: [
      { problem: 'not_feature_collection', field: '/type' },
      { problem: 'duplicate_code', field: '/features/1/properties/code', feature: 1, areaCode: GRID },
      { problem: 'name_missing', field: '/features/1/properties/name', feature: 1, areaCode: GRID },
    ],
  },
  { name: 'features absent', input: { type: 'FeatureCollection' }, expect: [{ problem: 'features_missing', field: '/features' }] },
  {
    name: 'features not an array',
    input: { type: 'FeatureCollection', features: { 0: feature(GRID) } },
    expect: [{ problem: 'features_missing', field: '/features' }],
    messages: [/must be an array/],
  },
  { name: 'features empty', input: collection(), expect: [{ problem: 'features_empty', field: '/features' }] },
  {
    name: 'too many features',
    input: collection(feature(GRID), feature(GRID2), feature(GRID3)),
    limits: { maxFeatures: 2 },
    expect: [{ problem: 'too_many_features', field: '/features' }],
    messages: [/3 features; at most 2/],
  },
  {
    name: 'too many vertices in total',
    input: collection(feature(GRID), feature(GRID2)),
    limits: { maxVertices: 9 },
    expect: [{ problem: 'too_many_vertices', field: '/features' }],
    messages: [/10 vertices; at most 9/],
  },
  {
    name: 'too many vertices in one feature',
    input: collection(feature(GRID), feature(GRID2, 'big', {}, polygon(square(), square(101.7805, 36.6205, 0.0001)))),
    limits: { maxVerticesPerFeature: 5 },
    expect: [at1('too_many_vertices', C1)],
    messages: [/10 vertices; at most 5/],
  },
  {
    name: 'too many vertices: oversized positions are not scanned',
    input: collection(feature(GRID2, 'big', {}, polygon(squareWith2(['x', 'y'])))),
    limits: { maxVerticesPerFeature: 4 },
    expect: [{ problem: 'too_many_vertices', field: '/features/0/geometry/coordinates', feature: 0, areaCode: GRID2 }],
  },
  // CRS
  {
    name: 'crs in Web Mercator: one detail, no range noise',
    input: {
      ...collection(feature(GRID, '网格', {}, polygon([[11330000, 4380000], [11330100, 4380000], [11330100, 4380100], [11330000, 4380000]]))),
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } },
    },
    expect: [{ problem: 'crs_unsupported', field: '/crs/properties/name' }],
    messages: [/EPSG::3857.*EPSG:4326/],
  },
  {
    name: 'crs CGCS2000 Gauss-Kruger',
    input: { ...collection(feature(GRID)), crs: { type: 'name', properties: { name: 'EPSG:4547' } } },
    expect: [{ problem: 'crs_unsupported', field: '/crs/properties/name' }],
  },
  {
    name: 'crs as a link',
    input: { ...collection(feature(GRID)), crs: { type: 'link', properties: { href: 'http://example.com/crs' } } },
    expect: [{ problem: 'crs_unsupported', field: '/crs' }],
  },
  { name: 'crs as a string', input: { ...collection(feature(GRID)), crs: 'EPSG:4326' }, expect: [{ problem: 'crs_unsupported', field: '/crs' }] },
  {
    name: 'crs EPSG code other than 4326',
    input: { ...collection(feature(GRID)), crs: { type: 'EPSG', properties: { code: 3857 } } },
    expect: [{ problem: 'crs_unsupported', field: '/crs/properties/code' }],
  },
  // Features
  {
    name: 'a feature that is a string',
    input: withSecond('Feature'),
    expect: [{ problem: 'not_a_feature', field: F1, feature: 1 }],
  },
  { name: 'a feature that is null', input: withSecond(null), expect: [{ problem: 'not_a_feature', field: F1, feature: 1 }] },
  {
    name: 'a bare geometry among features',
    input: withSecond(polygon()),
    expect: [{ problem: 'not_a_feature', field: F1, feature: 1 }],
    messages: [/bare Polygon geometry/],
  },
  {
    name: 'a feature without type is still checked',
    input: withSecond({ properties: { code: GRID2 }, geometry: polygon() }),
    expect: [at1('not_a_feature', F1, null), at1('name_missing', `${P1}/name`)],
  },
  // Geometry
  { name: 'geometry null', input: withSecond(feature(GRID2, 'n', {}, null)), expect: [at1('geometry_missing', G1)] },
  {
    name: 'geometry absent',
    input: withSecond({ type: 'Feature', properties: { code: GRID2, name: 'n' } }),
    expect: [at1('geometry_missing', G1)],
  },
  { name: 'geometry a string', input: withSecond(feature(GRID2, 'n', {}, 'POLYGON((…))')), expect: [at1('geometry_missing', G1)] },
  ...['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'GeometryCollection'].map((type) => ({
    name: `geometry type ${type}`,
    input: withSecond(feature(GRID2, 'n', {}, { type, coordinates: [101.78, 36.62] })),
    expect: [at1('geometry_type_unsupported', `${G1}/type`)],
    messages: [new RegExp(`type ${type} is not supported.*Polygon or MultiPolygon`)],
  })),
  {
    name: 'geometry type unknown',
    input: withSecond(feature(GRID2, 'n', {}, { type: 'Circle', coordinates: [] })),
    expect: [at1('geometry_type_unsupported', `${G1}/type`)],
    messages: [/"Circle" is not a GeoJSON geometry type/],
  },
  {
    name: 'geometry without type',
    input: withSecond(feature(GRID2, 'n', {}, { coordinates: [square()] })),
    expect: [at1('geometry_type_unsupported', `${G1}/type`)],
  },
  {
    name: 'coordinates absent',
    input: withSecond(feature(GRID2, 'n', {}, { type: 'Polygon' })),
    expect: [at1('coordinates_malformed', C1)],
  },
  {
    name: 'coordinates a string',
    input: withSecond(feature(GRID2, 'n', {}, { type: 'MultiPolygon', coordinates: '[[[...]]]' })),
    expect: [at1('coordinates_malformed', C1)],
    messages: [/array of polygons/],
  },
  { name: 'polygon without rings', input: withSecond(feature(GRID2, 'n', {}, { type: 'Polygon', coordinates: [] })), expect: [at1('coordinates_malformed', C1)] },
  {
    name: 'multipolygon without polygons',
    input: withSecond(feature(GRID2, 'n', {}, { type: 'MultiPolygon', coordinates: [] })),
    expect: [at1('coordinates_malformed', C1)],
  },
  {
    name: 'multipolygon with a polygon that is not an array, and an empty polygon',
    input: withSecond(feature(GRID2, 'n', {}, { type: 'MultiPolygon', coordinates: [[square()], 7, []] })),
    expect: [at1('coordinates_malformed', `${C1}/1`), at1('coordinates_malformed', `${C1}/2`)],
  },
  { name: 'ring not an array', input: withSecond(feature(GRID2, 'n', {}, polygon(square(), 'ring'))), expect: [at1('coordinates_malformed', `${C1}/1`)] },
  {
    name: 'position not an array',
    input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2({ lon: 101.78, lat: 36.62 })))),
    expect: [at1('coordinates_malformed', `${C1}/0/2`)],
  },
  ...([
    ['a string', '101.78'],
    ['null', null],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ] as const).flatMap(([label, value]) => [
    {
      name: `longitude ${label}`,
      input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([value, 36.62])))),
      expect: [at1('coordinate_not_number', `${C1}/0/2/0`)],
      messages: [/Longitude must be a finite number/],
    },
    {
      name: `latitude ${label}`,
      input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([101.78, value])))),
      expect: [at1('coordinate_not_number', `${C1}/0/2/1`)],
      messages: [/Latitude must be a finite number/],
    },
  ]),
  {
    name: 'height NaN',
    input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([101.78, 36.62, Number.NaN])))),
    expect: [at1('coordinate_not_number', `${C1}/0/2/2`)],
  },
  {
    name: 'longitude out of range',
    input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([180.5, 36.62])))),
    expect: [at1('longitude_out_of_range', `${C1}/0/2/0`)],
    messages: [/Longitude 180.5 is outside/],
  },
  {
    name: 'longitude below range',
    input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([-181, 36.62])))),
    expect: [at1('longitude_out_of_range', `${C1}/0/2/0`)],
  },
  {
    name: 'latitude out of range',
    input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([101.78, 90.01])))),
    expect: [at1('latitude_out_of_range', `${C1}/0/2/1`)],
  },
  {
    name: 'latitude below range',
    input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([101.78, -90.01])))),
    expect: [at1('latitude_out_of_range', `${C1}/0/2/1`)],
  },
  {
    name: 'an out-of-range first position also opens the ring',
    input: withSecond(feature(GRID2, 'n', {}, polygon([[200, 36.62], ...square().slice(1)]))),
    expect: [at1('longitude_out_of_range', `${C1}/0/0/0`), at1('ring_not_closed', `${C1}/0`)],
  },
  { name: 'position with one number', input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([101.78])))), expect: [at1('position_dimension', `${C1}/0/2`)] },
  { name: 'position empty', input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([])))), expect: [at1('position_dimension', `${C1}/0/2`)] },
  {
    name: 'position with four numbers',
    input: withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([101.78, 36.62, 0, 0])))),
    expect: [at1('position_dimension', `${C1}/0/2`)],
  },
  {
    name: 'ring of three positions (closed)',
    input: withSecond(feature(GRID2, 'n', {}, polygon([[101.78, 36.62], [101.79, 36.62], [101.78, 36.62]]))),
    expect: [at1('ring_too_short', `${C1}/0`)],
    messages: [/at least 4 positions.*got 3/],
  },
  { name: 'ring without positions', input: withSecond(feature(GRID2, 'n', {}, polygon([]))), expect: [at1('ring_too_short', `${C1}/0`)] },
  {
    name: 'ring not closed',
    input: withSecond(feature(GRID2, 'n', {}, polygon(square().slice(0, 4)))),
    expect: [at1('ring_not_closed', `${C1}/0`)],
  },
  {
    name: 'a hole not closed in the second polygon of a multipolygon',
    input: withSecond(feature(GRID2, 'n', {}, { type: 'MultiPolygon', coordinates: [[square()], [square(101.8, 36.7, 0.01), square(101.801, 36.701).slice(0, 4)]] })),
    expect: [at1('ring_not_closed', `${C1}/1/1`)],
  },
  {
    name: 'ring closed in 2D but not in height',
    input: withSecond(feature(GRID2, 'n', {}, polygon(square().map((p, i) => [...p, i === 4 ? 10 : 0])))),
    expect: [at1('ring_not_closed', `${C1}/0`)],
  },
  // Properties
  {
    name: 'properties null',
    input: withSecond({ type: 'Feature', properties: null, geometry: polygon() }),
    expect: [at1('properties_missing', P1, null)],
  },
  {
    name: 'properties absent',
    input: withSecond({ type: 'Feature', geometry: polygon() }),
    expect: [at1('properties_missing', P1, null)],
  },
  {
    name: 'properties an array',
    input: withSecond({ type: 'Feature', properties: [GRID2, 'n'], geometry: polygon() }),
    expect: [at1('properties_missing', P1, null)],
  },
  { name: 'code absent', input: withSecond({ type: 'Feature', properties: { name: 'n' }, geometry: polygon() }), expect: [at1('code_missing', `${P1}/code`, null)] },
  { name: 'code null', input: withSecond(feature(null, 'n')), expect: [at1('code_missing', `${P1}/code`, null)] },
  { name: 'code blank', input: withSecond(feature('  ', 'n')), expect: [at1('code_missing', `${P1}/code`, null)] },
  {
    name: 'code with letters',
    input: withSecond(feature('63010200100100A', 'n')),
    expect: [at1('code_malformed', `${P1}/code`, '63010200100100A')],
    messages: [/digits only/],
  },
  {
    name: 'code of 7 digits',
    input: withSecond(feature('6301020', 'n')),
    expect: [at1('code_malformed', `${P1}/code`, '6301020')],
    messages: [/7 digits/],
  },
  {
    name: 'grid serial 000',
    input: withSecond(feature('630102001001000', 'n')),
    expect: [at1('code_malformed', `${P1}/code`, '630102001001000')],
    messages: [/serial 000/],
  },
  { name: 'code a boolean', input: withSecond(feature(true, 'n')), expect: [at1('code_malformed', `${P1}/code`, null)] },
  { name: 'code a fraction', input: withSecond(feature(630102001.5, 'n')), expect: [at1('code_malformed', `${P1}/code`, null)] },
  { name: 'name absent', input: withSecond({ type: 'Feature', properties: { code: GRID2 }, geometry: polygon() }), expect: [at1('name_missing', `${P1}/name`)] },
  { name: 'name null', input: withSecond(feature(GRID2, null)), expect: [at1('name_missing', `${P1}/name`)] },
  { name: 'name blank (ideographic space)', input: withSecond(feature(GRID2, ' \u3000 ')), expect: [at1('name_missing', `${P1}/name`)] },
  { name: 'name a number', input: withSecond(feature(GRID2, 12)), expect: [at1('name_missing', `${P1}/name`)], messages: [/must be text/] },
  {
    name: 'name of 101 characters',
    input: withSecond(feature(GRID2, '网'.repeat(101))),
    expect: [at1('name_too_long', `${P1}/name`)],
    messages: [/101 characters; at most 100/],
  },
  {
    name: 'name of 101 characters outside the BMP',
    input: withSecond(feature(GRID2, '𠀀'.repeat(101))),
    expect: [at1('name_too_long', `${P1}/name`)],
    messages: [/101 characters/],
  },
  ...([
    ['\u202E', 'RIGHT-TO-LEFT OVERRIDE'],
    ['\u202A', 'LEFT-TO-RIGHT EMBEDDING'],
    ['\u2066', 'LEFT-TO-RIGHT ISOLATE'],
    ['\u2069', 'POP DIRECTIONAL ISOLATE'],
    ['\u0000', 'U\\+0000'],
    ['\u0007', 'U\\+0007'],
    ['\t', 'U\\+0009'],
    ['\n', 'U\\+000A'],
    ['\u007F', 'U\\+007F'],
    ['\u0085', 'U\\+0085'],
    ['\u009F', 'U\\+009F'],
    ['\uD840', 'unpaired surrogate'],
    ['\uDC00', 'unpaired surrogate'],
  ] as const).map(([ch, label]) => ({
    name: `name with ${label}`,
    input: withSecond(feature(GRID2, `城东${ch}网格`)),
    expect: [at1('name_invalid_characters', `${P1}/name`)],
    messages: [new RegExp(`${label}.*at character 3`)],
  })),
  {
    name: 'name too long and with a bidi override',
    input: withSecond(feature(GRID2, `\u202E${'网'.repeat(100)}`)),
    expect: [at1('name_too_long', `${P1}/name`), at1('name_invalid_characters', `${P1}/name`)],
  },
  {
    name: 'level that contradicts the code',
    input: withSecond(feature(STREET, 'n', { level: 'community' })),
    expect: [at1('level_mismatch', `${P1}/level`, STREET)],
    messages: [/"community" does not match code 630102001.*street/],
  },
  { name: 'level unknown', input: withSecond(feature(GRID2, 'n', { level: 'village' })), expect: [at1('level_mismatch', `${P1}/level`)] },
  { name: 'level a number', input: withSecond(feature(GRID2, 'n', { level: 4 })), expect: [at1('level_mismatch', `${P1}/level`)] },
  {
    name: 'parent_code that contradicts the code',
    input: withSecond(feature(GRID2, 'n', { parent_code: '630102001002' })),
    expect: [at1('parent_mismatch', `${P1}/parent_code`)],
    messages: [/implies parent 630102001001/],
  },
  {
    name: 'parentCode that contradicts the code',
    input: withSecond(feature(DISTRICT, 'n', { parentCode: '630000' })),
    expect: [at1('parent_mismatch', `${P1}/parentCode`, DISTRICT)],
    messages: [/implies parent 630100/],
  },
  { name: 'parent_code an object', input: withSecond(feature(GRID2, 'n', { parent_code: {} })), expect: [at1('parent_mismatch', `${P1}/parent_code`)] },
  {
    name: 'duplicate codes, each repeat naming the first',
    input: collection(feature(GRID), feature(GRID2), feature(GRID), feature(GRID)),
    expect: [
      { problem: 'duplicate_code', field: '/features/2/properties/code', feature: 2, areaCode: GRID },
      { problem: 'duplicate_code', field: '/features/3/properties/code', feature: 3, areaCode: GRID },
    ],
    messages: [/already used by feature 0/, /already used by feature 0/],
  },
  {
    name: 'duplicate code given once as a number',
    input: collection(feature(GRID), feature(Number(GRID))),
    expect: [{ problem: 'duplicate_code', field: '/features/1/properties/code', feature: 1, areaCode: GRID }],
  },
  {
    name: 'responsible unit a number',
    input: withSecond(feature(GRID2, 'n', { responsible_unit: 7 })),
    expect: [at1('responsible_unit_invalid', `${P1}/responsible_unit`)],
  },
  {
    name: 'responsible unit too long',
    input: withSecond(feature(GRID2, 'n', { responsibleUnit: '站'.repeat(201) })),
    expect: [at1('responsible_unit_invalid', `${P1}/responsibleUnit`)],
    messages: [/201 characters; at most 200/],
  },
  {
    name: 'responsible unit with a bidi override',
    input: withSecond(feature(GRID2, 'n', { responsible_unit: '综治\u202E工作站' })),
    expect: [at1('responsible_unit_invalid', `${P1}/responsible_unit`)],
  },
  {
    name: 'responsible unit given twice, differently',
    input: withSecond(feature(GRID2, 'n', { responsible_unit: '甲', responsibleUnit: '乙' })),
    expect: [at1('responsible_unit_invalid', `${P1}/responsibleUnit`)],
  },
]

describe('validateBoundaryCollection: every problem, exactly', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const details = detailsOf(c.input, c.limits)
    expect(details.map(brief)).toEqual(c.expect)
    for (const d of details) {
      expect(d.message.length).toBeGreaterThan(10)
      expect(d.problem).toMatch(/^[a-z]+(_[a-z]+)*$/)
    }
    c.messages?.forEach((re, i) => expect(details[i]?.message).toMatch(re))
  })
})

describe('validateBoundaryCollection: accepted uploads', () => {
  it('returns the features in order with code, trimmed name, unit and geometry', () => {
    const multi = { type: 'MultiPolygon', coordinates: [[square()], [square(101.8, 36.7), square(101.8002, 36.7002, 0.0001)]] }
    const result = validateBoundaryCollection(
      collection(
        feature(DISTRICT, ' 城东区 ', { level: 'district', parent_code: '630100' }),
        feature(STREET, '东关大街街道', { level: 'street', parentCode: DISTRICT, responsible_unit: ' 东关大街街道综治中心 ' }),
        feature(Number(COMMUNITY), '东关社区', { responsibleUnit: '', level: 'community' }, multi),
        feature(GRID, '东关社区第一网格', { responsible_unit: null, parent_code: Number(COMMUNITY) }),
      ),
    )
    expect(result).toEqual({
      ok: true,
      features: [
        { index: 0, code: DISTRICT, name: '城东区', geometry: polygon() },
        { index: 1, code: STREET, name: '东关大街街道', responsibleUnit: '东关大街街道综治中心', geometry: polygon() },
        { index: 2, code: COMMUNITY, name: '东关社区', geometry: multi },
        { index: 3, code: GRID, name: '东关社区第一网格', geometry: polygon() },
      ],
    })
  })

  it('accepts a QGIS export: crs member, layer name, fid, null attributes, MultiPolygon with Z', () => {
    const qgis = `{
"type": "FeatureCollection",
"name": "grids_630102001001",
"crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },
"bbox": [101.78, 36.62, 101.782, 36.621],
"features": [
{ "type": "Feature", "properties": { "fid": 1, "code": "630102001001001", "name": "第一网格", "responsible_unit": null, "level": "grid", "parent_code": "630102001001", "area_m2": 10234.5 }, "geometry": { "type": "MultiPolygon", "coordinates": [ [ [ [ 101.78, 36.62, 0.0 ], [ 101.781, 36.62, 0.0 ], [ 101.781, 36.621, 0.0 ], [ 101.78, 36.621, 0.0 ], [ 101.78, 36.62, 0.0 ] ] ] ] } },
{ "type": "Feature", "id": 2, "properties": { "fid": 2, "code": "630102001001002", "name": "第二网格", "responsible_unit": "", "level": null, "parent_code": null }, "geometry": { "type": "MultiPolygon", "coordinates": [ [ [ [ 101.781, 36.62 ], [ 101.782, 36.62 ], [ 101.782, 36.621 ], [ 101.781, 36.621 ], [ 101.781, 36.62 ] ] ] ] } }
]
}`
    const result = validateBoundaryCollection(JSON.parse(qgis))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.features.map((f) => [f.index, f.code, f.name])).toEqual([[0, GRID, '第一网格'], [1, GRID2, '第二网格']])
    // The boundary columns are 2D: heights are dropped.
    expect(result.features[0]?.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [[[[101.78, 36.62], [101.781, 36.62], [101.781, 36.621], [101.78, 36.621], [101.78, 36.62]]]],
    })
  })

  it.each([
    'urn:ogc:def:crs:OGC:1.3:CRS84',
    'urn:ogc:def:crs:OGC::CRS84',
    'EPSG:4326',
    'urn:ogc:def:crs:EPSG::4326',
    'epsg:4326',
  ])('accepts crs %s', (name) => {
    expectAccepted({ ...collection(feature(GRID)), crs: { type: 'name', properties: { name } } })
  })

  it('accepts a city code (an export of a whole city carries the city; the import service allows it only as the root)', () => {
    const result = validateBoundaryCollection(collection(feature('630100', '西宁市', { level: 'city' }), feature(DISTRICT, '城东区')))
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.features.map((f) => f.code)).toEqual(['630100', DISTRICT])
  })

  it('accepts a null crs and the 2008-draft EPSG form', () => {
    expectAccepted({ ...collection(feature(GRID)), crs: null })
    expectAccepted({ ...collection(feature(GRID)), crs: { type: 'EPSG', properties: { code: 4326 } } })
  })

  it.each(['𠀀', '阿依古丽·买买提', '𪚥𠮷村', '网'.repeat(100), '𠀀'.repeat(100), '城东区（东关）网格-1', 'Ali Ahmet'])('accepts the name %s', (name) => {
    const result = validateBoundaryCollection(collection(feature(GRID, name)))
    expect(result.ok && result.features[0]?.name).toBe(name)
  })

  it('rejects a name with a bidi override even among fine names', () => {
    const details = detailsOf(collection(feature(GRID, '阿依古丽·买买提'), feature(GRID2, 'abc\u202Edef')))
    expect(details.map(brief)).toEqual([at1('name_invalid_characters', `${P1}/name`)])
    expect(details[0]?.message).toMatch(/U\+202E \(RIGHT-TO-LEFT OVERRIDE\) at character 4/)
  })

  it('accepts both ring orientations and holes (winding is not checked)', () => {
    expectAccepted(collection(feature(GRID, 'n', {}, polygon([...square()].reverse(), square(101.7802, 36.6202, 0.0001)))))
  })

  it('accepts the extreme longitudes and latitudes', () => {
    expectAccepted(collection(feature(GRID, 'n', {}, polygon([[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]))))
  })

  it('does not change its input', () => {
    const input = collection(feature(GRID, ' 带空格 ', { responsible_unit: ' x ' }), feature(GRID2, 'n', {}, polygon(squareWith2([1]))))
    const copy = structuredClone(input)
    validateBoundaryCollection(input)
    expect(input).toEqual(copy)
  })
})

describe('validateBoundaryCollection: many problems', () => {
  it('reports every problem of several features, each with its own pointer', () => {
    const input = {
      type: 'FeatureCollection',
      features: [
        feature(GRID),
        feature(GRID2, '', { level: 'street' }, polygon(squareWith2([Number.NaN, 36.62]))),
        { type: 'Feature', properties: { code: 'x1', name: 'ok\u0000' }, geometry: { type: 'Point', coordinates: [101.7, 36.6] } },
        feature(GRID, '重复', {}, { type: 'MultiPolygon', coordinates: [[square()], [square().slice(0, 3)]] }),
        'not a feature',
        feature(STREET, '街道', { parent_code: '630103' }, polygon(squareWith2([101.78, 95]), square().slice(0, 4))),
      ],
    }
    const details = detailsOf(input)
    expect(details.map(brief)).toEqual([
      { problem: 'name_missing', field: '/features/1/properties/name', feature: 1, areaCode: GRID2 },
      { problem: 'level_mismatch', field: '/features/1/properties/level', feature: 1, areaCode: GRID2 },
      { problem: 'coordinate_not_number', field: '/features/1/geometry/coordinates/0/2/0', feature: 1, areaCode: GRID2 },
      { problem: 'code_malformed', field: '/features/2/properties/code', feature: 2, areaCode: 'x1' },
      { problem: 'name_invalid_characters', field: '/features/2/properties/name', feature: 2, areaCode: 'x1' },
      { problem: 'geometry_type_unsupported', field: '/features/2/geometry/type', feature: 2, areaCode: 'x1' },
      { problem: 'duplicate_code', field: '/features/3/properties/code', feature: 3, areaCode: GRID },
      { problem: 'ring_too_short', field: '/features/3/geometry/coordinates/1/0', feature: 3, areaCode: GRID },
      { problem: 'ring_not_closed', field: '/features/3/geometry/coordinates/1/0', feature: 3, areaCode: GRID },
      { problem: 'not_a_feature', field: '/features/4', feature: 4 },
      { problem: 'parent_mismatch', field: '/features/5/properties/parent_code', feature: 5, areaCode: STREET },
      { problem: 'latitude_out_of_range', field: '/features/5/geometry/coordinates/0/2/1', feature: 5, areaCode: STREET },
      { problem: 'ring_not_closed', field: '/features/5/geometry/coordinates/1', feature: 5, areaCode: STREET },
    ])
    expect(details[2]?.message).toMatch(/got NaN/)
    expect(details[8]?.message).toMatch(/position 2 differs from position 0/)
  })

  it(`lists at most ${MAX_REPORTED_PROBLEMS} problems and counts the rest`, () => {
    const features = Array.from({ length: 1_500 }, (_, i) => feature(`630102001001${String(i % 999 + 1).padStart(3, '0')}`, ''))
    const details = detailsOf(collection(...features))
    // 1,500 missing names plus 501 duplicates (codes repeat after 999).
    expect(details).toHaveLength(MAX_REPORTED_PROBLEMS + 1)
    expect(details.at(-1)).toEqual({ problem: 'too_many_problems', message: expect.stringMatching(/^1,001 more problems were found/) })
  })

  it('bounds the answer for a projected upload without crs (millions of bad coordinates)', () => {
    const ring = Array.from({ length: 100_001 }, (_, i) => [11_330_000 + (i % 100_000), 4_380_000])
    const details = detailsOf(collection(feature(GRID, 'n', {}, polygon(ring))))
    expect(details).toHaveLength(MAX_REPORTED_PROBLEMS + 1)
    expect(details[0]).toMatchObject({ problem: 'longitude_out_of_range', field: '/features/0/geometry/coordinates/0/0/0' })
    expect(details.at(-1)?.message).toMatch(/^199,002 more problems/)
  })

  it('does not recurse into deeply nested input', () => {
    let deep: unknown = [101.78, 36.62]
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const details = detailsOf(collection(feature(GRID, 'n', {}, { type: 'MultiPolygon', coordinates: deep })))
    expect(details.map(brief)).toEqual([
      { problem: 'position_dimension', field: '/features/0/geometry/coordinates/0/0/0', feature: 0, areaCode: GRID },
      { problem: 'coordinate_not_number', field: '/features/0/geometry/coordinates/0/0/0/0', feature: 0, areaCode: GRID },
      { problem: 'ring_too_short', field: '/features/0/geometry/coordinates/0/0', feature: 0, areaCode: GRID },
    ])
  })
})

// ---------------------------------------------------------------------------------------------------
// Properties

const lon = fc.double({ min: -180, max: 180, noNaN: true })
const lat = fc.double({ min: -90, max: 90, noNaN: true })

/** A closed ring of 4–9 positions, all 2D or all with a height. */
const ringArb = fc
  .tuple(fc.array(fc.tuple(lon, lat), { minLength: 3, maxLength: 8 }), fc.option(fc.double({ min: -500, max: 9000, noNaN: true }), { nil: undefined }))
  .map(([corners, z]) => {
    const positions = corners.map(([x, y]) => (z === undefined ? [x, y] : [x, y, z]))
    return [...positions, [...(positions[0] as number[])]]
  })

const polygonArb = fc.array(ringArb, { minLength: 1, maxLength: 3 })

const geometryArb = fc.oneof(
  polygonArb.map((coordinates) => ({ type: 'Polygon', coordinates })),
  fc.array(polygonArb, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
)

const digits = (n: number, min = 0) => fc.integer({ min, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'))

/** An importable code: district, street, community or grid under Xining (6301). */
const codeArb = fc.oneof(
  fc.integer({ min: 1, max: 99 }).map((d) => `6301${String(d).padStart(2, '0')}`),
  fc.tuple(digits(2, 1), digits(3)).map(([d, s]) => `6301${d}${s}`),
  fc.tuple(digits(2, 1), digits(3), digits(3)).map(([d, s, c]) => `6301${d}${s}${c}`),
  fc.tuple(digits(2, 1), digits(3), digits(3), digits(3, 1)).map(([d, s, c, g]) => `6301${d}${s}${c}${g}`),
)

const nameArb = fc
  .string({
    unit: fc.constantFrom('城', '东', '区', '网', '格', '社', '村', '𠀀', '𪚥', '𠮷', '·', '阿', '依', 'A', 'z', '1', ' ', '-', '（', '）', '\u3000'),
    minLength: 1,
    maxLength: 100,
  })
  .filter((s) => s.trim() !== '')

const featureArb = fc.record({
  code: codeArb,
  name: nameArb,
  geometry: geometryArb,
  withLevel: fc.boolean(),
  withParent: fc.constantFrom(undefined, 'parent_code', 'parentCode'),
  unit: fc.option(nameArb, { nil: undefined }),
  fid: fc.nat(),
})

const collectionArb = fc
  .record({
    features: fc.uniqueArray(featureArb, { minLength: 1, maxLength: 12, selector: (f) => f.code }),
    crs: fc.constantFrom(undefined, null, 'urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:OGC::CRS84', 'EPSG:4326', 'urn:ogc:def:crs:EPSG::4326'),
    bbox: fc.boolean(),
  })
  .map(({ features, crs, bbox }) => {
    const out: Json = {
      type: 'FeatureCollection',
      features: features.map((f) => {
        const properties: Json = { fid: f.fid, code: f.code, name: f.name }
        if (f.withLevel) properties.level = levelOfCode(f.code)
        if (f.withParent) properties[f.withParent] = impliedParentCode(f.code)
        if (f.unit !== undefined) properties.responsible_unit = f.unit
        return { type: 'Feature', properties, geometry: f.geometry }
      }),
    }
    if (crs !== undefined) out.crs = crs === null ? null : { type: 'name', properties: { name: crs } }
    if (bbox) out.bbox = [-180, -90, 180, 90]
    return { collection: out, features }
  })

describe('validateBoundaryCollection: properties', () => {
  it('accepts any valid collection and returns its features in order with their codes', () => {
    fc.assert(
      fc.property(collectionArb, ({ collection: input, features }) => {
        const result = validateBoundaryCollection(input)
        if (!result.ok) throw new Error(JSON.stringify(result.details))
        expect(result.features.map((f) => [f.index, f.code, f.name])).toEqual(features.map((f, i) => [i, f.code, f.name.trim()]))
        const flat = (g: Json): unknown => JSON.stringify(g, (_k, v: unknown) => (Array.isArray(v) && typeof v[0] === 'number' ? v.slice(0, 2) : v))
        expect(result.features.map((f) => flat(f.geometry))).toEqual(features.map((f) => flat(f.geometry)))
        for (const f of result.features) {
          const positions = f.geometry.type === 'Polygon' ? (f.geometry.coordinates as number[][][]).flat() : (f.geometry.coordinates as number[][][][]).flat(2)
          for (const p of positions) expect(p).toHaveLength(2)
        }
      }),
      { numRuns: 300 },
    )
  })

  const badCoordinate = fc.oneof(
    fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, '36.5', true, []).map((value) => ({ value, range: false })),
    fc.double({ min: 180.000001, max: 1e8, noNaN: true }).chain((v) => fc.constantFrom(v, -v)).map((value) => ({ value, range: true })),
  )

  it('one bad coordinate yields exactly one detail pointing at it', () => {
    fc.assert(
      fc.property(
        collectionArb,
        fc.record({ f: fc.nat(), p: fc.nat(), r: fc.nat(), j: fc.nat(), axis: fc.constantFrom(0, 1) }),
        badCoordinate,
        ({ collection: input }, pick, bad) => {
          const mutated = structuredClone(input)
          const features = mutated.features as Json[]
          const f = pick.f % features.length
          const feature = features[f] as { properties: { code: string }; geometry: { type: string; coordinates: unknown[] } }
          const multi = feature.geometry.type === 'MultiPolygon'
          const p = pick.p % feature.geometry.coordinates.length
          const rings = (multi ? feature.geometry.coordinates[p] : feature.geometry.coordinates) as number[][][]
          const r = pick.r % rings.length
          const ring = rings[r] as unknown[][]
          const j = 1 + (pick.j % (ring.length - 2)) // interior: the ends also decide closure
          ;(ring[j] as unknown[])[pick.axis] = bad.value

          const details = detailsOf(mutated)
          const problem = !bad.range ? 'coordinate_not_number' : pick.axis === 0 ? 'longitude_out_of_range' : 'latitude_out_of_range'
          const field = `/features/${f}/geometry/coordinates/${multi ? `${p}/` : ''}${r}/${j}/${pick.axis}`
          expect(details.map(brief)).toEqual([{ problem, field, feature: f, areaCode: feature.properties.code }])
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a latitude beyond ±90 (but a valid longitude) is a latitude problem', () => {
    fc.assert(
      fc.property(fc.double({ min: 90.000001, max: 180, noNaN: true }), fc.boolean(), (v, negative) => {
        const details = detailsOf(withSecond(feature(GRID2, 'n', {}, polygon(squareWith2([101.78, negative ? -v : v])))))
        expect(details.map(brief)).toEqual([at1('latitude_out_of_range', `${C1}/0/2/1`)])
      }),
    )
  })

  it('never throws on arbitrary values, and every detail is well-formed', () => {
    const check = (input: unknown) => {
      const result = validateBoundaryCollection(input)
      if (result.ok) return
      expect(result.details.length).toBeGreaterThan(0)
      expect(result.details.length).toBeLessThanOrEqual(MAX_REPORTED_PROBLEMS + 1)
      for (const d of result.details) {
        expect(typeof d.message).toBe('string')
        expect(d.problem).toMatch(/^[a-z]+(_[a-z]+)*$/)
        if (d.field !== undefined) expect(d.field).toMatch(/^(\/[^/]*)*$/)
        if (d.feature !== undefined) expect(d.field?.startsWith(`/features/${d.feature}`)).toBe(true)
      }
    }
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 300 })
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true }), check), {
      numRuns: 300,
    })
    fc.assert(
      fc.property(fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(fc.anything()), crs: fc.anything() }), check),
      { numRuns: 300 },
    )
  })

  it('never throws when any part of a valid collection is replaced by an arbitrary value', () => {
    fc.assert(
      fc.property(collectionArb, fc.nat(), fc.jsonValue(), ({ collection: input }, which, replacement) => {
        const mutated = structuredClone(input)
        // Every (container, key) pair in the tree, found iteratively.
        const slots: [Json | unknown[], string | number][] = []
        const stack: unknown[] = [mutated]
        while (stack.length > 0) {
          const node = stack.pop()
          if (Array.isArray(node)) node.forEach((v, i) => (slots.push([node, i]), stack.push(v)))
          else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) slots.push([node as Json, k]), stack.push(v)
        }
        const [container, key] = slots[which % slots.length] as [Record<string | number, unknown>, string | number]
        container[key] = replacement
        expect(() => validateBoundaryCollection(mutated)).not.toThrow()
      }),
      { numRuns: 500 },
    )
  })
})
