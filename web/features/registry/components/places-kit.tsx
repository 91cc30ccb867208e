// Pieces the places' pages share: the rule that runs a form's shared check on one field as it is
// typed (the whole form is checked, the field's own problems shown in the places' words), the form
// drawer (a drawer at a desk, the whole screen on a phone), a record's drawer (loading, not found,
// error), the frame of a record that is edited in place and retired with a reason, a reason dialog
// (retire, close, end…) and a record's change history as a timeline.
import { EditOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons'
import { Alert, Button, Descriptions, Drawer, Empty, Form, Grid, Input, Modal, Result, Skeleton, Space, Tabs, Tag, Timeline } from 'antd'
import type { DescriptionsProps, FormInstance } from 'antd'
import type { UseQueryResult } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import type { RecordStatus } from '../../../../shared/registry/place-types'
import { useAuth } from '../../auth'
import { RECORD_STATUS_COLOR } from '../lib/places-labels'
import type { FieldProblem } from '../../../../shared/registry/place-fields'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { placeProblemsText, placeServerProblemText, type PlaceEntity } from '../lib/places-problems'
import { describePlaceChange } from '../lib/places-history'
import { isStale } from '../lib/places-server-errors'
import type { RecordHistory } from '../places-types'
import { ApiError } from '../../../shared/api/client'

/** A rule per field that runs `check` over the whole form and shows the problems of that field. */
export function usePlaceRule<V>(entity: PlaceEntity, check: (values: V) => FieldProblem[]) {
  const { tryT } = useI18n()
  return (field: string) =>
    (form: Pick<FormInstance, 'getFieldsValue'>) => ({
      validator: async (_: unknown, value: unknown) => {
        const problems = check(form.getFieldsValue(true) as V).filter((p) => p.field === field)
        if (problems.length > 0) throw new Error(placeProblemsText(tryT, entity, problems, value))
      },
    })
}

/** The form's drawer: 560 px wide at a desk, the whole screen on a phone (< 768 px). */
export function PlacesDrawer({
  open,
  onClose,
  title,
  children,
  extra,
  'data-testid': testId,
}: {
  open: boolean
  onClose: () => void
  title: ReactNode
  children: ReactNode
  extra?: ReactNode
  'data-testid'?: string
}) {
  const screens = Grid.useBreakpoint()
  return (
    <Drawer open={open} onClose={onClose} title={title} size={screens.md ? 600 : '100%'} destroyOnHidden extra={extra} data-testid={testId}>
      {children}
    </Drawer>
  )
}

/** A record's drawer: a skeleton while it loads, "not found" for a 404, the error otherwise, else `children` with the record. */
export function PlaceRecordDrawer<T extends { id: number }>({
  query,
  open,
  onClose,
  title,
  children,
  'data-testid': testId,
}: {
  query: UseQueryResult<T>
  open: boolean
  onClose: () => void
  title: ReactNode
  children: (record: T, reload: () => Promise<unknown>) => ReactNode
  'data-testid': string
}) {
  const { t } = useI18n()
  return (
    <PlacesDrawer open={open} onClose={onClose} title={title} data-testid={testId}>
      {query.isPending ? (
        <Skeleton active />
      ) : query.isError ? (
        query.error instanceof ApiError && query.error.status === 404 ? <Result status="404" subTitle={t('places.notFound')} /> : <ApiErrorAlert error={query.error} />
      ) : (
        children(query.data, () => query.refetch())
      )}
    </PlacesDrawer>
  )
}

/**
 * A record opened in its drawer, edited in place and retired with a reason (organizations,
 * facilities): its status, the edit and retire buttons (registry.write, active records), the
 * form (`renderForm`) in place of its facts and change history while editing, and the retire dialog.
 * Test ids start with `entity` (organization-details, organization-edit, organization-facts…).
 */
export function RetirableRecord({
  entity,
  record,
  facts,
  history,
  retireHint,
  retire,
  onReload,
  renderForm,
}: {
  entity: 'organization' | 'facility'
  record: { id: number; version: number; name: string; status: RecordStatus; statusReason: string | null }
  facts: DescriptionsProps['items']
  history: UseQueryResult<RecordHistory>
  retireHint: string
  retire: (reason: string) => Promise<unknown>
  onReload: () => Promise<unknown>
  renderForm: (done: { onSaved: () => void; onCancel: () => void }) => ReactNode
}) {
  const { t } = useI18n()
  const { can } = useAuth()
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const [retiring, setRetiring] = useState(false)
  const editable = can('registry.write') && record.status === 'active'
  return (
    <div data-testid={`${entity}-details`} data-id={record.id} data-version={record.version} data-status={record.status}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={RECORD_STATUS_COLOR[record.status]} data-testid={`${entity}-status`}>
          {t(`places.status.${record.status}`)}
        </Tag>
        {editable && !editing && (
          <>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid={`${entity}-edit`}>
              {t('registry.person.edit')}
            </Button>
            <Button danger icon={<StopOutlined />} onClick={() => setRetiring(true)} data-testid={`${entity}-retire`}>
              {t('places.retire')}
            </Button>
          </>
        )}
      </Space>
      {record.status !== 'active' && <Alert type="warning" showIcon className="form-error" title={t('places.retiredBecause', { reason: record.statusReason ?? '—' })} />}
      {saved && !editing && <Alert type="success" showIcon className="form-error" title={t('registry.person.saved')} data-testid={`${entity}-saved`} closable={{ onClose: () => setSaved(false) }} />}
      {editing ? (
        renderForm({
          onSaved: () => {
            setEditing(false)
            setSaved(true)
          },
          onCancel: () => setEditing(false),
        })
      ) : (
        <Tabs
          items={[
            { key: 'details', label: t('places.tab.details'), children: <Descriptions size="small" bordered column={1} items={facts} data-testid={`${entity}-facts`} /> },
            { key: 'history', label: <span data-testid={`${entity}-tab-history`}>{t('registry.tab.changes')}</span>, children: <PlaceHistory history={history} /> },
          ]}
        />
      )}
      <ReasonDialog
        open={retiring}
        title={t('places.retireTitle', { name: record.name })}
        label={t('registry.status.reason')}
        hint={retireHint}
        submitLabel={t('places.retire')}
        entity={entity}
        onSubmit={retire}
        onClose={() => setRetiring(false)}
        onStale={() => void onReload()}
        data-testid={`${entity}-retire-dialog`}
      />
    </div>
  )
}

/**
 * A save refused because someone else changed the record since it was read: says so, and reloads the
 * record (`onReload`, after the refused mutation is reset). Test ids `<entity>-conflict` and `<entity>-reload`.
 */
export function StaleRecordAlert({ entity, onReload }: { entity: string; onReload: () => void }) {
  const { t } = useI18n()
  return (
    <Alert
      type="warning"
      showIcon
      className="form-error"
      title={t('places.conflictTitle')}
      description={t('places.conflictText')}
      data-testid={`${entity}-conflict`}
      action={
        <Button size="small" icon={<ReloadOutlined />} onClick={onReload} data-testid={`${entity}-reload`}>
          {t('registry.person.reload')}
        </Button>
      }
    />
  )
}

/** Asks why (retire, close, end a rental…) and runs the act; a stale version reloads the record. */
export function ReasonDialog({
  open,
  title,
  label,
  hint,
  submitLabel,
  minLength = 2,
  maxLength = 200,
  danger = true,
  entity,
  children,
  onSubmit,
  onClose,
  onStale,
  'data-testid': testId = 'reason-dialog',
}: {
  open: boolean
  title: ReactNode
  label: string
  hint?: string
  submitLabel: string
  minLength?: number
  maxLength?: number
  danger?: boolean
  entity: PlaceEntity
  children?: ReactNode
  onSubmit: (reason: string) => Promise<unknown>
  onClose: () => void
  onStale?: () => void
  'data-testid'?: string
}) {
  const { t, tryT } = useI18n()
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const close = () => {
    setReason('')
    setError(undefined)
    onClose()
  }
  const ok = [...reason.trim()].length >= minLength
  const submit = async () => {
    if (!ok || busy) return
    setBusy(true)
    setError(undefined)
    try {
      await onSubmit(reason.trim())
      close()
    } catch (e) {
      setError(e)
      if (isStale(e)) onStale?.()
    } finally {
      setBusy(false)
    }
  }
  const stale = isStale(error)
  const fieldProblems = error instanceof ApiError && error.status !== 409 ? error.details.filter((d) => d.field) : []
  const conflicts = error instanceof ApiError && error.status === 409 && !stale ? error.details : []
  return (
    <Modal
      open={open}
      title={title}
      onCancel={close}
      destroyOnHidden
      data-testid={testId}
      footer={[
        <Button key="cancel" onClick={close}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger={danger} disabled={!ok} loading={busy} onClick={() => void submit()} data-testid={`${testId}-submit`}>
          {submitLabel}
        </Button>,
      ]}
    >
      {children}
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={label} htmlFor={`${testId}-reason`} required extra={hint}>
          <Input.TextArea
            id={`${testId}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={maxLength}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            data-testid={`${testId}-reason`}
          />
        </Form.Item>
      </Form>
      {stale && <Alert type="warning" showIcon className="form-error" title={t('places.staleReloaded')} data-testid={`${testId}-stale`} />}
      {conflicts.length > 0 && (
        <Alert type="warning" showIcon className="form-error" title={conflicts.map((d) => placeServerProblemText(tryT, entity, d)).join(t('registry.problemSeparator'))} data-testid={`${testId}-conflict`} />
      )}
      {error !== undefined && !stale && conflicts.length === 0 && (
        fieldProblems.length > 0 ? (
          <Alert type="error" showIcon className="form-error" title={fieldProblems.map((d) => placeServerProblemText(tryT, entity, d)).join(t('registry.problemSeparator'))} />
        ) : (
          <ApiErrorAlert error={error} />
        )
      )}
    </Modal>
  )
}

/** Every change of a record, newest first. */
export function PlaceHistory({ history }: { history: UseQueryResult<RecordHistory> }) {
  const { t, tryT, lang, fmt } = useI18n()
  if (history.isPending) return <Skeleton active />
  if (history.isError) return <ApiErrorAlert error={history.error} />
  const items = history.data.changes
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.changes.empty')} />
  return (
    <Timeline
      data-testid="place-history"
      items={items.map((c) => {
        const view = describePlaceChange(c, lang, tryT)
        return {
          key: c.id,
          color: ['retire', 'close', 'end', 'tenant.end'].includes(c.action) ? 'red' : c.action === 'create' ? 'green' : 'blue',
          content: (
            <div data-testid="place-change" data-action={c.action}>
              <div className="muted small">{t('registry.changes.by', { actor: c.actor, at: fmt.dateTime(c.at) })}</div>
              <strong data-testid="place-change-title">{view.title}</strong>
              {view.lines.length > 0 && (
                <ul style={{ margin: '4px 0', paddingInlineStart: 18 }}>
                  {view.lines.map((l) => (
                    <li key={l.field} data-field={l.field}>
                      <span className="muted">{l.label}：</span>
                      {l.text !== undefined ? (
                        l.text
                      ) : (
                        <>
                          <span style={{ textDecoration: 'line-through', color: 'rgba(0,0,0,0.45)' }}>{l.before}</span> → <span>{l.after}</span>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {c.reason && <div className="small">{t('registry.changes.reason', { reason: c.reason })}</div>}
            </div>
          ),
        }
      })}
    />
  )
}

/** Puts a refused write's field problems under the form's fields; returns whether problems remain for the alert. */
export function showFieldErrors(form: FormInstance, groups: { name: (string | number)[]; errors: string[] }[]): void {
  if (groups.length > 0) form.setFields(groups.map((g) => ({ name: g.name as never, errors: g.errors })))
}
