// A list of cases: a table at a desk, cards on a phone (no sideways scrolling). A row or card opens
// the case page.
import { Card, Empty, Spin, Table } from 'antd'
import type { HTMLAttributes, KeyboardEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { useI18n } from '../../../shared/i18n'
import { nameIn } from '../lib/labels'
import { casesPaths } from '../lib/paths'
import type { CaseSummary } from '../types'
import { CaseLamp, StateTag, SupervisionFlag, UrgencyTag } from './case-bits'

interface CaseListProps {
  items: CaseSummary[]
  loading: boolean
  narrow: boolean
}

export function CaseList({ items, loading, narrow }: CaseListProps) {
  return narrow ? <CaseCards items={items} loading={loading} /> : <CaseTable items={items} loading={loading} />
}

function Holder({ c }: { c: CaseSummary }) {
  const { lang } = useI18n()
  return (
    <span data-testid="case-holder" data-code={c.holder.code}>
      {c.holder.name}
      {c.department && <span className="muted"> · {nameIn(lang, c.department)}</span>}
    </span>
  )
}

function CaseTable({ items, loading }: { items: CaseSummary[]; loading: boolean }) {
  const { t, lang, fmt } = useI18n()
  const navigate = useNavigate()
  const open = (c: CaseSummary) => navigate(casesPaths.case(c.id))
  return (
    <Table<CaseSummary>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 980 }}
      data-testid="case-table"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.inbox.empty')} /> }}
      rowClassName={() => 'clickable-row'}
      onRow={(c) =>
        ({
          onClick: () => open(c),
          onKeyDown: (e: KeyboardEvent) => {
            if (e.key === 'Enter') open(c)
          },
          tabIndex: 0,
          'data-testid': 'case-row',
          'data-case-id': c.id,
          'data-number': c.number,
          'data-state': c.state,
        }) as HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          key: 'number',
          title: t('cases.field.number'),
          width: 150,
          fixed: 'left',
          render: (_, c) => (
            <Link to={casesPaths.case(c.id)} onClick={(e) => e.stopPropagation()} className="code-text" data-testid="case-number">
              {c.number}
            </Link>
          ),
        },
        {
          key: 'title',
          title: t('cases.field.title'),
          render: (_, c) => (
            <span style={{ overflowWrap: 'anywhere' }}>
              <span data-testid="case-title">{c.title}</span> <UrgencyTag urgency={c.urgency} />
            </span>
          ),
        },
        { key: 'category', title: t('cases.field.category'), width: 130, render: (_, c) => nameIn(lang, c.category) },
        { key: 'state', title: t('cases.field.state'), width: 90, render: (_, c) => <StateTag state={c.state} /> },
        { key: 'holder', title: t('cases.field.holder'), width: 180, render: (_, c) => <Holder c={c} /> },
        {
          key: 'lamp',
          title: t('cases.field.lamp'),
          width: 150,
          render: (_, c) => (
            <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
              <CaseLamp lamp={c.lamp} dueAt={c.dueAt} compact />
              <SupervisionFlag supervision={c.supervision} />
            </span>
          ),
        },
        { key: 'created', title: t('cases.field.createdAt'), width: 150, render: (_, c) => <span className="small">{fmt.dateTime(c.createdAt)}</span> },
      ]}
    />
  )
}

/** On a phone: one card per case, the whole card a link. */
function CaseCards({ items, loading }: { items: CaseSummary[]; loading: boolean }) {
  const { t, lang, fmt } = useI18n()
  if (loading && items.length === 0) return <Spin className="page-spin" />
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.inbox.empty')} data-testid="case-cards" />
  return (
    <div className="case-cards" data-testid="case-cards">
      {items.map((c) => (
        <Link key={c.id} to={casesPaths.case(c.id)} data-testid="case-card" data-case-id={c.id} data-number={c.number} data-state={c.state} style={{ color: 'inherit', display: 'block' }}>
          <Card size="small" hoverable>
            <div className="case-card-head">
              <span className="code-text" data-testid="case-number">
                {c.number}
              </span>
              <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
                <SupervisionFlag supervision={c.supervision} />
                <UrgencyTag urgency={c.urgency} />
                <StateTag state={c.state} />
              </span>
            </div>
            <div className="case-card-title" data-testid="case-title">
              {c.title}
            </div>
            <div className="small muted" style={{ overflowWrap: 'anywhere' }}>
              {nameIn(lang, c.category)} · <Holder c={c} />
            </div>
            <div className="case-card-head small">
              <CaseLamp lamp={c.lamp} dueAt={c.dueAt} compact />
              <span className="muted">{fmt.dateTime(c.createdAt)}</span>
            </div>
          </Card>
        </Link>
      ))}
    </div>
  )
}
