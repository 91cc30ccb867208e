// /cases/new — report a case: category (category → subcategory), urgency, description (required) and
// an optional title, where (a point on the map or the device's location; a grid code for a grid
// worker without GPS), an address, photos, and for grid workers "resolved on the spot" with the
// result. Each field is checked as it changes by the shared rules (the server runs the same); the
// server's field problems go back under the fields. One Idempotency-Key per opened form, kept across
// retries, so a phone that sends twice files one case. On success the case's page opens.
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, App, Button, Cascader, Form, Input, Segmented, Space, Switch, type FormRule } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import { URGENCIES } from '../../../../shared/cases/workflow'
import { useActiveSession } from '../../auth'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCategories } from '../api/get-categories'
import { useReportCase } from '../api/report-case'
import { cascaderOptions } from '../lib/categories'
import { newIdempotencyKey } from '../lib/idempotency'
import { casesPaths } from '../lib/paths'
import { caseProblemText, detailText } from '../lib/problems'
import { reportBody, reportFieldOf, reportProblems, type ReportField, type ReportValues } from '../lib/report-form'
import type { Urgency } from '../types'
import { CaseLocationPicker } from './case-location-picker'
import { GridCodeField } from './grid-code-field'
import { PhotoUpload } from './photo-upload'
import './cases.css'

export function ReportCase() {
  const { t, tryT, lang } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const session = useActiveSession()
  const gridWorker = session.account.role === 'grid_worker'
  const [form] = Form.useForm<ReportValues>()
  const categories = useCategories()
  const report = useReportCase()
  // One key per form; a new one only when the server says this key already filed another body.
  const [key, setKey] = useState(newIdempotencyKey)
  const [restShown, setRestShown] = useState(true)
  const place = Form.useWatch('place', form) ?? 'map'
  const onSpot = Form.useWatch('onSpot', form) ?? false

  /** The field's problems from the whole form's values (a field can depend on another: place, on-the-spot). */
  const rule =
    (field: ReportField): FormRule =>
    () => ({
      validator: async () => {
        const problems = reportProblems(form.getFieldsValue(true) as ReportValues).get(field) ?? []
        if (problems.length > 0) throw new Error(problems.map((p) => caseProblemText(tryT, field, p.problem) ?? p.message).join(t('cases.problemSeparator')))
      },
    })

  const submit = () => {
    const values = form.getFieldsValue(true) as ReportValues
    report.mutate(
      { body: reportBody(values), key },
      {
        onSuccess: (answer) => {
          void message.success(t('cases.report.done', { number: answer.number }))
          navigate(casesPaths.case(answer.id), { replace: true })
        },
        onError: (e) => {
          if (e instanceof ApiError && e.code === 'idempotency_key_reused') setKey(newIdempotencyKey())
          const byField = new Map<ReportField, string[]>()
          let rest = 0
          for (const d of e instanceof ApiError ? e.details : []) {
            const field = reportFieldOf(d.field, place)
            if (!field) rest++
            else byField.set(field, [...(byField.get(field) ?? []), detailText(tryT, d, field)])
          }
          if (byField.size > 0) form.setFields([...byField].map(([name, errors]) => ({ name, errors })))
          setRestShown(rest > 0 || byField.size === 0)
        },
      },
    )
  }

  const item = (field: ReportField) => ({ name: field, rules: [rule(field)], 'data-testid': `case-${field}-item` })

  return (
    <div className="admin-page" style={{ maxWidth: 820 }} data-testid="case-report">
      <div className="admin-head">
        <h1 className="admin-title">{t('cases.report.title')}</h1>
        <Link to={casesPaths.inbox()}>
          <Button icon={<ArrowLeftOutlined />}>{t('cases.back')}</Button>
        </Link>
      </div>
      <Form<ReportValues>
        form={form}
        layout="vertical"
        initialValues={{ urgency: 'normal', place: 'map', onSpot: false, photos: [], gridCode: session.account.scope.level === 'grid' ? session.account.scope.code : undefined }}
        onFinish={submit}
        scrollToFirstError
        data-testid="case-report-form"
      >
        <Form.Item {...item('category')} label={t('cases.field.category')} required>
          <Cascader
            options={cascaderOptions(categories.data ?? [], lang)}
            placeholder={t('cases.report.categoryHint')}
            showSearch
            expandTrigger="click"
            loading={categories.isPending}
            style={{ maxWidth: 420 }}
            data-testid="case-category"
          />
        </Form.Item>
        {categories.isError && <ApiErrorAlert error={categories.error} />}
        <Form.Item {...item('urgency')} label={t('cases.field.urgency')}>
          <Segmented<Urgency> options={URGENCIES.map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))} data-testid="case-urgency-choice" />
        </Form.Item>
        <Form.Item {...item('description')} label={t('cases.field.description')} required>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} count={{ show: true, max: CASE_LIMITS.description }} placeholder={t('cases.report.descriptionHint')} data-testid="case-description" />
        </Form.Item>
        <Form.Item {...item('title')} label={t('cases.field.title')} extra={t('cases.report.titleHint')}>
          <Input count={{ show: true, max: CASE_LIMITS.title }} autoComplete="off" data-testid="case-title-input" />
        </Form.Item>
        <Form.Item name="place" label={t('cases.report.where')}>
          <Segmented
            options={[
              { value: 'map', label: t('cases.report.placeMap') },
              { value: 'grid', label: t('cases.report.placeGrid') },
            ]}
            onChange={() => form.setFields([{ name: 'location', errors: [] }, { name: 'gridCode', errors: [] }])}
            data-testid="case-place-mode"
          />
        </Form.Item>
        {place === 'map' ? (
          <Form.Item {...item('location')} label={t('cases.field.location')} required>
            <CaseLocationPicker />
          </Form.Item>
        ) : (
          <Form.Item {...item('gridCode')} label={t('cases.field.grid')} required>
            <GridCodeField />
          </Form.Item>
        )}
        <Form.Item {...item('address')} label={t('cases.field.address')}>
          <Input count={{ show: true, max: CASE_LIMITS.address }} autoComplete="off" data-testid="case-address" />
        </Form.Item>
        <Form.Item {...item('photos')} label={t('cases.field.photos')}>
          <PhotoUpload />
        </Form.Item>
        {gridWorker && (
          <>
            <Form.Item name="onSpot" label={t('cases.report.onSpot')} valuePropName="checked" extra={t('cases.report.onSpotHint')}>
              <Switch data-testid="case-on-spot" onChange={() => form.setFields([{ name: 'onSpotResult', errors: [] }])} />
            </Form.Item>
            {onSpot && (
              <Form.Item {...item('onSpotResult')} label={t('cases.field.result')} required>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} count={{ show: true, max: CASE_LIMITS.result }} data-testid="case-on-spot-result" />
              </Form.Item>
            )}
          </>
        )}
        {report.error instanceof ApiError && report.error.code === 'idempotency_key_reused' && (
          <Alert type="warning" showIcon className="form-error" title={t('cases.report.keyReused')} action={<Link to={casesPaths.inbox('mine')}>{t('cases.box.mine')}</Link>} />
        )}
        {report.isError && restShown && <ApiErrorAlert error={report.error} />}
        <Space className="form-actions">
          <Button type="primary" htmlType="submit" loading={report.isPending} data-testid="case-report-submit">
            {onSpot ? t('cases.report.submitOnSpot') : t('cases.report.submit')}
          </Button>
          <Link to={casesPaths.inbox()}>
            <Button>{t('common.cancel')}</Button>
          </Link>
        </Space>
      </Form>
    </div>
  )
}
