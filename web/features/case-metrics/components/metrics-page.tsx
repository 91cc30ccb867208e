// /cases/metrics?area=CODE&from=DAY&to=DAY — an area's case metrics over a period (default: the
// user's scope, the last twelve months): the key figures as cards (first-line resolution, on-time
// closure, rework, average time to close, satisfaction with the average rating) and the counts
// behind them, the child areas as a table (desk) or cards (phone) and a bar chart of their first-line
// and on-time shares. A child drills down (?area=), the breadcrumb goes back up as far as the scope.
// Every figure links to the cases behind it (the inbox: /cases?box=all&area=&metric=&from=&to=).
import { RightOutlined } from '@ant-design/icons'
import { Breadcrumb, Button, Card, DatePicker, Empty, Grid, Skeleton, Table, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { CaseMetrics } from '../../../../shared/cases/api-types'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n, type I18n } from '../../../shared/i18n'
import { LevelTag, useArea } from '../../areas'
import { useActiveSession } from '../../auth'
import { useCaseMetrics } from '../api/get-case-metrics'
import { casesLink, chartSeries, dayOf, durationParts, lateCount, metricsSearch, percent, periodInstants, periodOf, trail, type MetricLink, type Period } from '../lib/metrics'
import { EChart } from '../../../shared/charts/echart'

const FIRST_LINE_COLOR = '#b91c1c'
const ON_TIME_COLOR = '#1d4ed8'

export function MetricsPage() {
  const i18n = useI18n()
  const { t, fmt } = i18n
  const session = useActiveSession()
  const scopeCode = session.account.scope.code
  const [search, setSearch] = useSearchParams()
  const today = dayOf(new Date())
  const code = search.get('area') ?? scopeCode
  const period = periodOf(search, today)
  const instants = periodInstants(period)
  const metrics = useCaseMetrics({ area: code, ...instants })
  const area = useArea(code)
  const screens = Grid.useBreakpoint()
  const desk = screens.md !== false
  const current = metrics.data && metrics.data.area.code === code ? metrics.data : undefined

  const go = (next: { area?: string; period?: Period }) => setSearch(new URLSearchParams(metricsSearch(next.area ?? code, next.period ?? period, { scopeCode, today })))

  const series = useMemo(() => chartSeries(current?.children ?? []), [current])
  const chartOption = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      legend: { top: 0, data: [t('metrics.firstLineRate'), t('metrics.onTimeRate')] },
      grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: series.names, axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        { type: 'bar', name: t('metrics.firstLineRate'), data: series.firstLine, itemStyle: { color: FIRST_LINE_COLOR }, barMaxWidth: 14, cursor: 'pointer', label: { show: true, position: 'right', formatter: '{c}%' } },
        { type: 'bar', name: t('metrics.onTimeRate'), data: series.onTime, itemStyle: { color: ON_TIME_COLOR }, barMaxWidth: 14, cursor: 'pointer', label: { show: true, position: 'right', formatter: '{c}%' } },
      ],
    }),
    [series, t],
  )

  const crumbs = area.data && area.data.code === code ? trail(area.data.ancestors, area.data, scopeCode) : []
  const children = current?.children ?? []
  const link = (a: string, metric: MetricLink | undefined) => casesLink(a, metric, period)

  return (
    <div className="admin-page" data-testid="metrics-page" data-area-code={code} data-from={period.from} data-to={period.to} data-loaded={current ? 'true' : 'false'}>
      <Breadcrumb
        data-testid="metrics-breadcrumb"
        items={crumbs.map((a) => ({
          key: a.code,
          title:
            a.code === code ? (
              <span>{a.name}</span>
            ) : (
              <a
                href={`/cases/metrics${metricsSearch(a.code, period, { scopeCode, today })}`}
                onClick={(e) => {
                  e.preventDefault()
                  go({ area: a.code })
                }}
                data-testid="metrics-crumb"
                data-code={a.code}
              >
                {a.name}
              </a>
            ),
        }))}
      />
      <div className="admin-head" style={{ marginTop: 8 }}>
        <h1 className="admin-title" data-testid="metrics-title">
          {t('metrics.title')} · {current?.area.name ?? area.data?.name ?? code} {area.data && area.data.code === code && <LevelTag level={area.data.level} />}
        </h1>
        <PeriodPicker period={period} desk={desk} onChange={(p) => go({ period: p })} i18n={i18n} />
      </div>
      {metrics.isError && <ApiErrorAlert error={metrics.error} />}
      {!current && !metrics.isError && <Skeleton active paragraph={{ rows: 6 }} />}
      {current && (
        <>
          <Kpis m={current} link={(metric) => link(current.area.code, metric)} i18n={i18n} />
          <div className="metrics-counts" style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', margin: '4px 0 16px' }} data-testid="metrics-counts">
            {(
              [
                ['reported', current.reported, undefined],
                ['closed', current.closed, 'closed'],
                ['open', current.open, 'open'],
                ['overdue', current.overdue, 'overdue'],
              ] as const
            ).map(([id, value, metric]) => (
              <span key={id} data-testid={`metrics-count-${id}`} data-value={value}>
                <span className="muted">{t(`metrics.${id}`)}</span> <FigureLink to={link(current.area.code, metric)} metric={metric ?? 'reported'} area={current.area.code} value={fmt.number(value)} />
              </span>
            ))}
          </div>

          <Typography.Title level={5}>{t('metrics.children')}</Typography.Title>
          {children.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('metrics.noChildren')} data-testid="metrics-no-children" />
          ) : (
            <>
              {desk ? (
                <ChildTable rows={children} link={link} onDrill={(c) => go({ area: c })} i18n={i18n} />
              ) : (
                <div style={{ display: 'grid', gap: 8 }} data-testid="metrics-children-cards">
                  {children.map((c) => (
                    <ChildCard key={c.area.code} m={c} link={(metric) => link(c.area.code, metric)} onDrill={() => go({ area: c.area.code })} i18n={i18n} />
                  ))}
                </div>
              )}
              <Card size="small" title={t('metrics.chart')} style={{ marginTop: 16 }} data-testid="metrics-chart-card">
                <EChart
                  option={chartOption}
                  height={Math.max(200, children.length * 40 + 60)}
                  onItemClick={(i) => {
                    const c = children[i]
                    if (c) go({ area: c.area.code })
                  }}
                  ariaLabel={t('metrics.chart')}
                  data-testid="metrics-chart"
                />
                <ul className="sr-only">
                  {children.map((c) => (
                    <li key={c.area.code}>
                      {c.area.name}: {t('metrics.firstLineRate')} {percent(c.firstLineRate, fmt.number)}, {t('metrics.onTimeRate')} {percent(c.onTimeRate, fmt.number)}
                    </li>
                  ))}
                </ul>
              </Card>
            </>
          )}
          <p className="muted small" style={{ marginTop: 12 }}>
            {t('metrics.note')}
          </p>
        </>
      )}
    </div>
  )
}

