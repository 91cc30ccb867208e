// Shows any failure of an API call: the stable code, a translated title where we have one, the
// server's message and every detail (field, problem, area, size).
import { Alert, Button, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import { ApiError, type ApiErrorDetail } from '../api/client'
import { useI18n, type I18n } from '../i18n'

/** Title of an error: the translation of its code, else the server's message. */
export function errorTitle(error: unknown, i18n: I18n): string {
  if (error instanceof ApiError) return i18n.tryT(`error.${error.code}`) ?? error.message
  if (error instanceof Error) return error.message
  return String(error)
}

/** One detail as a line of text, problem names translated where known. */
export function describeDetail(d: ApiErrorDetail, i18n: I18n): string {
  const parts: string[] = []
  if (d.feature !== undefined) parts.push(i18n.t('error.detail.feature', { index: d.feature + 1 }))
  if (d.areaCode) parts.push(d.areaCode)
  if (d.field) parts.push(d.field)
  const problem = d.problem ? (i18n.tryT(`problem.${d.problem}`) ?? d.problem) : undefined
  const head = parts.length ? `${parts.join(' · ')}: ` : ''
  const size = typeof d.areaM2 === 'number' ? ` (${i18n.fmt.m2(d.areaM2)})` : ''
  return `${head}${problem ? `${problem} — ` : ''}${d.message}${size}`
}

const SHOWN_DETAILS = 8

export function ApiErrorAlert({ error, action, 'data-testid': testId = 'api-error' }: { error: unknown; action?: ReactNode; 'data-testid'?: string }) {
  const i18n = useI18n()
  const [all, setAll] = useState(false)
  const apiError = error instanceof ApiError ? error : undefined
  const details = apiError?.details ?? []
  const shown = all ? details : details.slice(0, SHOWN_DETAILS)
  const translated = apiError ? i18n.tryT(`error.${apiError.code}`) : undefined
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      action={action}
      title={
        <span>
          {errorTitle(error, i18n)}
          {apiError && (
            <Typography.Text code style={{ marginInlineStart: 8 }} data-testid="api-error-code">
              {apiError.code}
            </Typography.Text>
          )}
        </span>
      }
      description={
        <div>
          {apiError && translated && translated !== apiError.message && <div data-testid="api-error-message">{apiError.message}</div>}
          {shown.length > 0 && (
            <ul className="error-details" data-testid="api-error-details">
              {shown.map((d, i) => (
                <li key={i}>{describeDetail(d, i18n)}</li>
              ))}
            </ul>
          )}
          {details.length > SHOWN_DETAILS && !all && (
            <Button type="link" size="small" onClick={() => setAll(true)}>
              {i18n.t('error.showAllDetails', { count: details.length })}
            </Button>
          )}
        </div>
      }
    />
  )
}
