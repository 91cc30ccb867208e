// The auditor's view of the audit trail: filters (actor, action, target, outcome, time range), the
// records newest first with their detail, "load older" along the cursor, and the verification of
// the hash chain (the first broken record is named and highlighted).
import { CheckCircleOutlined, SafetyCertificateOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons'
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import type { AuditEventView, AuditOutcome } from '../../../../shared/api-types'
import { useAuditEvents, useAuditVerdict } from '../api/audit'
import { AUDIT_OUTCOMES, detailSummary, OUTCOME_COLOR, type AuditFilters } from '../lib/audit-filters'

interface FilterValues {
  actor?: string
  action?: string
  target?: string
  outcome?: AuditOutcome
  range?: [Dayjs | null, Dayjs | null] | null
}

const toFilters = (v: FilterValues): AuditFilters => ({
  actor: v.actor?.trim() || undefined,
  action: v.action?.trim() || undefined,
  target: v.target?.trim() || undefined,
  outcome: v.outcome,
  from: v.range?.[0]?.toISOString(),
  to: v.range?.[1]?.toISOString(),
})

export function AuditLog() {
  const { t, fmt, tryT } = useI18n()
  const [form] = Form.useForm<FilterValues>()
  const [filters, setFilters] = useState<AuditFilters>({})
  const events = useAuditEvents(filters)
  const verdict = useAuditVerdict()
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data])
  const badSeq = verdict.data && !verdict.data.ok ? verdict.data.firstBad?.seq : undefined

  return (
    <div className="admin-page" data-testid="audit-log">
      <div className="admin-head">
        <h1 className="admin-title">{t('audit.title')}</h1>
        <Button icon={<SafetyCertificateOutlined />} loading={verdict.isFetching} onClick={() => void verdict.refetch()} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      </div>
      {verdict.isError && !verdict.isFetching && <ApiErrorAlert error={verdict.error} />}
      {verdict.data && !verdict.isFetching && (
        <div data-testid="audit-verdict" data-ok={String(verdict.data.ok)} data-bad-seq={badSeq ?? ''}>
          {verdict.data.ok ? (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              className="block"
              title={t('audit.verdictOk', { count: fmt.number(verdict.data.checked) })}
              description={verdict.data.firstSeq !== null ? t('audit.verdictFrom', { seq: verdict.data.firstSeq }) : t('audit.verdictEmpty')}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              icon={<WarningOutlined />}
              className="block"
              title={t('audit.verdictBad', { seq: verdict.data.firstBad?.seq ?? '?', count: fmt.number(verdict.data.checked) })}
              description={
                verdict.data.firstBad && (
                  <span>
                    <Tag color="red">{tryT(`audit.problem.${verdict.data.firstBad.problem}`) ?? verdict.data.firstBad.problem}</Tag>
                    {verdict.data.firstBad.message}
                  </span>
                )
              }
            />
          )}
        </div>
      )}
      <Form<FilterValues> form={form} layout="inline" className="admin-filters block" onFinish={(v) => {
          const next = toFilters(v)
          // The same search again reads the newest records.
          if (JSON.stringify(next) === JSON.stringify(filters)) void events.refetch()
          else setFilters(next)
        }} data-testid="audit-filters">
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear style={{ width: 150 }} placeholder={t('audit.actorHint')} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear style={{ width: 170 }} placeholder="auth.*" data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="target" label={t('audit.target')}>
          <Input allowClear style={{ width: 150 }} placeholder="account:*" data-testid="audit-filter-target" />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select<AuditOutcome>
            allowClear
            style={{ width: 120 }}
            options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
            data-testid="audit-filter-outcome"
          />
        </Form.Item>
        <Form.Item name="range" label={t('audit.time')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} data-testid="audit-filter-range" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('audit.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields()
                setFilters({})
              }}
            >
              {t('audit.clear')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {events.isError && <ApiErrorAlert error={events.error} />}
      <Table<AuditEventView>
        size="small"
        rowKey="seq"
        className="block"
        loading={events.isPending || (events.isFetching && !events.isFetchingNextPage)}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="audit-table"
        locale={{ emptyText: t('audit.empty') }}
        rowClassName={(e) => (e.seq === badSeq ? 'row-bad' : '')}
        onRow={(e) => ({ 'data-testid': 'audit-row', 'data-seq': e.seq, 'data-actor': e.actor, 'data-action': e.action }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (e) => (
            <div className="audit-detail">
              <pre className="code-block">{JSON.stringify(e.detail, null, 2)}</pre>
              <div className="small muted">
                {t('audit.seq')} {e.seq} · {t('audit.hash')} <Typography.Text code>{e.hash}</Typography.Text>
              </div>
            </div>
          ),
        }}
        columns={[
          { key: 'seq', title: '#', width: 70, render: (_, e) => <span className="code-text">{e.seq}</span> },
          { key: 'time', title: t('audit.time'), width: 150, render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.occurredAt)}</span> },
          { key: 'actor', title: t('audit.actor'), width: 120, render: (_, e) => <span data-testid="audit-actor">{e.actor}</span> },
          { key: 'action', title: t('audit.action'), width: 170, render: (_, e) => <span className="code-text">{e.action}</span> },
          { key: 'target', title: t('audit.target'), width: 150, render: (_, e) => e.target ?? '—' },
          { key: 'source', title: t('audit.source'), width: 120, render: (_, e) => <span className="code-text">{e.source ?? '—'}</span> },
          {
            key: 'outcome',
            title: t('audit.outcome'),
            width: 90,
            render: (_, e) => (
              <Tag color={OUTCOME_COLOR[e.outcome]} data-testid="audit-outcome" data-outcome={e.outcome}>
                {t(`audit.outcome.${e.outcome}`)}
              </Tag>
            ),
          },
          { key: 'detail', title: t('audit.detail'), render: (_, e) => <span className="small muted">{detailSummary(e.detail)}</span> },
        ]}
      />
      <div className="center-pad">
        {events.hasNextPage ? (
          <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="audit-older">
            {t('audit.older')}
          </Button>
        ) : (
          rows.length > 0 && <span className="muted small">{t('audit.end', { count: fmt.number(rows.length) })}</span>
        )}
      </div>
    </div>
  )
}
