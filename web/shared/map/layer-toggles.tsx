// A small panel over the map to show or hide each area level.
import { Checkbox } from 'antd'
import type { Map as MaplibreMap } from 'maplibre-gl'
import { useEffect, useState, type ReactNode } from 'react'
import { useI18n } from '../i18n'
import { LEVEL_STYLE, MAP_LEVELS, setLevelVisible, type MapLevel } from './map-style'

export function LayerToggles({ map, initiallyHidden = [], extra }: { map: MaplibreMap | null; initiallyHidden?: MapLevel[]; extra?: ReactNode }) {
  const { t } = useI18n()
  const [visible, setVisible] = useState<Record<MapLevel, boolean>>(() => {
    const v = { district: true, street: true, community: true, grid: true }
    for (const l of initiallyHidden) v[l] = false
    return v
  })

  // On small screens the panel starts folded so it does not cover the map.
  const [open, setOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= 768)

  useEffect(() => {
    if (!map) return
    for (const level of MAP_LEVELS) setLevelVisible(map, level, visible[level])
  }, [map, visible])

  return (
    <div className="map-panel layer-toggles" data-testid="layer-toggles" role="group" aria-label={t('map.layers')}>
      <button type="button" className="map-panel-title" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="layer-toggles-header">
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('map.layers')}
      </button>
      {open && MAP_LEVELS.map((level) => (
        <Checkbox
          key={level}
          checked={visible[level]}
          data-testid={`layer-toggle-${level}`}
          onChange={(e) => setVisible((v) => ({ ...v, [level]: e.target.checked }))}
        >
          <span className="layer-swatch" style={{ borderColor: LEVEL_STYLE[level].color, background: LEVEL_STYLE[level].fill }} />
          {t(`level.${level}`)}
          <span className="layer-minzoom">z{LEVEL_STYLE[level].minzoom}+</span>
        </Checkbox>
      ))}
      {open && extra}
    </div>
  )
}
