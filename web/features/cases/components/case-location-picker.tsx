// Where a case is: a point picked on a small map of the grid layers (a click sets it and names the
// grid under it) or taken from the device ("use my location"). A form control (value/onChange). The
// registry has a richer picker, but it is not part of its public entry; this one needs only the
// shared map. The map starts on the point, else on the user's own area.
import { AimOutlined } from '@ant-design/icons'
import { Alert, Button, Space } from 'antd'
import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { useArea } from '../../areas'
import { useActiveSession } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import { areaAt, fitBbox, FIRST_LABEL_LAYER, LEVEL_STYLE, useMaplibre } from '../../../shared/map'
import type { LonLat } from '../types'

const POINT_SOURCE = 'case-point'
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const round7 = (n: number) => Number(n.toFixed(7))
/** Close enough for the grid outlines to be drawn. */
const GRID_ZOOM = LEVEL_STYLE.grid.minzoom + 0.5

interface Props {
  id?: string
  value?: LonLat
  onChange?: (v: LonLat | undefined) => void
}

type Grid = { code: string; name: string }

/** The grid drawn under a point of the map (undefined while it is off screen or not drawn yet). */
function gridUnder(map: MaplibreMap, p: LonLat): Grid | undefined {
  const px = map.project([p.lon, p.lat])
  const c = map.getContainer()
  if (px.x < 0 || px.y < 0 || px.x > c.clientWidth || px.y > c.clientHeight) return undefined
  const hit = areaAt(map, px)
  return hit?.level === 'grid' ? { code: hit.code, name: hit.name } : undefined
}

export function CaseLocationPicker({ id, value, onChange }: Props) {
  const { t, fmt } = useI18n()
  const session = useActiveSession()
  const containerRef = useRef<HTMLDivElement>(null)
  const map = useMaplibre(containerRef)
  const area = useArea(session.account.scope.code)
  const [grid, setGrid] = useState<Grid | undefined>()
  const [locating, setLocating] = useState(false)
  const [accuracy, setAccuracy] = useState<number | undefined>()
  const [geoProblem, setGeoProblem] = useState<string | undefined>()
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const valueRef = useRef(value)
  valueRef.current = value

  // The picked point, below the labels; a click moves it.
  useEffect(() => {
    if (!map) return
    map.addSource(POINT_SOURCE, { type: 'geojson', data: EMPTY })
    map.addLayer(
      { id: POINT_SOURCE, type: 'circle', source: POINT_SOURCE, paint: { 'circle-radius': 7, 'circle-color': '#dc2626', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } },
      FIRST_LABEL_LAYER,
    )
    const onClick = (e: MapMouseEvent) => {
      const hit = areaAt(map, e.point)
      setGrid(hit?.level === 'grid' ? { code: hit.code, name: hit.name } : undefined)
      setAccuracy(undefined)
      onChangeRef.current?.({ lon: round7(e.lngLat.lng), lat: round7(e.lngLat.lat) })
    }
    map.on('click', onClick)
    map.getCanvas().style.cursor = 'crosshair'
    return () => {
      map.off('click', onClick)
    }
  }, [map])

  // The first view: the point, else the user's area close enough to see its grids.
  const fitted = useRef(false)
  const bbox = area.data?.bbox
  useEffect(() => {
    if (!map || fitted.current) return
    if (valueRef.current) {
      map.jumpTo({ center: [valueRef.current.lon, valueRef.current.lat], zoom: 16 })
      fitted.current = true
    } else if (bbox) {
      fitBbox(map, bbox, { animate: false, padding: 10 })
      if (map.getZoom() < GRID_ZOOM) map.jumpTo({ zoom: GRID_ZOOM })
      fitted.current = true
    }
  }, [map, bbox])

  // The point on the map; one set from the device is brought into view and its grid named once drawn.
  useEffect(() => {
    if (!map) return
    ;(map.getSource(POINT_SOURCE) as GeoJSONSource | undefined)?.setData(
      value ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [value.lon, value.lat] } }] } : EMPTY,
    )
    if (!value) {
      setGrid(undefined)
      return
    }
    if (!map.getBounds().contains([value.lon, value.lat])) map.jumpTo({ center: [value.lon, value.lat], zoom: Math.max(map.getZoom(), 15) })
    const name = () => {
      const v = valueRef.current
      if (v) setGrid((g) => gridUnder(map, v) ?? g)
    }
    name()
    map.once('idle', name)
    return () => {
      map.off('idle', name)
    }
  }, [map, value?.lon, value?.lat])

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setGeoProblem(t('cases.location.geoUnsupported'))
      return
    }
    setLocating(true)
    setGeoProblem(undefined)
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false)
        setAccuracy(pos.coords.accuracy)
        onChange?.({ lon: round7(pos.coords.longitude), lat: round7(pos.coords.latitude) })
      },
      (err) => {
        setLocating(false)
        setGeoProblem(err.code === err.PERMISSION_DENIED ? t('cases.location.geoDenied') : t('cases.location.geoFailed', { message: err.message }))
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    )
  }

  return (
    <div id={id} data-testid="case-location" data-lon={value?.lon ?? ''} data-lat={value?.lat ?? ''} data-grid={grid?.code ?? ''}>
      <div className="case-map" style={{ height: 260 }}>
        <div ref={containerRef} style={{ width: '100%', height: '100%' }} data-testid="case-location-map" data-map-ready={map ? 'true' : 'false'} role="region" aria-label={t('cases.location.map')} />
      </div>
      <div className="small muted" style={{ marginTop: 4 }} data-testid="case-location-hint">
        {value
          ? grid
            ? t('cases.location.inGrid', { name: grid.name, code: grid.code })
            : t('cases.location.picked', { lon: fmt.number(value.lon, 5), lat: fmt.number(value.lat, 5) })
          : t('cases.location.hint')}
        {value && accuracy !== undefined && ` · ${t('cases.location.accuracy', { accuracy: fmt.number(accuracy) })}`}
      </div>
      <Space wrap style={{ marginTop: 6 }}>
        <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="case-location-locate">
          {locating ? t('cases.location.locating') : t('cases.location.locate')}
        </Button>
        {value && (
          <Button type="link" onClick={() => onChange?.(undefined)} data-testid="case-location-clear">
            {t('cases.location.clear')}
          </Button>
        )}
      </Space>
      {geoProblem && <Alert type="warning" showIcon title={geoProblem} style={{ marginTop: 8 }} />}
    </div>
  )
}
