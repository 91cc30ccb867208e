// Creates a MapLibre map in a container for the lifetime of a component and hands it out once its
// style has loaded. The instance is also published as window.__frontlineMap for browser tests.
import maplibregl, { type Map as MaplibreMap, type StyleSpecification } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import { useEffect, useState, type RefObject } from 'react'
import { attachAreaLabels } from './area-labels'
import { baseStyle, LOCAL_IDEOGRAPH_FONT_FAMILY, refreshAreaTiles } from './map-style'
import { getTilesVersion, useTilesVersion } from './tiles-version'

/** Xining, until the first area is fitted. */
const DEFAULT_CENTER: [number, number] = [101.78, 36.62]

export interface UseMaplibreOptions {
  style?: StyleSpecification
  center?: [number, number]
  zoom?: number
}

export function useMaplibre(containerRef: RefObject<HTMLDivElement | null>, options: UseMaplibreOptions = {}): MaplibreMap | null {
  const [map, setMap] = useState<MaplibreMap | null>(null)
  const tilesVersion = useTilesVersion()

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const instance = new maplibregl.Map({
      container,
      style: options.style ?? baseStyle(getTilesVersion()),
      center: options.center ?? DEFAULT_CENTER,
      zoom: options.zoom ?? 7.5,
      maxZoom: 19,
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      cooperativeGestures: false,
    })
    instance.touchZoomRotate.disableRotation()
    instance.keyboard.disableRotation()
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    instance.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right')
    window.__frontlineMap = instance
    let alive = true
    let detachLabels: (() => void) | undefined
    instance.on('load', () => {
      if (!alive) return
      detachLabels = attachAreaLabels(instance)
      setMap(instance)
    })
    const resize = new ResizeObserver(() => instance.resize())
    resize.observe(container)
    return () => {
      alive = false
      detachLabels?.()
      resize.disconnect()
      if (window.__frontlineMap === instance) delete window.__frontlineMap
      setMap(null)
      instance.remove()
    }
    // The map is created once per mount; later option changes are applied by the caller.
  }, [containerRef])

  useEffect(() => {
    if (map && tilesVersion > 0) refreshAreaTiles(map, tilesVersion)
  }, [map, tilesVersion])

  return map
}
