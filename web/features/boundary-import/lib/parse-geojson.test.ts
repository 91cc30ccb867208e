import { describe, expect, it } from 'vitest'
import { parseImportFile } from './parse-geojson'

const ring = [
  [101.7, 36.6],
  [101.8, 36.6],
  [101.8, 36.7],
  [101.7, 36.6],
]
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', features, ...extra })
const feature = (properties: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: [ring] }) => ({ type: 'Feature', properties, geometry })

describe('parseImportFile', () => {
  it('reads polygons with code, name and responsible unit', () => {
    const r = parseImportFile(fc([feature({ code: '630102001001001', name: '第一网格', responsible_unit: '工作站' })]))
    expect(r.errors).toEqual([])
    expect(r.warnings).toEqual([])
    expect(r.features).toEqual([{ code: '630102001001001', name: '第一网格', responsibleUnit: '工作站', geometry: { type: 'Polygon', coordinates: [ring] } }])
  })

  it('accepts a byte-order mark and the QGIS CRS84 member', () => {
    const text = '\uFEFF' + fc([feature({ code: '1', name: 'a' })], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } })
    expect(parseImportFile(text).errors).toEqual([])
  })

  it('rejects text that is not JSON', () => {
    expect(parseImportFile('{ nope').errors[0]?.problem).toBe('invalid_json')
  })

  it('rejects projected coordinate systems', () => {
    const r = parseImportFile(fc([feature({ code: '1', name: 'a' })], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }))
    expect(r.errors.map((e) => e.problem)).toContain('unsupported_crs')
  })

  it('lists every structural problem with its feature and pointer, and loads nothing', () => {
    const r = parseImportFile(
      fc([
        feature({ code: '1', name: 'a' }, { type: 'Point', coordinates: [1, 2] }),
        feature({ code: '2', name: 'b' }, { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }),
        feature({ code: '3', name: 'c' }, { type: 'Polygon', coordinates: [[[0, 0], [500000, 0], [1, 1], [0, 0]]] }),
        feature({ code: '4', name: 'd' }, null),
      ]),
    )
    expect(r.features).toEqual([])
    expect(r.errors).toEqual([
      { problem: 'unsupported_geometry', feature: 0, field: '/features/0/geometry/type', detail: 'Point' },
      { problem: 'ring_not_closed', feature: 1, field: '/features/1/geometry/coordinates/0' },
      { problem: 'coordinate_out_of_range', feature: 2, field: '/features/2/geometry/coordinates/0/1', detail: '500000, 0' },
      { problem: 'missing_geometry', feature: 3, field: '/features/3/geometry' },
    ])
  })

  it('loads features with missing properties but warns, and reads numeric codes as text', () => {
    const r = parseImportFile(fc([feature({ code: 630102001001001 }), feature({ name: 'x' })]))
    expect(r.errors).toEqual([])
    expect(r.features.map((f) => f.code)).toEqual(['630102001001001', ''])
    expect(r.warnings.map((w) => w.problem)).toEqual(['code_converted', 'name_missing', 'code_missing'])
  })
})
