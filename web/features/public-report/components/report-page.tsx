// /report — a resident reports a problem without an account: what (category in two steps, a
// description with its counter, up to three photos), where (a point on the map — tapped, dragged or
// the device's position — or an address), and who (anonymous, or an optional name and phone checked
// as typed), with a plain privacy note. Every field is checked as it changes by the shared
// validateReportFields (the server runs the same); the server's field problems go back under the
// fields. The report is sent with an Idempotency-Key made when the form opens, so a resend on a weak
// network is stored once. Then the tracking number, large, to copy and keep.
// ?lon=&lat= put the marker there at first (a link or QR code at a place can carry its point).
import { useMutation } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Select, Switch } from 'antd'
import { useMemo, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { isApiError } from '../../../shared/api/client'
import { useI18n } from '../../../shared/i18n'
import { useAuth } from '../../auth'
import { submitPublicReport, usePublicCategories } from '../api/public-api'
import {
  EMPTY_DRAFT,
  REPORT_FIELDS,
  draftProblems,
  initialPoint,
  newIdempotencyKey,
  problemShown,
  problemText,
  reportBody,
  serverProblems,
  type DraftProblem,
  type ReportDraft,
  type ReportField,
} from '../lib/report-form'
import { rememberReport } from '../lib/tracking'
import type { PublicReportBody } from '../types'
import { PhotoPicker, usePhotoUploads } from './photo-picker'
import { PointPicker } from './point-picker'
import { PublicFrame } from './public-frame'
import { ReportSuccess } from './report-success'

const codePoints = (s: string) => [...s].length

export function ReportPage() {
  const i18n = useI18n()
  const { t, lang } = i18n
  const [params] = useSearchParams()
  const auth = useAuth()
  // Staff who may read areas see the grid outlines on the map; residents a plain map.
  const withAreas = auth.session?.stage === 'active' && auth.can('area.read')
  const categories = usePublicCategories()
  const start = useMemo(() => initialPoint(params), [params])
  const [draft, setDraft] = useState<ReportDraft>(() => ({ ...EMPTY_DRAFT, location: start }))
  const [touched, setTouched] = useState<ReadonlySet<ReportField>>(new Set())
  const [focused, setFocused] = useState<ReportField | undefined>()
  const [server, setServer] = useState<DraftProblem[]>([])
  const [idempotencyKey, setIdempotencyKey] = useState(() => newIdempotencyKey())
  const [number, setNumber] = useState<string | undefined>()
  const photos = usePhotoUploads()
  const formRef = useRef<HTMLFormElement>(null)
  const submit = useMutation({ mutationFn: (v: { body: PublicReportBody; key: string }) => submitPublicReport(v.body, v.key) })

  const full: ReportDraft = { ...draft, photos: photos.names }
  const problems = draftProblems(full)
  const name = (c: { nameZh: string; nameEn: string }) => (lang === 'en-US' ? c.nameEn : c.nameZh)
  const groups = categories.data?.categories ?? []
  const group = groups.find((g) => g.code === draft.group)

  const valueOf = (field: ReportField): string => (field === 'contactPhone' ? draft.contactPhone : field === 'contactName' ? draft.contactName : field === 'description' ? draft.description : field === 'address' ? draft.address : '')
  /** The text of the field's first problem shown now (the form's own, else the server's), or undefined. */
  const problemOf = (field: ReportField): string | undefined => {
    const own = problems.find((p) => p.field === field && problemShown(field, p.problem, valueOf(field), { touched: touched.has(field), focused: focused === field }))
    const p = own ?? server.find((s) => s.field === field)
    return p ? problemText(i18n.tryT, field, p.problem) : undefined
  }
  const itemProps = (field: ReportField) => {
    const problem = problemOf(field)
    return { validateStatus: problem ? ('error' as const) : undefined, help: problem ? <span data-testid={`report-${field}-problem`}>{problem}</span> : undefined }
  }

  const change = (patch: Partial<ReportDraft>, ...fields: ReportField[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    setTouched((s) => new Set([...s, ...fields]))
    // A changed field's server problem is gone; a point or an address answers "where".
    const cleared = new Set<ReportField>(fields)
    if (cleared.has('address') || cleared.has('location')) (cleared.add('location'), cleared.add('address'))
    setServer((list) => list.filter((p) => !cleared.has(p.field)))
  }

  const scrollToProblem = (field: ReportField | undefined) => {
    if (!field) return
    const el = formRef.current?.querySelector(`[data-field="${field}"]`)
    el?.scrollIntoView({ block: 'center' })
  }

  const onSubmit = () => {
    setTouched(new Set(REPORT_FIELDS))
    setFocused(undefined)
    if (problems.length > 0) {
      scrollToProblem(REPORT_FIELDS.find((f) => problems.some((p) => p.field === f)))
      return
    }
    if (photos.busy) return
    submit.mutate(
      { body: reportBody(full), key: idempotencyKey },
      {
        onSuccess: (answer) => {
          rememberReport(answer.number)
          setNumber(answer.number)
          window.scrollTo({ top: 0 })
        },
        onError: (error) => {
          const found = serverProblems(error).fields
          setServer(found)
          scrollToProblem(REPORT_FIELDS.find((f) => found.some((p) => p.field === f)))
        },
      },
    )
  }

  const again = () => {
    setDraft({ ...EMPTY_DRAFT, location: start })
    setTouched(new Set())
    setServer([])
    photos.reset()
    submit.reset()
    setIdempotencyKey(newIdempotencyKey())
    setNumber(undefined)
    window.scrollTo({ top: 0 })
  }

  if (number) {
    return (
      <PublicFrame page="report">
        <ReportSuccess number={number} onAgain={again} />
      </PublicFrame>
    )
  }

  const fieldProps = (field: ReportField) => ({
    onFocus: () => setFocused(field),
    onBlur: () => {
      setFocused((f) => (f === field ? undefined : f))
      setTouched((s) => (s.has(field) ? s : new Set([...s, field])))
    },
  })
  const serverMapped = submit.isError && serverProblems(submit.error).fields.length > 0
  const serverOther = submit.isError ? serverProblems(submit.error).other : []

  return (
    <PublicFrame page="report">
      <Card className="public-card">
        <h1 className="public-title">{t('public.report.title')}</h1>
        <p className="public-lead muted">{t('public.report.lead')}</p>
        <form
          ref={formRef}
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            onSubmit()
          }}
          data-testid="report-form"
        >
          <Form component={false} layout="vertical">
            <h2 className="public-section">{t('public.report.what')}</h2>
            <Form.Item label={t('public.report.category')} required htmlFor="report-group" {...itemProps('category')}>
              <div style={{ display: 'grid', gap: 8 }} data-field="category">
                {categories.isError && <ApiErrorAlert error={categories.error} action={<Button size="small" onClick={() => void categories.refetch()}>{t('common.retry')}</Button>} />}
                <Select<string>
                  id="report-group"
                  value={draft.group}
                  loading={categories.isPending}
                  placeholder={t('public.report.groupPlaceholder')}
                  options={groups.map((g) => ({ value: g.code, label: name(g) }))}
                  onChange={(code) => {
                    const g = groups.find((x) => x.code === code)
                    const only = g && g.subcategories.length === 1 ? g.subcategories[0]?.code : undefined
                    change({ group: code, category: only }, ...(only ? (['category'] as const) : []))
                  }}
                  style={{ width: '100%' }}
                  size="large"
                  data-testid="report-group"
                />
                <Select<string>
                  id="report-category"
                  value={draft.category}
                  disabled={!group}
                  placeholder={group ? t('public.report.categoryPlaceholder') : t('public.report.categoryFirst')}
                  options={(group?.subcategories ?? []).map((s) => ({ value: s.code, label: name(s) }))}
                  onChange={(code) => change({ category: code }, 'category')}
                  status={problemOf('category') ? 'error' : undefined}
                  style={{ width: '100%' }}
                  size="large"
                  data-testid="report-category"
                />
              </div>
            </Form.Item>

            <Form.Item label={t('public.report.description')} required htmlFor="report-description" {...itemProps('description')}>
              <div data-field="description">
                <Input.TextArea
                  id="report-description"
                  value={draft.description}
                  onChange={(e) => change({ description: e.target.value }, 'description')}
                  {...fieldProps('description')}
                  autoSize={{ minRows: 4, maxRows: 10 }}
                  placeholder={t('public.report.descriptionPlaceholder')}
                  count={{ show: true, max: CASE_LIMITS.description, strategy: codePoints }}
                  status={problemOf('description') ? 'error' : undefined}
                  data-testid="report-description"
                />
              </div>
            </Form.Item>

            <Form.Item label={t('public.report.photos')} extra={t('public.photos.hint')} {...itemProps('photos')}>
              <div data-field="photos">
                <PhotoPicker photos={photos} id="report-photos" />
              </div>
            </Form.Item>

            <h2 className="public-section">{t('public.report.where')}</h2>
            <p className="small muted" style={{ marginTop: -4 }}>
              {t('public.report.whereHint')}
            </p>
            <Form.Item label={t('public.report.location')} {...itemProps('location')}>
              <div data-field="location">
                <PointPicker
                  key={withAreas ? 'areas' : 'plain'}
                  id="report-location"
                  value={draft.location}
                  onChange={(location) => change({ location }, 'location')}
                  withAreas={withAreas}
                  invalid={Boolean(problemOf('location'))}
                />
              </div>
            </Form.Item>
            <Form.Item label={t('public.report.address')} htmlFor="report-address" {...itemProps('address')}>
              <div data-field="address">
                <Input
                  id="report-address"
                  value={draft.address}
                  onChange={(e) => change({ address: e.target.value }, 'address')}
                  {...fieldProps('address')}
                  placeholder={t('public.report.addressPlaceholder')}
                  autoComplete="street-address"
                  status={problemOf('address') ? 'error' : undefined}
                  data-testid="report-address"
                />
              </div>
            </Form.Item>

            <h2 className="public-section">{t('public.report.who')}</h2>
            <Form.Item extra={draft.anonymous ? t('public.report.anonymousOn') : t('public.report.anonymousOff')}>
              <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <Switch checked={draft.anonymous} onChange={(anonymous) => change({ anonymous }, 'contactName', 'contactPhone')} data-testid="report-anonymous" />
                <span>{t('public.report.anonymous')}</span>
              </label>
            </Form.Item>
            {!draft.anonymous && (
              <>
                <Form.Item label={t('public.report.contactName')} htmlFor="report-contactName" {...itemProps('contactName')}>
                  <div data-field="contactName">
                    <Input
                      id="report-contactName"
                      value={draft.contactName}
                      onChange={(e) => change({ contactName: e.target.value }, 'contactName')}
                      {...fieldProps('contactName')}
                      placeholder={t('public.report.optional')}
                      autoComplete="name"
                      status={problemOf('contactName') ? 'error' : undefined}
                      data-testid="report-contactName"
                    />
                  </div>
                </Form.Item>
                <Form.Item label={t('public.report.contactPhone')} htmlFor="report-contactPhone" extra={t('public.report.contactPhoneHint')} {...itemProps('contactPhone')}>
                  <div data-field="contactPhone">
                    <Input
                      id="report-contactPhone"
                      value={draft.contactPhone}
                      onChange={(e) => change({ contactPhone: e.target.value }, 'contactPhone')}
                      {...fieldProps('contactPhone')}
                      placeholder={t('public.report.optional')}
                      inputMode="tel"
                      autoComplete="tel"
                      status={problemOf('contactPhone') ? 'error' : undefined}
                      data-testid="report-contactPhone"
                    />
                  </div>
                </Form.Item>
              </>
            )}

            <Alert
              className="public-privacy"
              type="info"
              showIcon
              title={t('public.privacy.title')}
              description={
                <ul>
                  <li>{t('public.privacy.stored')}</li>
                  <li>{t('public.privacy.contact')}</li>
                  <li>{t('public.privacy.who')}</li>
                </ul>
              }
              data-testid="report-privacy"
            />

            {submit.isError &&
              (isApiError(submit.error) && submit.error.code === 'rate_limited' ? (
                <Alert
                  type="warning"
                  showIcon
                  title={t('public.error.rateLimited', { minutes: Math.max(1, Math.ceil((submit.error.retryAfterSeconds ?? 60) / 60)) })}
                  style={{ marginBottom: 12 }}
                  data-testid="report-error"
                />
              ) : isApiError(submit.error) && submit.error.code === 'network_error' ? (
                <Alert type="error" showIcon title={t('public.error.network')} style={{ marginBottom: 12 }} data-testid="report-error" />
              ) : serverMapped && serverOther.length === 0 ? (
                <Alert type="error" showIcon title={t('public.error.fixFields')} style={{ marginBottom: 12 }} data-testid="report-error" />
              ) : (
                <div style={{ marginBottom: 12 }}>
                  <ApiErrorAlert error={submit.error} data-testid="report-error" />
                </div>
              ))}
            {photos.busy && (
              <div className="small muted" style={{ marginBottom: 8 }}>
                {t('public.photos.waiting')}
              </div>
            )}
            {!photos.busy && photos.failed && (
              <div className="small" style={{ marginBottom: 8, color: '#b45309' }}>
                {t('public.photos.failedNotSent')}
              </div>
            )}
            <Button type="primary" htmlType="submit" size="large" block loading={submit.isPending} disabled={photos.busy} data-testid="report-submit">
              {t('public.report.submit')}
            </Button>
          </Form>
        </form>
      </Card>
    </PublicFrame>
  )
}
