// "Show ID number / phone": asks what to show and why (the request is audited with the reason);
// when the server wants a recent re-authentication (401 reauth_required) the auth feature's dialog
// asks for password and code, then the request is made again. The values are shown in this dialog
// only: never put into the query cache, and forgotten (state reset, mutation dropped) on closing.
import { EyeOutlined } from '@ant-design/icons'
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Typography } from 'antd'
import { useState } from 'react'
import { ReauthDialog, useAuth } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useRevealPersonalData } from '../api/reveal-personal-data'
import { needsReauth } from '../lib/server-errors'
import type { PersonalField, PersonView } from '../types'

/** The server asks for a reason of at least this many characters. */
const MIN_REASON = 5

export function RevealPersonalData({ person }: { person: PersonView }) {
  const { t } = useI18n()
  const { can } = useAuth()
  const [open, setOpen] = useState(false)
  const [fields, setFields] = useState<PersonalField[]>(['idNumber', 'phone'])
  const [reason, setReason] = useState('')
  const [reauth, setReauth] = useState(false)
  const reveal = useRevealPersonalData()
  if (!can('personal.unmask')) return null

  const ask = () => {
    if (fields.length === 0 || reason.trim().length < MIN_REASON) return
    reveal.mutate({ id: person.id, fields, reason: reason.trim() }, { onError: (e) => needsReauth(e) && setReauth(true) })
  }
  const close = () => {
    setOpen(false)
    setReason('')
    setFields(['idNumber', 'phone'])
    reveal.reset()
  }
  const data = reveal.data
  const waitingForReauth = needsReauth(reveal.error)

  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal-open">
        {t('registry.reveal.button')}
      </Button>
      <Modal
        open={open}
        title={t('registry.reveal.title', { name: person.name })}
        onCancel={close}
        destroyOnHidden
        data-testid="reveal-dialog"
        footer={
          reveal.isSuccess
            ? [
                <Button key="close" type="primary" onClick={close} data-testid="reveal-close">
                  {t('unmask.close')}
                </Button>,
              ]
            : [
                <Button key="cancel" onClick={close}>
                  {t('common.cancel')}
                </Button>,
                <Button key="ok" type="primary" disabled={fields.length === 0 || reason.trim().length < MIN_REASON} loading={reveal.isPending} onClick={ask} data-testid="reveal-submit">
                  {t('unmask.submit')}
                </Button>,
              ]
        }
      >
        {reveal.isSuccess && data ? (
          <div data-testid="reveal-result">
            <Descriptions
              size="small"
              column={1}
              items={[
                ...(data.idNumber !== undefined
                  ? [
                      {
                        key: 'idNumber',
                        label: t('registry.field.idNumber'),
                        children: (
                          <Typography.Text strong copyable={{ text: data.idNumber }} className="unmasked-phone" data-testid="reveal-id-number">
                            {data.idNumber}
                          </Typography.Text>
                        ),
                      },
                    ]
                  : []),
                ...(data.phone !== undefined
                  ? [
                      {
                        key: 'phone',
                        label: t('registry.field.phone'),
                        children: data.phone ? (
                          <Typography.Text strong copyable={{ text: data.phone }} className="unmasked-phone" data-testid="reveal-phone">
                            {data.phone}
                          </Typography.Text>
                        ) : (
                          <span data-testid="reveal-phone">{t('registry.reveal.none')}</span>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <Alert type="info" showIcon className="block" title={t('unmask.audited')} />
          </div>
        ) : (
          <Form layout="vertical" onFinish={ask}>
            <p className="muted">{t('unmask.intro')}</p>
            <Form.Item label={t('registry.reveal.fields')} required>
              <Checkbox.Group<PersonalField>
                value={fields}
                onChange={(v) => setFields(v)}
                options={[
                  { value: 'idNumber', label: t('registry.field.idNumber') },
                  { value: 'phone', label: t('registry.field.phone') },
                ]}
                data-testid="reveal-fields"
              />
            </Form.Item>
            <Form.Item label={t('unmask.reason')} htmlFor="reveal-reason" required extra={t('unmask.reasonHint', { min: MIN_REASON })}>
              <Input.TextArea id="reveal-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="reveal-reason" />
            </Form.Item>
            {reveal.isError && !waitingForReauth && <ApiErrorAlert error={reveal.error} />}
            {waitingForReauth && !reauth && <Alert type="warning" showIcon title={t('unmask.reauthNeeded')} />}
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
