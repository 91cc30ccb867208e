// Every coverage issue as a row: kind, parent, the areas involved, size, and a button to zoom to it.
import { AimOutlined } from '@ant-design/icons'
import { Button, Table, Tag, Tooltip } from 'antd'
import type { TableColumnsType as ColumnsType } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../shared/config/paths'
import { useI18n } from '../../../shared/i18n'
import { ISSUE_COLORS, type CoverageIssueProperties } from '../types'

export interface IssueRow extends CoverageIssueProperties {
  index: number
}

const PAGE_SIZE = 20

export function CoverageIssueTable({ rows, selected, onZoom }: { rows: IssueRow[]; selected?: number; onZoom: (index: number) => void }) {
  const { t, fmt } = useI18n()
  const [page, setPage] = useState(1)

  // Show the page holding the issue picked on the map.
  useEffect(() => {
    if (selected === undefined) return
    const pos = rows.findIndex((r) => r.index === selected)
    if (pos >= 0) setPage(Math.floor(pos / PAGE_SIZE) + 1)
  }, [selected, rows])

  const columns: ColumnsType<IssueRow> = [
    {
      key: 'zoom',
      title: <span className="sr-only">{t('issues.zoom')}</span>,
      width: 44,
      render: (_, r) => (
        <Tooltip title={t('issues.zoom')}>
          <Button size="small" icon={<AimOutlined />} aria-label={t('issues.zoomTo', { n: r.index + 1 })} onClick={() => onZoom(r.index)} data-testid="issue-zoom" />
        </Tooltip>
      ),
    },
    { key: 'n', title: '#', width: 40, render: (_, r) => r.index + 1 },
    {
      key: 'kind',
      title: t('issues.kind'),
      width: 84,
      filters: (['gap', 'overlap', 'outside'] as const).map((k) => ({ text: t(`issueKind.${k}`), value: k })),
      onFilter: (value, r) => r.kind === value,
      render: (_, r) => <Tag color={ISSUE_COLORS[r.kind]}>{t(`issueKind.${r.kind}`)}</Tag>,
    },
    {
      key: 'm2',
      title: t('issues.areaM2'),
      align: 'right',
      width: 110,
      sorter: (a, b) => a.areaM2 - b.areaM2,
      render: (_, r) => fmt.number(r.areaM2, 2),
    },
    {
      key: 'parent',
      title: t('issues.parent'),
      width: 130,
      render: (_, r) => (
        <Link to={paths.map(r.parentCode)} title={r.parentCode}>
          {r.parentName}
        </Link>
      ),
    },
    {
      key: 'areas',
      title: t('issues.areas'),
      render: (_, r) =>
        r.areaCodes.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <span className="issue-areas">
            {r.areaCodes.map((code, i) => (
              <Link key={code} to={paths.map(code)} title={code}>
                {r.areaNames[i] ?? code}
              </Link>
            ))}
          </span>
        ),
    },
  ]

  return (
    <Table<IssueRow>
      data-testid="coverage-issues"
      size="small"
      rowKey="index"
      columns={columns}
      dataSource={rows}
      rowClassName={(r) => (r.index === selected ? 'row-selected' : '')}
      pagination={{ current: page, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
      scroll={{ x: 560 }}
      locale={{ emptyText: t('issues.none') }}
    />
  )
}
