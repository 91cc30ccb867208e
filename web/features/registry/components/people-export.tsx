// "Export Excel" on the people search: the people the current filters select (the search's own
// filters, no cursor), masked, downloaded as an XLSX. For roles that may unmask, "with full ID
// numbers / phones" asks which and why (audited); when the server wants a recent re-authentication
// (401 reauth_required) the auth feature's dialog asks for password and code, then the export runs
// again. The file goes straight to the download: the mutation keeps nothing (gcTime 0, reset at once).
import { DownOutlined, ExportOutlined } from '@ant-design/icons'
import { Alert, App, Button, Checkbox, Dropdown, Form, Input, Modal, Space } from 'antd'
import { useState } from 'react'
import { ReauthDialog, useAuth } from '../../auth'
import { ApiErrorAlert, describeDetail, errorTitle } from '../../../shared/components/api-error-alert'
import { isApiError } from '../../../shared/api/client'
import { useI18n } from '../../../shared/i18n'
import { useExportPeople } from '../api/export-people'
import type { DownloadedFile } from '../api/binary-fetch'
import { datedFilename, downloadBlob } from '../lib/files'
import { exportFilters } from '../lib/import-report'
import { needsReauth } from '../lib/server-errors'
import type { PeopleSearchParams, PersonalField } from '../types'

/** The server asks for a reason of at least this many characters. */
const MIN_REASON = 5

export function PeopleExport({ params, disabled }: { params: PeopleSearchParams; disabled?: boolean }) {
  const i18n = useI18n()
  const { t } = i18n
  const { can } = useAuth()
  const { message } = App.useApp()
  const masked = useExportPeople()
  const unmasked = useExportPeople()
  const [open, setOpen] = useState(false)
  const [fields, setFields] = useState<PersonalField[]>(['idNumber', 'phone'])
  const [reason, setReason] = useState('')
  const [reauth, setReauth] = useState(false)

  const save = (file: DownloadedFile) => {
    const name = datedFilename(file.filename ?? '实有人口.xlsx')
    downloadBlob(file.blob, name)
    void message.success(t('registry.export.done', { name }))
  }
  const exportMasked = () =>
    masked.mutate(
      { filters: exportFilters(params) },
      {
        onSuccess: (file) => {
          save(file)
          masked.reset()
        },
        onError: (err) => {
          const detail = isApiError(err) ? err.details[0] : undefined
          void message.error(detail ? `${errorTitle(err, i18n)}：${describeDetail(detail, i18n)}` : errorTitle(err, i18n))
        },
      },
    )
  const close = () => {
    setOpen(false)
    setReason('')
    setFields(['idNumber', 'phone'])
    unmasked.reset()
  }
  const ready = fields.length > 0 && [...reason.trim()].length >= MIN_REASON
  const exportUnmasked = () => {
    if (!ready) return
    unmasked.mutate(
      { filters: exportFilters(params), unmask: fields, reason: reason.trim() },
      {
        onSuccess: (file) => {
          save(file)
          close()
        },
        onError: (e) => needsReauth(e) && setReauth(true),
      },
    )
  }
  const waitingForReauth = needsReauth(unmasked.error)

  return (
    <>
      <Space.Compact>
        <Button icon={<ExportOutlined />} onClick={exportMasked} loading={masked.isPending} disabled={disabled} title={t('registry.export.hint')} data-testid="people-export">
          {t('registry.export.button')}
        </Button>
        {can('personal.unmask') && (
          <Dropdown
            trigger={['click']}
            disabled={disabled}
            menu={{ items: [{ key: 'unmask', label: t('registry.export.unmask') }], onClick: () => setOpen(true) }}
          >
            <Button icon={<DownOutlined />} aria-label={t('registry.export.more')} data-testid="people-export-more" />
          </Dropdown>
        )}
      </Space.Compact>
      <Modal
        open={open}
        title={t('registry.export.title')}
        onCancel={close}
        destroyOnHidden
        data-testid="export-dialog"
        footer={[
          <Button key="cancel" onClick={close}>
            {t('common.cancel')}
          </Button>,
          <Button key="ok" type="primary" disabled={!ready} loading={unmasked.isPending} onClick={exportUnmasked} data-testid="export-submit">
            {t('registry.export.submit')}
          </Button>,
        ]}
      >
        <Form layout="vertical" onFinish={exportUnmasked}>
          <p className="muted">{t('registry.export.intro')}</p>
          <Form.Item label={t('registry.export.fields')} required>
            <Checkbox.Group<PersonalField>
              value={fields}
              onChange={(v) => setFields(v)}
              options={[
                { value: 'idNumber', label: t('registry.field.idNumber') },
                { value: 'phone', label: t('registry.field.phone') },
              ]}
              data-testid="export-fields"
            />
          </Form.Item>
          <Form.Item label={t('unmask.reason')} htmlFor="export-reason" required extra={t('unmask.reasonHint', { min: MIN_REASON })}>
            <Input.TextArea id="export-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="export-reason" />
          </Form.Item>
          {unmasked.isError && !waitingForReauth && <ApiErrorAlert error={unmasked.error} data-testid="export-error" />}
          {waitingForReauth && !reauth && <Alert type="warning" showIcon title={t('unmask.reauthNeeded')} />}
        </Form>
      </Modal>
      <ReauthDialog
        open={reauth}
        onCancel={() => setReauth(false)}
        onDone={() => {
          setReauth(false)
          exportUnmasked()
        }}
      />
    </>
  )
}
