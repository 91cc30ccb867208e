// "Show phone": asks for the reason (the request is audited with it), and when the server wants a
// recent re-authentication (401 reauth_required) asks for password and code, then tries again.
// The number is shown in the dialog only, never kept in the cache.
import { EyeOutlined } from '@ant-design/icons'
import { Alert, Button, Form, Input, Modal, Typography } from 'antd'
import { useState } from 'react'
import { ReauthDialog, useAuth } from '../../auth'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useRevealPersonalData } from '../api/account-changes'
import type { AccountView } from '../types'

/** The server asks for a reason of at least this many characters. */
const MIN_REASON = 5

export function UnmaskPhone({ account }: { account: AccountView }) {
  const { t } = useI18n()
  const { can } = useAuth()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [reauth, setReauth] = useState(false)
  const reveal = useRevealPersonalData()
  if (!can('personal.unmask')) return null

  const ask = () => {
    reveal.mutate(
      { id: account.id, reason: reason.trim() },
      {
        onError: (e) => {
          if (e instanceof ApiError && e.status === 401 && e.code === 'reauth_required') setReauth(true)
        },
      },
    )
  }
  const close = () => {
    setOpen(false)
    setReason('')
    reveal.reset()
  }
  const needsReauth = reveal.error instanceof ApiError && reveal.error.code === 'reauth_required'
  const phone = reveal.data?.phone

  return (
    <>
      <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="unmask-phone">
        {t('unmask.show')}
      </Button>
      <Modal
        open={open}
        title={t('unmask.title', { name: account.displayName })}
        onCancel={close}
        destroyOnHidden
        data-testid="unmask-dialog"
        footer={
          reveal.isSuccess
            ? [
                <Button key="close" type="primary" onClick={close} data-testid="unmask-close">
                  {t('unmask.close')}
                </Button>,
              ]
            : [
                <Button key="cancel" onClick={close}>
                  {t('common.cancel')}
                </Button>,
                <Button key="ok" type="primary" disabled={reason.trim().length < MIN_REASON} loading={reveal.isPending} onClick={ask} data-testid="unmask-submit">
                  {t('unmask.submit')}
                </Button>,
              ]
        }
      >
        {reveal.isSuccess ? (
          <div>
            <div className="muted small">{t('accounts.phone')}</div>
            <Typography.Text strong copyable={phone ? { text: phone } : false} className="unmasked-phone" data-testid="phone-unmasked">
              {phone ?? t('common.none')}
            </Typography.Text>
            <Alert type="info" showIcon className="block" title={t('unmask.audited')} />
          </div>
        ) : (
          <Form layout="vertical" onFinish={() => reason.trim().length >= MIN_REASON && ask()}>
            <p className="muted">{t('unmask.intro')}</p>
            <Form.Item label={t('unmask.reason')} htmlFor="unmask-reason" required extra={t('unmask.reasonHint', { min: MIN_REASON })}>
              <Input.TextArea id="unmask-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="unmask-reason" />
            </Form.Item>
            {reveal.isError && !needsReauth && <ApiErrorAlert error={reveal.error} />}
            {needsReauth && !reauth && <Alert type="warning" showIcon title={t('unmask.reauthNeeded')} />}
          </Form>
        )}
      </Modal>
      <ReauthDialog
        open={reauth}
        onCancel={() => setReauth(false)}
        onDone={() => {
          setReauth(false)
          ask()
        }}
      />
    </>
  )
}
