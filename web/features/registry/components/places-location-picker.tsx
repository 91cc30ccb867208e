// Where a place is: a point picked on a small map of the grid layers (a click sets it; the grid under
// it is named), typed as longitude and latitude, or taken from the device ("use my location"). A
// form control (value/onChange). The map starts on the point, else on `areaCode` (default: the
// user's own area).
import { AimOutlined } from '@ant-design/icons'
import { Alert, Button, InputNumber, Space } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useArea } from '../../areas'
import { useAuth } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import { round7, useDeviceLocation, useMaplibre, usePickedPoint } from '../../../shared/map'
import type { LonLat } from '../places-types'

interface LocationPickerProps {
  id?: string
  value?: LonLat
  onChange?: (v: LonLat | undefined) => void
  /** The area the map shows first when there is no point yet (default: the user's scope). */
  areaCode?: string
  'data-testid'?: string
}

export function LocationPicker({ id, value, onChange, areaCode, 'data-testid': testId = 'location-picker' }: LocationPickerProps) {
  const { t, fmt } = useI18n()
  const { session } = useAuth()
  const containerRef = useRef<HTMLDivElement>(null)
  const map = useMaplibre(containerRef)
  const area = useArea(areaCode ?? session?.account.scope.code)
  const device = useDeviceLocation((p) => onChange?.(p))
  const grid = usePickedPoint(map, { value, onChange, bbox: area.data?.bbox, layerId: 'picked-point' })
  const { locate, accuracy } = device
  const busy = device.locating
  const geoProblem =
    device.problem &&
    (device.problem.kind === 'unsupported'
      ? t('registry.placement.geoUnsupported')
      : device.problem.kind === 'denied'
        ? t('registry.placement.geoDenied')
        : t('registry.placement.geoFailed', { message: device.problem.message }))

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
