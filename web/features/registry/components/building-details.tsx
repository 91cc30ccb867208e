// A building's own fields, edited in place: the form starts from the record as read and saves only
// what changed, against the version read (a new point in another grid moves the building with its
// residents, households and rentals; a reason can go with it into the history). When someone else
// saved meanwhile (409 stale_version) it says so and offers to load the current record.
import { EditOutlined } from '@ant-design/icons'
import { Alert, Button, Col, Descriptions, Form, Input, InputNumber, Row, Space, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { BUILDING_USES, HAZARD_GRADES } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useUpdateBuilding } from '../api/building-changes'
import { buildingEditValues, buildingPatch, buildingPatchChanges, checkBuildingFields, type BuildingFormValues } from '../lib/building-form'
import { codeLabel } from '../lib/labels'
import { HAZARD_COLOR, lonLatText } from '../lib/places-labels'
import { isStale, placeFormErrors } from '../lib/places-server-errors'
import type { BuildingView } from '../places-types'
import { CodeSelect } from './code-select'
import { LocationPicker } from './places-location-picker'
import { showFieldErrors, StaleRecordAlert, usePlaceRule } from './places-kit'

const KNOWN = ['name', 'address', 'use', 'floors', 'builtYear', 'hazardGrade', 'location', 'reason']
const ALIAS = { gridCode: 'location' }

export function BuildingDetails({ building: b, onReload }: { building: BuildingView; onReload: () => Promise<unknown> }) {
  const { t, lang, fmt } = useI18n()
  const { can } = useAuth()
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const editable = can('registry.write') && b.status === 'active'

  const facts = [
    { key: 'name', label: t('places.field.building.name'), children: <span data-testid="building-view-name">{b.name}</span> },
    { key: 'address', label: t('places.field.address'), children: <span data-testid="building-view-address">{b.address}</span> },
    { key: 'use', label: t('places.field.building.use'), children: codeLabel(BUILDING_USES, b.use, lang) },
    { key: 'hazard', label: t('places.field.hazardGrade'), children: <Tag color={HAZARD_COLOR[b.hazardGrade]}>{codeLabel(HAZARD_GRADES, b.hazardGrade, lang)}</Tag> },
    { key: 'floors', label: t('places.field.floors'), children: b.floors === null ? '—' : fmt.number(b.floors) },
    { key: 'builtYear', label: t('places.field.builtYear'), children: b.builtYear ?? '—' },
    { key: 'grid', label: t('registry.field.grid'), children: <span data-testid="building-view-grid" data-code={b.grid.code}>{b.grid.name}</span> },
    { key: 'location', label: t('places.field.location'), children: lonLatText(b.location) },
    { key: 'rooms', label: t('places.field.rooms'), children: fmt.number(b.rooms) },
    { key: 'residents', label: t('places.field.residents'), children: fmt.number(b.residents) },
    { key: 'created', label: t('registry.field.createdAt'), children: t('registry.person.byAt', { by: b.createdBy, at: fmt.dateTime(b.createdAt) }) },
    {
      key: 'updated',
      label: t('registry.field.updatedAt'),
      children: (
        <span data-testid="building-version" data-version={b.version}>
          {t('registry.person.byAtVersion', { by: b.updatedBy, at: fmt.dateTime(b.updatedAt), version: b.version })}
        </span>
      ),
    },
  ]

  return (
    <div data-testid="building-details">
      {saved && !editing && <Alert type="success" showIcon className="form-error" title={t('registry.person.saved')} data-testid="building-saved" closable={{ onClose: () => setSaved(false) }} />}
      {editing ? (
        <BuildingEditForm
          building={b}
          onReload={onReload}
          onDone={(changed) => {
            setEditing(false)
            setSaved(changed)
          }}
        />
      ) : (
        <>
          {editable && (
            <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="building-edit">
                {t('registry.person.edit')}
              </Button>
            </div>
          )}
          <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }} items={facts} data-testid="building-facts" />
        </>
      )}
    </div>
  )
}

interface EditValues extends BuildingFormValues {
  reason?: string
}

function BuildingEditForm({ building, onReload, onDone }: { building: BuildingView; onReload: () => Promise<unknown>; onDone: (changed: boolean) => void }) {
  const { t, tryT } = useI18n()
  const [form] = Form.useForm<EditValues>()
  const update = useUpdateBuilding()
  const rule = usePlaceRule<EditValues>('building', (v) => checkBuildingFields(v, { partial: true }))
  const [restShown, setRestShown] = useState(true)
  const conflict = isStale(update.error)

  useEffect(() => {
    form.setFieldsValue({ ...buildingEditValues(building), reason: undefined })
    form.setFields(KNOWN.map((name) => ({ name: name as never, errors: [] })))
  }, [building, form])

  const submit = (v: EditValues) => {
    const patch = buildingPatch(building, v, v.reason)
    if (!buildingPatchChanges(patch)) {
      onDone(false)
      return
    }
    update.mutate(
      { id: building.id, body: patch },
      {
        onSuccess: () => onDone(true),
        onError: (e) => {
          if (isStale(e)) return
          const { fields, rest } = placeFormErrors(e, KNOWN, tryT, 'building', ALIAS)
          showFieldErrors(form, fields)
          setRestShown(rest > 0 || fields.length === 0)
        },
      },
    )
  }
  const item = (name: keyof EditValues & string) => ({ name, rules: [rule(name)], 'data-testid': `building-edit-${name}-item` })

  return (
    <Form<EditValues> form={form} layout="vertical" onFinish={submit} scrollToFirstError data-testid="building-edit-form" style={{ maxWidth: 880 }}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item {...item('name')} label={t('places.field.building.name')} required>
            <Input maxLength={110} data-testid="building-edit-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item {...item('address')} label={t('places.field.address')} required>
            <Input maxLength={210} data-testid="building-edit-address" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item {...item('use')} label={t('places.field.building.use')} required>
            <CodeSelect list={BUILDING_USES} data-testid="building-edit-use" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item {...item('hazardGrade')} label={t('places.field.hazardGrade')}>
            <CodeSelect list={HAZARD_GRADES} data-testid="building-edit-hazardGrade" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item {...item('floors')} label={t('places.field.floors')}>
            <InputNumber<number> min={1} max={200} precision={0} style={{ width: '100%' }} data-testid="building-edit-floors" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item {...item('builtYear')} label={t('places.field.builtYear')}>
            <InputNumber<number> min={1800} precision={0} style={{ width: '100%' }} data-testid="building-edit-builtYear" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item {...item('location')} label={t('places.field.location')} extra={t('places.building.moveHint')}>
        <LocationPicker data-testid="building-edit-location" />
      </Form.Item>
      <Form.Item name="reason" label={t('places.field.changeReason')} extra={t('places.building.reasonHint')}>
        <Input maxLength={200} data-testid="building-edit-reason" />
      </Form.Item>
      {conflict && (
        <StaleRecordAlert
          entity="building"
          onReload={() => {
            update.reset()
            void onReload()
          }}
        />
      )}
      {update.isError && !conflict && restShown && <ApiErrorAlert error={update.error} />}
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={update.isPending} disabled={conflict} data-testid="building-save">
          {t('registry.person.save')}
        </Button>
        <Button onClick={() => onDone(false)} data-testid="building-edit-cancel">
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  )
}
