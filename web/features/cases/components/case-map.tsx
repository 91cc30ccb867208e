// A small map of the case (red) and the cases near it (blue) over the grid layers; a click on a
// nearby case opens it. Shown only for a case with a point.
import type { FeatureCollection, Point } from 'geojson'
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { useNavigate } from 'react-router'
import { useI18n } from '../../../shared/i18n'
import { bboxOf, fitBbox, FIRST_LABEL_LAYER, useMaplibre } from '../../../shared/map'
import { casesPaths } from '../lib/paths'
import type { CaseSummary, LonLat } from '../types'

const SOURCE = 'cases-nearby'

function pointsOf(here: LonLat, nearby: readonly CaseSummary[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: [
      ...nearby.flatMap((c) => (c.location ? [{ type: 'Feature' as const, properties: { id: c.id, self: false }, geometry: { type: 'Point' as const, coordinates: [c.location.lon, c.location.lat] } }] : [])),
      { type: 'Feature', properties: { id: 0, self: true }, geometry: { type: 'Point', coordinates: [here.lon, here.lat] } },
    ],
  }
}

export function CaseMap({ location, nearby }: { location: LonLat; nearby: readonly CaseSummary[] }) {
  const { t } = useI18n()
  const ref = useRef<HTMLDivElement>(null)
  const map = useMaplibre(ref, { center: [location.lon, location.lat], zoom: 15 })
  const navigate = useNavigate()
  const navigateRef = useRef(navigate)
  navigateRef.current = navigate

  useEffect(() => {
    if (!map) return
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    map.addLayer(
      {
        id: SOURCE,
        type: 'circle',
        source: SOURCE,
        paint: {
          'circle-radius': ['case', ['get', 'self'], 8, 6],
          'circle-color': ['case', ['get', 'self'], '#dc2626', '#2563eb'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
      FIRST_LABEL_LAYER,
    )
    const open = (e: MapLayerMouseEvent) => {
      const id = Number(e.features?.[0]?.properties?.id)
      if (id > 0) navigateRef.current(casesPaths.case(id))
    }
    const pointer = () => (map.getCanvas().style.cursor = 'pointer')
    const plain = () => (map.getCanvas().style.cursor = '')
    map.on('click', SOURCE, open)
    map.on('mouseenter', SOURCE, pointer)
    map.on('mouseleave', SOURCE, plain)
    return () => {
      map.off('click', SOURCE, open)
      map.off('mouseenter', SOURCE, pointer)
      map.off('mouseleave', SOURCE, plain)
    }
  }, [map])

  useEffect(() => {
    if (!map) return
    const data = pointsOf(location, nearby)
    ;(map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(data)
    const bbox = bboxOf(data)
    if (bbox && nearby.length > 0) fitBbox(map, bbox, { animate: false, padding: 30, maxZoom: 16 })
    else map.jumpTo({ center: [location.lon, location.lat], zoom: 15 })
  }, [map, location.lon, location.lat, nearby])

  return <div ref={ref} className="case-map" data-testid="case-map" data-map-ready={map ? 'true' : 'false'} role="region" aria-label={t('cases.nearby.map')} />
}
