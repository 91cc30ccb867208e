// The details panel of the selected area: identity, parent chain, size, boundary dates and history,
// and the actions that start from it (export, coverage check, import).
import { CheckCircleOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons'
import { Breadcrumb, Button, Descriptions, Empty, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { Link, useNavigate } from 'react-router'
import { paths } from '../../../shared/config/paths'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { areaExportUrl } from '../api/export-areas'
import { useArea } from '../api/get-area'
import { useAreaHistory } from '../api/get-area-history'
import type { AreaBoundaryVersion } from '../types'
import { LevelTag } from './level-tag'

export function AreaDetails({ code }: { code: string | undefined }) {
  const i18n = useI18n()
  const { t, fmt } = i18n
  const navigate = useNavigate()
  const area = useArea(code)
  const history = useAreaHistory(code)

  if (!code) {
    return (
      <div className="details-empty" data-testid="area-details">
        <Empty description={t('details.noSelection')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      </div>
    )
  }
  if (area.isPending) {
    return (
      <div data-testid="area-details" aria-busy="true">
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    )
  }
  if (area.isError) {
    return (
      <div data-testid="area-details">
        <ApiErrorAlert error={area.error} />
      </div>
    )
  }
  const a = area.data
  const canImport = a.level !== 'grid'

  const historyColumns = [
    { key: 'from', title: t('history.validFrom'), render: (_: unknown, v: AreaBoundaryVersion) => fmt.dateTime(v.validFrom) },
    {
      key: 'to',
      title: t('history.validTo'),
      render: (_: unknown, v: AreaBoundaryVersion) => (v.validTo ? fmt.dateTime(v.validTo) : <Tag color="green">{t('history.current')}</Tag>),
    },
    { key: 'km2', title: t('history.area'), align: 'right' as const, render: (_: unknown, v: AreaBoundaryVersion) => fmt.number(v.areaKm2, 2) },
    {
      key: 'change',
      title: t('history.change'),
      render: (_: unknown, v: AreaBoundaryVersion) => (
        <span>
          {t(`changeKind.${v.changeKind}`)} <span className="code-text">#{v.changeId}</span>
        </span>
      ),
    },
  ]

  return (
    <div className="area-details" data-testid="area-details" data-area-code={a.code}>
      <div className="details-head">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="detail-name">
          {a.name}
        </Typography.Title>
        <LevelTag level={a.level} />
      </div>
      <Breadcrumb
        className="details-breadcrumb"
        data-testid="detail-parents"
        items={[
          ...a.ancestors.map((p) => ({
            key: p.code,
            title: (
              <Link to={{ search: `?area=${p.code}` }} data-testid="detail-parent-link" data-code={p.code}>
                {p.name}
              </Link>
            ),
          })),
          { key: a.code, title: <span aria-current="location">{a.name}</span> },
        ]}
      />
      <Descriptions
        size="small"
        column={1}
        bordered
        className="details-fields"
        items={[
          {
            key: 'code',
            label: t('details.code'),
            children: (
              <Typography.Text copyable className="code-text" data-testid="detail-code">
                {a.code}
              </Typography.Text>
            ),
          },
          { key: 'level', label: t('details.level'), children: <span data-testid="detail-level" data-level={a.level}>{t(`level.${a.level}`)}{a.kind ? ` · ${t(`kind.${a.kind}`)}` : ''}</span> },
          { key: 'area', label: t('details.area'), children: <span data-testid="detail-area">{fmt.km2(a.areaKm2)}</span> },
          { key: 'children', label: t('details.children'), children: <span data-testid="detail-children">{fmt.number(a.childCount)}</span> },
          {
            key: 'unit',
            label: t('details.responsibleUnit'),
            children: <span data-testid="detail-responsible-unit">{a.responsibleUnit ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}</span>,
          },
          ...(a.level === 'grid'
            ? [
                {
                  key: 'worker',
                  label: t('details.gridWorker'),
                  children: (
                    <span data-testid="detail-grid-worker">
                      {a.gridWorker ? `${a.gridWorker.displayName}（${a.gridWorker.username}）` : <Typography.Text type="warning">{t('details.noGridWorker')}</Typography.Text>}
                    </span>
                  ),
                },
              ]
            : []),
          { key: 'boundaryFrom', label: t('details.boundaryFrom'), children: <span data-testid="detail-boundary-from">{fmt.dateTime(a.boundaryFrom)}</span> },
          { key: 'validFrom', label: t('details.validFrom'), children: <span data-testid="detail-valid-from">{fmt.dateTime(a.validFrom)}</span> },
        ]}
      />
      <Space wrap className="details-actions">
        <Tooltip title={t('details.exportHint')}>
          <Button icon={<DownloadOutlined />} href={areaExportUrl(a.code, { download: true })} download={`${a.code}.geojson`} data-testid="export-geojson">
            {t('details.export')}
          </Button>
        </Tooltip>
        <Button icon={<CheckCircleOutlined />} onClick={() => navigate(paths.coverage(a.code))} disabled={a.childCount === 0} data-testid="coverage-button">
          {t('details.coverage')}
        </Button>
        {canImport && (
          <Button icon={<UploadOutlined />} onClick={() => navigate(paths.import(a.code))} data-testid="import-button">
            {t('details.import')}
          </Button>
        )}
      </Space>
      <div className="details-section" data-testid="detail-history">
        <Typography.Title level={5}>
          {t('details.history')} <span className="muted">({fmt.number(a.versionCount)})</span>
        </Typography.Title>
        {history.isError ? (
          <ApiErrorAlert error={history.error} />
        ) : (
          <Table<AreaBoundaryVersion>
            size="small"
            rowKey={(v) => `${v.changeId}-${v.validFrom}`}
            columns={historyColumns}
            dataSource={history.data ?? []}
            loading={history.isPending}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: t('history.empty') }}
          />
        )}
      </div>
    </div>
  )
}
