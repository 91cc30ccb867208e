// The recent imports of the caller's area (GET /registry/imports), newest first; a row reopens its
// report. Read again every few seconds while one of them is being checked or written.
import { Empty, Table, Typography } from 'antd'
import type { HTMLAttributes, KeyboardEvent } from 'react'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useImportList } from '../api/imports'
import type { ImportJob } from '../import-types'
import { ImportStatusTag } from './import-report'

export function RecentImports({ currentId, onOpen }: { currentId: number | undefined; onOpen: (id: number) => void }) {
  const { t, fmt } = useI18n()
  const list = useImportList()
  const items = list.data?.items ?? []
  return (
    <section className="block" style={{ marginTop: 24 }} data-testid="import-recent">
      <Typography.Title level={5}>{t('registry.import.recent')}</Typography.Title>
      {list.isError && <ApiErrorAlert error={list.error} />}
      <Table<ImportJob>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.import.recentEmpty')} /> }}
        rowClassName={(j) => (j.id === currentId ? 'clickable-row ant-table-row-selected' : 'clickable-row')}
        onRow={(j) =>
          ({
            onClick: () => onOpen(j.id),
            onKeyDown: (e: KeyboardEvent) => {
              if (e.key === 'Enter') onOpen(j.id)
            },
            tabIndex: 0,
            'data-testid': 'import-recent-row',
            'data-job-id': j.id,
            'data-status': j.status,
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { key: 'id', title: '#', width: 70, render: (_, j) => <span className="code-text">{j.id}</span> },
          { key: 'file', title: t('registry.import.recent.file'), render: (_, j) => <span style={{ overflowWrap: 'anywhere' }}>{j.filename ?? t('registry.import.noName')}</span> },
          { key: 'when', title: t('registry.import.recent.when'), width: 160, render: (_, j) => fmt.dateTime(j.createdAt) },
          { key: 'by', title: t('registry.import.recent.by'), width: 140, render: (_, j) => j.createdBy },
          { key: 'status', title: t('registry.import.recent.status'), width: 100, render: (_, j) => <ImportStatusTag status={j.status} /> },
          {
            key: 'rows',
            title: t('registry.import.recent.rows'),
            render: (_, j) =>
              j.rowsTotal === null || j.status === 'rejected' ? (
                '—'
              ) : (
                <span className="small">
                  {t('registry.import.recent.rowsText', { total: fmt.number(j.rowsTotal), valid: fmt.number(j.rowsValid ?? 0), invalid: fmt.number(j.rowsInvalid ?? 0) })}
                  {j.rowsWritten !== null && <> · {t('registry.import.recent.written', { count: fmt.number(j.rowsWritten) })}</>}
                </span>
              ),
          },
        ]}
      />
    </section>
  )
}
