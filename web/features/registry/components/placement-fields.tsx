// Where a new person lives: a grid picked by name or code (the areas feature's picker, grids only),
// the device's location (navigator.geolocation → the grid containing the point, found by the
// server), or the current address (the grid of the registered building it names).
import { AimOutlined } from '@ant-design/icons'
import { Alert, Button, Form, Segmented, Space, type FormInstance } from 'antd'
import { useState } from 'react'
import { AreaPicker } from '../../areas'
import { useI18n } from '../../../shared/i18n'
import type { Placement, RegisterValues } from '../lib/person-form'
import type { LonLat } from '../types'

const GRID_LEVELS = ['grid'] as const

/** A form control holding a location from the device (value/onChange). */
export function LocationInput({ id, value, onChange }: { id?: string; value?: LonLat; onChange?: (v: LonLat | undefined) => void }) {
  const { t, fmt } = useI18n()
  const [busy, setBusy] = useState(false)
  const [accuracy, setAccuracy] = useState<number | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setProblem(t('registry.placement.geoUnsupported'))
      return
    }
    setBusy(true)
    setProblem(undefined)
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setBusy(false)
        setAccuracy(pos.coords.accuracy)
        onChange?.({ lon: Number(pos.coords.longitude.toFixed(7)), lat: Number(pos.coords.latitude.toFixed(7)) })
      },
      (err) => {
        setBusy(false)
        setProblem(err.code === err.PERMISSION_DENIED ? t('registry.placement.geoDenied') : t('registry.placement.geoFailed', { message: err.message }))
        onChange?.(undefined)
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    )
  }
  return (
    <div id={id} data-testid="person-location">
      <Space wrap>
        <Button icon={<AimOutlined />} loading={busy} onClick={locate} data-testid="person-locate">
          {busy ? t('registry.placement.locating') : t('registry.placement.locate')}
        </Button>
        {value && (
          <span data-testid="person-location-value">
            {t('registry.placement.located', { lon: value.lon.toFixed(6), lat: value.lat.toFixed(6), accuracy: accuracy === undefined ? '—' : fmt.number(accuracy) })}
          </span>
        )}
      </Space>
      {problem && <Alert type="warning" showIcon className="block" title={problem} style={{ marginTop: 8 }} />}
    </div>
  )
}

export function PlacementFields({ form }: { form: FormInstance<RegisterValues> }) {
  const { t } = useI18n()
  const placement = (Form.useWatch('placement', form) ?? 'grid') as Placement
  return (
    <div className="placement" data-testid="person-placement">
      <Form.Item name="placement" label={t('registry.field.placement')} required>
        <Segmented<Placement>
          options={[
            { value: 'grid', label: t('registry.placement.grid') },
            { value: 'location', label: t('registry.placement.location') },
            { value: 'address', label: t('registry.placement.address') },
          ]}
          data-testid="person-placement-mode"
        />
      </Form.Item>
      {placement === 'grid' && (
        <Form.Item
          name="gridCode"
          label={t('registry.field.gridCode')}
          extra={t('registry.placement.gridHint')}
          required
          rules={[{ required: true, message: t('registry.problem.required') }]}
          data-testid="person-gridCode-item"
        >
          <GridPicker />
        </Form.Item>
      )}
      {placement === 'location' && (
        <Form.Item
          name="location"
          label={t('registry.field.location')}
          required
          rules={[{ required: true, message: t('registry.placement.needLocation') }]}
          data-testid="person-location-item"
        >
          <LocationInput />
        </Form.Item>
      )}
      {placement === 'address' && <Alert type="info" showIcon title={t('registry.placement.addressHint')} style={{ marginBottom: 16 }} data-testid="person-address-placement" />}
    </div>
  )
}

/** The area picker limited to grids (a form control: value/onChange). */
export function GridPicker({ id, value, onChange }: { id?: string; value?: string; onChange?: (code: string) => void }) {
  return <AreaPicker id={id} value={value} onChange={(c) => onChange?.(c)} levels={GRID_LEVELS} style={{ width: '100%' }} data-testid="person-grid" />
}
