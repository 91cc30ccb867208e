// A secret shown once (a temporary password, an API token): monospace, selectable, with a copy
// button, and a warning that it will not be shown again.
import { CheckOutlined, CopyOutlined } from '@ant-design/icons'
import { Alert, Button, Input, Space } from 'antd'
import { useState } from 'react'
import { useI18n } from '../i18n'

interface OneTimeSecretProps {
  value: string
  label: string
  hint?: string
  'data-testid'?: string
}

export function OneTimeSecret({ value, label, hint, 'data-testid': testId = 'one-time-secret' }: OneTimeSecretProps) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value)
      setCopied(true)
      setTimeout(() => setCopied(false), 2000)
    } catch {
      // No clipboard (plain http, old browser): the text stays selectable.
      setCopied(false)
    }
  }
  return (
    <div className="one-time-secret">
      <Alert type="warning" showIcon title={hint ?? t('secret.onceHint')} />
      <Space.Compact className="block" style={{ width: '100%' }}>
        <Input
          readOnly
          value={value}
          aria-label={label}
          className="secret-input"
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()} data-testid={`${testId}-copy`}>
          {copied ? t('secret.copied') : t('secret.copy')}
        </Button>
      </Space.Compact>
    </div>
  )
}
