// One workflow step in a small dialog asking exactly what the step needs (lib/action-form.ts): a
// reason (required where the workflow says so, else an optional note), a result and photos, the
// area to assign to, the department to dispatch to (those handling the category first), the card
// of an urge, the extension in the limit's unit, the copy's addressee, the case to merge into, or a
// rating with a comment. Every step carries the version read: when someone acted first (409) the
// dialog says so and offers to reload. The server's field problems go under the fields.
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio, Rate, Select, Tag, type FormRule } from 'antd'
import { useState } from 'react'
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import { useAreas } from '../../areas'
import { ApiError } from '../../../shared/api/client'
import { isStaleVersion } from '../../../shared/api/field-errors'
import { errorTitle } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCaseAction, useReloadCase } from '../api/act-on-case'
import { useDepartments } from '../api/get-departments'
import { useNearby } from '../api/get-nearby'
import { actionBody, actionFieldOf, actionFields, actionProblems, extensionMax, type ActionField, type ActionValues } from '../lib/action-form'
import { newIdempotencyKey } from '../lib/idempotency'
import { actionTone, nameIn } from '../lib/labels'
import { caseProblemText, detailText } from '../lib/problems'
import type { CaseAction, CaseView } from '../types'
import { PhotoUpload } from './photo-upload'

interface Props {
  view: CaseView
  /** The version read when the dialog opened (the step applies only if nobody acted since). */
  version: number
  action: CaseAction
  /** Values to start with (the case chosen from the duplicates for a merge). */
  preset?: ActionValues
  onClose: () => void
}

const TEXT_MAX = { reason: CASE_LIMITS.reason, result: CASE_LIMITS.result, comment: CASE_LIMITS.ratingComment } as const

export function ActionDialog({ view, version, action, preset, onClose }: Props) {
  const i18n = useI18n()
  const { t, tryT } = i18n
  const { message } = App.useApp()
  const [form] = Form.useForm<ActionValues>()
  const act = useCaseAction(view.id)
  const reload = useReloadCase(view.id)
  // One key per opened dialog: a resent step answers as the first did.
  const [key] = useState(newIdempotencyKey)
  const [restShown, setRestShown] = useState(true)
  const fields = actionFields(action)
  const unit = view.limit?.unit

  const rule =
    (field: ActionField): FormRule =>
    () => ({
      validator: async () => {
        const problems = actionProblems(action, form.getFieldsValue(true) as ActionValues, unit).get(field) ?? []
        if (problems.length > 0) throw new Error(problems.map((p) => caseProblemText(tryT, field, p.problem) ?? p.message).join(t('cases.problemSeparator')))
      },
    })

  const submit = () => {
    act.mutate(
      { body: actionBody(action, version, form.getFieldsValue(true) as ActionValues), key },
      {
        onSuccess: () => {
          void message.success(t('cases.act.done', { action: t(`cases.action.${action}`) }))
          onClose()
        },
        onError: (e) => {
          const byField = new Map<ActionField, string[]>()
          let rest = 0
          for (const d of e instanceof ApiError && e.status === 400 ? e.details : []) {
            const field = actionFieldOf(action, d.field)
            if (!field) rest++
            else byField.set(field, [...(byField.get(field) ?? []), detailText(tryT, d, field)])
          }
          if (byField.size > 0) form.setFields([...byField].map(([name, errors]) => ({ name, errors })))
          setRestShown(rest > 0 || byField.size === 0)
        },
      },
    )
  }

  const stale = isStaleVersion(act.error)
  const refused = act.error instanceof ApiError && act.error.status !== 400 ? act.error : undefined
  const tone = actionTone(action)
  return (
    <Modal
      open
      title={t('cases.act.title', { action: t(`cases.action.${action}`), number: view.number })}
      onCancel={onClose}
      destroyOnHidden
      data-testid="case-action-dialog"
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger={tone === 'danger'} loading={act.isPending} disabled={stale} onClick={() => form.submit()} data-testid="case-action-submit">
          {t(`cases.action.${action}`)}
        </Button>,
      ]}
    >
      <div data-action={action} data-testid={`case-action-dialog-${action}`}>
        <Form<ActionValues> form={form} layout="vertical" initialValues={{ photos: [], ...preset }} onFinish={submit}>
          {fields.map(({ field, required }) => (
            <Form.Item
              key={field}
              name={field}
              label={field === 'reason' && !required ? t('cases.field.note') : t(`cases.field.${field}`)}
              required={required}
              rules={[rule(field)]}
              extra={field === 'amount' && unit ? t('cases.act.amountHint', { max: extensionMax(unit), unit: t(`cases.unit.${unit}`) }) : undefined}
              data-testid={`case-action-${field}-item`}
            >
              <FieldControl field={field} view={view} action={action} />
            </Form.Item>
          ))}
          {stale && (
            <Alert
              type="warning"
              showIcon
              title={t('cases.act.stale')}
              action={
                <Button
                  size="small"
                  onClick={() => {
                    void reload()
                    onClose()
                  }}
                  data-testid="case-action-reload"
                >
                  {t('cases.act.reload')}
                </Button>
              }
              data-testid="case-action-stale"
            />
          )}
          {!stale && refused && (
            <Alert
              type="error"
              showIcon
              title={errorTitle(refused, i18n)}
              description={refused.details.map((d) => detailText(tryT, d)).join(t('cases.problemSeparator')) || refused.message}
              data-testid="case-action-error"
              data-code={refused.code}
            />
          )}
          {!stale && !refused && act.isError && restShown && (
            <Alert type="error" showIcon title={errorTitle(act.error, i18n)} description={act.error instanceof ApiError ? act.error.details.map((d) => detailText(tryT, d)).join(t('cases.problemSeparator')) : undefined} data-testid="case-action-error" />
          )}
        </Form>
      </div>
    </Modal>
  )
}

