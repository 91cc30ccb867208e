// /account/password — change one's own password (the policy's rules shown alongside).
import { Alert, Card } from 'antd'
import { useState } from 'react'
import { PasswordChangeForm, useActiveSession, useAuth } from '../../features/auth'
import { useI18n } from '../../shared/i18n'

export function AccountPasswordRoute() {
  const { t } = useI18n()
  const session = useActiveSession()
  const { setSession, refresh } = useAuth()
  const [done, setDone] = useState(false)
  return (
    <div className="admin-page page-narrow">
      <div className="admin-head">
        <h1 className="admin-title">{t('password.title')}</h1>
      </div>
      {done && <Alert type="success" showIcon className="form-error" title={t('password.changed')} data-testid="password-changed" />}
      <Card size="small">
        <PasswordChangeForm
          policy={session.passwordPolicy}
          onChanged={(info) => {
            setDone(true)
            if (info) setSession(info)
            else void refresh()
          }}
        />
      </Card>
    </div>
  )
}
