// The policy's password rules, each ticked once the typed password meets it (where the browser can tell).
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons'
import { useI18n } from '../../../shared/i18n'
import type { PasswordPolicyView } from '../types'
import { passwordRules } from '../lib/password-rules'

export function PasswordRules({ policy, password }: { policy: PasswordPolicyView; password?: string }) {
  const { t } = useI18n()
  return (
    <div className="password-rules" data-testid="password-rules">
      <div className="field-label small">{t('password.rulesTitle')}</div>
      <ul>
        {passwordRules(policy, password).map((r) => (
          <li key={r.key} className={r.met === true ? 'rule-met' : r.met === false ? 'rule-unmet' : ''}>
            {r.met === true ? <CheckCircleFilled aria-hidden="true" /> : r.met === false ? <CloseCircleFilled aria-hidden="true" /> : <MinusCircleOutlined aria-hidden="true" />}{' '}
            {t(r.key, r.params)}
          </li>
        ))}
      </ul>
    </div>
  )
}
