// Changing a person's status: moved out, deceased, retired (entered in error) — or active again —
// with a reason, against the version read. Leaving "active" ends every open list entry too.
import { Alert, Button, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { PERSON_STATUSES } from '../../../../shared/registry/codes'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useSetPersonStatus } from '../api/person-changes'
import { codeLabel } from '../lib/labels'
import { isStaleVersion } from '../lib/server-errors'
import type { PersonStatus, PersonView } from '../types'

const MIN_REASON = 2

export function StatusDialog({ person, open, onClose, onReload }: { person: PersonView; open: boolean; onClose: () => void; onReload: () => Promise<unknown> }) {
  const { t, lang } = useI18n()
  const choices = PERSON_STATUSES.map((s) => s.code).filter((s) => s !== person.status)
  const [status, setStatus] = useState<PersonStatus | undefined>()
  const [reason, setReason] = useState('')
  const change = useSetPersonStatus()
  const stale = isStaleVersion(change.error)
  const close = () => {
    setStatus(undefined)
    setReason('')
    change.reset()
    onClose()
  }
  const ok = !!status && [...reason.trim()].length >= MIN_REASON
  const submit = () => {
    if (!ok || !status) return
    change.mutate({ id: person.id, body: { version: person.version, status, reason: reason.trim() } }, { onSuccess: close, onError: (e) => isStaleVersion(e) && void onReload() })
  }
  const openLists = person.listEntries.filter((e) => e.endedAt === null).length
  return (
    <Modal
      open={open}
      title={t('registry.status.title', { name: person.name })}
      onCancel={close}
      destroyOnHidden
      data-testid="status-dialog"
      footer={[
        <Button key="cancel" onClick={close}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger={status !== 'active'} disabled={!ok} loading={change.isPending} onClick={submit} data-testid="status-submit">
          {t('registry.status.submit')}
        </Button>,
      ]}
    >
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('registry.status.new')} htmlFor="status-new" required>
          <Select<PersonStatus>
            id="status-new"
            value={status}
            onChange={setStatus}
            placeholder={t('registry.select')}
            options={choices.map((s) => ({ value: s, label: codeLabel(PERSON_STATUSES, s, lang) }))}
            data-testid="status-choose"
          />
        </Form.Item>
        <Form.Item label={t('registry.status.reason')} htmlFor="status-reason" required extra={t('registry.status.reasonHint')}>
          <Input.TextArea id="status-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="status-reason" />
        </Form.Item>
        {status && status !== 'active' && person.status === 'active' && openLists > 0 && (
          <Alert type="warning" showIcon className="form-error" title={t('registry.status.leaveWarning', { count: openLists })} />
        )}
        {stale && <Alert type="warning" showIcon className="form-error" title={t('registry.status.stale')} />}
        {change.isError && !stale && <ApiErrorAlert error={change.error} />}
      </Form>
    </Modal>
  )
}
