// The import map: the parent's outline, its current children (dashed), the features being prepared,
// the problems the server found, and the drawing tool with snapping.
import { AimOutlined, CheckOutlined, CloseOutlined, EditOutlined, UndoOutlined } from '@ant-design/icons'
import { Button, Space, Tooltip } from 'antd'
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson'
import type { ExpressionSpecification, GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react'
import type { AreaExport, AreaFeature } from '../../areas'
import { useI18n } from '../../../shared/i18n'
import { bboxOf, FIRST_LABEL_LAYER, fitBbox, LABEL_FONT, LayerToggles, useMaplibre, type Bbox, type MapLevel } from '../../../shared/map'
import { PolygonDrawer, SNAP_TOLERANCE_PX, type DrawState } from '../lib/draw-controller'
import { buildSnapIndex } from '../lib/snap'
import type { WorkingFeature } from '../lib/working-set'

export interface ProblemShape {
  /** Row of the problem table. */
  row: number
  problem: string
  geometry: Geometry
}

export interface ImportMapHandle {
  startDraw: (targetId?: string) => void
  zoomTo: (bbox: Bbox) => void
}

interface ImportMapProps {
  parent?: AreaFeature
  parentBbox?: Bbox
  currentChildren?: AreaExport
  features: WorkingFeature[]
  selectedId?: string
  problemIds: ReadonlySet<string>
  problems: ProblemShape[]
  hiddenLevels: MapLevel[]
  onSelect: (id: string) => void
  onDrawn: (ring: Position[], targetId?: string) => void
  ref?: Ref<ImportMapHandle>
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const PROBLEM_COLOR: ExpressionSpecification = ['match', ['get', 'problem'], 'gap', '#dc2626', 'overlap', '#ea580c', 'outside', '#7c3aed', '#dc2626']

function addLayers(map: MaplibreMap) {
  map.addSource('import-parent', { type: 'geojson', data: EMPTY })
  map.addSource('import-current', { type: 'geojson', data: EMPTY })
  map.addSource('import-working', { type: 'geojson', data: EMPTY })
  map.addSource('import-problems', { type: 'geojson', data: EMPTY })
  const before = FIRST_LABEL_LAYER
  map.addLayer({ id: 'import-parent-line', type: 'line', source: 'import-parent', paint: { 'line-color': '#0f172a', 'line-width': 3 } }, before)
  map.addLayer(
    { id: 'import-current-line', type: 'line', source: 'import-current', paint: { 'line-color': '#64748b', 'line-width': 1.5, 'line-dasharray': [2, 2] } },
    before,
  )
  map.addLayer({
    id: 'import-working-fill',
    type: 'fill',
    source: 'import-working',
    paint: {
      'fill-color': ['case', ['get', 'problem'], '#f87171', ['get', 'selected'], '#38bdf8', '#60a5fa'],
      'fill-opacity': ['case', ['get', 'selected'], 0.45, 0.25],
    },
  })
  map.addLayer({
    id: 'import-working-line',
    type: 'line',
    source: 'import-working',
    paint: {
      'line-color': ['case', ['get', 'problem'], '#b91c1c', ['get', 'selected'], '#0369a1', '#1d4ed8'],
      'line-width': ['case', ['get', 'selected'], 3, 1.6],
    },
  })
  map.addLayer({ id: 'import-problem-fill', type: 'fill', source: 'import-problems', paint: { 'fill-color': PROBLEM_COLOR, 'fill-opacity': 0.6 } })
  map.addLayer({ id: 'import-problem-line', type: 'line', source: 'import-problems', paint: { 'line-color': PROBLEM_COLOR, 'line-width': 2.5 } })
  // Invalid-geometry problems come with the point where the geometry breaks.
  map.addLayer({
    id: 'import-problem-point',
    type: 'circle',
    source: 'import-problems',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 7, 'circle-color': PROBLEM_COLOR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  })
  map.addLayer({
    id: 'import-working-label',
    type: 'symbol',
    source: 'import-working',
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 12, 'text-max-width': 8 },
    paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
  })
}

export function ImportMap(props: ImportMapProps) {
  // Callbacks are read through `latest` so the map's handlers, bound once, always call the current ones.
  const { parent, parentBbox, currentChildren, features, selectedId, problemIds, problems, hiddenLevels, ref } = props
  const { t } = useI18n()
  const containerRef = useRef<HTMLDivElement>(null)
  const map = useMaplibre(containerRef)
  const drawer = useRef<PolygonDrawer | null>(null)
  const [draw, setDraw] = useState<DrawState>({ active: false, vertices: 0, snap: null })
  const target = useRef<string | undefined>(undefined)
  const latest = useRef(props)
  latest.current = props

  useEffect(() => {
    if (!map) return
    addLayers(map)
    const d = new PolygonDrawer(map, {
      getSnapIndex: () => {
        const p = latest.current
        return buildSnapIndex([
          p.parent?.geometry,
          ...(p.currentChildren?.features.map((f) => f.geometry) ?? []),
          ...p.features.filter((f) => f.id !== target.current).map((f) => f.geometry),
        ])
      },
      onFinish: (ring) => latest.current.onDrawn(ring, target.current),
      onState: setDraw,
    })
    drawer.current = d
    const onClick = (e: MapMouseEvent) => {
      if (d.isActive) return
      const hit = map.queryRenderedFeatures([e.point.x, e.point.y], { layers: ['import-working-fill'] })[0]
      const id = hit?.properties?.id
      if (typeof id === 'string') latest.current.onSelect(id)
    }
    map.on('click', onClick)
    return () => {
      map.off('click', onClick)
      d.destroy()
      drawer.current = null
    }
  }, [map])

  useEffect(() => {
    if (map) (map.getSource('import-parent') as GeoJSONSource | undefined)?.setData(parent ?? EMPTY)
  }, [map, parent])
  useEffect(() => {
    if (map) (map.getSource('import-current') as GeoJSONSource | undefined)?.setData(currentChildren ?? EMPTY)
  }, [map, currentChildren])
  useEffect(() => {
    if (!map) return
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: features.map(
        (f): Feature => ({
          type: 'Feature',
          properties: { id: f.id, code: f.code, name: f.name || f.code, selected: f.id === selectedId, problem: problemIds.has(f.id) },
          geometry: f.geometry,
        }),
      ),
    }
    ;(map.getSource('import-working') as GeoJSONSource | undefined)?.setData(data)
  }, [map, features, selectedId, problemIds])
  useEffect(() => {
    if (!map) return
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: problems.map((p): Feature => ({ type: 'Feature', properties: { row: p.row, problem: p.problem }, geometry: p.geometry })),
    }
    ;(map.getSource('import-problems') as GeoJSONSource | undefined)?.setData(data)
  }, [map, problems])

  const bboxKey = parentBbox?.join(',')
  useEffect(() => {
    if (map && parentBbox) fitBbox(map, parentBbox, { animate: false })
    // Keyed by the box's value: a refetch must not undo the user's zoom while drawing.
  }, [map, bboxKey])

  useImperativeHandle(
    ref,
    () => ({
      startDraw: (targetId?: string) => {
        target.current = targetId
        drawer.current?.start()
        containerRef.current?.querySelector('canvas')?.focus()
      },
      zoomTo: (bbox: Bbox) => {
        if (map) fitBbox(map, bbox, { padding: 60, maxZoom: 18 })
      },
    }),
    [map],
  )

  const redrawing = draw.active && target.current ? features.find((f) => f.id === target.current) : undefined

  return (
    <div className="map-wrap">
      <div ref={containerRef} className="map-container" data-testid="map-container" data-map-ready={map ? 'true' : 'false'} role="region" aria-label={t('map.label')} />
      <LayerToggles key={hiddenLevels.join(',')} map={map} initiallyHidden={hiddenLevels} />
      <div className="map-toolbar" data-testid="draw-toolbar" data-drawing={draw.active ? 'true' : 'false'}>
        {!draw.active ? (
          <Space wrap>
            <Button
              type="primary"
              icon={<EditOutlined />}
              disabled={!map || !parent}
              onClick={() => {
                target.current = undefined
                drawer.current?.start()
              }}
              data-testid="draw-start"
            >
              {t('draw.start')}
            </Button>
            {parentBbox && (
              <Tooltip title={t('draw.fitParent')}>
                <Button icon={<AimOutlined />} aria-label={t('draw.fitParent')} onClick={() => map && fitBbox(map, parentBbox)} />
              </Tooltip>
            )}
          </Space>
        ) : (
          <div>
            <div className="draw-hint" role="status" data-testid="draw-hint">
              {redrawing ? t('draw.redrawing', { code: redrawing.code || redrawing.name }) + ' ' : ''}
              {t('draw.hint', { px: SNAP_TOLERANCE_PX })}
              {draw.snap && <span className="snap-badge">{t(`draw.snap.${draw.snap}`)}</span>}
            </div>
            <Space wrap>
              <Button icon={<CheckOutlined />} type="primary" disabled={draw.vertices < 3} onClick={() => drawer.current?.finish()} data-testid="draw-finish">
                {t('draw.finish')} ({draw.vertices})
              </Button>
              <Button icon={<UndoOutlined />} disabled={draw.vertices === 0} onClick={() => drawer.current?.undo()} data-testid="draw-undo">
                {t('draw.undo')}
              </Button>
              <Button icon={<CloseOutlined />} onClick={() => drawer.current?.cancel()} data-testid="draw-cancel">
                {t('draw.cancel')}
              </Button>
            </Space>
          </div>
        )}
      </div>
    </div>
  )
}

/** The bounding box of a feature's geometry (for zooming from the list). */
export function featureBbox(f: WorkingFeature): Bbox | undefined {
  return bboxOf(f.geometry)
}