/** The period: a range picker at a desk; on a phone two pickers (the range's two months do not fit). */
function PeriodPicker({ period, desk, onChange, i18n }: { period: Period; desk: boolean; onChange: (p: Period) => void; i18n: I18n }) {
  const { t } = i18n
  const future = (d: Dayjs) => d.isAfter(dayjs(), 'day')
  const day = (d: Dayjs) => d.format('YYYY-MM-DD')
  if (!desk) {
    return (
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8, width: '100%' }} data-testid="metrics-range">
        <DatePicker
          value={dayjs(period.from)}
          allowClear={false}
          inputReadOnly
          disabledDate={(d) => future(d) || d.isAfter(dayjs(period.to), 'day')}
          onChange={(d: Dayjs | null) => d && onChange({ from: day(d), to: period.to })}
          aria-label={t('metrics.from')}
          placeholder={t('metrics.from')}
          data-testid="metrics-from"
        />
        <DatePicker
          value={dayjs(period.to)}
          allowClear={false}
          inputReadOnly
          disabledDate={(d) => future(d) || d.isBefore(dayjs(period.from), 'day')}
          onChange={(d: Dayjs | null) => d && onChange({ from: period.from, to: day(d) })}
          aria-label={t('metrics.to')}
          placeholder={t('metrics.to')}
          data-testid="metrics-to"
        />
      </div>
    )
  }
  return (
    <DatePicker.RangePicker
      value={[dayjs(period.from), dayjs(period.to)]}
      allowClear={false}
      disabledDate={future}
      presets={[
        { label: t('metrics.preset.month'), value: [dayjs().subtract(1, 'month').add(1, 'day'), dayjs()] },
        { label: t('metrics.preset.quarter'), value: [dayjs().subtract(3, 'month').add(1, 'day'), dayjs()] },
        { label: t('metrics.preset.year'), value: [dayjs().subtract(12, 'month').add(1, 'day'), dayjs()] },
        { label: t('metrics.preset.thisYear'), value: [dayjs().startOf('year'), dayjs()] },
      ]}
      onChange={(range) => {
        const [from, to] = range ?? []
        if (from && to) onChange({ from: day(from), to: day(to) })
      }}
      aria-label={t('metrics.period')}
      data-testid="metrics-range"
    />
  )
}

