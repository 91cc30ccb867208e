// Registering or editing an organization: name, kind, the unified social credit code (GB 32100:
// every problem named as it is typed — length, characters, both check characters —, and what a
// valid code says), legal representative, address, phone, employees, key place; a new one is placed
// in a registered building (found by search) or at a point. The shared validateOrganizationFields
// checks every field as it changes; the server's problems go back under the fields (a taken credit
// code links to the organization that has it). Edits send only what changed, against the version
// read; when someone else saved meanwhile it says so and offers the current record.
import { Alert, Button, Col, Form, Input, InputNumber, Row, Segmented, Space, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { ORGANIZATION_KINDS } from '../../../../shared/registry/codes'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCreateOrganization, useUpdateOrganization } from '../api/organization-changes'
import {
  checkOrganization,
  creditCodeFacts,
  keyPlaceByDefault,
  ORGANIZATION_FIELDS,
  organizationCreateBody,
  organizationEditValues,
  organizationPatch,
  patchChanges,
  type OrganizationFormValues,
  type OrganizationPlacement,
} from '../lib/organization-form'
import { duplicateId, isStale, placeFormErrors } from '../lib/places-server-errors'
import type { OrganizationView } from '../places-types'
import { BuildingSelect } from './building-select'
import { CodeSelect } from './code-select'
import { LocationPicker } from './places-location-picker'
import { showFieldErrors, StaleRecordAlert, usePlaceRule } from './places-kit'

const KNOWN = [...ORGANIZATION_FIELDS, 'buildingId', 'location']
const ALIAS = { gridCode: 'location' }

interface Props {
  mode: 'create' | 'edit'
  record?: OrganizationView
  onSaved: (o: OrganizationView) => void
  onCancel: () => void
  /** Opens another organization (the one a taken credit code belongs to). */
  onOpen?: (id: number) => void
  onReload?: () => Promise<unknown>
}

