// Re-authentication before a sensitive act (e.g. showing a phone number): password and a fresh code.
import { useMutation } from '@tanstack/react-query'
import { Button, Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { useI18n } from '../../../shared/i18n'
import { reauthenticate } from '../api/login-steps'
import { isCompleteOtp } from '../lib/otp'
import { useAuth } from './auth-provider'
import { CodeInput } from './code-input'
import { LoginError } from './login-error'

interface ReauthDialogProps {
  open: boolean
  onDone: () => void
  onCancel: () => void
}

export function ReauthDialog({ open, onDone, onCancel }: ReauthDialogProps) {
  const { t } = useI18n()
  const { setSession, refresh } = useAuth()
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const mutation = useMutation({
    mutationFn: () => reauthenticate(password, code),
    onSuccess: async (info) => {
      if (info) setSession(info)
      else await refresh()
      setPassword('')
      setCode('')
      onDone()
    },
    onError: () => setCode(''),
  })
  const cancel = () => {
    mutation.reset()
    setPassword('')
    setCode('')
    onCancel()
  }
  return (
    <Modal
      open={open}
      title={t('reauth.title')}
      onCancel={cancel}
      footer={[
        <Button key="cancel" onClick={cancel}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" disabled={!password || !isCompleteOtp(code)} loading={mutation.isPending} onClick={() => mutation.mutate()} data-testid="reauth-submit">
          {t('reauth.submit')}
        </Button>,
      ]}
      destroyOnHidden
      data-testid="reauth-dialog"
    >
      <p className="muted">{t('reauth.intro')}</p>
      <Form
        layout="vertical"
        requiredMark={false}
        onFinish={() => {
          if (password && isCompleteOtp(code)) mutation.mutate()
        }}
      >
        <Form.Item label={t('login.password')} htmlFor="reauth-password">
          <Input.Password id="reauth-password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" autoFocus data-testid="reauth-password" />
        </Form.Item>
        <Form.Item label={t('login.code')} htmlFor="reauth-code">
          <CodeInput id="reauth-code" value={code} onChange={setCode} data-testid="reauth-code" />
        </Form.Item>
        {/* Enter submits. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        {mutation.isError && <LoginError error={mutation.error} />}
      </Form>
    </Modal>
  )
}
