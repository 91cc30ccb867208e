// /registry — finding people: one search box (a name's first characters, or a whole ID number or
// mobile number), filters (area, list, residence category, status) kept in the URL, the results
// newest first with "load more" along the server's cursor. A table at a desk, cards on a phone.
// The search text is not put into the URL (it can be an ID number); it is remembered in memory for
// the same account while the app is open, so coming back from a person finds the same results.
// "Export Excel" exports what the filters and search select; "Import" opens the spreadsheet import.
import { CloseOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Grid, Input, Select, Space, Spin, Table, Tag } from 'antd'
import { useEffect, useMemo, useState, type HTMLAttributes, type KeyboardEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { RESIDENCE_CATEGORIES, SEXES, PERSON_STATUSES } from '../../../../shared/registry/codes'
import { isListCode } from '../../../../shared/registry/lists'
import { AreaPicker } from '../../areas'
import { useAuth } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'
import { usePeopleSearch } from '../api/search-people'
import { choosableLists } from '../lib/list-form'
import { codeLabel, listLabel, STATUS_COLOR } from '../lib/labels'
import { importPaths } from '../lib/import-paths'
import { registryPaths } from '../lib/paths'
import { personProblemText } from '../lib/problems'
import { readSearchTerm, searchQ } from '../lib/search-term'
import type { PeopleSearchParams, PersonStatusFilter, PersonSummary, ResidenceCategory } from '../types'
import { ListTags } from './list-tags'
import { PeopleExport } from './people-export'

/** The last search text per account, in memory only (never stored, gone on reload). */
let remembered: { accountId: number; text: string } | undefined

const STATUS_FILTERS: readonly PersonStatusFilter[] = ['active', 'moved_out', 'deceased', 'retired', 'any']

function paramsFrom(search: URLSearchParams, special: boolean): Omit<PeopleSearchParams, 'q'> {
  const list = search.get('list')
  const category = search.get('category')
  const status = search.get('status')
  const area = search.get('area')
  return {
    areaCode: area && /^\d{6}(\d{3}){0,3}$/.test(area) ? area : undefined,
    list: isListCode(list) && choosableLists(special).includes(list) ? list : undefined,
    residenceCategory: RESIDENCE_CATEGORIES.some((c) => c.code === category) ? (category as ResidenceCategory) : undefined,
    status: STATUS_FILTERS.includes(status as PersonStatusFilter) ? (status as PersonStatusFilter) : undefined,
  }
}

export function PeopleSearch() {
  const { t, tryT, lang, fmt } = useI18n()
  const { can, session } = useAuth()
  const accountId = session?.account.id ?? 0
  const navigate = useNavigate()
  const screens = Grid.useBreakpoint()
  const narrow = !screens.md
  const [search, setSearch] = useSearchParams()
  const special = can('registry.special')
  const filters = paramsFrom(search, special)
  const [text, setText] = useState(() => (remembered?.accountId === accountId ? remembered.text : ''))
  useEffect(() => {
    remembered = { accountId, text }
  }, [accountId, text])
  const term = readSearchTerm(useDebouncedValue(text, 300))
  const q = searchQ(term)
  const waiting = term.kind === 'partialNumber' || term.kind === 'badIdNumber'
  const params: PeopleSearchParams = useMemo(() => ({ q, ...filters }), [q, filters.areaCode, filters.list, filters.residenceCategory, filters.status])
  const people = usePeopleSearch(params, !waiting)
  const items = people.data?.pages.flatMap((p) => p.items) ?? []
  const hasMore = people.hasNextPage

  const setFilter = (key: 'area' | 'list' | 'category' | 'status', value: string | undefined) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true },
    )
  const open = (p: PersonSummary) => navigate(registryPaths.person(p.id))

  return (
    <div className="admin-page registry-page" data-testid="people-search">
      <div className="admin-head">
        <h1 className="admin-title">{t('registry.search.title')}</h1>
        <Space wrap>
          {can('registry.read') && <PeopleExport params={params} disabled={waiting} />}
          {can('registry.write') && (
            <Link to={importPaths.page}>
              <Button icon={<UploadOutlined />} data-testid="people-import">
                {t('registry.import.button')}
              </Button>
            </Link>
          )}
          {can('registry.write') && (
            <Link to={registryPaths.newPerson}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="person-new">
                {t('registry.search.new')}
              </Button>
            </Link>
          )}
        </Space>
      </div>
      <div className="block">
        <Input
          allowClear
          size="large"
          prefix={<SearchOutlined aria-hidden="true" />}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('registry.search.placeholder')}
          aria-label={t('registry.search.placeholder')}
          aria-describedby="people-search-hint"
          autoComplete="off"
          spellCheck={false}
          data-testid="people-search-input"
          style={{ maxWidth: 560 }}
        />
        <div
          id="people-search-hint"
          className="small"
          style={{ marginTop: 4, color: term.kind === 'badIdNumber' ? '#b91c1c' : 'rgba(0, 0, 0, 0.55)' }}
          data-testid="people-search-hint"
          data-kind={term.kind}
        >
          {term.kind === 'partialNumber'
            ? t('registry.search.partial', { digits: term.digits })
            : term.kind === 'badIdNumber'
              ? t('registry.search.badId', { problems: term.problems.map((p) => personProblemText(tryT, 'idNumber', p) ?? p).join(t('registry.problemSeparator')) })
              : t('registry.search.hint')}
        </div>
      </div>
      <Space wrap className="admin-filters block" style={{ marginBottom: 12 }} data-testid="people-filters">
        <Space.Compact>
          <AreaPicker value={filters.areaCode} onChange={(c) => setFilter('area', c)} style={{ minWidth: 220 }} data-testid="people-filter-area" />
          {filters.areaCode && <Button icon={<CloseOutlined />} onClick={() => setFilter('area', undefined)} aria-label={t('registry.search.clearArea')} data-testid="people-filter-area-clear" />}
        </Space.Compact>
        <Select<string>
          allowClear
          value={filters.list}
          placeholder={t('registry.search.list')}
          aria-label={t('registry.search.list')}
          onChange={(v) => setFilter('list', v ?? undefined)}
          options={choosableLists(special).map((c) => ({ value: c, label: listLabel(c, lang) }))}
          popupMatchSelectWidth={false}
          style={{ minWidth: 150 }}
          data-testid="people-filter-list"
        />
        <Select<string>
          allowClear
          value={filters.residenceCategory}
          placeholder={t('registry.search.category')}
          aria-label={t('registry.search.category')}
          onChange={(v) => setFilter('category', v ?? undefined)}
          options={RESIDENCE_CATEGORIES.map((c) => ({ value: c.code, label: lang === 'zh-CN' ? c.zh : c.en }))}
          popupMatchSelectWidth={false}
          style={{ minWidth: 140 }}
          data-testid="people-filter-category"
        />
        <Select<PersonStatusFilter>
          value={filters.status ?? 'active'}
          aria-label={t('registry.field.status')}
          onChange={(v) => setFilter('status', v === 'active' ? undefined : v)}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: s === 'any' ? t('registry.status.any') : codeLabel(PERSON_STATUSES, s, lang) }))}
          popupMatchSelectWidth={false}
          style={{ minWidth: 110 }}
          data-testid="people-filter-status"
        />
      </Space>
      {people.isError && <ApiErrorAlert error={people.error} />}
      {waiting ? null : narrow ? (
        <PersonCards items={items} loading={people.isPending} />
      ) : (
        <Table<PersonSummary>
          size="small"
          rowKey="id"
          loading={people.isFetching && !people.isFetchingNextPage}
          dataSource={items}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="people-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.search.empty')} /> }}
          rowClassName={() => 'clickable-row'}
          onRow={(p) =>
            ({
              onClick: () => open(p),
              onKeyDown: (e: KeyboardEvent) => {
                if (e.key === 'Enter') open(p)
              },
              tabIndex: 0,
              'data-testid': 'person-row',
              'data-person-id': p.id,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: 'name',
              title: t('registry.field.name'),
              fixed: 'left',
              width: 150,
              render: (_, p) => (
                <span>
                  <Link to={registryPaths.person(p.id)} onClick={(e) => e.stopPropagation()} className="search-option-name" data-testid="person-name">
                    {p.name}
                  </Link>
                  {p.status !== 'active' && (
                    <Tag color={STATUS_COLOR[p.status]} style={{ marginInlineStart: 6 }}>
                      {codeLabel(PERSON_STATUSES, p.status, lang)}
                    </Tag>
                  )}
                </span>
              ),
            },
            { key: 'sex', title: t('registry.field.sex'), width: 60, render: (_, p) => codeLabel(SEXES, p.sex, lang) },
            { key: 'age', title: t('registry.field.age'), width: 60, align: 'right', render: (_, p) => fmt.number(p.age) },
            { key: 'id', title: t('registry.field.idNumber'), width: 190, render: (_, p) => <span className="code-text" data-testid="person-id-masked">{p.idNumberMasked}</span> },
            { key: 'phone', title: t('registry.field.phone'), width: 130, render: (_, p) => <span className="code-text">{p.phoneMasked ?? '—'}</span> },
            { key: 'grid', title: t('registry.field.grid'), render: (_, p) => p.grid.name },
            { key: 'category', title: t('registry.field.residenceCategory'), render: (_, p) => codeLabel(RESIDENCE_CATEGORIES, p.residenceCategory, lang) },
            { key: 'lists', title: t('registry.field.lists'), render: (_, p) => <ListTags lists={p.lists} /> },
          ]}
        />
      )}
      {!waiting && items.length > 0 && (
        <div className="load-more" style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
          <span className="muted small" data-testid="people-count">
            {hasMore ? t('registry.search.count', { count: fmt.number(items.length) }) : t('registry.search.countEnd', { count: fmt.number(items.length) })}
          </span>
          {hasMore && (
            <Button onClick={() => void people.fetchNextPage()} loading={people.isFetchingNextPage} data-testid="people-more">
              {t('registry.search.more')}
            </Button>
          )}
        </div>
      )}
    </div>
  )
}

