// After a report: the tracking number, large, with "copy" and the link to follow it, and the advice
// to keep it (the page also remembers it on this device).
import { CheckCircleFilled, CopyOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card } from 'antd'
import { useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { useI18n } from '../../../shared/i18n'
import { publicPaths } from '../lib/tracking'

/** Copies text to the clipboard; false when the browser does not let the page (no secure context). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

export function ReportSuccess({ number, onAgain }: { number: string; onAgain: () => void }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const numberRef = useRef<HTMLDivElement>(null)
  const [copied, setCopied] = useState(false)

  const copy = async () => {
    if (await copyText(number)) {
      setCopied(true)
      void message.success(t('public.success.copied'))
      return
    }
    // Without clipboard access the number is selected, for the phone's own "copy".
    const el = numberRef.current
    const selection = window.getSelection()
    if (el && selection) {
      selection.removeAllRanges()
      const range = document.createRange()
      range.selectNodeContents(el)
      selection.addRange(range)
    }
    void message.info(t('public.success.copyManually'))
  }

  return (
    <Card className="public-card" data-testid="report-success">
      <div style={{ textAlign: 'center' }}>
        <CheckCircleFilled style={{ fontSize: 44, color: '#15803d' }} aria-hidden="true" />
        <h1 className="public-title" style={{ marginTop: 8 }}>
          {t('public.success.title')}
        </h1>
        <p className="muted" style={{ margin: 0 }}>
          {t('public.success.numberLabel')}
        </p>
      </div>
      <div ref={numberRef} className="public-number" data-testid="report-number" aria-live="polite">
        {number}
      </div>
      <div className="public-actions">
        <Button size="large" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="report-copy" data-copied={copied ? 'true' : 'false'}>
          {copied ? t('public.success.copiedShort') : t('public.success.copy')}
        </Button>
        <Button
          type="primary"
          size="large"
          href={publicPaths.track(number)}
          onClick={(e) => {
            e.preventDefault()
            void navigate(publicPaths.track(number))
          }}
          data-testid="report-track-link"
        >
          {t('public.success.track')}
        </Button>
      </div>
      <Alert type="warning" showIcon title={t('public.success.keep')} description={t('public.success.keepDetail')} style={{ marginTop: 16 }} data-testid="report-keep-hint" />
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        <Button type="link" onClick={onAgain} data-testid="report-again">
          {t('public.success.again')}
        </Button>
      </div>
    </Card>
  )
}