/** A figure that opens the cases behind it. */
function FigureLink({ to, metric, area, value, strong }: { to: string; metric: string; area: string; value: ReactNode; strong?: boolean }) {
  return (
    <Link to={to} onClick={(e) => e.stopPropagation()} data-testid="metrics-link" data-metric={metric} data-area={area} style={strong ? { color: 'inherit' } : undefined}>
      {value}
    </Link>
  )
}

function durationText(hours: number | null, i18n: I18n): string {
  const d = durationParts(hours)
  if (!d) return '—'
  return i18n.t(d.unit === 'hours' ? 'metrics.hours' : 'metrics.days', { n: i18n.fmt.number(d.value, 1) })
}

function Kpis({ m, link, i18n }: { m: CaseMetrics; link: (metric: MetricLink) => string; i18n: I18n }) {
  const { t, fmt } = i18n
  const area = m.area.code
  const f = (metric: MetricLink, value: number) => <FigureLink to={link(metric)} metric={metric} area={area} value={fmt.number(value)} />
  const cards: { id: string; title: string; value: string; raw: number | null; metric: MetricLink; sub: ReactNode }[] = [
    {
      id: 'firstLine',
      title: t('metrics.firstLineRate'),
      value: percent(m.firstLineRate, fmt.number),
      raw: m.firstLineRate,
      metric: 'first_line',
      sub: (
        <>
          {t('metrics.firstLine')} {f('first_line', m.firstLine)} · {t('metrics.closed')} {f('closed', m.closed)}
        </>
      ),
    },
    {
      id: 'onTime',
      title: t('metrics.onTimeRate'),
      value: percent(m.onTimeRate, fmt.number),
      raw: m.onTimeRate,
      metric: 'on_time',
      sub: (
        <>
          {t('metrics.onTime')} {f('on_time', m.onTime)} · {t('metrics.late')} {f('late', lateCount(m))}
        </>
      ),
    },
    {
      id: 'rework',
      title: t('metrics.reworkRate'),
      value: percent(m.reworkRate, fmt.number),
      raw: m.reworkRate,
      metric: 'reworked',
      sub: (
        <>
          {t('metrics.reworked')} {f('reworked', m.reworked)}
        </>
      ),
    },
    {
      id: 'time',
      title: t('metrics.averageTime'),
      value: durationText(m.averageHoursToClose, i18n),
      raw: m.averageHoursToClose,
      metric: 'closed',
      sub: (
        <>
          {t('metrics.closed')} {f('closed', m.closed)}
        </>
      ),
    },
    {
      id: 'satisfaction',
      title: t('metrics.satisfactionRate'),
      value: percent(m.satisfactionRate, fmt.number),
      raw: m.satisfactionRate,
      metric: 'satisfied',
      sub: (
        <>
          {m.averageRating !== null && <span data-testid="metrics-average-rating">{t('metrics.averageRating', { n: fmt.number(m.averageRating, 1) })} · </span>}
          {t('metrics.satisfied')} {f('satisfied', m.satisfied)} · {t('metrics.rated')} {f('rated', m.rated)}
        </>
      ),
    },
  ]
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 150px), 1fr))', gap: 8, marginBottom: 8 }} data-testid="metrics-kpis">
      {cards.map((c) => (
        <Card key={c.id} size="small" data-testid={`metrics-kpi-${c.id}`} data-value={c.raw ?? ''}>
          <div className="muted small">{c.title}</div>
          <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.3 }} data-testid="metrics-kpi-value">
            <FigureLink to={link(c.metric)} metric={c.metric} area={area} value={c.value} strong />
          </div>
          <div className="small muted">{c.sub}</div>
        </Card>
      ))}
    </div>
  )
}

