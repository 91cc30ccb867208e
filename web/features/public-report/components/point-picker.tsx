// Where the problem is, for a resident: a small map with a marker that is dragged, or put where the
// map is tapped, and "use my location" (the device's position). The area tiles need a login, so the
// map shows them only to a logged-in user who may read areas; a resident sees a plain map with the
// marker and the coordinates (and may give an address instead). A form control (value/onChange).
import { AimOutlined } from '@ant-design/icons'
import { Alert, Button } from 'antd'
import maplibregl, { type Map as MaplibreMap, type MapMouseEvent, type Marker, type StyleSpecification } from 'maplibre-gl'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useI18n } from '../../../shared/i18n'
import { BACKGROUND_COLOR, GLYPHS_URL, baseStyle, useDeviceLocation, useMaplibre } from '../../../shared/map'
import { roundCoordinate } from '../lib/report-form'
import type { LonLat } from '../types'

/** 城中区, Xining: where the map starts when the page names no point. */
export const DEFAULT_POINT: LonLat = { lon: 101.78, lat: 36.62 }
const POINT_ZOOM = 16
const START_ZOOM = 13

/** A map of nothing but its background (for visitors who may not read the area tiles). */
function plainStyle(): StyleSpecification {
  return { version: 8, glyphs: GLYPHS_URL, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }] }
}

interface PointPickerProps {
  id?: string
  value?: LonLat
  onChange: (v: LonLat | undefined) => void
  /** Draw the area layers (the caller is logged in with area.read); else a plain map. */
  withAreas: boolean
  /** A problem of the point (shown under the map by the form); marks the map's border. */
  invalid?: boolean
}

export function PointPicker({ id, value, onChange, withAreas, invalid }: PointPickerProps) {
  const { t, fmt } = useI18n()
  const containerRef = useRef<HTMLDivElement>(null)
  // The first view: the point, if the page came with one; the map is made once per mount.
  const [start] = useState(() => ({ center: [value?.lon ?? DEFAULT_POINT.lon, value?.lat ?? DEFAULT_POINT.lat] as [number, number], zoom: value ? POINT_ZOOM : START_ZOOM }))
  const style = useMemo(() => (withAreas ? baseStyle() : plainStyle()), [withAreas])
  const map = useMaplibre(containerRef, { style, center: start.center, zoom: start.zoom })
  const markerRef = useRef<Marker | null>(null)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const device = useDeviceLocation((p) => {
    onChangeRef.current(p)
    flyTo(map, p)
  })
  const { locate, accuracy, clearAccuracy: clear } = device
  const busy = device.locating
  const geoProblem =
    device.problem && (device.problem.kind === 'unsupported' ? t('public.location.geoUnsupported') : device.problem.kind === 'denied' ? t('public.location.geoDenied') : t('public.location.geoFailed'))

  // A tap puts the point there; the marker is dragged to move it.
  useEffect(() => {
    if (!map) return
    const onClick = (e: MapMouseEvent) => {
      clear()
      onChangeRef.current({ lon: roundCoordinate(e.lngLat.lng), lat: roundCoordinate(e.lngLat.lat) })
    }
    map.on('click', onClick)
    map.getCanvas().style.cursor = 'crosshair'
    return () => {
      map.off('click', onClick)
    }
  }, [map])

  // The marker follows the value; a point set elsewhere (located) is brought into view.
  const lon = value?.lon
  const lat = value?.lat
  const markerLabel = t('public.location.marker')
  useEffect(() => {
    if (!map) return
    if (lon === undefined || lat === undefined) {
      markerRef.current?.remove()
      markerRef.current = null
      return
    }
    let marker = markerRef.current
    if (!marker) {
      marker = new maplibregl.Marker({ draggable: true, color: '#b91c1c' })
      marker.getElement().setAttribute('data-testid', 'report-marker')
      marker.on('dragend', () => {
        const at = markerRef.current?.getLngLat()
        if (!at) return
        clear()
        onChangeRef.current({ lon: roundCoordinate(at.lng), lat: roundCoordinate(at.lat) })
      })
      marker.setLngLat([lon, lat]).addTo(map)
      markerRef.current = marker
    } else {
      marker.setLngLat([lon, lat])
    }
    marker.getElement().setAttribute('aria-label', markerLabel)
    if (!map.getBounds().contains([lon, lat])) map.jumpTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), POINT_ZOOM - 1) })
  }, [map, lon, lat, markerLabel])

  useEffect(
    () => () => {
      markerRef.current?.remove()
      markerRef.current = null
    },
    [map],
  )

  return (
    <div id={id} data-testid="report-location" data-lon={value?.lon ?? ''} data-lat={value?.lat ?? ''}>
      <Button block size="large" icon={<AimOutlined />} loading={busy} onClick={locate} className="public-locate" data-testid="report-locate">
        {busy ? t('public.location.locating') : t('public.location.useMine')}
      </Button>
      {geoProblem && <Alert type="warning" showIcon title={geoProblem} style={{ marginBottom: 8 }} data-testid="report-geo-problem" />}
      <div className="public-map-box" style={invalid ? { borderColor: '#ff4d4f' } : undefined}>
        <div
          ref={containerRef}
          className="public-map"
          data-testid="report-map"
          data-map-ready={map ? 'true' : 'false'}
          role="region"
          aria-label={t('public.location.mapLabel')}
        />
        {!value && <div className="public-map-empty">{t('public.location.tapHint')}</div>}
      </div>
      <div className="small muted" style={{ marginTop: 4 }} data-testid="report-location-hint">
        {value ? (
          <>
            {t('public.location.picked', { lon: value.lon.toFixed(5), lat: value.lat.toFixed(5) })}
            {accuracy !== undefined && ` · ${t('public.location.accuracy', { accuracy: fmt.number(accuracy) })}`}{' '}
            <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onChange(undefined)} data-testid="report-location-clear">
              {t('public.location.clear')}
            </Button>
          </>
        ) : (
          t('public.location.dragHint')
        )}
      </div>
    </div>
  )
}

function flyTo(map: MaplibreMap | null, p: LonLat) {
  map?.jumpTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), POINT_ZOOM) })
}
