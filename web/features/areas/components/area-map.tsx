// The area map: the vector tile layers of every level, the selected area's outline from its geometry
// endpoint, hover outlines and click-to-select (the finest visible level wins).
import type { GeoJSONSource, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useI18n } from '../../../shared/i18n'
import { areaAt, FIRST_LABEL_LAYER, fitBbox, LayerToggles, setHovered, useMaplibre, type MapLevel } from '../../../shared/map'
import { useArea } from '../api/get-area'
import { useAreaGeometry } from '../api/get-area-geometry'
import { useAreas } from '../api/get-areas'
import { LevelTag } from './level-tag'

const SELECTION_SOURCE = 'selected-area'
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

interface AreaMapProps {
  selectedCode?: string
  onSelect: (code: string) => void
  /** Extra controls drawn over the map (e.g. the button that opens the tree on phones). */
  overlay?: ReactNode
}

export function AreaMap({ selectedCode, onSelect, overlay }: AreaMapProps) {
  const { t } = useI18n()
  const containerRef = useRef<HTMLDivElement>(null)
  const map = useMaplibre(containerRef)
  const [hovered, setHoveredArea] = useState<{ level: MapLevel; code: string; name: string } | null>(null)
  const [zoom, setZoom] = useState<number | null>(null)
  const selected = useArea(selectedCode)
  const geometry = useAreaGeometry(selectedCode)
  const roots = useAreas(null)
  const rootDetail = useArea(selectedCode ? undefined : roots.data?.[0]?.code)
  const onSelectRef = useRef(onSelect)
  onSelectRef.current = onSelect

  // Selection layers, below the labels.
  useEffect(() => {
    if (!map) return
    map.addSource(SELECTION_SOURCE, { type: 'geojson', data: EMPTY })
    map.addLayer({ id: 'selected-fill', type: 'fill', source: SELECTION_SOURCE, paint: { 'fill-color': '#38bdf8', 'fill-opacity': 0.2 } }, FIRST_LABEL_LAYER)
    map.addLayer(
      { id: 'selected-casing', type: 'line', source: SELECTION_SOURCE, layout: { 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 6 } },
      FIRST_LABEL_LAYER,
    )
    map.addLayer(
      { id: 'selected-line', type: 'line', source: SELECTION_SOURCE, layout: { 'line-join': 'round' }, paint: { 'line-color': '#0369a1', 'line-width': 3 } },
      FIRST_LABEL_LAYER,
    )
  }, [map])

  useEffect(() => {
    if (!map) return
    const source = map.getSource(SELECTION_SOURCE) as GeoJSONSource | undefined
    const data = geometry.data && geometry.data.properties?.code === selectedCode ? geometry.data : EMPTY
    source?.setData(data)
  }, [map, geometry.data, selectedCode])

  // Fit the view to the selection, or to the city when nothing is selected.
  const bbox = selected.data?.bbox ?? (selectedCode ? undefined : rootDetail.data?.bbox)
  const bboxKey = bbox?.join(',')
  const fittedOnce = useRef(false)
  useEffect(() => {
    if (!map || !bbox) return
    fitBbox(map, bbox, { animate: fittedOnce.current })
    fittedOnce.current = true
    // Keyed by the box's value: a refetched detail with the same box must not move the view.
  }, [map, bboxKey])

  // Hover and click.
  useEffect(() => {
    if (!map) return
    let frame = 0
    let last: string | null = null
    const onMove = (e: MapMouseEvent) => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const hit = areaAt(map, e.point) ?? null
        const key = hit ? `${hit.level}:${hit.code}` : null
        if (key === last) return
        last = key
        setHovered(map, hit)
        setHoveredArea(hit)
        map.getCanvas().style.cursor = hit ? 'pointer' : ''
      })
    }
    const onLeave = () => {
      cancelAnimationFrame(frame)
      last = null
      setHovered(map, null)
      setHoveredArea(null)
      map.getCanvas().style.cursor = ''
    }
    const onClick = (e: MapLayerMouseEvent | MapMouseEvent) => {
      const hit = areaAt(map, e.point)
      if (hit) onSelectRef.current(hit.code)
    }
    const onZoom = () => setZoom(map.getZoom())
    onZoom()
    map.on('mousemove', onMove)
    map.on('mouseout', onLeave)
    map.on('click', onClick)
    map.on('zoomend', onZoom)
    return () => {
      cancelAnimationFrame(frame)
      map.off('mousemove', onMove)
      map.off('mouseout', onLeave)
      map.off('click', onClick)
      map.off('zoomend', onZoom)
    }
  }, [map])

  return (
    <div className="map-wrap">
      <div ref={containerRef} className="map-container" data-testid="map-container" data-map-ready={map ? 'true' : 'false'} aria-label={t('map.label')} role="region" />
      <LayerToggles map={map} />
      {overlay}
      <div className="map-status" aria-live="polite" data-testid="map-status">
        {zoom !== null && <span className="map-zoom">z {zoom.toFixed(1)}</span>}
        {hovered ? (
          <span>
            <LevelTag level={hovered.level} /> {hovered.name} <span className="code-text">{hovered.code}</span>
          </span>
        ) : (
          <span className="muted">{t('map.hint')}</span>
        )}
      </div>
    </div>
  )
}
