// The temporary password of a new or reset account, shown once to hand to the user.
import { Button, Modal } from 'antd'
import { OneTimeSecret } from '../../../shared/components/one-time-secret'
import { useI18n } from '../../../shared/i18n'
import type { AccountCreated } from '../types'

export function TemporaryPasswordView({ created }: { created: AccountCreated }) {
  const { t } = useI18n()
  return (
    <div data-testid="temp-password-view">
      <p>{t('accounts.tempPasswordFor', { name: created.account.displayName, username: created.account.username })}</p>
      <OneTimeSecret value={created.temporaryPassword} label={t('accounts.tempPassword')} hint={t('accounts.tempPasswordHint')} data-testid="temp-password" />
    </div>
  )
}

export function TemporaryPasswordModal({ created, onClose }: { created: AccountCreated | null; onClose: () => void }) {
  const { t } = useI18n()
  return (
    <Modal
      open={created !== null}
      title={t('accounts.tempPasswordTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="temp-password-done">
          {t('secret.done')}
        </Button>
      }
    >
      {created && <TemporaryPasswordView created={created} />}
    </Modal>
  )
}
