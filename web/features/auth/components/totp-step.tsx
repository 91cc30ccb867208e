// Step 2 (enrolled accounts): the six-digit code of the authenticator app.
import { useMutation } from '@tanstack/react-query'
import { Button, Form } from 'antd'
import { useState } from 'react'
import { useI18n } from '../../../shared/i18n'
import { submitTotp } from '../api/login-steps'
import { isCompleteOtp } from '../lib/otp'
import type { SessionInfo } from '../types'
import { CodeInput } from './code-input'
import { LoginError } from './login-error'

export function TotpStep({ onStep }: { onStep: (info: SessionInfo) => void }) {
  const { t } = useI18n()
  const [code, setCode] = useState('')
  const mutation = useMutation({ mutationFn: submitTotp, onSuccess: onStep, onError: () => setCode('') })
  return (
    <Form layout="vertical" requiredMark={false} onFinish={() => mutation.mutate(code)} data-testid="totp-form">
      <p className="muted">{t('login.totpIntro')}</p>
      <Form.Item label={t('login.code')} htmlFor="totp-code">
        <CodeInput id="totp-code" value={code} onChange={setCode} autoFocus data-testid="totp-code" />
      </Form.Item>
      {mutation.isError && (
        <div className="form-error">
          <LoginError error={mutation.error} />
        </div>
      )}
      <Button type="primary" htmlType="submit" block size="large" disabled={!isCompleteOtp(code)} loading={mutation.isPending} data-testid="totp-submit">
        {t('login.verify')}
      </Button>
    </Form>
  )
}
