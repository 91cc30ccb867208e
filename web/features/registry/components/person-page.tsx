// /registry/people/:id — one person: a header (name, masked ID number, status, lists), the actions
// (show ID number / phone, change status) and tabs — basic information (edited in place), household,
// lists, residence history, change history. The open tab is kept in the URL (?tab=).
import { ArrowLeftOutlined, SwapOutlined } from '@ant-design/icons'
import { Alert, Button, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { PERSON_STATUSES, RESIDENCE_CATEGORIES, SEXES } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { usePerson } from '../api/get-person'
import { codeLabel, ethnicityLabel, STATUS_COLOR } from '../lib/labels'
import { registryPaths } from '../lib/paths'
import { ChangeTimeline, ResidenceTimeline } from './history-tabs'
import { HouseholdTab } from './household-tab'
import { ListTags } from './list-tags'
import { ListsTab } from './lists-tab'
import { PersonBasic } from './person-basic'
import { RevealPersonalData } from './reveal-personal-data'
import { StatusDialog } from './status-dialog'

const TABS = ['basic', 'household', 'lists', 'residences', 'changes'] as const
type TabKey = (typeof TABS)[number]

export function PersonPage({ personId }: { personId: number }) {
  const { t, lang } = useI18n()
  const { can } = useAuth()
  const person = usePerson(personId)
  const [search, setSearch] = useSearchParams()
  const [statusOpen, setStatusOpen] = useState(false)
  const tabParam = search.get('tab')
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'basic'

  const back = (
    <Link to={registryPaths.people}>
      <Button icon={<ArrowLeftOutlined />}>{t('registry.person.back')}</Button>
    </Link>
  )
  if (person.isPending) {
    return (
      <div className="admin-page registry-page" aria-busy="true">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    )
  }
  if (person.isError) {
    const missing = person.error instanceof ApiError && person.error.status === 404
    return (
      <div className="admin-page registry-page" data-testid="person-page">
        {missing ? <Result status="404" title="404" subTitle={t('registry.person.notFound')} extra={back} data-testid="person-not-found" /> : <ApiErrorAlert error={person.error} />}
      </div>
    )
  }
  const p = person.data
  const reload = () => person.refetch()
  const openLists = p.listEntries.filter((e) => e.endedAt === null).length

  return (
    <div className="admin-page registry-page" data-testid="person-page" data-person-id={p.id} data-version={p.version}>
      <div className="admin-head">
        <div style={{ minWidth: 0 }}>
          <Space wrap size={8} align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-title">
              {p.name}
            </Typography.Title>
            <Tag color={STATUS_COLOR[p.status]} data-testid="person-status" data-status={p.status}>
              {codeLabel(PERSON_STATUSES, p.status, lang)}
            </Tag>
            <Tag>{codeLabel(RESIDENCE_CATEGORIES, p.residenceCategory, lang)}</Tag>
          </Space>
          <div className="person-sub" style={{ marginTop: 4 }}>
            <span className="code-text" data-testid="person-id-masked">
              {p.idNumberMasked}
            </span>
            <span className="muted">
              {' · '}
              {codeLabel(SEXES, p.sex, lang)} · {t('registry.years', { age: p.age })} · {ethnicityLabel(p.ethnicity, lang)} · {p.grid.name}
            </span>
          </div>
          <div style={{ marginTop: 4 }}>
            <ListTags lists={p.lists} />
          </div>
        </div>
        <Space wrap>
          <RevealPersonalData person={p} />
          {can('registry.write') && (
            <Button icon={<SwapOutlined />} onClick={() => setStatusOpen(true)} data-testid="status-open">
              {t('registry.status.change')}
            </Button>
          )}
          {back}
        </Space>
      </div>
      {p.status !== 'active' && (
        <Alert
          type="warning"
          showIcon
          className="form-error"
          title={t('registry.person.inactive', { status: codeLabel(PERSON_STATUSES, p.status, lang), reason: p.statusReason ?? '—' })}
          description={can('registry.write') ? t('registry.person.inactiveNoEdit') : undefined}
          data-testid="person-inactive"
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setSearch(
            (prev) => {
              const next = new URLSearchParams(prev)
              if (key === 'basic') next.delete('tab')
              else next.set('tab', key)
              return next
            },
            { replace: true },
          )
        }
        data-testid="person-tabs"
        items={[
          { key: 'basic', label: <span data-testid="tab-basic">{t('registry.tab.basic')}</span>, children: <PersonBasic person={p} onReload={reload} /> },
          { key: 'household', label: <span data-testid="tab-household">{t('registry.tab.household')}</span>, children: <HouseholdTab person={p} /> },
          {
            key: 'lists',
            label: <span data-testid="tab-lists">{t('registry.tab.lists', { count: openLists })}</span>,
            children: <ListsTab person={p} onReload={reload} />,
          },
          { key: 'residences', label: <span data-testid="tab-residences">{t('registry.tab.residences')}</span>, children: <ResidenceTimeline personId={p.id} /> },
          { key: 'changes', label: <span data-testid="tab-changes">{t('registry.tab.changes')}</span>, children: <ChangeTimeline personId={p.id} /> },
        ]}
      />
      <StatusDialog person={p} open={statusOpen} onClose={() => setStatusOpen(false)} onReload={reload} />
    </div>
  )
}
