// /cases — the caller's inboxes: a tab per box with its count (overdue in red), a search box (number,
// title or description) and a category filter, all kept in the URL (?box=&q=&category=); the cases
// newest first with "load more" along the server's cursor. Grid workers open on what they reported,
// departments on their work, levels on new reports when some wait (else their work).
import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import { Badge, Button, Grid, Input, Select, Space, Spin, Tabs } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useActiveSession } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'
import { useCategories } from '../api/get-categories'
import { useInboxCounts } from '../api/get-inbox-counts'
import { useCases } from '../api/list-cases'
import { filterOptions } from '../lib/categories'
import { boxesOf, defaultBox, hasCount, listParams, readInboxParams } from '../lib/inbox'
import { casesPaths } from '../lib/paths'
import type { CaseBox } from '../types'
import { CaseList } from './case-list'
import './cases.css'

export function CaseInbox() {
  const { t, lang, fmt } = useI18n()
  const session = useActiveSession()
  const role = session.account.role
  const canReport = session.account.permissions.includes('case.report')
  const narrow = !Grid.useBreakpoint().md
  const [search, setSearch] = useSearchParams()
  const url = readInboxParams(search, role)
  const counts = useInboxCounts()
  const categories = useCategories()
  // Without ?box= the box depends on the counts for levels (new reports first when there are some).
  const waitsForCounts = !url.box && defaultBox(role, undefined) !== defaultBox(role, { new: 1 })
  const box: CaseBox | undefined = url.box ?? (waitsForCounts && counts.isPending ? undefined : defaultBox(role, counts.data?.counts))

  const [text, setText] = useState(url.q)
  const q = useDebouncedValue(text, 300)
  const setParam = (key: 'box' | 'q' | 'category', value: string | undefined) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true },
    )
  useEffect(() => {
    if (q.trim() !== url.q.trim()) setParam('q', q.trim() || undefined)
    // Only the typed text drives this; the URL follows it.
  }, [q])

  const cases = useCases(box ? listParams(box, url.q, url.category) : undefined)
  const items = cases.data?.pages.flatMap((p) => p.items) ?? []

  const tabLabel = (b: CaseBox) => {
    const n = counts.data?.counts[b]
    return (
      <span data-testid={`case-box-${b}`}>
        {t(`cases.box.${b}`)}
        {hasCount(b) && n !== undefined && n > 0 && (
          <Badge
            count={n}
            overflowCount={999}
            size="small"
            color={b === 'overdue' ? '#dc2626' : b === 'new' ? '#2563eb' : '#8c8c8c'}
            style={{ marginInlineStart: 6 }}
            data-testid={`case-box-count-${b}`}
            data-count={n}
          />
        )}
      </span>
    )
  }

  return (
    <div className="admin-page" data-testid="case-inbox" data-box={box ?? ''} data-loaded={box && !cases.isPending ? 'true' : 'false'}>
      <div className="admin-head">
        <h1 className="admin-title">{t('cases.inbox.title')}</h1>
        {canReport && (
          <Link to={casesPaths.newCase}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="case-report-new">
              {t('cases.inbox.report')}
            </Button>
          </Link>
        )}
      </div>
      <Tabs
        className="case-tabs"
        activeKey={box}
        onChange={(b) => setParam('box', b)}
        items={boxesOf(role).map((b) => ({ key: b, label: tabLabel(b) }))}
        data-testid="case-boxes"
      />
      <Space wrap className="admin-filters" style={{ marginBottom: 12 }}>
        <Input
          allowClear
          prefix={<SearchOutlined aria-hidden="true" />}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('cases.inbox.search')}
          aria-label={t('cases.inbox.search')}
          maxLength={100}
          autoComplete="off"
          data-testid="case-search"
          style={{ width: 320, maxWidth: '100%' }}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={url.category}
          placeholder={t('cases.inbox.category')}
          aria-label={t('cases.inbox.category')}
          onChange={(v) => setParam('category', v ?? undefined)}
          options={filterOptions(categories.data ?? [], lang, (name) => t('cases.inbox.allOf', { name }))}
          loading={categories.isPending}
          popupMatchSelectWidth={false}
          style={{ minWidth: 200 }}
          data-testid="case-filter-category"
        />
      </Space>
      {counts.isError && <ApiErrorAlert error={counts.error} />}
      {cases.isError && <ApiErrorAlert error={cases.error} />}
      {!box ? <Spin className="page-spin" /> : <CaseList items={items} loading={cases.isFetching && !cases.isFetchingNextPage} narrow={narrow} />}
      {items.length > 0 && (
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
          <span className="muted small" data-testid="case-count">
            {cases.hasNextPage ? t('cases.inbox.count', { count: fmt.number(items.length) }) : t('cases.inbox.countEnd', { count: fmt.number(items.length) })}
          </span>
          {cases.hasNextPage && (
            <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage} data-testid="case-more">
              {t('cases.inbox.more')}
            </Button>
          )}
        </div>
      )}
    </div>
  )
}
