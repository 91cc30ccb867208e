// Where a place is: a point picked on a small map of the grid layers (a click sets it; the grid under
// it is named), typed as longitude and latitude, or taken from the device ("use my location"). A
// form control (value/onChange). The map starts on the point, else on `areaCode` (default: the
// user's own area).
import { AimOutlined } from '@ant-design/icons'
import { Alert, Button, InputNumber, Space } from 'antd'
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { useEffect, useRef, useState } from 'react'
import { useArea } from '../../areas'
import { useAuth } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import { areaAt, fitBbox, FIRST_LABEL_LAYER, LEVEL_STYLE, useMaplibre } from '../../../shared/map'
import type { LonLat } from '../places-types'

const POINT_SOURCE = 'picked-point'
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const round7 = (n: number) => Number(n.toFixed(7))
/** The grid layer's first zoom (LEVEL_STYLE.grid.minzoom), a little closer. */
const GRID_ZOOM = LEVEL_STYLE.grid.minzoom + 0.5

interface LocationPickerProps {
  id?: string
  value?: LonLat
  onChange?: (v: LonLat | undefined) => void
  /** The area the map shows first when there is no point yet (default: the user's scope). */
  areaCode?: string
  'data-testid'?: string
}

/** The grid under a point of the map, from the rendered grid layer (undefined when not drawn yet). */
function gridAtPoint(map: MaplibreMap, p: LonLat): { code: string; name: string } | undefined {
  const px = map.project([p.lon, p.lat])
  const c = map.getContainer()
  if (px.x < 0 || px.y < 0 || px.x > c.clientWidth || px.y > c.clientHeight) return undefined
  const hit = areaAt(map, px)
  return hit && hit.level === 'grid' ? { code: hit.code, name: hit.name } : undefined
}

