// /registry/dashboard?area=CODE — an area's figures: statistic cards (population by residence
// category and sex, households, buildings, organizations, facilities, open concerns), the lists as a
// bar chart, and the areas below it as a chart and a table; clicking a child opens its dashboard
// (down to grids), the breadcrumb goes back up as far as the user's scope.
import { TeamOutlined } from '@ant-design/icons'
import { Breadcrumb, Button, Card, Empty, Grid, Skeleton, Statistic, Table, Typography } from 'antd'
import { useMemo, type HTMLAttributes, type KeyboardEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { LevelTag, useArea } from '../../areas'
import { useActiveSession } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useAreaTotals } from '../api/get-area-totals'
import { listLabel } from '../lib/labels'
import { registryPaths } from '../lib/paths'
import { cardValues, childRows, hasSpecial, listBars, trail, type ChildRow } from '../lib/totals'
import { EChart } from '../../../shared/charts/echart'

/** Bar colours of the lists, by kind (the tags' colours). */
const KIND_BAR = { special: '#d4380d', care: '#1d4ed8' } as const

export function AreaDashboard() {
  const { t, lang, fmt } = useI18n()
  const session = useActiveSession()
  const scopeCode = session.account.scope.code
  const [search, setSearch] = useSearchParams()
  const code = search.get('area') ?? scopeCode
  const totals = useAreaTotals(code)
  const area = useArea(code)
  const screens = Grid.useBreakpoint()
  const current = totals.data && totals.data.area.code === code ? totals.data : undefined

  const go = (next: string) =>
    setSearch((prev) => {
      const p = new URLSearchParams(prev)
      if (next === scopeCode) p.delete('area')
      else p.set('area', next)
      return p
    })

  const rows = useMemo(() => (current ? childRows(current) : []), [current])
  const bars = useMemo(() => (current ? listBars(current.totals) : []), [current])
  const listOption = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: bars.map((b) => listLabel(b.code, lang)) },
      series: [
        {
          type: 'bar',
          name: t('registry.dashboard.lists'),
          data: bars.map((b) => ({ value: b.value, itemStyle: { color: KIND_BAR[b.kind] } })),
          label: { show: true, position: 'right' },
          barMaxWidth: 18,
        },
      ],
    }),
    [bars, lang, t],
  )
  const childOption = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.area.name), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          name: t('registry.dashboard.metric.person'),
          data: rows.map((r) => r.person),
          itemStyle: { color: '#b91c1c' },
          label: { show: true, position: 'right' },
          barMaxWidth: 18,
          cursor: 'pointer',
        },
      ],
    }),
    [rows, t],
  )

  const crumbs = area.data && area.data.code === code ? trail(area.data.ancestors, area.data, scopeCode) : []
  const special = current ? hasSpecial(current) : false

  return (
    <div className="admin-page registry-page" data-testid="area-dashboard" data-area-code={code}>
      <Breadcrumb
        data-testid="dashboard-breadcrumb"
        items={crumbs.map((a) => ({
          key: a.code,
          title:
            a.code === code ? (
              <span>{a.name}</span>
            ) : (
              <a
                href={registryPaths.dashboard(a.code)}
                onClick={(e) => {
                  e.preventDefault()
                  go(a.code)
                }}
                data-testid="dashboard-crumb"
                data-code={a.code}
              >
                {a.name}
              </a>
            ),
        }))}
      />
      <div className="admin-head" style={{ marginTop: 8 }}>
        <h1 className="admin-title" data-testid="dashboard-title">
          {current?.area.name ?? area.data?.name ?? code} {current && <LevelTag level={current.area.level} />}
        </h1>
        <Link to={`${registryPaths.people}?area=${encodeURIComponent(code)}`}>
          <Button icon={<TeamOutlined />} data-testid="dashboard-people">
            {t('registry.dashboard.people')}
          </Button>
        </Link>
      </div>
      {totals.isError && <ApiErrorAlert error={totals.error} />}
      {!current && !totals.isError && <Skeleton active paragraph={{ rows: 6 }} />}
      {current && (
        <>
          <div
            className="dashboard-cards"
            style={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${screens.sm ? 150 : 100}px, 1fr))`, gap: 8, marginBottom: 16 }}
            data-testid="dashboard-cards"
          >
            {cardValues(current.totals).map((c) => (
              <Card key={c.id} size="small" data-testid={`stat-${c.id}`} data-value={c.value}>
                <Statistic title={t(`registry.dashboard.metric.${c.id}`)} value={fmt.number(c.value)} />
              </Card>
            ))}
          </div>
          <div style={{ display: 'grid', gridTemplateColumns: screens.lg ? 'minmax(0, 1fr) minmax(0, 1fr)' : 'minmax(0, 1fr)', gap: 16 }}>
            <Card size="small" title={t('registry.dashboard.lists')} data-testid="dashboard-lists">
              <EChart option={listOption} height={Math.max(180, bars.length * 28 + 24)} ariaLabel={t('registry.dashboard.lists')} data-testid="dashboard-lists-chart" />
              <div className="sr-only">
                <ul>
                  {bars.map((b) => (
                    <li key={b.code} data-testid="dashboard-list-value" data-list={b.code} data-value={b.value}>
                      {listLabel(b.code, lang)}: {b.value}
                    </li>
                  ))}
                </ul>
              </div>
            </Card>
            <Card size="small" title={t('registry.dashboard.childrenChart')} data-testid="dashboard-children-chart-card">
              {rows.length > 0 ? (
                <EChart
                  option={childOption}
                  height={Math.max(180, rows.length * 28 + 24)}
                  onItemClick={(i) => {
                    const r = rows[i]
                    if (r) go(r.area.code)
                  }}
                  ariaLabel={t('registry.dashboard.childrenChart')}
                  data-testid="dashboard-children-chart"
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.dashboard.noChildren')} />
              )}
            </Card>
          </div>
          {rows.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('registry.dashboard.children')}
              </Typography.Title>
              <Table<ChildRow>
                size="small"
                rowKey={(r) => r.area.code}
                pagination={false}
                dataSource={rows}
                scroll={{ x: 760 }}
                data-testid="dashboard-children"
                rowClassName={() => 'clickable-row'}
                onRow={(r) =>
                  ({
                    onClick: () => go(r.area.code),
                    onKeyDown: (e: KeyboardEvent) => {
                      if (e.key === 'Enter') go(r.area.code)
                    },
                    tabIndex: 0,
                    'data-testid': 'dashboard-child-row',
                    'data-code': r.area.code,
                    'aria-label': t('registry.dashboard.drill', { name: r.area.name }),
                  }) as HTMLAttributes<HTMLElement>
                }
                columns={[
                  {
                    key: 'area',
                    title: t('registry.dashboard.col.area'),
                    fixed: 'left',
                    width: 150,
                    render: (_, r) => <span className="search-option-name">{r.area.name}</span>,
                  },
                  { key: 'person', title: t('registry.dashboard.metric.person'), align: 'right', render: (_, r) => <span data-testid="child-person">{fmt.number(r.person)}</span> },
                  { key: 'registered', title: t('registry.dashboard.metric.registered'), align: 'right', render: (_, r) => fmt.number(r.registered) },
                  { key: 'floating', title: t('registry.dashboard.metric.floating'), align: 'right', render: (_, r) => fmt.number(r.floating) },
                  { key: 'household', title: t('registry.dashboard.metric.household'), align: 'right', render: (_, r) => fmt.number(r.household) },
                  { key: 'building', title: t('registry.dashboard.metric.building'), align: 'right', render: (_, r) => fmt.number(r.building) },
                  { key: 'care', title: t('registry.dashboard.col.care'), align: 'right', render: (_, r) => fmt.number(r.care) },
                  ...(special ? [{ key: 'special', title: t('registry.dashboard.col.special'), align: 'right' as const, render: (_: unknown, r: ChildRow) => fmt.number(r.special) }] : []),
                  { key: 'concernOpen', title: t('registry.dashboard.metric.concernOpen'), align: 'right', render: (_, r) => fmt.number(r.concernOpen) },
                ]}
              />
            </>
          )}
        </>
      )}
    </div>
  )
}