/** The figures of a child, as cells of its row or card. */
function childCells(m: CaseMetrics, link: (metric: MetricLink | undefined) => string, i18n: I18n) {
  const { fmt } = i18n
  const area = m.area.code
  const n = (metric: MetricLink | undefined, value: number) => <FigureLink to={link(metric)} metric={metric ?? 'reported'} area={area} value={fmt.number(value)} />
  const rate = (metric: MetricLink, r: number | null, count: number) => (
    <span>
      <FigureLink to={link(metric)} metric={metric} area={area} value={percent(r, fmt.number)} /> <span className="muted small">({fmt.number(count)})</span>
    </span>
  )
  return {
    reported: n(undefined, m.reported),
    closed: n('closed', m.closed),
    firstLine: rate('first_line', m.firstLineRate, m.firstLine),
    onTime: rate('on_time', m.onTimeRate, m.onTime),
    rework: rate('reworked', m.reworkRate, m.reworked),
    time: <FigureLink to={link('closed')} metric="closed" area={area} value={durationText(m.averageHoursToClose, i18n)} />,
    satisfaction: (
      <span>
        <FigureLink to={link('satisfied')} metric="satisfied" area={area} value={percent(m.satisfactionRate, fmt.number)} />
        {m.averageRating !== null && <span className="muted small"> ★{fmt.number(m.averageRating, 1)}</span>}
      </span>
    ),
    open: n('open', m.open),
    overdue: n('overdue', m.overdue),
  }
}

const COLUMNS = ['reported', 'closed', 'firstLine', 'onTime', 'rework', 'time', 'satisfaction', 'open', 'overdue'] as const
const COLUMN_TITLE = {
  reported: 'metrics.reported',
  closed: 'metrics.closed',
  firstLine: 'metrics.firstLineRate',
  onTime: 'metrics.onTimeRate',
  rework: 'metrics.reworkRate',
  time: 'metrics.averageTime',
  satisfaction: 'metrics.satisfactionRate',
  open: 'metrics.open',
  overdue: 'metrics.overdue',
} as const

function ChildTable({ rows, link, onDrill, i18n }: { rows: CaseMetrics[]; link: (area: string, metric: MetricLink | undefined) => string; onDrill: (code: string) => void; i18n: I18n }) {
  const { t } = i18n
  return (
    <Table<CaseMetrics>
      size="small"
      rowKey={(r) => r.area.code}
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1000 }}
      data-testid="metrics-children-table"
      rowClassName={() => 'clickable-row'}
      onRow={(r) =>
        ({
          onClick: () => onDrill(r.area.code),
          onKeyDown: (e: KeyboardEvent) => {
            if (e.key === 'Enter' && e.target === e.currentTarget) onDrill(r.area.code)
          },
          tabIndex: 0,
          'data-testid': 'metrics-child-row',
          'data-code': r.area.code,
          'aria-label': t('metrics.drill', { name: r.area.name }),
        }) as HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          key: 'area',
          title: t('metrics.area'),
          fixed: 'left',
          width: 150,
          render: (_, r) => (
            <span className="search-option-name">
              {r.area.name} <RightOutlined className="muted" style={{ fontSize: 10 }} />
            </span>
          ),
        },
        ...COLUMNS.map((id) => ({
          key: id,
          title: t(COLUMN_TITLE[id]),
          align: 'right' as const,
          render: (_: unknown, r: CaseMetrics) => childCells(r, (metric) => link(r.area.code, metric), i18n)[id],
        })),
      ]}
    />
  )
}

function ChildCard({ m, link, onDrill, i18n }: { m: CaseMetrics; link: (metric: MetricLink | undefined) => string; onDrill: () => void; i18n: I18n }) {
  const { t } = i18n
  const cells = childCells(m, link, i18n)
  return (
    <Card
      size="small"
      data-testid="metrics-child-card"
      data-code={m.area.code}
      title={
        <Button type="link" style={{ padding: 0, fontWeight: 600 }} onClick={onDrill} aria-label={t('metrics.drill', { name: m.area.name })} data-testid="metrics-child-drill">
          {m.area.name} <RightOutlined style={{ fontSize: 10 }} />
        </Button>
      }
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 130px), 1fr))', gap: '4px 12px' }}>
        {COLUMNS.map((id) => (
          <div key={id} className="small">
            <div className="muted">{t(COLUMN_TITLE[id])}</div>
            <div>{cells[id]}</div>
          </div>
        ))}
      </div>
    </Card>
  )
}