/** The control of one field of a step. */
function FieldControl({ field, view, action, id, value, onChange }: { field: ActionField; view: CaseView; action: CaseAction; id?: string; value?: unknown; onChange?: (v: unknown) => void }) {
  const { t } = useI18n()
  const common = { id, 'data-testid': `case-action-${field}` }
  switch (field) {
    case 'reason':
    case 'result':
    case 'comment':
      return <Input.TextArea {...common} value={value as string | undefined} onChange={(e) => onChange?.(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} count={{ show: true, max: TEXT_MAX[field] }} />
    case 'photos':
      return <PhotoUpload id={id} value={value as never} onChange={onChange} data-testid="case-action-photos" />
    case 'card':
      return (
        <Radio.Group
          {...common}
          value={value}
          onChange={(e) => onChange?.(e.target.value)}
          optionType="button"
          options={[
            { value: 'yellow', label: t('cases.card.yellow') },
            { value: 'red', label: t('cases.card.red') },
          ]}
        />
      )
    case 'amount':
      return <InputNumber<number> {...common} value={value as number | null | undefined} onChange={(v) => onChange?.(v)} min={0} max={extensionMax(view.limit?.unit)} step={1} style={{ width: 160 }} suffix={view.limit ? t(`cases.unit.${view.limit.unit}`) : undefined} />
    case 'rating':
      return <Rate {...common} value={value as number | undefined} onChange={(v) => onChange?.(v)} />
    case 'department':
      return <DepartmentSelect id={id} view={view} value={value as string | undefined} onChange={onChange} />
    case 'target':
      return action === 'copy' ? <CopyTargetSelect id={id} view={view} value={value as string | undefined} onChange={onChange} /> : <AreaBelowSelect id={id} view={view} value={value as string | undefined} onChange={onChange} />
    case 'mergeInto':
      return <MergeTargetSelect id={id} view={view} value={value as number | undefined} onChange={onChange} />
  }
}

interface SelectProps<T> {
  id?: string
  view: CaseView
  value?: T
  onChange?: (v: unknown) => void
}

/** The departments serving the holder, those that handle the case's category first and marked. */
function DepartmentSelect({ id, view, value, onChange }: SelectProps<string>) {
  const { t, lang } = useI18n()
  const departments = useDepartments(view.id)
  const sorted = [...(departments.data ?? [])].sort((a, b) => Number(b.suggested) - Number(a.suggested))
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      loading={departments.isPending}
      showSearch={{ optionFilterProp: 'title' }}
      placeholder={t('cases.act.chooseDepartment')}
      options={sorted.map((d) => ({
        value: d.code,
        title: nameIn(lang, d),
        label: (
          <span>
            {nameIn(lang, d)}
            {d.suggested && (
              <Tag color="green" style={{ marginInlineStart: 6 }}>
                {t('cases.act.suggested')}
              </Tag>
            )}
          </span>
        ),
      }))}
      data-testid="case-action-department"
    />
  )
}

/** The areas right below the holder; when the case lies in a grid, only the one containing it. */
function AreaBelowSelect({ id, view, value, onChange }: SelectProps<string>) {
  const { t } = useI18n()
  const children = useAreas(view.holder.code)
  const areas = (children.data ?? []).filter((a) => !view.gridCode || view.gridCode.startsWith(a.code))
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      loading={children.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('cases.act.chooseArea')}
      options={areas.map((a) => ({ value: a.code, label: a.name }))}
      data-testid="case-action-target"
    />
  )
}

/** Whom to copy: a department, or an area below the holder. */
function CopyTargetSelect({ id, view, value, onChange }: SelectProps<string>) {
  const { t, lang } = useI18n()
  const departments = useDepartments(view.id)
  const children = useAreas(view.holder.code)
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      loading={departments.isPending || children.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('cases.act.chooseCopy')}
      options={[
        { label: t('cases.act.departments'), title: 'departments', options: (departments.data ?? []).map((d) => ({ value: d.code, label: nameIn(lang, d) })) },
        { label: t('cases.act.areas'), title: 'areas', options: (children.data ?? []).map((a) => ({ value: a.code, label: a.name })) },
      ]}
      data-testid="case-action-target"
    />
  )
}

/** The case to merge into: likely duplicates first, then the other nearby cases. */
function MergeTargetSelect({ id, view, value, onChange }: SelectProps<number>) {
  const { t } = useI18n()
  const nearby = useNearby(view.id)
  const seen = new Set<number>()
  const candidates = [...(nearby.data?.duplicates ?? []), ...(nearby.data?.nearby ?? [])].filter((c) => c.state !== 'merged' && c.state !== 'rejected' && !seen.has(c.id) && seen.add(c.id))
  return (
    <Select<number>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      loading={nearby.isPending}
      placeholder={t('cases.act.chooseMerge')}
      notFoundContent={t('cases.act.noMergeTarget')}
      options={candidates.map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }))}
      data-testid="case-action-mergeInto"
    />
  )
}
