// Noting a resident's concern (社情民意): theme and content (checked as typed by the shared
// validateConcernFields), who it comes from — a registered resident found by name or ID number, a
// name only, or nobody — and where it belongs: a point, a grid, or the resident's own grid.
import { Button, Form, Input, Segmented, Space } from 'antd'
import { useState } from 'react'
import { CONCERN_THEMES } from '../../../../shared/registry/codes'
import { AreaPicker } from '../../areas'
import { CONCERN_LIMITS } from '../../../../shared/registry/place-fields'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCreateConcern } from '../api/concern-changes'
import { checkConcern, concernCreateBody, type ConcernFormValues, type ConcernPlacement, type ConcernResident } from '../lib/concern-form'
import { placeFormErrors } from '../lib/places-server-errors'
import type { ConcernView } from '../places-types'
import { CodeSelect } from './code-select'
import { LocationPicker } from './places-location-picker'
import { PersonSelect } from './places-person-select'
import { showFieldErrors, usePlaceRule } from './places-kit'

const GRID_LEVELS = ['grid'] as const
const KNOWN = ['theme', 'content', 'personId', 'residentName', 'location', 'gridCode', 'placement']

export function ConcernForm({ onSaved, onCancel }: { onSaved: (c: ConcernView) => void; onCancel: () => void }) {
  const { t, tryT } = useI18n()
  const [form] = Form.useForm<ConcernFormValues>()
  const create = useCreateConcern()
  const rule = usePlaceRule<ConcernFormValues>('concern', checkConcern)
  const [restShown, setRestShown] = useState(true)
  const resident = (Form.useWatch('resident', form) ?? 'none') as ConcernResident
  const placement = (Form.useWatch('placement', form) ?? 'location') as ConcernPlacement

  const submit = (values: ConcernFormValues) => {
    create.mutate(concernCreateBody(values), {
      onSuccess: onSaved,
      onError: (e) => {
        const { fields, rest } = placeFormErrors(e, KNOWN, tryT, 'concern')
        showFieldErrors(form, fields)
        setRestShown(rest > 0 || fields.length === 0)
      },
    })
  }
  const item = (name: keyof ConcernFormValues & string, dependencies?: string[]) => ({ name, rules: [rule(name)], dependencies, 'data-testid': `concern-${name}-item` })

  return (
    <Form<ConcernFormValues> form={form} layout="vertical" initialValues={{ resident: 'none', placement: 'location' }} onFinish={submit} scrollToFirstError data-testid="concern-form">
      <Form.Item {...item('theme')} label={t('places.field.concern.theme')} required>
        <CodeSelect list={CONCERN_THEMES} data-testid="concern-theme" />
      </Form.Item>
      <Form.Item {...item('content')} label={t('places.field.concern.content')} required>
        <Input.TextArea maxLength={CONCERN_LIMITS.content + 100} showCount={{ formatter: ({ count }) => `${count} / ${CONCERN_LIMITS.content}` }} autoSize={{ minRows: 3, maxRows: 10 }} data-testid="concern-content" />
      </Form.Item>
      <Form.Item name="resident" label={t('places.field.concern.resident')}>
        <Segmented<ConcernResident>
          options={[
            { value: 'none', label: t('places.concern.residentNone') },
            { value: 'person', label: t('places.concern.residentPerson') },
            { value: 'name', label: t('places.concern.residentName') },
          ]}
          data-testid="concern-resident"
        />
      </Form.Item>
      {resident === 'person' && (
        <Form.Item {...item('personId')} label={t('places.field.concern.person')} required extra={t('places.person.hint')}>
          <PersonSelect data-testid="concern-person" />
        </Form.Item>
      )}
      {resident === 'name' && (
        <Form.Item {...item('residentName')} label={t('places.field.residentName')} required>
          <Input maxLength={60} autoComplete="off" data-testid="concern-residentName" />
        </Form.Item>
      )}
      <Form.Item {...item('placement', ['resident'])} label={t('places.field.concern.placement')} required>
        <Segmented<ConcernPlacement>
          options={[
            { value: 'location', label: t('places.placement.location') },
            { value: 'grid', label: t('places.placement.grid') },
            { value: 'resident', label: t('places.placement.resident'), disabled: resident !== 'person' },
          ]}
          data-testid="concern-placement"
        />
      </Form.Item>
      {placement === 'location' && (
        <Form.Item {...item('location')} label={t('places.field.location')} required>
          <LocationPicker data-testid="concern-location" />
        </Form.Item>
      )}
      {placement === 'grid' && (
        <Form.Item {...item('gridCode')} label={t('registry.field.gridCode')} required extra={t('registry.placement.gridHint')}>
          <GridField />
        </Form.Item>
      )}
      {create.isError && restShown && <ApiErrorAlert error={create.error} />}
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="concern-submit">
          {t('places.concern.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  )
}

/** The area picker limited to grids, as a form control. */
function GridField({ id, value, onChange }: { id?: string; value?: string; onChange?: (code: string) => void }) {
  return <AreaPicker id={id} value={value} onChange={(c) => onChange?.(c)} levels={GRID_LEVELS} style={{ width: '100%' }} data-testid="concern-grid" />
}
