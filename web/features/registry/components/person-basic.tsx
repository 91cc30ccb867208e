// The person's basic information, edited in place: the form starts from the record as read and
// saves only what changed, against the version read. When someone else saved in between (409
// stale_version) it says so and offers to load the current record.
import { EditOutlined, ReloadOutlined } from '@ant-design/icons'
import { Alert, Button, Col, Descriptions, Form, Input, Row, Space } from 'antd'
import { useEffect, useState } from 'react'
import { EDUCATION_LEVELS, MARITAL_STATUSES, POLITICAL_STATUSES, RELATIONS, RESIDENCE_CATEGORIES, SEXES } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useUpdatePerson } from '../api/person-changes'
import { codeLabel, ethnicityLabel } from '../lib/labels'
import { buildPatch, editMoves, editValuesOf, patchChangesSomething, PERSON_FIELDS, type EditValues } from '../lib/person-form'
import { formErrors, isStaleVersion } from '../lib/server-errors'
import type { PersonView } from '../types'
import { PersonFieldItems } from './person-fields'
import { GridPicker } from './placement-fields'

const KNOWN_FIELDS = [...PERSON_FIELDS, 'gridCode', 'moveReason']

export function roomText(t: ReturnType<typeof useI18n>['t'], room: PersonView['room']): string {
  if (!room) return '—'
  return t('registry.room', { building: room.buildingName, unit: room.unit || '—', number: room.number })
}

export function PersonBasic({ person, onReload }: { person: PersonView; onReload: () => Promise<unknown> }) {
  const i18n = useI18n()
  const { t, lang, fmt } = i18n
  const { can } = useAuth()
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const editable = can('registry.write') && person.status === 'active'

  const facts = [
    { key: 'name', label: t('registry.field.name'), children: person.name },
    { key: 'formerName', label: t('registry.field.formerName'), children: person.formerName ?? '—' },
    { key: 'idNumber', label: t('registry.field.idNumber'), children: <span className="code-text" data-testid="basic-id-masked">{person.idNumberMasked}</span> },
    { key: 'birthDate', label: t('registry.field.birthDate'), children: <span data-testid="basic-birth-date">{person.birthDate}</span> },
    { key: 'sex', label: t('registry.field.sex'), children: <span data-testid="basic-sex">{codeLabel(SEXES, person.sex, lang)}</span> },
    { key: 'age', label: t('registry.field.age'), children: t('registry.years', { age: person.age }) },
    { key: 'ethnicity', label: t('registry.field.ethnicity'), children: ethnicityLabel(person.ethnicity, lang) },
    { key: 'phone', label: t('registry.field.phone'), children: <span className="code-text">{person.phoneMasked ?? '—'}</span> },
    { key: 'residenceCategory', label: t('registry.field.residenceCategory'), children: codeLabel(RESIDENCE_CATEGORIES, person.residenceCategory, lang) },
    { key: 'address', label: t('registry.field.address'), children: <span data-testid="basic-address">{person.address}</span> },
    { key: 'registeredAddress', label: t('registry.field.registeredAddress'), children: person.registeredAddress ?? '—' },
    { key: 'grid', label: t('registry.field.grid'), children: <span data-testid="basic-grid" data-code={person.grid.code}>{person.grid.name}</span> },
    { key: 'room', label: t('registry.field.room'), children: roomText(t, person.room) },
    { key: 'location', label: t('registry.field.location'), children: person.location ? `${person.location.lon.toFixed(6)}, ${person.location.lat.toFixed(6)}` : '—' },
    { key: 'relation', label: t('registry.field.relation'), children: codeLabel(RELATIONS, person.relation, lang) },
    { key: 'politicalStatus', label: t('registry.field.politicalStatus'), children: codeLabel(POLITICAL_STATUSES, person.politicalStatus, lang) },
    { key: 'education', label: t('registry.field.education'), children: codeLabel(EDUCATION_LEVELS, person.education, lang) },
    { key: 'maritalStatus', label: t('registry.field.maritalStatus'), children: codeLabel(MARITAL_STATUSES, person.maritalStatus, lang) },
    { key: 'religion', label: t('registry.field.religion'), children: person.religion ?? '—' },
    { key: 'workplace', label: t('registry.field.workplace'), children: person.workplace ?? '—' },
    { key: 'created', label: t('registry.field.createdAt'), children: t('registry.person.byAt', { by: person.createdBy, at: fmt.dateTime(person.createdAt) }) },
    {
      key: 'updated',
      label: t('registry.field.updatedAt'),
      children: (
        <span data-testid="basic-version" data-version={person.version}>
          {t('registry.person.byAtVersion', { by: person.updatedBy, at: fmt.dateTime(person.updatedAt), version: person.version })}
        </span>
      ),
    },
  ]

  return (
    <div data-testid="person-basic">
      {saved && !editing && <Alert type="success" showIcon className="form-error" title={t('registry.person.saved')} data-testid="person-saved" closable={{ onClose: () => setSaved(false) }} />}
      {editing ? (
        <PersonEditForm
          person={person}
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
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit">
                {t('registry.person.edit')}
              </Button>
            </div>
          )}
          <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }} items={facts} data-testid="person-facts" />
        </>
      )}
    </div>
  )
}

