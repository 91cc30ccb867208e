// Step 4 (accounts without a second factor yet): scan the QR code (or type the secret) into an
// authenticator app, then confirm with its first code. The QR code is an <img> of the server's SVG.
import { useMutation, useQuery } from '@tanstack/react-query'
import { Alert, Button, Form, Spin, Typography } from 'antd'
import { useState } from 'react'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { confirmTotpEnrolment, startTotpEnrolment } from '../api/login-steps'
import { groupSecret, isCompleteOtp, svgDataUrl } from '../lib/otp'
import type { SessionInfo } from '../types'
import { CodeInput } from './code-input'
import { LoginError } from './login-error'

export function TotpEnrolStep({ accountId, onStep }: { accountId: number; onStep: (info: SessionInfo) => void }) {
  const { t } = useI18n()
  const [code, setCode] = useState('')
  // A query rather than an effect, so the enrolment starts once however often this renders.
  const enrolment = useQuery({
    queryKey: ['auth', 'totp-enrolment', accountId],
    queryFn: startTotpEnrolment,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  })
  const confirm = useMutation({ mutationFn: confirmTotpEnrolment, onSuccess: onStep, onError: () => setCode('') })

  if (enrolment.isPending) return <Spin className="page-spin" />
  if (enrolment.isError)
    return (
      <ApiErrorAlert
        error={enrolment.error}
        action={
          <Button size="small" onClick={() => void enrolment.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    )
  const e = enrolment.data
  return (
    <Form layout="vertical" requiredMark={false} onFinish={() => confirm.mutate(code)} data-testid="enrol-form">
      <ol className="enrol-steps">
        <li>{t('enrol.step1')}</li>
        <li>
          {t('enrol.step2')}
          <div className="enrol-qr">
            <img src={svgDataUrl(e.qrSvg)} alt={t('enrol.qrAlt')} width={200} height={200} data-testid="enrol-qr" />
          </div>
          <div className="small muted">{t('enrol.manual')}</div>
          <Typography.Text code copyable={{ text: e.secret }} className="enrol-secret" data-testid="enrol-secret" data-secret={e.secret}>
            {groupSecret(e.secret)}
          </Typography.Text>
        </li>
        <li>{t('enrol.step3')}</li>
      </ol>
      <Form.Item label={t('login.code')} htmlFor="enrol-code">
        <CodeInput id="enrol-code" value={code} onChange={setCode} data-testid="enrol-code" />
      </Form.Item>
      {confirm.isError && (
        <div className="form-error">
          <LoginError error={confirm.error} />
        </div>
      )}
      <Alert type="info" showIcon className="form-error" title={t('enrol.keepPhone')} />
      <Button type="primary" htmlType="submit" block size="large" disabled={!isCompleteOtp(code)} loading={confirm.isPending} data-testid="enrol-submit">
        {t('enrol.confirm')}
      </Button>
    </Form>
  )
}
