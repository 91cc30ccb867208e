// Registering a building: name, address, use, floors, built year, hazard grade, where it stands (a
// point on the map of the grids, typed, or the device's location) and its rooms — made by the
// generator (units × floors × rooms per floor, with the count and the numbers it makes) or none.
// Every field is checked as it is typed with the server's rules; the server's problems go back under
// the fields (a duplicate address links to the building that has it). On success the building opens.
import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Segmented, Space, Typography } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { BUILDING_USES, HAZARD_GRADES } from '../../../../shared/registry/codes'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCreateBuilding } from '../api/building-changes'
import { buildingCreateBody, checkBuildingFields, roomPreview, type BuildingFormValues, type RoomsMode } from '../lib/building-form'
import { placesPaths } from '../lib/places-paths'
import { duplicateId, placeFormErrors } from '../lib/places-server-errors'
import { CodeSelect } from './code-select'
import { LocationPicker } from './places-location-picker'
import { showFieldErrors, usePlaceRule } from './places-kit'

const KNOWN = ['name', 'address', 'use', 'floors', 'builtYear', 'hazardGrade', 'location', 'units', 'genFloors', 'roomsPerFloor']
const ALIAS = { gridCode: 'location', 'rooms.units': 'units', 'rooms.floors': 'genFloors', 'rooms.roomsPerFloor': 'roomsPerFloor', rooms: 'roomsPerFloor' }

export function BuildingCreateForm({ onDone }: { onDone: () => void }) {
  const { t, tryT, fmt } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<BuildingFormValues>()
  const create = useCreateBuilding()
  const rule = usePlaceRule<BuildingFormValues>('building', (v) => checkBuildingFields(v))
  const [restShown, setRestShown] = useState(true)
  const mode = (Form.useWatch('roomsMode', form) ?? 'generator') as RoomsMode
  const units = Form.useWatch('units', form)
  const genFloors = Form.useWatch('genFloors', form)
  const perFloor = Form.useWatch('roomsPerFloor', form)
  const preview = roomPreview({ units: units ?? undefined, floors: genFloors ?? undefined, roomsPerFloor: perFloor ?? undefined })

  const submit = (values: BuildingFormValues) => {
    create.mutate(buildingCreateBody(values), {
      onSuccess: (b) => {
        void message.success(t('places.building.created', { name: b.name, rooms: b.rooms }))
        onDone()
        navigate(placesPaths.building(b.id))
      },
      onError: (e) => {
        const { fields, rest } = placeFormErrors(e, KNOWN, tryT, 'building', ALIAS)
        showFieldErrors(form, fields)
        setRestShown(rest > 0 || fields.length === 0)
      },
    })
  }
  const dup = duplicateId(create.error, 'buildingId')
  const item = (name: keyof BuildingFormValues & string) => ({ name, rules: [rule(name)], 'data-testid': `building-${name}-item` })

  return (
    <Form<BuildingFormValues>
      form={form}
      layout="vertical"
      initialValues={{ roomsMode: 'generator', hazardGrade: 'safe', use: 'residential', units: 1, roomsPerFloor: 2 }}
      onFinish={submit}
      onValuesChange={(changed: Partial<BuildingFormValues>) => {
        // The generator's floors follow the building's until they are set by hand.
        if ('floors' in changed && !form.isFieldTouched('genFloors') && typeof changed.floors === 'number' && changed.floors <= 60) {
          form.setFieldValue('genFloors', changed.floors)
        }
      }}
      scrollToFirstError
      data-testid="building-form"
    >
      <Form.Item {...item('name')} label={t('places.field.building.name')} required extra={t('places.building.nameHint')}>
        <Input maxLength={110} autoComplete="off" data-testid="building-name" />
      </Form.Item>
      <Form.Item {...item('address')} label={t('places.field.address')} required extra={t('places.building.addressHint')}>
        <Input maxLength={210} autoComplete="off" data-testid="building-address" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item {...item('use')} label={t('places.field.building.use')} required>
            <CodeSelect list={BUILDING_USES} data-testid="building-use" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item {...item('hazardGrade')} label={t('places.field.hazardGrade')}>
            <CodeSelect list={HAZARD_GRADES} data-testid="building-hazardGrade" />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item {...item('floors')} label={t('places.field.floors')}>
            <InputNumber<number> min={1} max={200} precision={0} style={{ width: '100%' }} data-testid="building-floors" />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item {...item('builtYear')} label={t('places.field.builtYear')}>
            <InputNumber<number> min={1800} precision={0} style={{ width: '100%' }} data-testid="building-builtYear" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item {...item('location')} label={t('places.field.location')} required extra={t('places.building.locationHint')}>
        <LocationPicker data-testid="building-location" />
      </Form.Item>
      <Typography.Title level={5} className="form-section">
        {t('places.building.rooms')}
      </Typography.Title>
      <Form.Item name="roomsMode">
        <Segmented<RoomsMode>
          options={[
            { value: 'generator', label: t('places.building.roomsGenerator') },
            { value: 'none', label: t('places.building.roomsNone') },
          ]}
          data-testid="building-rooms-mode"
        />
      </Form.Item>
      {mode === 'generator' && (
        <>
          <Row gutter={12}>
            <Col xs={8}>
              <Form.Item {...item('units')} label={t('places.field.units')} required>
                <InputNumber<number> min={1} max={10} precision={0} style={{ width: '100%' }} data-testid="building-units" />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item {...item('genFloors')} label={t('places.field.genFloors')} required dependencies={['floors']}>
                <InputNumber<number> min={1} max={60} precision={0} style={{ width: '100%' }} data-testid="building-genFloors" />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item {...item('roomsPerFloor')} label={t('places.field.roomsPerFloor')} required dependencies={['units', 'genFloors']}>
                <InputNumber<number> min={1} max={12} precision={0} style={{ width: '100%' }} data-testid="building-roomsPerFloor" />
              </Form.Item>
            </Col>
          </Row>
          <Alert
            type={preview.tooMany ? 'error' : 'info'}
            showIcon
            className="form-error"
            data-testid="building-rooms-preview"
            data-count={preview.count}
            title={
              preview.count > 0
                ? t('places.building.preview', {
                    count: fmt.number(preview.count),
                    first: t('places.room', { unit: preview.first!.unit, number: preview.first!.number }),
                    last: t('places.room', { unit: preview.last!.unit, number: preview.last!.number }),
                  })
                : t('places.building.previewNone')
            }
          />
        </>
      )}
      {typeof dup === 'number' && (
        <Alert
          type="warning"
          showIcon
          className="form-error"
          title={tryT('places.problem.address.duplicate_address') ?? ''}
          action={
            <Link to={placesPaths.building(dup)} onClick={onDone} data-testid="building-duplicate-open">
              {t('places.openExisting')}
            </Link>
          }
        />
      )}
      {create.isError && restShown && <ApiErrorAlert error={create.error} />}
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="building-submit">
          {t('places.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  )
}
