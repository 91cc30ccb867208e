// Putting a person on a list and taking them off it. The "add to list" form is built from the list's
// definition (shared/registry/lists.ts): one control per field by its type (text, date, yes/no,
// whole number, number, phone, choice), each checked as it is typed by validateListFields; the
// server's problems go back under the fields. Taking someone off a list asks why; the entry stays
// in the history with the reason.
import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select } from 'antd'
import { useState } from 'react'
import { ATTENTION_LEVELS, LIST_SOURCES } from '../../../../shared/registry/codes'
import { LIST_DEFINITIONS, type ListCode, type ListFieldSpec } from '../../../../shared/registry/lists'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useAddToList, useEndListEntry } from '../api/person-lists'
import { codeOptions, listLabel } from '../lib/labels'
import { listFormProblems, toListFields, type ListFormValues } from '../lib/list-form'
import { listProblemText } from '../lib/problems'
import { formErrors, isStaleVersion } from '../lib/server-errors'
import type { Attention, ListSource, PersonListEntry, PersonView } from '../types'

interface AddValues {
  listCode?: ListCode
  attention: Attention
  source: ListSource
  fields?: ListFormValues
}

/** The control of one list field, by its type. */
function FieldControl({ spec, id, value, onChange }: { spec: ListFieldSpec; id?: string; value?: unknown; onChange?: (v: unknown) => void }) {
  const { t, lang } = useI18n()
  const testId = `list-field-${spec.key}`
  switch (spec.type) {
    case 'text':
      return <Input id={id} value={value as string | undefined} onChange={(e) => onChange?.(e.target.value)} maxLength={(spec.maxLength ?? 100) + 10} autoComplete="off" data-testid={testId} />
    case 'date':
      return <Input id={id} type="date" value={value as string | undefined} onChange={(e) => onChange?.(e.target.value)} style={{ maxWidth: 220 }} data-testid={testId} />
    case 'phone':
      return <Input id={id} type="tel" inputMode="tel" autoComplete="off" value={value as string | undefined} onChange={(e) => onChange?.(e.target.value)} maxLength={30} data-testid={testId} />
    case 'boolean':
      return (
        <Radio.Group
          id={id}
          value={value as boolean | undefined}
          onChange={(e) => onChange?.(e.target.value)}
          optionType="button"
          options={[
            { value: true, label: t('registry.yes') },
            { value: false, label: t('registry.no') },
          ]}
          data-testid={testId}
        />
      )
    case 'integer':
    case 'number':
      return (
        <InputNumber<number>
          id={id}
          value={value as number | null | undefined}
          onChange={(v) => onChange?.(v)}
          min={spec.min}
          max={spec.max}
          precision={spec.type === 'integer' ? 0 : undefined}
          style={{ width: 200 }}
          data-testid={testId}
        />
      )
    case 'enum':
      return (
        <Select<string>
          id={id}
          value={value as string | undefined}
          onChange={(v) => onChange?.(v ?? undefined)}
          allowClear={!spec.required}
          placeholder={t('registry.select')}
          options={spec.options.map((o) => ({ value: o.code, label: lang === 'zh-CN' ? o.zh : o.en }))}
          popupMatchSelectWidth={false}
          style={{ minWidth: 200 }}
          data-testid={testId}
        />
      )
  }
}

