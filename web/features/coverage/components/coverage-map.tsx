// The coverage map: the area layers, the root's outline and every issue geometry coloured by kind
// (red gaps, orange overlaps, purple outside), with a dot per issue so tiny ones can be found.
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson'
import type { ExpressionSpecification, GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react'
import { useAreaGeometry } from '../../areas'
import { useI18n } from '../../../shared/i18n'
import { bboxOf, FIRST_LABEL_LAYER, fitBbox, LayerToggles, useMaplibre, type Bbox } from '../../../shared/map'
import { ISSUE_COLORS, type CoverageIssueProperties } from '../types'

const ISSUES = 'coverage-issues'
const ISSUE_POINTS = 'coverage-issue-points'
const ROOT = 'coverage-root'
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

const kindColor: ExpressionSpecification = ['match', ['get', 'kind'], 'gap', ISSUE_COLORS.gap, 'overlap', ISSUE_COLORS.overlap, 'outside', ISSUE_COLORS.outside, '#111827']

export interface CoverageMapHandle {
  zoomTo: (index: number) => void
}

interface CoverageMapProps {
  rootCode?: string
  rootBbox?: Bbox
  issues?: FeatureCollection<Geometry, CoverageIssueProperties>
  selected?: number
  onPick: (index: number) => void
  ref?: Ref<CoverageMapHandle>
}

function addLayers(map: MaplibreMap) {
  map.addSource(ROOT, { type: 'geojson', data: EMPTY })
  map.addSource(ISSUES, { type: 'geojson', data: EMPTY })
  map.addSource(ISSUE_POINTS, { type: 'geojson', data: EMPTY })
  map.addLayer({ id: 'coverage-root-line', type: 'line', source: ROOT, paint: { 'line-color': '#0f172a', 'line-width': 2.5, 'line-dasharray': [3, 2] } }, FIRST_LABEL_LAYER)
  map.addLayer({ id: 'coverage-issue-fill', type: 'fill', source: ISSUES, paint: { 'fill-color': kindColor, 'fill-opacity': 0.55 } }, FIRST_LABEL_LAYER)
  map.addLayer({ id: 'coverage-issue-line', type: 'line', source: ISSUES, paint: { 'line-color': kindColor, 'line-width': 2 } }, FIRST_LABEL_LAYER)
  map.addLayer(
    {
      id: 'coverage-issue-selected',
      type: 'line',
      source: ISSUES,
      filter: ['==', ['get', '_index'], -1],
      paint: { 'line-color': '#0f172a', 'line-width': 4 },
    },
    FIRST_LABEL_LAYER,
  )
  map.addLayer({
    id: 'coverage-issue-point',
    type: 'circle',
    source: ISSUE_POINTS,
    paint: {
      'circle-color': kindColor,
      'circle-radius': ['case', ['==', ['get', '_selected'], true], 9, 6],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
      'circle-opacity': ['interpolate', ['linear'], ['zoom'], 12, 1, 15, 0.35],
    },
  })
}

export function CoverageMap({ rootCode, rootBbox, issues, selected, onPick, ref }: CoverageMapProps) {
  const { t } = useI18n()
  const containerRef = useRef<HTMLDivElement>(null)
  const map = useMaplibre(containerRef)
  const rootGeometry = useAreaGeometry(rootCode)
  const boxes = useRef<(Bbox | undefined)[]>([])
  const onPickRef = useRef(onPick)
  onPickRef.current = onPick

  useEffect(() => {
    if (map) addLayers(map)
  }, [map])

  useEffect(() => {
    if (!map) return
    ;(map.getSource(ROOT) as GeoJSONSource | undefined)?.setData(rootGeometry.data ?? EMPTY)
  }, [map, rootGeometry.data])

  useEffect(() => {
    if (!map) return
    const features = issues?.features ?? []
    boxes.current = features.map((f) => bboxOf(f))
    const withIndex: FeatureCollection = {
      type: 'FeatureCollection',
      features: features.map((f, i) => ({ ...f, properties: { ...f.properties, _index: i } })),
    }
    const points: Feature<Point>[] = []
    features.forEach((f, i) => {
      const b = boxes.current[i]
      if (!b) return
      points.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] }, properties: { kind: f.properties.kind, _index: i, _selected: i === selected } })
    })
    ;(map.getSource(ISSUES) as GeoJSONSource | undefined)?.setData(withIndex)
    ;(map.getSource(ISSUE_POINTS) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: points })
    map.setFilter('coverage-issue-selected', ['==', ['get', '_index'], selected ?? -1])
  }, [map, issues, selected])

  const rootKey = rootBbox?.join(',')
  useEffect(() => {
    if (map && rootBbox) fitBbox(map, rootBbox)
    // Keyed by the box's value, not its array identity, so a refetch does not move the view.
  }, [map, rootKey])

  useEffect(() => {
    if (!map) return
    const layers = ['coverage-issue-point', 'coverage-issue-fill']
    const onClick = (e: MapMouseEvent) => {
      const hit = map.queryRenderedFeatures([e.point.x, e.point.y], { layers })[0]
      const index = hit?.properties?._index
      if (typeof index === 'number') onPickRef.current(index)
    }
    const onMove = (e: MapMouseEvent) => {
      const hit = map.queryRenderedFeatures([e.point.x, e.point.y], { layers }).length > 0
      map.getCanvas().style.cursor = hit ? 'pointer' : ''
    }
    map.on('click', onClick)
    map.on('mousemove', onMove)
    return () => {
      map.off('click', onClick)
      map.off('mousemove', onMove)
    }
  }, [map])

  useImperativeHandle(
    ref,
    () => ({
      zoomTo: (index: number) => {
        const b = boxes.current[index]
        if (map && b) fitBbox(map, b, { padding: 80, maxZoom: 18 })
      },
    }),
    [map],
  )

  return (
    <div className="map-wrap">
      <div ref={containerRef} className="map-container" data-testid="map-container" data-map-ready={map ? 'true' : 'false'} role="region" aria-label={t('map.label')} />
      <LayerToggles
        map={map}
        extra={
          <div className="legend">
            {(['gap', 'overlap', 'outside'] as const).map((k) => (
              <div key={k} className="legend-item">
                <span className="layer-swatch" style={{ background: ISSUE_COLORS[k], borderColor: ISSUE_COLORS[k] }} />
                {t(`issueKind.${k}`)}
              </div>
            ))}
          </div>
        }
      />
    </div>
  )
}