export function OrganizationForm({ mode, record, onSaved, onCancel, onOpen, onReload }: Props) {
  const { t, tryT } = useI18n()
  const [form] = Form.useForm<OrganizationFormValues>()
  const create = useCreateOrganization()
  const update = useUpdateOrganization()
  const mutation = mode === 'create' ? create : update
  const rule = usePlaceRule<OrganizationFormValues>('organization', (v) => checkOrganization(v, mode))
  const [restShown, setRestShown] = useState(true)
  const placement = (Form.useWatch('placement', form) ?? 'building') as OrganizationPlacement
  const creditCode = Form.useWatch('creditCode', form) as string | undefined
  const facts = creditCodeFacts(creditCode)
  const stale = isStale(update.error)

  useEffect(() => {
    if (mode === 'edit' && record) {
      form.setFieldsValue(organizationEditValues(record))
      form.setFields(KNOWN.map((name) => ({ name: name as never, errors: [] })))
    }
  }, [mode, record, form])

  const onError = (e: unknown) => {
    if (isStale(e)) return
    const { fields, rest } = placeFormErrors(e, KNOWN, tryT, 'organization', ALIAS)
    showFieldErrors(form, fields)
    setRestShown(rest > 0 || fields.length === 0)
  }
  const submit = (values: OrganizationFormValues) => {
    if (mode === 'create') {
      create.mutate(organizationCreateBody(values), { onSuccess: onSaved, onError })
      return
    }
    if (!record) return
    const patch = organizationPatch(record, values)
    if (!patchChanges(patch)) {
      onCancel()
      return
    }
    update.mutate({ id: record.id, body: patch }, { onSuccess: onSaved, onError })
  }
  const dup = duplicateId(mutation.error, 'organizationId')
  const item = (name: keyof OrganizationFormValues & string, extra: { dependencies?: string[] } = {}) => ({
    name,
    rules: [rule(name)],
    'data-testid': `organization-${name}-item`,
    ...extra,
  })

  return (
    <Form<OrganizationFormValues>
      form={form}
      layout="vertical"
      initialValues={mode === 'create' ? { placement: 'building', keyPlace: false } : undefined}
      onFinish={submit}
      onValuesChange={(changed: Partial<OrganizationFormValues>) => {
        // A school, a hazardous-chemical unit or a key site is a key place unless said otherwise.
        if ('kind' in changed && !form.isFieldTouched('keyPlace')) form.setFieldValue('keyPlace', keyPlaceByDefault(changed.kind))
      }}
      scrollToFirstError
      data-testid="organization-form"
    >
      <Form.Item {...item('name')} label={t('places.field.organization.name')} required>
        <Input maxLength={110} autoComplete="off" data-testid="organization-name" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item {...item('kind')} label={t('places.field.organization.kind')} required>
            <CodeSelect list={ORGANIZATION_KINDS} data-testid="organization-kind" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="keyPlace" label={t('places.field.keyPlace')} valuePropName="checked" data-testid="organization-keyPlace-item">
            <Switch data-testid="organization-keyPlace" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        {...item('creditCode', { dependencies: ['kind'] })}
        label={t('places.field.creditCode')}
        extra={
          facts ? (
            <span data-testid="credit-code-facts">
              {t('places.creditCode.facts', { department: facts.department ?? '—', type: facts.type ?? t('places.creditCode.unlisted', { prefix: facts.prefix }), region: facts.region })}
            </span>
          ) : (
            t('places.creditCode.hint')
          )
        }
      >
        <Input maxLength={40} autoComplete="off" spellCheck={false} style={{ fontFamily: 'ui-monospace, monospace' }} data-testid="organization-creditCode" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item {...item('legalRep')} label={t('places.field.legalRep')}>
            <Input maxLength={60} autoComplete="off" data-testid="organization-legalRep" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item {...item('securityContact')} label={t('places.field.securityContact')}>
            <Input maxLength={60} autoComplete="off" data-testid="organization-securityContact" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            {...item('phone')}
            label={t('places.field.phone')}
            extra={mode === 'edit' && record?.phoneMasked ? t('registry.person.keepHint', { masked: record.phoneMasked }) : undefined}
          >
            <Input type="tel" inputMode="tel" maxLength={40} autoComplete="off" placeholder={mode === 'edit' ? (record?.phoneMasked ?? undefined) : undefined} data-testid="organization-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item {...item('employees')} label={t('places.field.employees')}>
            <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} data-testid="organization-employees" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        {...item('address', { dependencies: ['placement'] })}
        label={t('places.field.address')}
        required={mode === 'edit' || placement === 'location'}
        extra={mode === 'create' && placement === 'building' ? t('places.organization.addressFromBuilding') : undefined}
      >
        <Input maxLength={210} autoComplete="off" data-testid="organization-address" />
      </Form.Item>
      {mode === 'create' && (
        <>
          <Form.Item name="placement" label={t('places.field.placement')} required>
            <Segmented<OrganizationPlacement>
              options={[
                { value: 'building', label: t('places.placement.building') },
                { value: 'location', label: t('places.placement.location') },
              ]}
              data-testid="organization-placement"
            />
          </Form.Item>
          {placement === 'building' ? (
            <Form.Item {...item('buildingId')} label={t('places.field.building')} required extra={t('places.organization.buildingHint')}>
              <BuildingSelect data-testid="organization-building" />
            </Form.Item>
          ) : (
            <Form.Item {...item('location')} label={t('places.field.location')} required>
              <LocationPicker data-testid="organization-location" />
            </Form.Item>
          )}
        </>
      )}
      {typeof dup === 'number' && (
        <Alert
          type="warning"
          showIcon
          className="form-error"
          title={tryT('places.problem.creditCode.duplicate_credit_code') ?? ''}
          action={
            onOpen && (
              <Button size="small" onClick={() => onOpen(dup)} data-testid="organization-duplicate-open">
                {t('places.openExisting')}
              </Button>
            )
          }
        />
      )}
      {stale && (
        <StaleRecordAlert
          entity="organization"
          onReload={() => {
            update.reset()
            void onReload?.()
          }}
        />
      )}
      {mutation.isError && !stale && typeof dup !== 'number' && restShown && <ApiErrorAlert error={mutation.error} />}
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={mutation.isPending} disabled={stale} data-testid="organization-submit">
          {t('places.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  )
}
