// A failed login step as an alert: the login-specific message where there is one, else the API error.
import { Alert } from 'antd'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { loginErrorText } from '../lib/login-errors'

export function LoginError({ error }: { error: unknown }) {
  const { t } = useI18n()
  if (!error) return null
  const text = loginErrorText(error)
  if (!text) return <ApiErrorAlert error={error} data-testid="login-error" />
  return <Alert type="error" showIcon role="alert" title={t(text.key, text.params)} data-testid="login-error" data-code={(error as { code?: string }).code} />
}