export function AddToListDialog({ person, open, choices, onClose }: { person: PersonView; open: boolean; choices: ListCode[]; onClose: () => void }) {
  const { t, tryT, lang } = useI18n()
  const [form] = Form.useForm<AddValues>()
  const code = Form.useWatch('listCode', form)
  const add = useAddToList()
  const [restShown, setRestShown] = useState(true)
  const def = code ? LIST_DEFINITIONS[code] : undefined

  const close = () => {
    form.resetFields()
    add.reset()
    onClose()
  }
  const submit = (v: AddValues) => {
    if (!v.listCode) return
    add.mutate(
      { personId: person.id, body: { listCode: v.listCode, attention: v.attention, source: v.source, fields: toListFields(v.listCode, v.fields ?? {}) } },
      {
        onSuccess: close,
        onError: (e) => {
          const known = ['listCode', ...(def?.fields.map((f) => `fields.${f.key}`) ?? [])]
          const { fields, rest } = formErrors(e, known, tryT, def?.fields ?? [])
          if (fields.length > 0) form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })))
          setRestShown(rest > 0 || fields.length === 0)
        },
      },
    )
  }

  return (
    <Modal
      open={open}
      title={t('registry.lists.addTitle', { name: person.name })}
      onCancel={close}
      destroyOnHidden
      data-testid="list-add-dialog"
      footer={[
        <Button key="cancel" onClick={close}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={add.isPending} disabled={!code} onClick={() => form.submit()} data-testid="list-add-submit">
          {t('registry.lists.submit')}
        </Button>,
      ]}
    >
      <Form<AddValues> form={form} layout="vertical" initialValues={{ attention: 'general', source: 'entered' }} onFinish={submit} data-testid="list-add-form">
        <Form.Item
          name="listCode"
          label={t('registry.lists.list')}
          required
          rules={[{ required: true, message: t('registry.problem.required') }]}
          extra={def ? `${t(`registry.lists.kind.${def.kind}`)} · ${t('registry.lists.visitEvery', { days: def.visitEveryDays })}` : undefined}
        >
          <Select<ListCode>
            placeholder={t('registry.select')}
            options={choices.map((c) => ({ value: c, label: `${listLabel(c, lang)}（${t(`registry.lists.kind.${LIST_DEFINITIONS[c].kind}`)}）` }))}
            onChange={() => form.setFieldValue('fields', {})}
            popupMatchSelectWidth={false}
            data-testid="list-choose"
          />
        </Form.Item>
        {def && (
          <div data-testid="list-fields" data-list={def.code}>
            {def.fields.map((spec) => (
              <Form.Item
                key={`${def.code}.${spec.key}`}
                name={['fields', spec.key]}
                label={spec.label[lang === 'zh-CN' ? 'zh' : 'en']}
                required={spec.required}
                dependencies={def.code === 'community_correction' && spec.key === 'correctionEnd' ? [['fields', 'correctionStart']] : undefined}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async () => {
                      const problems = listFormProblems(def.code, (getFieldValue('fields') as ListFormValues | undefined) ?? {}).get(spec.key) ?? []
                      if (problems.length > 0) throw new Error(problems.map((p) => listProblemText(tryT, p, spec)).join(t('registry.problemSeparator')))
                    },
                  }),
                ]}
                data-testid={`list-field-${spec.key}-item`}
              >
                <FieldControl spec={spec} />
              </Form.Item>
            ))}
          </div>
        )}
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Form.Item name="attention" label={t('registry.field.attention')}>
            <Select<Attention> options={codeOptions(ATTENTION_LEVELS, lang) as { value: Attention; label: string }[]} style={{ minWidth: 120 }} data-testid="list-attention" />
          </Form.Item>
          <Form.Item name="source" label={t('registry.field.source')}>
            <Select<ListSource> options={codeOptions(LIST_SOURCES, lang) as { value: ListSource; label: string }[]} style={{ minWidth: 120 }} data-testid="list-source" />
          </Form.Item>
        </div>
        {add.isError && restShown && <ApiErrorAlert error={add.error} />}
      </Form>
    </Modal>
  )
}

/** The server asks for a reason of at least this many characters. */
const MIN_REASON = 2

export function EndListDialog({ person, entry, onClose, onStale }: { person: PersonView; entry: PersonListEntry | undefined; onClose: () => void; onStale: () => Promise<unknown> }) {
  const { t, lang } = useI18n()
  const [reason, setReason] = useState('')
  const end = useEndListEntry()
  const [stale, setStale] = useState(false)
  const close = () => {
    setReason('')
    setStale(false)
    end.reset()
    onClose()
  }
  const submit = () => {
    if (!entry || [...reason.trim()].length < MIN_REASON) return
    end.mutate(
      { personId: person.id, entryId: entry.id, body: { version: entry.version, reason: reason.trim() } },
      {
        onSuccess: close,
        onError: (e) => {
          if (isStaleVersion(e)) {
            setStale(true)
            void onStale()
          }
        },
      },
    )
  }
  return (
    <Modal
      open={entry !== undefined}
      title={entry ? t('registry.lists.endTitle', { name: person.name, list: listLabel(entry.listCode, lang) }) : ''}
      onCancel={close}
      destroyOnHidden
      data-testid="list-end-dialog"
      footer={[
        <Button key="cancel" onClick={close}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger disabled={[...reason.trim()].length < MIN_REASON} loading={end.isPending} onClick={submit} data-testid="list-end-submit">
          {t('registry.lists.endSubmit')}
        </Button>,
      ]}
    >
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('registry.lists.endReason')} htmlFor="list-end-reason" required extra={t('registry.lists.endReasonHint')}>
          <Input.TextArea
            id="list-end-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            data-testid="list-end-reason"
          />
        </Form.Item>
        {stale && <Alert type="warning" showIcon className="form-error" title={t('registry.lists.stale')} />}
        {end.isError && !stale && <ApiErrorAlert error={end.error} />}
      </Form>
    </Modal>
  )
}
