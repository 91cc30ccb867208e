// The login page body: whichever step the session is at (none yet → username and password; then
// code, password change, authenticator enrolment), and once active, on to `next` or the home page.
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Spin } from 'antd'
import { Navigate } from 'react-router'
import { useI18n, type MessageKey } from '../../../shared/i18n'
import { homePath } from '../lib/next-path'
import type { SessionInfo, SessionStage } from '../types'
import { useAuth } from './auth-provider'
import { LoginForm } from './login-form'
import { PasswordChangeForm } from './password-change-form'
import { TotpEnrolStep } from './totp-enrol-step'
import { TotpStep } from './totp-step'

const STAGE_TITLE: Record<Exclude<SessionStage, 'active'>, MessageKey> = {
  totp: 'login.stage.totp',
  password_change: 'login.stage.password_change',
  totp_enrol: 'login.stage.totp_enrol',
}

export function LoginFlow({ next }: { next?: string }) {
  const { t } = useI18n()
  const { session, status, ended, setSession, logout } = useAuth()
  const queryClient = useQueryClient()

  if (session === undefined && status === 'pending') return <Spin className="page-spin" />
  if (session?.stage === 'active') return <Navigate to={next ?? homePath(session.account.permissions)} replace />

  const onStep = (info: SessionInfo) => {
    // A new login: nothing cached for the last user may show.
    if (info.stage === 'active') queryClient.removeQueries({ predicate: (q) => !(q.queryKey[0] === 'auth' && q.queryKey[1] === 'session') })
    setSession(info)
  }

  if (!session) {
    return (
      <div data-testid="login-step" data-stage="credentials">
        <h1 className="login-title">{t('login.title')}</h1>
        {ended === 'expired' && <Alert type="warning" showIcon className="form-error" title={t('login.error.session_ended')} data-testid="session-ended" />}
        {ended === 'logout' && <Alert type="success" showIcon className="form-error" title={t('login.loggedOut')} data-testid="logged-out" />}
        <LoginForm onStep={onStep} />
      </div>
    )
  }

  return (
    <div data-testid="login-step" data-stage={session.stage}>
      <h1 className="login-title">{t(STAGE_TITLE[session.stage])}</h1>
      <div className="login-who muted" data-testid="login-who">
        {t('login.as', { name: session.account.displayName, username: session.account.username })}
      </div>
      {session.stage === 'totp' && <TotpStep onStep={onStep} />}
      {session.stage === 'password_change' && (
        <>
          <Alert type="info" showIcon className="form-error" title={t('login.mustChange')} />
          <PasswordChangeForm policy={session.passwordPolicy} onChanged={(info) => (info ? onStep(info) : void queryClient.invalidateQueries({ queryKey: ['auth', 'session'] }))} />
        </>
      )}
      {session.stage === 'totp_enrol' && <TotpEnrolStep accountId={session.account.id} onStep={onStep} />}
      <Button type="link" block className="login-other" onClick={() => void logout()} data-testid="login-cancel">
        {t('login.otherAccount')}
      </Button>
    </div>
  )
}