/** Results on a phone: one card per person, the whole card a link. */
function PersonCards({ items, loading }: { items: PersonSummary[]; loading: boolean }) {
  const { t, lang } = useI18n()
  if (loading) return <Spin className="page-spin" />
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.search.empty')} data-testid="people-cards" />
  return (
    <div className="person-cards" data-testid="people-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {items.map((p) => (
        <Link key={p.id} to={registryPaths.person(p.id)} data-testid="person-card" data-person-id={p.id} style={{ color: 'inherit', display: 'block' }}>
          <Card size="small" hoverable>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
              <strong data-testid="person-name">{p.name}</strong>
              <span className="muted">
                {codeLabel(SEXES, p.sex, lang)} · {t('registry.years', { age: p.age })}
                {p.status !== 'active' && <Tag style={{ marginInlineStart: 6 }}>{codeLabel(PERSON_STATUSES, p.status, lang)}</Tag>}
              </span>
            </div>
            <div className="code-text small" data-testid="person-id-masked" style={{ overflowWrap: 'anywhere' }}>
              {p.idNumberMasked}
              {p.phoneMasked ? ` · ${p.phoneMasked}` : ''}
            </div>
            <div className="small muted" style={{ overflowWrap: 'anywhere' }}>
              {p.grid.name} · {codeLabel(RESIDENCE_CATEGORIES, p.residenceCategory, lang)}
            </div>
            <ListTags lists={p.lists} />
          </Card>
        </Link>
      ))}
    </div>
  )
}
