// /account/tokens — the user's own API tokens.
import { ApiTokens } from '../../features/auth'
import { useI18n } from '../../shared/i18n'

export function AccountTokensRoute() {
  const { t } = useI18n()
  return (
    <div className="admin-page">
      <div className="admin-head">
        <h1 className="admin-title">{t('tokens.title')}</h1>
      </div>
      <ApiTokens />
    </div>
  )
}
