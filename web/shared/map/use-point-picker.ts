// Picking a point: the pieces the registry's and the cases' location pickers share, and the device's
// position that the public report page uses too. Each picker keeps its own layout and words.
import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { fitBbox, type Bbox } from './geo'
import { areaAt, FIRST_LABEL_LAYER, LEVEL_STYLE } from './map-style'

export interface LonLat {
  lon: number
  lat: number
}

export interface PickedGrid {
  code: string
  name: string
}

/** Coordinates are kept to 7 decimals (about 1 cm). */
export const round7 = (n: number) => Number(n.toFixed(7))

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
/** Close enough for the grid outlines to be drawn (they appear from the grid layer's first zoom). */
const GRID_ZOOM = LEVEL_STYLE.grid.minzoom + 0.5

/** The grid drawn under a point of the map (undefined while it is off screen or not drawn yet). */
function gridUnder(map: MaplibreMap, p: LonLat): PickedGrid | undefined {
  const px = map.project([p.lon, p.lat])
  const c = map.getContainer()
  if (px.x < 0 || px.y < 0 || px.x > c.clientWidth || px.y > c.clientHeight) return undefined
  const hit = areaAt(map, px)
  return hit?.level === 'grid' ? { code: hit.code, name: hit.name } : undefined
}

/**
 * A point picked on a map of the grid layers, as a form control's value: drawn below the labels, set
 * by a click (`onClick` is told too), the grid under it named. The first view is the point (close
 * up), else `bbox` close enough to see its grids; a point set elsewhere (typed, located) is brought
 * into view. Returns the grid under the point.
 */
export function usePickedPoint(
  map: MaplibreMap | null,
  { value, onChange, bbox, layerId, onClick }: { value: LonLat | undefined; onChange?: (v: LonLat | undefined) => void; bbox: Bbox | undefined; layerId: string; onClick?: () => void },
): PickedGrid | undefined {
  const [grid, setGrid] = useState<PickedGrid | undefined>()
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const onClickRef = useRef(onClick)
  onClickRef.current = onClick
  const valueRef = useRef(value)
  valueRef.current = value

  useEffect(() => {
    if (!map) return
    map.addSource(layerId, { type: 'geojson', data: EMPTY })
    map.addLayer(
      { id: layerId, type: 'circle', source: layerId, paint: { 'circle-radius': 7, 'circle-color': '#dc2626', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } },
      FIRST_LABEL_LAYER,
    )
    const click = (e: MapMouseEvent) => {
      const hit = areaAt(map, e.point)
      setGrid(hit?.level === 'grid' ? { code: hit.code, name: hit.name } : undefined)
      onClickRef.current?.()
      onChangeRef.current?.({ lon: round7(e.lngLat.lng), lat: round7(e.lngLat.lat) })
    }
    map.on('click', click)
    map.getCanvas().style.cursor = 'crosshair'
    return () => {
      map.off('click', click)
    }
  }, [map, layerId])

  const fitted = useRef(false)
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

  useEffect(() => {
    if (!map) return
    ;(map.getSource(layerId) as GeoJSONSource | undefined)?.setData(
      value ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [value.lon, value.lat] } }] } : EMPTY,
    )
    if (!value) {
      setGrid(undefined)
      return
    }
    if (!map.getBounds().contains([value.lon, value.lat])) map.jumpTo({ center: [value.lon, value.lat], zoom: Math.max(map.getZoom(), 15) })
    const name = () => {
      const v = valueRef.current
      if (v) setGrid(gridUnder(map, v))
    }
    name()
    map.once('idle', name)
    return () => {
      map.off('idle', name)
    }
  }, [map, layerId, value?.lon, value?.lat])

  return grid
}

/** Why the device's position could not be had. */
export type GeoProblem = { kind: 'unsupported' } | { kind: 'denied' } | { kind: 'failed'; message: string }

/** "Use my location": asks the device once per call; `onPoint` gets the position, rounded. */
export function useDeviceLocation(onPoint: (p: LonLat) => void) {
  const [locating, setLocating] = useState(false)
  const [accuracy, setAccuracy] = useState<number | undefined>()
  const [problem, setProblem] = useState<GeoProblem | undefined>()
  const onPointRef = useRef(onPoint)
  onPointRef.current = onPoint
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setProblem({ kind: 'unsupported' })
      return
    }
    setLocating(true)
    setProblem(undefined)
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false)
        setAccuracy(pos.coords.accuracy)
        onPointRef.current({ lon: round7(pos.coords.longitude), lat: round7(pos.coords.latitude) })
      },
      (err) => {
        setLocating(false)
        setProblem(err.code === err.PERMISSION_DENIED ? { kind: 'denied' } : { kind: 'failed', message: err.message })
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    )
  }
  return { locate, locating, accuracy, clearAccuracy: () => setAccuracy(undefined), problem }
}
