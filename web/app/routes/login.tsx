// /login?next=/path — the login flow on its own page (no app frame), with the language switch.
import { Card } from 'antd'
import { useSearchParams } from 'react-router'
import { LoginFlow, safeNextPath } from '../../features/auth'
import { LanguageSwitch } from '../../shared/components/language-switch'
import { useI18n } from '../../shared/i18n'

export function LoginRoute() {
  const { t } = useI18n()
  const [params] = useSearchParams()
  return (
    <main className="login-page">
      <div className="login-top">
        <span className="brand login-brand">
          <span className="brand-mark" aria-hidden="true">
            前
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </span>
        <LanguageSwitch compact className="lang-switch login-lang" />
      </div>
      <Card className="login-card">
        <LoginFlow next={safeNextPath(params.get('next'))} />
      </Card>
      <p className="login-foot muted small">{t('login.foot')}</p>
    </main>
  )
}