function PersonEditForm({ person, onReload, onDone }: { person: PersonView; onReload: () => Promise<unknown>; onDone: (changed: boolean) => void }) {
  const { t, tryT } = useI18n()
  const [form] = Form.useForm<EditValues>()
  const update = useUpdatePerson()
  const [restShown, setRestShown] = useState(true)
  const values = Form.useWatch([], form) as EditValues | undefined
  const moving = values ? editMoves(person, values) : false
  const conflict = isStaleVersion(update.error)

  // The form starts from the record as read, and again after a reload.
  useEffect(() => {
    form.setFieldsValue(editValuesOf(person))
    form.setFields(KNOWN_FIELDS.map((name) => ({ name: name as never, errors: [] })))
  }, [person, form])

  const submit = (v: EditValues) => {
    const patch = buildPatch(person, v)
    if (!patchChangesSomething(patch)) {
      onDone(false)
      return
    }
    update.mutate(
      { id: person.id, patch },
      {
        onSuccess: () => onDone(true),
        onError: (e) => {
          if (isStaleVersion(e)) return
          const { fields, rest } = formErrors(e, KNOWN_FIELDS, tryT)
          if (fields.length > 0) form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })))
          setRestShown(rest > 0 || fields.length === 0)
        },
      },
    )
  }
  const reload = async () => {
    update.reset()
    await onReload()
  }

  return (
    <Form<EditValues> form={form} layout="vertical" onFinish={submit} scrollToFirstError data-testid="person-edit-form" style={{ maxWidth: 880 }}>
      <PersonFieldItems
        form={form}
        mode="edit"
        masked={{ idNumber: person.idNumberMasked, phone: person.phoneMasked }}
        residenceExtra={
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="gridCode" label={t('registry.field.gridCode')} extra={t('registry.placement.gridHint')} required rules={[{ required: true, message: t('registry.problem.required') }]}>
                <GridPicker />
              </Form.Item>
            </Col>
            {moving && (
              <Col xs={24} md={12}>
                <Form.Item name="moveReason" label={t('registry.field.moveReason')} extra={t('registry.person.moveReasonHint')}>
                  <Input maxLength={200} data-testid="person-moveReason" />
                </Form.Item>
              </Col>
            )}
          </Row>
        }
      />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          className="form-error"
          title={t('registry.person.conflictTitle')}
          description={t('registry.person.conflictText')}
          data-testid="person-conflict"
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="person-reload">
              {t('registry.person.reload')}
            </Button>
          }
        />
      )}
      {update.isError && !conflict && restShown && <ApiErrorAlert error={update.error} />}
      <Space className="form-actions">
        <Button type="primary" htmlType="submit" loading={update.isPending} disabled={conflict} data-testid="person-save">
          {t('registry.person.save')}
        </Button>
        <Button onClick={() => onDone(false)} data-testid="person-edit-cancel">
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  )
}
