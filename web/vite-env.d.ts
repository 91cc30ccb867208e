/// <reference types="vite/client" />

import type { Map as MaplibreMap } from 'maplibre-gl'

declare global {
  interface Window {
    /** The MapLibre map of the current page, for browser tests. */
    __frontlineMap?: MaplibreMap
  }
}
