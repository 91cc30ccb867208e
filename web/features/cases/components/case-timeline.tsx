// The case's history, oldest first: each step in words, who took it (and as what), when, the reason
// or result, the card of an urge, where it went (holder → holder, a department), an extension's
// amount, a rating, and the step's photos.
import { ArrowRightOutlined } from '@ant-design/icons'
import { Empty, Rate, Spin, Timeline } from 'antd'
import { Link } from 'react-router'
import { REASON_REQUIRED } from '../../../../shared/cases/workflow'
import { useI18n } from '../../../shared/i18n'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { roleLabel, type Role } from '../../auth'
import { useDepartments } from '../api/get-departments'
import { useTimeline } from '../api/get-timeline'
import { nameIn } from '../lib/labels'
import { casesPaths } from '../lib/paths'
import type { CaseAction, CaseEventView, CaseView } from '../types'
import { AreaName } from './area-name'
import { CasePhotos } from './case-photos'
import { SupervisionFlag } from './case-bits'

const GREEN: ReadonlySet<CaseAction> = new Set(['close', 'verify', 'resolve_on_spot', 'grant_extension'])
const RED: ReadonlySet<CaseAction> = new Set(['reject', 'rework', 'refuse_extension'])

function colorOf(e: CaseEventView): string {
  if (e.action === 'urge') return e.card === 'red' ? 'red' : 'orange'
  if (GREEN.has(e.action)) return 'green'
  if (RED.has(e.action)) return 'red'
  return e.action === 'rate' ? 'gold' : 'blue'
}

export function CaseTimeline({ view }: { view: CaseView }) {
  const { t } = useI18n()
  const timeline = useTimeline(view.id)
  const events = timeline.data ?? []
  // Department codes in words (the departments the case can go to are the ones it has gone to or
  // been copied to; the server tells a department's code from an area's by its '-').
  const departments = useDepartments(view.id, events.some((e) => e.department || (e.action === 'copy' && String(e.detail.target ?? '').includes('-'))))
  const deptName = new Map((departments.data ?? []).map((d) => [d.code, d]))
  if (timeline.isPending) return <Spin />
  if (timeline.isError) return <ApiErrorAlert error={timeline.error} />
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.timeline.empty')} />
  return (
    <div data-testid="case-timeline" data-count={events.length} data-actions={events.map((e) => e.action).join(' ')}>
      <Timeline items={events.map((e) => ({ key: e.seq, color: colorOf(e), content: <EventLine event={e} view={view} departments={deptName} /> }))} />
    </div>
  )
}

/** Whom a case was copied to: a department by name, an area by name, else the code. */
function CopyTarget({ code, departments }: { code: string; departments: Map<string, { name: string; nameEn: string }> }) {
  const { lang } = useI18n()
  const dept = departments.get(code)
  if (dept) return <>{nameIn(lang, dept)}</>
  return code.includes('-') ? <>{code}</> : <AreaName code={code} />
}

function EventLine({ event: e, view, departments }: { event: CaseEventView; view: CaseView; departments: Map<string, { name: string; nameEn: string }> }) {
  const { t, lang, fmt } = useI18n()
  const dept = e.department ? departments.get(e.department) : undefined
  const rating = typeof e.detail.rating === 'number' ? e.detail.rating : undefined
  const mergedInto = e.action === 'merge' && typeof e.detail.mergedInto === 'number' ? e.detail.mergedInto : undefined
  const copyTarget = e.action === 'copy' && typeof e.detail.target === 'string' ? e.detail.target : undefined
  const unit = view.limit ? t(`cases.unit.${view.limit.unit}`) : ''
  return (
    <div data-testid="case-event" data-action={e.action} data-seq={e.seq}>
      <div>
        <strong>{t(`cases.action.${e.action}`)}</strong>
        {e.fromState !== e.toState && <span className="muted small"> · {t(`cases.state.${e.toState}`)}</span>}
      </div>
      <div className="small muted">
        {e.actor}
        {e.actorRole && `（${roleLabel(e.actorRole as Role, lang)}）`} · {fmt.dateTime(e.at)}
      </div>
      {e.card && (
        <div className="small">
          <SupervisionFlag supervision={e.card} withText />
        </div>
      )}
      {e.fromHolder && e.toHolder && e.fromHolder !== e.toHolder && (
        <div className="small" data-testid="case-event-holders">
          <AreaName code={e.fromHolder} /> <ArrowRightOutlined aria-label={t('cases.timeline.to')} /> <AreaName code={e.toHolder} />
        </div>
      )}
      {e.department && (
        <div className="small">
          {t('cases.timeline.label', { label: t('cases.field.department') })}
          {dept ? nameIn(lang, dept) : e.department}
        </div>
      )}
      {copyTarget && (
        <div className="small" data-testid="case-event-copied" data-target={copyTarget}>
          {t('cases.timeline.label', { label: t('cases.timeline.copiedTo') })}
          <CopyTarget code={copyTarget} departments={departments} />
        </div>
      )}
      {e.amount !== null && e.action.endsWith('extension') && <div className="small">{t('cases.timeline.amount', { amount: fmt.number(e.amount, Number.isInteger(e.amount) ? 0 : 1), unit })}</div>}
      {rating !== undefined && <Rate disabled value={rating} style={{ fontSize: 14 }} />}
      {e.reason && (
        <div className="case-text small" data-testid="case-event-reason">
          {e.action === 'rate' ? '' : t('cases.timeline.label', { label: REASON_REQUIRED.has(e.action) ? t('cases.field.reason') : t('cases.timeline.note') })}
          {e.reason}
        </div>
      )}
      {e.result && (
        <div className="case-text small" data-testid="case-event-result">
          {t('cases.timeline.label', { label: t('cases.field.result') })}
          {e.result}
        </div>
      )}
      {mergedInto && (
        <div className="small">
          <Link to={casesPaths.case(mergedInto)}>{t('cases.timeline.mergedInto', { number: typeof e.detail.number === 'string' ? e.detail.number : String(mergedInto) })}</Link>
        </div>
      )}
      {e.photos.length > 0 && (
        <div style={{ marginTop: 4 }}>
          <CasePhotos photos={e.photos} size={64} data-testid="case-event-photos" />
        </div>
      )}
    </div>
  )
}