export function LocationPicker({ id, value, onChange, areaCode, 'data-testid': testId = 'location-picker' }: LocationPickerProps) {
  const { t, fmt } = useI18n()
  const { session } = useAuth()
  const containerRef = useRef<HTMLDivElement>(null)
  const map = useMaplibre(containerRef)
  const area = useArea(areaCode ?? session?.account.scope.code)
  const [grid, setGrid] = useState<{ code: string; name: string } | undefined>()
  const [busy, setBusy] = useState(false)
  const [accuracy, setAccuracy] = useState<number | undefined>()
  const [geoProblem, setGeoProblem] = useState<string | undefined>()
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const valueRef = useRef(value)
  valueRef.current = value

  // The picked point, drawn below the labels.
  useEffect(() => {
    if (!map) return
    map.addSource(POINT_SOURCE, { type: 'geojson', data: EMPTY })
    map.addLayer(
      {
        id: 'picked-point',
        type: 'circle',
        source: POINT_SOURCE,
        paint: { 'circle-radius': 7, 'circle-color': '#dc2626', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      },
      FIRST_LABEL_LAYER,
    )
    const onClick = (e: MapMouseEvent) => {
      const hit = areaAt(map, e.point)
      setGrid(hit && hit.level === 'grid' ? { code: hit.code, name: hit.name } : undefined)
      onChangeRef.current?.({ lon: round7(e.lngLat.lng), lat: round7(e.lngLat.lat) })
    }
    map.on('click', onClick)
    map.getCanvas().style.cursor = 'crosshair'
    return () => {
      map.off('click', onClick)
    }
  }, [map])

  // The first view: the point (close up), else the area.
  const fitted = useRef(false)
  const bbox = area.data?.bbox
  useEffect(() => {
    if (!map || fitted.current) return
    if (valueRef.current) {
      map.jumpTo({ center: [valueRef.current.lon, valueRef.current.lat], zoom: 16 })
      fitted.current = true
    } else if (bbox) {
      fitBbox(map, bbox, { animate: false, padding: 10 })
      // Close enough for the grid outlines to be drawn (they appear from zoom 12).
      if (map.getZoom() < GRID_ZOOM) map.jumpTo({ zoom: GRID_ZOOM })
      fitted.current = true
    }
  }, [map, bbox])

  // The point on the map; a point set elsewhere (typed, located) is brought into view and its grid named.
  useEffect(() => {
    if (!map) return
    const source = map.getSource(POINT_SOURCE) as GeoJSONSource | undefined
    source?.setData(value ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [value.lon, value.lat] } }] } : EMPTY)
    if (!value) {
      setGrid(undefined)
      return
    }
    if (!map.getBounds().contains([value.lon, value.lat])) map.jumpTo({ center: [value.lon, value.lat], zoom: Math.max(map.getZoom(), 15) })
    const name = () => {
      const v = valueRef.current
      if (v) setGrid(gridAtPoint(map, v))
    }
    name()
    map.once('idle', name)
    return () => {
      map.off('idle', name)
    }
  }, [map, value?.lon, value?.lat])

  // Typed coordinates: a longitude waits for its latitude (and back) before it is a point.
  const [draft, setDraft] = useState<{ lon: number | null; lat: number | null }>({ lon: value?.lon ?? null, lat: value?.lat ?? null })
  useEffect(() => {
    if (value) setDraft({ lon: value.lon, lat: value.lat })
  }, [value?.lon, value?.lat])
  const setPart = (part: 'lon' | 'lat', n: number | null) => {
    const next = { ...draft, [part]: n }
    setDraft(next)
    if (typeof next.lon === 'number' && typeof next.lat === 'number') onChange?.({ lon: round7(next.lon), lat: round7(next.lat) })
    else if (value) onChange?.(undefined)
  }

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setGeoProblem(t('registry.placement.geoUnsupported'))
      return
    }
    setBusy(true)
    setGeoProblem(undefined)
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setBusy(false)
        setAccuracy(pos.coords.accuracy)
        onChange?.({ lon: round7(pos.coords.longitude), lat: round7(pos.coords.latitude) })
      },
      (err) => {
        setBusy(false)
        setGeoProblem(err.code === err.PERMISSION_DENIED ? t('registry.placement.geoDenied') : t('registry.placement.geoFailed', { message: err.message }))
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    )
  }

  return (
    <div id={id} data-testid={testId} data-lon={value?.lon ?? ''} data-lat={value?.lat ?? ''} data-grid={grid?.code ?? ''}>
      <div style={{ position: 'relative', height: 260, borderRadius: 6, overflow: 'hidden', border: '1px solid #d9d9d9' }}>
        <div ref={containerRef} style={{ width: '100%', height: '100%' }} data-testid="location-map" data-map-ready={map ? 'true' : 'false'} role="region" aria-label={t('places.location.mapLabel')} />
      </div>
      <div className="small muted" style={{ marginTop: 4 }} data-testid="location-hint">
        {value ? (
          grid ? (
            <span data-testid="location-grid" data-code={grid.code}>
              {t('places.location.inGrid', { name: grid.name, code: grid.code })}
            </span>
          ) : (
            t('places.location.picked')
          )
        ) : (
          t('places.location.hint')
        )}
      </div>
      <Space wrap style={{ marginTop: 6 }}>
        <InputNumber<number>
          value={draft.lon}
          onChange={(n) => setPart('lon', n)}
          min={-180}
          max={180}
          step={0.0001}
          precision={7}
          placeholder={t('places.location.lon')}
          aria-label={t('places.location.lon')}
          style={{ width: 160 }}
          data-testid="location-lon"
        />
        <InputNumber<number>
          value={draft.lat}
          onChange={(n) => setPart('lat', n)}
          min={-90}
          max={90}
          step={0.0001}
          precision={7}
          placeholder={t('places.location.lat')}
          aria-label={t('places.location.lat')}
          style={{ width: 160 }}
          data-testid="location-lat"
        />
        <Button icon={<AimOutlined />} loading={busy} onClick={locate} data-testid="location-locate">
          {busy ? t('registry.placement.locating') : t('registry.placement.location')}
        </Button>
        {value && accuracy !== undefined && <span className="small muted">{t('places.location.accuracy', { accuracy: fmt.number(accuracy) })}</span>}
      </Space>
      {geoProblem && <Alert type="warning" showIcon title={geoProblem} style={{ marginTop: 8 }} />}
    </div>
  )
}
