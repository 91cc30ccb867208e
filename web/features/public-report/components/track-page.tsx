// /track and /track/:number — a resident follows a report by its tracking number: the status in
// plain language (the API's own zh/en texts), the steps with their times, the result once resolved,
// and, when the report may be rated, stars and a comment (then thanks). A number typed in any form
// (full-width, without the dash, lower case) is read as the server writes it; an unknown one gets a
// friendly "not found". /track alone asks for a number and lists the reports sent from this device.
import { useQueryClient, useMutation } from '@tanstack/react-query'
import { BranchesOutlined, CheckCircleFilled, ClockCircleOutlined, CloseCircleOutlined, ReloadOutlined, SearchOutlined, SyncOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Input, Rate, Result, Skeleton, Timeline } from 'antd'
import { useEffect, useState, type ReactNode } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { CASE_LIMITS, validateStepText } from '../../../../shared/cases/case-fields'
import { isApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { publicReportQueryOptions, ratePublicReport, usePublicReport } from '../api/public-api'
import { problemText } from '../lib/report-form'
import { forgetReports, isTrackingNumber, localText, normalizeTrackingNumber, publicPaths, recentReports } from '../lib/tracking'
import type { PublicCaseView } from '../types'
import { PublicFrame } from './public-frame'

const STATUS_ICON: Record<PublicCaseView['status'], ReactNode> = {
  received: <ClockCircleOutlined />,
  in_progress: <SyncOutlined />,
  resolved: <CheckCircleFilled />,
  not_accepted: <CloseCircleOutlined />,
  merged: <BranchesOutlined />,
}

export function TrackPage() {
  const { t } = useI18n()
  const { number: param } = useParams()
  const navigate = useNavigate()
  const number = param === undefined ? undefined : normalizeTrackingNumber(param)
  const valid = number !== undefined && isTrackingNumber(number)

  // A number typed into the address in another form is shown as the server writes it.
  useEffect(() => {
    if (valid && number !== param) void navigate(publicPaths.track(number), { replace: true })
  }, [valid, number, param, navigate])

  return (
    <PublicFrame page="track">
      {number === undefined ? (
        <>
          <Card className="public-card">
            <TrackLookup autoFocus />
          </Card>
          <RecentReports />
        </>
      ) : !valid ? (
        <>
          <Card className="public-card" data-testid="track-bad-number">
            <Alert type="warning" showIcon title={t('public.track.badNumber')} />
          </Card>
          <Card className="public-card">
            <TrackLookup initial={param} />
          </Card>
        </>
      ) : (
        <TrackedReport number={number} />
      )}
    </PublicFrame>
  )
}

function TrackedReport({ number }: { number: string }) {
  const { t } = useI18n()
  const query = usePublicReport(number)
  const [thanked, setThanked] = useState(false)
  const notFound = query.isError && isApiError(query.error) && (query.error.status === 404 || query.error.status === 400)

  return (
    <>
      {query.isPending && (
        <Card className="public-card">
          <Skeleton active paragraph={{ rows: 5 }} />
        </Card>
      )}
      {notFound && (
        <Card className="public-card" data-testid="track-not-found">
          <Result status="warning" title={t('public.track.notFound')} subTitle={t('public.track.notFoundHint', { number })} style={{ padding: '16px 0' }} />
        </Card>
      )}
      {query.isError && !notFound && (
        <Card className="public-card">
          <ApiErrorAlert
            error={query.error}
            action={
              <Button size="small" onClick={() => void query.refetch()}>
                {t('common.retry')}
              </Button>
            }
          />
        </Card>
      )}
      {query.data && (
        <>
          <ReportStatus view={query.data} refreshing={query.isFetching} onRefresh={() => void query.refetch()} />
          {query.data.canRate && <RatingForm number={query.data.number} onRated={() => setThanked(true)} />}
          {thanked && !query.data.canRate && (
            <Card className="public-card" data-testid="rating-thanks">
              <Result status="success" title={t('public.rating.thanks')} subTitle={t('public.rating.thanksDetail')} style={{ padding: '16px 0' }} />
            </Card>
          )}
        </>
      )}
      <Card className="public-card">
        <TrackLookup key={notFound ? 'not-found' : 'other'} initial={notFound ? number : undefined} other={!notFound} />
      </Card>
    </>
  )
}

function ReportStatus({ view, refreshing, onRefresh }: { view: PublicCaseView; refreshing: boolean; onRefresh: () => void }) {
  const { t, lang, fmt } = useI18n()
  const category = lang === 'en-US' ? view.category.nameEn : view.category.nameZh
  return (
    <Card className="public-card" data-testid="track-report" data-number={view.number} data-status={view.status}>
      <div className="muted small">{t('public.track.number')}</div>
      <div className="public-mono" style={{ fontSize: 18, fontWeight: 600 }} data-testid="track-number">
        {view.number}
      </div>
      <div className="public-status">
        <span className={`public-status-text public-status-${view.status}`} aria-hidden="true">
          {STATUS_ICON[view.status]}
        </span>
        <span className={`public-status-text public-status-${view.status}`} data-testid="track-status" data-status={view.status}>
          {localText(view.statusText, lang)}
        </span>
      </div>
      <Descriptions
        className="public-facts"
        size="small"
        column={1}
        items={[
          { key: 'category', label: t('public.track.category'), children: category },
          { key: 'created', label: t('public.track.created'), children: fmt.dateTime(view.createdAt) },
          ...(view.closedAt ? [{ key: 'closed', label: t('public.track.closed'), children: fmt.dateTime(view.closedAt) }] : []),
        ]}
      />
      {view.status === 'resolved' && view.result && (
        <>
          <div className="public-section">{t('public.track.result')}</div>
          <div className="public-result" data-testid="track-result">
            {view.result}
          </div>
        </>
      )}
      {view.rating !== null && (
        <div style={{ marginBottom: 12 }} data-testid="track-rating" data-rating={view.rating}>
          <span className="muted">{t('public.track.yourRating')}</span> <Rate disabled value={view.rating} style={{ fontSize: 16 }} />
        </div>
      )}
      <div className="public-section">{t('public.track.steps')}</div>
      <Timeline
        data-testid="track-steps"
        items={view.steps.map((s, i) => ({
          key: `${s.at}-${i}`,
          color: i === view.steps.length - 1 ? (view.status === 'resolved' ? 'green' : 'blue') : 'gray',
          content: (
            <div data-testid="track-step">
              <div>{localText(s.text, lang)}</div>
              <div className="muted small">{fmt.dateTime(s.at)}</div>
            </div>
          ),
        }))}
      />
      <Button icon={<ReloadOutlined />} loading={refreshing} onClick={onRefresh} data-testid="track-refresh">
        {t('public.track.refresh')}
      </Button>
    </Card>
  )
}

function RatingForm({ number, onRated }: { number: string; onRated: () => void }) {
  const i18n = useI18n()
  const { t } = i18n
  const queryClient = useQueryClient()
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [tried, setTried] = useState(false)
  const rate = useMutation({
    mutationFn: () => ratePublicReport(number, rating, comment.trim() ? comment.trim() : null),
    onSuccess: (view) => {
      queryClient.setQueryData(publicReportQueryOptions(number).queryKey, view)
      onRated()
    },
    onError: (error) => {
      // Rated meanwhile (another tab) or not resolved after all: show the report as it is now.
      if (isApiError(error) && error.status === 422) void queryClient.invalidateQueries({ queryKey: publicReportQueryOptions(number).queryKey })
    },
  })
  const commentProblem = validateStepText('comment', comment, false).problems[0]
  const ratingMissing = tried && rating === 0
  return (
    <Card className="public-card public-rate" data-testid="rating-form">
      <div className="public-section" style={{ marginTop: 0 }}>
        {t('public.rating.title')}
      </div>
      <p className="muted small">{t('public.rating.lead')}</p>
      <div data-testid="rating-stars" data-value={rating}>
        <Rate value={rating} onChange={(v) => setRating(v)} aria-label={t('public.rating.stars')} />
      </div>
      {rating > 0 && <div className="small muted">{t(`public.rating.level${rating as 1 | 2 | 3 | 4 | 5}`)}</div>}
      {ratingMissing && (
        <div className="small" style={{ color: '#ff4d4f' }} data-testid="rating-missing">
          {t('public.rating.pick')}
        </div>
      )}
      <Input.TextArea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('public.rating.comment')}
        aria-label={t('public.rating.comment')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        count={{ show: true, max: CASE_LIMITS.ratingComment, strategy: (s) => [...s].length }}
        status={commentProblem ? 'error' : undefined}
        style={{ marginTop: 12 }}
        data-testid="rating-comment"
      />
      {commentProblem && (
        <div className="small" style={{ color: '#ff4d4f' }} data-testid="rating-comment-problem">
          {problemText(i18n.tryT, 'rating', commentProblem.problem)}
        </div>
      )}
      {rate.isError && (
        <div style={{ marginTop: 12 }}>
          {isApiError(rate.error) && rate.error.status === 422 ? (
            <Alert type="warning" showIcon title={t('public.rating.notNow')} />
          ) : isApiError(rate.error) && rate.error.code === 'rate_limited' ? (
            <Alert type="warning" showIcon title={t('public.error.rateLimited', { minutes: Math.max(1, Math.ceil((rate.error.retryAfterSeconds ?? 60) / 60)) })} />
          ) : (
            <ApiErrorAlert error={rate.error} />
          )}
        </div>
      )}
      <Button
        type="primary"
        size="large"
        block
        style={{ marginTop: 16 }}
        loading={rate.isPending}
        disabled={Boolean(commentProblem)}
        onClick={() => {
          setTried(true)
          if (rating > 0 && !commentProblem) rate.mutate()
        }}
        data-testid="rating-submit"
      >
        {t('public.rating.submit')}
      </Button>
    </Card>
  )
}

/** A box for a tracking number; `other` words it as "look up another report". */
function TrackLookup({ initial, other, autoFocus }: { initial?: string; other?: boolean; autoFocus?: boolean }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [text, setText] = useState(initial ?? '')
  const [problem, setProblem] = useState(false)
  const go = () => {
    const n = normalizeTrackingNumber(text)
    if (!isTrackingNumber(n)) {
      setProblem(true)
      return
    }
    setProblem(false)
    void navigate(publicPaths.track(n))
  }
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        go()
      }}
      data-testid="track-lookup"
    >
      {other ? (
        <div className="public-section" style={{ marginTop: 0 }}>
          {t('public.track.other')}
        </div>
      ) : (
        <>
          <h1 className="public-title">{t('public.track.title')}</h1>
          <p className="public-lead muted">{t('public.track.lead')}</p>
        </>
      )}
      <div style={{ display: 'flex', gap: 8 }}>
        <Input
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setProblem(false)
          }}
          placeholder={t('public.track.placeholder')}
          aria-label={t('public.track.placeholder')}
          autoFocus={autoFocus}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          size="large"
          status={problem ? 'error' : undefined}
          className="public-mono"
          data-testid="track-input"
        />
        <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined />} data-testid="track-submit">
          {t('public.track.search')}
        </Button>
      </div>
      {problem && (
        <div className="small" style={{ color: '#ff4d4f', marginTop: 4 }} data-testid="track-input-problem">
          {t('public.track.badNumber')}
        </div>
      )}
    </form>
  )
}

/** The reports sent from this device (localStorage), with a way to forget them. */
function RecentReports() {
  const { t, fmt } = useI18n()
  const [list, setList] = useState(() => recentReports())
  if (list.length === 0) return null
  return (
    <Card className="public-card" data-testid="track-recent">
      <div className="public-section" style={{ marginTop: 0 }}>
        {t('public.track.recent')}
      </div>
      <ul className="public-recent">
        {list.map((r) => (
          <li key={r.number}>
            <Link to={publicPaths.track(r.number)} className="public-mono" data-testid="track-recent-item">
              {r.number}
            </Link>
            <span className="muted small">{fmt.dateTime(r.at)}</span>
          </li>
        ))}
      </ul>
      <Button
        type="link"
        size="small"
        style={{ paddingInline: 0, marginTop: 4 }}
        onClick={() => {
          forgetReports()
          setList([])
        }}
        data-testid="track-recent-forget"
      >
        {t('public.track.forget')}
      </Button>
      <div className="small muted">{t('public.track.recentNote')}</div>
    </Card>
  )
}
