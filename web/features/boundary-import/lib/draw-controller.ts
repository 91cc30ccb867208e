// Draws one polygon on a MapLibre map: click to add vertices (snapped to existing boundaries within
// a few pixels), click the first vertex, double-click or press Enter to close; Backspace removes the
// last vertex, Escape cancels. Owns a preview source and its layers; knows nothing about React.
import type { Feature, FeatureCollection, Position } from 'geojson'
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import { dedupeConsecutive, findSnap, type Snap, type SnapIndex } from './snap'

const SOURCE = 'draw-preview'

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1]
}
export const SNAP_TOLERANCE_PX = 10

export interface DrawState {
  active: boolean
  vertices: number
  snap: Snap['kind'] | null
}

interface DrawOptions {
  getSnapIndex: () => SnapIndex
  onFinish: (ring: Position[]) => void
  onState: (state: DrawState) => void
}

export class PolygonDrawer {
  private vertices: Position[] = []
  private cursor: Position | null = null
  private snap: Snap | null = null
  private closing = false
  private active = false
  private snapIndex: SnapIndex = { vertices: [], segments: [] }
  private readonly map: MaplibreMap
  private readonly options: DrawOptions

  constructor(map: MaplibreMap, options: DrawOptions) {
    this.map = map
    this.options = options
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    map.addLayer({ id: 'draw-fill', type: 'fill', source: SOURCE, filter: ['==', ['get', 'role'], 'area'], paint: { 'fill-color': '#0ea5e9', 'fill-opacity': 0.2 } })
    map.addLayer({
      id: 'draw-line',
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'role'], 'outline'],
      paint: { 'line-color': '#0369a1', 'line-width': 2, 'line-dasharray': [2, 1] },
    })
    map.addLayer({
      id: 'draw-vertex',
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['get', 'role'], 'vertex'],
      paint: {
        'circle-radius': ['case', ['get', 'first'], 6, 4],
        'circle-color': ['case', ['get', 'first'], '#facc15', '#ffffff'],
        'circle-stroke-color': '#0369a1',
        'circle-stroke-width': 2,
      },
    })
    map.addLayer({
      id: 'draw-snap',
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['get', 'role'], 'cursor'],
      paint: {
        'circle-radius': ['match', ['get', 'snap'], 'vertex', 8, 'edge', 7, 'close', 10, 3],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': ['match', ['get', 'snap'], 'vertex', '#16a34a', 'edge', '#65a30d', 'close', '#facc15', '#0369a1'],
        'circle-stroke-width': 2.5,
      },
    })
  }

  get isActive(): boolean {
    return this.active
  }

  /** Starts a new polygon. */
  start(): void {
    this.vertices = []
    this.cursor = null
    this.snap = null
    this.closing = false
    this.active = true
    this.snapIndex = this.options.getSnapIndex()
    this.map.doubleClickZoom.disable()
    this.map.getCanvas().style.cursor = 'crosshair'
    this.map.on('click', this.onClick)
    this.map.on('dblclick', this.onDblClick)
    this.map.on('mousemove', this.onMove)
    window.addEventListener('keydown', this.onKey)
    this.render()
  }

  /** Stops without creating a polygon. */
  cancel(): void {
    if (!this.active) return
    this.stop()
  }

  /** Removes the last vertex. */
  undo(): void {
    if (!this.active) return
    this.vertices.pop()
    this.render()
  }

  /** Closes the polygon if it has three distinct vertices. */
  finish(): boolean {
    if (!this.active) return false
    const project = (p: Position) => this.map.project([p[0]!, p[1]!])
    const points = dedupeConsecutive(this.vertices, project)
    if (points.length < 3) return false
    const ring = [...points, points[0]!]
    this.stop()
    this.options.onFinish(ring)
    return true
  }

  /** Removes the layers and handlers (the map is going away or the tool is no longer needed). */
  destroy(): void {
    this.stop()
    for (const id of ['draw-snap', 'draw-vertex', 'draw-line', 'draw-fill']) if (this.map.getLayer(id)) this.map.removeLayer(id)
    if (this.map.getSource(SOURCE)) this.map.removeSource(SOURCE)
  }

  private stop(): void {
    this.active = false
    this.vertices = []
    this.cursor = null
    this.snap = null
    this.closing = false
    this.map.off('click', this.onClick)
    this.map.off('dblclick', this.onDblClick)
    this.map.off('mousemove', this.onMove)
    window.removeEventListener('keydown', this.onKey)
    // Re-enable after the current event so the closing double click does not zoom.
    setTimeout(() => this.map.doubleClickZoom.enable(), 0)
    this.map.getCanvas().style.cursor = ''
    this.render()
  }

  /**
   * Where a point under the mouse lands: a snapped vertex or edge point, or the mouse position.
   * It closes the polygon when the nearest vertex is the first one (not merely one within reach,
   * which in a dense outline may be another).
   */
  private resolve(e: MapMouseEvent): { position: Position; closing: boolean; snap: Snap | null } {
    const tl = this.map.unproject([e.point.x - SNAP_TOLERANCE_PX, e.point.y - SNAP_TOLERANCE_PX])
    const br = this.map.unproject([e.point.x + SNAP_TOLERANCE_PX, e.point.y + SNAP_TOLERANCE_PX])
    const near: [number, number, number, number] = [Math.min(tl.lng, br.lng), Math.min(tl.lat, br.lat), Math.max(tl.lng, br.lng), Math.max(tl.lat, br.lat)]
    // The vertices already placed are snap targets too.
    const project = (p: Position) => this.map.project([p[0]!, p[1]!])
    const index: SnapIndex = { vertices: [...this.snapIndex.vertices, ...this.vertices], segments: this.snapIndex.segments }
    const snap = findSnap(e.point, index, project, SNAP_TOLERANCE_PX, near) ?? null
    const first = this.vertices[0]
    const closing = Boolean(first && this.vertices.length >= 3 && snap?.kind === 'vertex' && samePosition(snap.position, first))
    return { position: snap ? snap.position : [e.lngLat.lng, e.lngLat.lat], closing, snap }
  }

  private onMove = (e: MapMouseEvent) => {
    const r = this.resolve(e)
    this.cursor = r.position
    this.snap = r.snap
    this.closing = r.closing
    this.render()
  }

  private onClick = (e: MapMouseEvent) => {
    const r = this.resolve(e)
    if (r.closing) {
      this.finish()
      return
    }
    const last = this.vertices[this.vertices.length - 1]
    if (last) {
      // The second click of a double click lands on the same spot: ignore it. A click snapped to a
      // different vertex is a real vertex however close it is on screen.
      if (samePosition(last, r.position)) return
      const a = this.map.project([last[0]!, last[1]!])
      if (!r.snap && Math.hypot(a.x - e.point.x, a.y - e.point.y) < 3) return
    }
    this.vertices.push(r.position)
    this.render()
  }

  private onDblClick = (e: MapMouseEvent) => {
    e.preventDefault()
    this.finish()
  }

  private onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return
    if (e.key === 'Escape') {
      e.preventDefault()
      this.cancel()
    } else if (e.key === 'Backspace' || e.key === 'Delete') {
      e.preventDefault()
      this.undo()
    } else if (e.key === 'Enter') {
      e.preventDefault()
      this.finish()
    }
  }

  private render(): void {
    const features: Feature[] = []
    const path = this.cursor && this.active ? [...this.vertices, this.cursor] : [...this.vertices]
    if (path.length >= 3) features.push({ type: 'Feature', properties: { role: 'area' }, geometry: { type: 'Polygon', coordinates: [[...path, path[0]!]] } })
    if (path.length >= 2) features.push({ type: 'Feature', properties: { role: 'outline' }, geometry: { type: 'LineString', coordinates: path } })
    this.vertices.forEach((v, i) => features.push({ type: 'Feature', properties: { role: 'vertex', first: i === 0 }, geometry: { type: 'Point', coordinates: v } }))
    if (this.cursor && this.active) {
      features.push({
        type: 'Feature',
        properties: { role: 'cursor', snap: this.closing ? 'close' : (this.snap?.kind ?? 'none') },
        geometry: { type: 'Point', coordinates: this.cursor },
      })
    }
    const data: FeatureCollection = { type: 'FeatureCollection', features }
    ;(this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(data)
    this.options.onState({ active: this.active, vertices: this.vertices.length, snap: this.active ? (this.closing ? 'vertex' : (this.snap?.kind ?? null)) : null })
  }
}
