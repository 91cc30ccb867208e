// Version of the vector tiles: bumped after boundaries change so maps drop cached tiles.
import { useSyncExternalStore } from 'react'

let version = 0
const listeners = new Set<() => void>()

/** Tells every map that the area tiles have changed. */
export function bumpTilesVersion(): void {
  version += 1
  listeners.forEach((l) => l())
}

export function getTilesVersion(): number {
  return version
}

/** The current tiles version, re-rendering when it changes. */
export function useTilesVersion(): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => version,
  )
}
