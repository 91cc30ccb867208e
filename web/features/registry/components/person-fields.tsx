// The person's own fields as form items, shared by the registration form and the edit form. Every
// field is checked as it is typed by the shared validator (validatePersonFields), its problems shown
// translated under the field; the ID number shows the birth date, sex and age it holds as soon as it
// is valid. When editing, the ID number and phone start empty (they are shown masked) and only a
// newly typed value replaces them.
import { Col, Form, Input, Row, Typography, type FormInstance } from 'antd'
import type { ReactNode } from 'react'
import { EDUCATION_LEVELS, MARITAL_STATUSES, POLITICAL_STATUSES, RELATIONS, RESIDENCE_CATEGORIES, SEXES } from '../../../../shared/registry/codes'
import { useI18n } from '../../../shared/i18n'
import { codeLabel } from '../lib/labels'
import { checkPersonField, derivedFromId, REQUIRED_PERSON_FIELDS, type PersonField } from '../lib/person-form'
import { PERSON_TEXT_MAX, personProblemsText } from '../lib/problems'
import { CodeSelect, EthnicitySelect } from './code-select'

export type PersonFieldsMode = 'create' | 'edit'

/** The rule that runs the shared check on one field as it is typed. */
export function usePersonFieldRule() {
  const { tryT } = useI18n()
  return (field: PersonField, required: boolean) => ({
    validator: async (_: unknown, value: string | undefined) => {
      const problems = checkPersonField(field, value, { required })
      if (problems.length > 0) throw new Error(personProblemsText(tryT, problems, value))
    },
  })
}

/** Birth date, sex and age from the ID number being typed, once it is valid. */
export function DerivedFromId({ idNumber }: { idNumber: string | undefined }) {
  const { t, lang } = useI18n()
  const d = derivedFromId(idNumber)
  if (!d) return null
  return (
    <span className="derived-from-id" data-testid="derived-from-id">
      {t('registry.field.birthDate')}：<strong data-testid="derived-birth-date">{d.birthDate}</strong>
      {'　'}
      {t('registry.field.sex')}：<strong data-testid="derived-sex">{codeLabel(SEXES, d.sex, lang)}</strong>
      {'　'}
      {t('registry.field.age')}：<strong data-testid="derived-age">{t('registry.years', { age: d.age })}</strong>
    </span>
  )
}

interface PersonFieldItemsProps<V> {
  form: FormInstance<V>
  mode: PersonFieldsMode
  /** Masked ID number and phone of the record being edited (shown in the hints). */
  masked?: { idNumber: string; phone: string | null }
  /** Extra items for the residence section (placement). */
  residenceExtra?: ReactNode
}

const Half = ({ children }: { children: ReactNode }) => (
  <Col xs={24} md={12}>
    {children}
  </Col>
)

export function PersonFieldItems<V>({ form, mode, masked, residenceExtra }: PersonFieldItemsProps<V>) {
  const { t } = useI18n()
  const rule = usePersonFieldRule()
  const idNumber = Form.useWatch('idNumber', form) as string | undefined
  const required = (f: PersonField) => (REQUIRED_PERSON_FIELDS.includes(f) ? (mode === 'create' || (f !== 'idNumber' && f !== 'phone')) : false)
  const label = (f: PersonField) => t(`registry.field.${f}`)
  const text = (f: PersonField, props: { autoComplete?: string; inputMode?: 'numeric' | 'tel' | 'text'; type?: string; extra?: ReactNode; placeholder?: string } = {}) => (
    <Form.Item
      name={f}
      label={label(f)}
      required={required(f)}
      rules={[rule(f, required(f))]}
      extra={props.extra}
      data-testid={`person-${f}-item`}
    >
      <Input
        autoComplete={props.autoComplete ?? 'off'}
        inputMode={props.inputMode}
        type={props.type}
        placeholder={props.placeholder}
        maxLength={(PERSON_TEXT_MAX[f] ?? 40) + 10}
        data-testid={`person-${f}`}
      />
    </Form.Item>
  )
  const coded = (f: PersonField, list: Parameters<typeof CodeSelect>[0]['list']) => (
    <Form.Item name={f} label={label(f)} required={required(f)} rules={[rule(f, required(f))]} data-testid={`person-${f}-item`}>
      <CodeSelect list={list} allowClear={!required(f)} data-testid={`person-${f}`} />
    </Form.Item>
  )

  return (
    <>
      <Typography.Title level={5} className="form-section">
        {t('registry.section.identity')}
      </Typography.Title>
      <Row gutter={16}>
        <Half>{text('name')}</Half>
        <Half>{text('formerName')}</Half>
        <Half>
          {text('idNumber', {
            inputMode: 'text',
            placeholder: mode === 'edit' ? masked?.idNumber : undefined,
            extra: (
              <>
                {mode === 'edit' && masked && <div>{t('registry.person.keepHint', { masked: masked.idNumber })}</div>}
                <DerivedFromId idNumber={idNumber} />
              </>
            ),
          })}
        </Half>
        <Half>
          <Form.Item name="ethnicity" label={label('ethnicity')} required rules={[rule('ethnicity', true)]} data-testid="person-ethnicity-item">
            <EthnicitySelect data-testid="person-ethnicity" />
          </Form.Item>
        </Half>
        <Half>
          {text('phone', {
            inputMode: 'tel',
            type: 'tel',
            placeholder: mode === 'edit' ? (masked?.phone ?? undefined) : undefined,
            extra: mode === 'edit' && masked?.phone ? t('registry.person.keepHint', { masked: masked.phone }) : undefined,
          })}
        </Half>
      </Row>
      <Typography.Title level={5} className="form-section">
        {t('registry.section.residence')}
      </Typography.Title>
      <Row gutter={16}>
        <Half>{coded('residenceCategory', RESIDENCE_CATEGORIES)}</Half>
        <Half>{coded('relation', RELATIONS)}</Half>
        <Col xs={24}>{text('address', { autoComplete: 'street-address' })}</Col>
        <Col xs={24}>{text('registeredAddress')}</Col>
      </Row>
      {residenceExtra}
      <Typography.Title level={5} className="form-section">
        {t('registry.section.more')}
      </Typography.Title>
      <Row gutter={16}>
        <Half>{coded('politicalStatus', POLITICAL_STATUSES)}</Half>
        <Half>{coded('education', EDUCATION_LEVELS)}</Half>
        <Half>{coded('maritalStatus', MARITAL_STATUSES)}</Half>
        <Half>{text('religion')}</Half>
        <Col xs={24}>{text('workplace')}</Col>
      </Row>
    </>
  )
}
