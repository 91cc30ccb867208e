// Registering or editing a facility (部件): class, kind, name, its own code, state, hazard source,
// owning and maintaining departments, and the point it stands at. The shared validateFacilityFields
// checks each field as it changes; the server's problems go back under the fields (a taken code
// links to the facility that has it). Edits send only what changed against the version read.
import { Alert, Button, Col, Form, Input, Row, Space, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { FACILITY_CLASSES, FACILITY_KINDS, FACILITY_STATES } from '../../../../shared/registry/codes'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCreateFacility, useUpdateFacility } from '../api/facility-changes'
import { checkFacility, facilityCreateBody, facilityEditValues, facilityPatch, type FacilityFormValues } from '../lib/facility-form'
import { patchChanges } from '../lib/organization-form'
import { duplicateId, isStale, placeFormErrors } from '../lib/places-server-errors'
import type { FacilityView } from '../places-types'
import { CodeSelect } from './code-select'
import { LocationPicker } from './places-location-picker'
import { showFieldErrors, StaleRecordAlert, usePlaceRule } from './places-kit'

const KNOWN = ['class', 'kind', 'name', 'code', 'state', 'hazard', 'ownerDept', 'maintainerDept', 'location']
const ALIAS = { gridCode: 'location' }

interface Props {
  mode: 'create' | 'edit'
  record?: FacilityView
  onSaved: (f: FacilityView) => void
  onCancel: () => void
  onOpen?: (id: number) => void
  onReload?: () => Promise<unknown>
}

export function FacilityForm({ mode, record, onSaved, onCancel, onOpen, onReload }: Props) {
  const { t, tryT } = useI18n()
  const [form] = Form.useForm<FacilityFormValues>()
  const create = useCreateFacility()
  const update = useUpdateFacility()
  const mutation = mode === 'create' ? create : update
  const rule = usePlaceRule<FacilityFormValues>('facility', checkFacility)
  const [restShown, setRestShown] = useState(true)
  const stale = isStale(update.error)

  useEffect(() => {
    if (mode === 'edit' && record) {
      form.setFieldsValue(facilityEditValues(record))
      form.setFields(KNOWN.map((name) => ({ name: name as never, errors: [] })))
    }
  }, [mode, record, form])

  const onError = (e: unknown) => {
    if (isStale(e)) return
    const { fields, rest } = placeFormErrors(e, KNOWN, tryT, 'facility', ALIAS)
    showFieldErrors(form, fields)
    setRestShown(rest > 0 || fields.length === 0)
  }
  const submit = (values: FacilityFormValues) => {
    if (mode === 'create') {
      create.mutate(facilityCreateBody(values), { onSuccess: onSaved, onError })
      return
    }
    if (!record) return
    const patch = facilityPatch(record, values)
    if (!patchChanges(patch)) {
      onCancel()
      return
    }
    update.mutate({ id: record.id, body: patch }, { onSuccess: onSaved, onError })
  }
  const dup = duplicateId(mutation.error, 'facilityId')
  const item = (name: keyof FacilityFormValues & string) => ({ name, rules: [rule(name)], 'data-testid': `facility-${name}-item` })

  return (
    <Form<FacilityFormValues>
      form={form}
      layout="vertical"
      initialValues={mode === 'create' ? { state: 'intact', hazard: false } : undefined}
      onFinish={submit}
      scrollToFirstError
      data-testid="facility-form"
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item {...item('class')} label={t('places.field.facility.class')} required>
            <CodeSelect list={FACILITY_CLASSES} data-testid="facility-class" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item {...item('kind')} label={t('places.field.facility.kind')} required>
            <CodeSelect list={FACILITY_KINDS} data-testid="facility-kind" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item {...item('name')} label={t('places.field.facility.name')} required>
        <Input maxLength={110} autoComplete="off" data-testid="facility-name" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item {...item('code')} label={t('places.field.facility.code')} extra={t('places.facility.codeHint')}>
            <Input maxLength={60} autoComplete="off" spellCheck={false} data-testid="facility-code" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item {...item('state')} label={t('places.field.facility.state')}>
            <CodeSelect list={FACILITY_STATES} data-testid="facility-state" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="hazard" label={t('places.field.facility.hazard')} valuePropName="checked" data-testid="facility-hazard-item">
            <Switch data-testid="facility-hazard" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item {...item('ownerDept')} label={t('places.field.ownerDept')}>
            <Input maxLength={110} autoComplete="off" data-testid="facility-ownerDept" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item {...item('maintainerDept')} label={t('places.field.maintainerDept')}>
            <Input maxLength={110} autoComplete="off" data-testid="facility-maintainerDept" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item {...item('location')} label={t('places.field.location')} required>
        <LocationPicker data-testid="facility-location" />
      </Form.Item>
      {typeof dup === 'number' && (
        <Alert
          type="warning"
          showIcon
          className="form-error"
          title={tryT('places.problem.code.duplicate_code') ?? ''}
          action={
            onOpen && (
              <Button size="small" onClick={() => onOpen(dup)}>
                {t('places.openExisting')}
              </Button>
            )
          }
        />
      )}
      {stale && (
        <StaleRecordAlert
          entity="facility"
          onReload={() => {
            update.reset()
            void onReload?.()
          }}
        />
      )}
      {mutation.isError && !stale && typeof dup !== 'number' && restShown && <ApiErrorAlert error={mutation.error} />}
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={mutation.isPending} disabled={stale} data-testid="facility-submit">
          {t('places.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  )
}
