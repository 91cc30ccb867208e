// /cases/:id — one case: its number, title, state, urgency, the lamp counting down and the
// supervision card; the steps the caller can take now; the record and its photos; the timeline; a
// small map with the cases nearby and the likely duplicates (merge into one of them).
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons'
import { Button, Result, Spin } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCase } from '../api/get-case'
import type { ActionValues } from '../lib/action-form'
import { casesPaths } from '../lib/paths'
import type { CaseAction, CaseView } from '../types'
import { ActionDialog } from './action-dialog'
import { CaseActions } from './case-actions'
import { CaseLamp, StateTag, SupervisionFlag, UrgencyTag } from './case-bits'
import { CaseDetails } from './case-details'
import { CaseNearby } from './case-nearby'
import { CaseTimeline } from './case-timeline'
import './cases.css'

export function CasePage({ caseId }: { caseId: number }) {
  const { t } = useI18n()
  const view = useCase(caseId)
  // The version is the one on screen when the dialog opened: a step sent against it meets anyone
  // who acted since (409), even if the page has been refreshed underneath the dialog.
  const [dialog, setDialog] = useState<{ action: CaseAction; preset?: ActionValues; version: number; n: number }>()
  const open = (action: CaseAction, version: number, preset?: ActionValues) => setDialog((d) => ({ action, preset, version, n: (d?.n ?? 0) + 1 }))

  if (view.isPending) return <Spin className="page-spin" />
  if (view.isError) {
    if (view.error instanceof ApiError && view.error.status === 404)
      return <Result status="404" title={t('cases.page.notFound')} extra={<Link to={casesPaths.inbox()}>{t('cases.back')}</Link>} data-testid="case-not-found" />
    return (
      <div className="admin-page">
        <ApiErrorAlert error={view.error} action={<Button icon={<ReloadOutlined />} onClick={() => void view.refetch()}>{t('common.retry')}</Button>} />
      </div>
    )
  }
  const v = view.data
  return (
    <div className="admin-page" data-testid="case-page" data-case-id={v.id} data-state={v.state} data-version={v.version} data-actions={v.actions.join(' ')}>
      <CaseHeader view={v} />
      <CaseActions view={v} onAct={(action) => open(action, v.version)} />
      <div className="case-columns" style={{ marginTop: 12 }}>
        <div style={{ minWidth: 0 }}>
          <CaseDetails view={v} />
          <h2 className="case-section-title">{t('cases.timeline.title')}</h2>
          <CaseTimeline view={v} />
        </div>
        <div style={{ minWidth: 0 }}>
          <CaseNearby view={v} onMergeInto={(target) => open('merge', v.version, { mergeInto: target.id })} />
        </div>
      </div>
      {/* Keyed by the opening: each starts empty, with its own idempotency key. */}
      {dialog && <ActionDialog key={dialog.n} view={v} version={dialog.version} action={dialog.action} preset={dialog.preset} onClose={() => setDialog(undefined)} />}
    </div>
  )
}

function CaseHeader({ view: v }: { view: CaseView }) {
  const { t } = useI18n()
  return (
    <div style={{ marginBottom: 12 }}>
      <Link to={casesPaths.inbox()} className="small">
        <ArrowLeftOutlined /> {t('cases.back')}
      </Link>
      <div className="case-head" style={{ marginTop: 6 }}>
        <span className="code-text" data-testid="case-number">
          {v.number}
        </span>
        <StateTag state={v.state} />
        <UrgencyTag urgency={v.urgency} />
        <SupervisionFlag supervision={v.supervision} withText />
        <CaseLamp lamp={v.lamp} dueAt={v.dueAt} />
      </div>
      <h1 className="admin-title" style={{ marginTop: 4, overflowWrap: 'anywhere' }} data-testid="case-title">
        {v.title}
      </h1>
    </div>
  )
}
