// Where a case is: a point picked on a small map of the grid layers (a click sets it and names the
// grid under it) or taken from the device ("use my location"). A form control (value/onChange). The
// map behaviour is the shared one (web/shared/map/use-point-picker.ts), as in the registry's picker,
// which also takes typed coordinates. The map starts on the point, else on the user's own area.
import { AimOutlined } from '@ant-design/icons'
import { Alert, Button, Space } from 'antd'
import { useRef } from 'react'
import { useArea } from '../../areas'
import { useActiveSession } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import { useDeviceLocation, useMaplibre, usePickedPoint } from '../../../shared/map'
import type { LonLat } from '../types'

interface Props {
  id?: string
  value?: LonLat
  onChange?: (v: LonLat | undefined) => void
}

export function CaseLocationPicker({ id, value, onChange }: Props) {
  const { t, fmt } = useI18n()
  const session = useActiveSession()
  const containerRef = useRef<HTMLDivElement>(null)
  const map = useMaplibre(containerRef)
  const area = useArea(session.account.scope.code)
  const device = useDeviceLocation((p) => onChange?.(p))
  const grid = usePickedPoint(map, { value, onChange, bbox: area.data?.bbox, layerId: 'case-point', onClick: device.clearAccuracy })
  const { locate, locating, accuracy } = device
  const geoProblem =
    device.problem &&
    (device.problem.kind === 'unsupported'
      ? t('cases.location.geoUnsupported')
      : device.problem.kind === 'denied'
        ? t('cases.location.geoDenied')
        : t('cases.location.geoFailed', { message: device.problem.message }))

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
