// The four lists of the places page — buildings, organizations, facilities, residents' concerns —
// each with its search and filters (in the URL), a table at a desk and cards on a phone, and "load
// more". A building opens its own page; the others open in a drawer.
import { Space, Tag } from 'antd'
import { useSearchParams } from 'react-router'
import { BUILDING_USES, CONCERN_THEMES, FACILITY_CLASSES, FACILITY_KINDS, FACILITY_STATES, HAZARD_GRADES, ORGANIZATION_KINDS } from '../../../../shared/registry/codes'
import { useI18n, type MessageKey } from '../../../shared/i18n'
import { useBuildingSearch } from '../api/building-queries'
import { useConcernSearch } from '../api/concern-queries'
import { useFacilitySearch } from '../api/facility-queries'
import { useOrganizationSearch } from '../api/organization-queries'
import { codeLabel, codeOptions } from '../lib/labels'
import { CONCERN_STATUS_COLOR, facilityKindLabel, FACILITY_STATE_COLOR, HAZARD_COLOR, RECORD_STATUS_COLOR } from '../lib/places-labels'
import { buildingParams, concernParams, facilityParams, organizationParams, queryText } from '../lib/places-params'
import type { BuildingSummary, ConcernSummary, FacilitySummary, OrganizationSummary, RecordStatus } from '../places-types'
import { AreaFilter, FilterSelect, SearchBox, useSearchText } from './places-filters'
import { PlacesResults } from './places-results'

const RECORD_STATUS_FILTERS = ['active', 'retired', 'any'] as const

function StatusFilter({ value, name }: { value: string | undefined; name: string }) {
  const { t } = useI18n()
  return (
    <FilterSelect
      param="status"
      value={value ?? 'active'}
      allowClear={false}
      placeholder={t('registry.field.status')}
      options={RECORD_STATUS_FILTERS.map((s) => ({ value: s, label: t(`places.statusFilter.${s}`) }))}
      testId={`${name}-filter-status`}
    />
  )
}

function RetiredTag({ status }: { status: RecordStatus }) {
  const { t } = useI18n()
  return status === 'active' ? null : (
    <Tag color={RECORD_STATUS_COLOR[status]} style={{ marginInlineStart: 6 }}>
      {t(`places.status.${status}`)}
    </Tag>
  )
}

const YES_NO = (t: (k: MessageKey) => string, yes: MessageKey, no: MessageKey) => [
  { value: '1', label: t(yes) },
  { value: '0', label: t(no) },
]

// --- buildings -----------------------------------------------------------------------------------------

export function BuildingList({ onOpen }: { onOpen: (b: BuildingSummary) => void }) {
  const { t, lang, fmt } = useI18n()
  const [search] = useSearchParams()
  const [text, setText] = useSearchText()
  const params = buildingParams(search, queryText(search.get('q')))
  const query = useBuildingSearch(params)
  const name = 'buildings'
  return (
    <div data-testid="building-list">
      <Space wrap className="admin-filters block" style={{ marginBottom: 12 }}>
        <SearchBox value={text} onChange={setText} placeholder={t('places.building.searchPlaceholder')} name={name} />
        <AreaFilter value={params.areaCode} name={name} />
        <FilterSelect param="use" value={params.use} placeholder={t('places.filter.use')} options={codeOptions(BUILDING_USES, lang)} testId={`${name}-filter-use`} />
        <FilterSelect param="hazard" value={params.hazardGrade} placeholder={t('places.filter.hazard')} options={codeOptions(HAZARD_GRADES, lang)} testId={`${name}-filter-hazard`} />
        <StatusFilter value={params.status} name={name} />
      </Space>
      <PlacesResults<BuildingSummary>
        query={query}
        name={name}
        onOpen={onOpen}
        empty={t('places.building.empty')}
        columns={[
          {
            key: 'name',
            title: t('places.field.building.name'),
            fixed: 'left',
            width: 180,
            render: (_, b) => (
              <span>
                <strong data-testid="building-row-name">{b.name}</strong>
                <RetiredTag status={b.status} />
              </span>
            ),
          },
          { key: 'address', title: t('places.field.address'), render: (_, b) => b.address },
          { key: 'use', title: t('places.field.building.use'), width: 100, render: (_, b) => codeLabel(BUILDING_USES, b.use, lang) },
          { key: 'floors', title: t('places.field.floors'), width: 70, align: 'right', render: (_, b) => (b.floors === null ? '—' : fmt.number(b.floors)) },
          { key: 'rooms', title: t('places.field.rooms'), width: 70, align: 'right', render: (_, b) => <span data-testid="building-row-rooms">{fmt.number(b.rooms)}</span> },
          { key: 'residents', title: t('places.field.residents'), width: 70, align: 'right', render: (_, b) => fmt.number(b.residents) },
          { key: 'hazard', title: t('places.field.hazardGrade'), width: 100, render: (_, b) => <Tag color={HAZARD_COLOR[b.hazardGrade]}>{codeLabel(HAZARD_GRADES, b.hazardGrade, lang)}</Tag> },
          { key: 'grid', title: t('registry.field.grid'), render: (_, b) => b.grid.name },
        ]}
        card={(b) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
              <strong data-testid="building-row-name">{b.name}</strong>
              <Tag color={HAZARD_COLOR[b.hazardGrade]}>{codeLabel(HAZARD_GRADES, b.hazardGrade, lang)}</Tag>
            </div>
            <div className="small">{b.address}</div>
            <div className="small muted">
              {codeLabel(BUILDING_USES, b.use, lang)} · {t('places.building.counts', { rooms: fmt.number(b.rooms), residents: fmt.number(b.residents) })} · {b.grid.name}
              <RetiredTag status={b.status} />
            </div>
          </>
        )}
      />
    </div>
  )
}

// --- organizations ---------------------------------------------------------------------------------------

export function OrganizationList({ onOpen }: { onOpen: (o: OrganizationSummary) => void }) {
  const { t, lang } = useI18n()
  const [search] = useSearchParams()
  const [text, setText] = useSearchText()
  const params = organizationParams(search, queryText(search.get('q')))
  const query = useOrganizationSearch(params)
  const name = 'organizations'
  return (
    <div data-testid="organization-list">
      <Space wrap className="admin-filters block" style={{ marginBottom: 12 }}>
        <SearchBox value={text} onChange={setText} placeholder={t('places.organization.searchPlaceholder')} name={name} />
        <AreaFilter value={params.areaCode} name={name} />
        <FilterSelect param="kind" value={params.kind} placeholder={t('places.filter.kind')} options={codeOptions(ORGANIZATION_KINDS, lang)} testId={`${name}-filter-kind`} />
        <FilterSelect
          param="key"
          value={params.keyPlace === undefined ? undefined : params.keyPlace ? '1' : '0'}
          placeholder={t('places.filter.keyPlace')}
          options={YES_NO(t, 'places.filter.keyPlaceYes', 'places.filter.keyPlaceNo')}
          testId={`${name}-filter-key`}
        />
        <StatusFilter value={params.status} name={name} />
      </Space>
      <PlacesResults<OrganizationSummary>
        query={query}
        name={name}
        onOpen={onOpen}
        empty={t('places.organization.empty')}
        columns={[
          {
            key: 'name',
            title: t('places.field.organization.name'),
            fixed: 'left',
            width: 200,
            render: (_, o) => (
              <span>
                <strong data-testid="organization-row-name">{o.name}</strong>
                {o.keyPlace && (
                  <Tag color="red" style={{ marginInlineStart: 6 }}>
                    {t('places.field.keyPlace')}
                  </Tag>
                )}
                <RetiredTag status={o.status} />
              </span>
            ),
          },
          { key: 'kind', title: t('places.field.organization.kind'), width: 140, render: (_, o) => codeLabel(ORGANIZATION_KINDS, o.kind, lang) },
          { key: 'creditCode', title: t('places.field.creditCode'), width: 190, render: (_, o) => <span className="code-text">{o.creditCode ?? '—'}</span> },
          { key: 'address', title: t('places.field.address'), render: (_, o) => o.address },
          { key: 'phone', title: t('places.field.phone'), width: 130, render: (_, o) => <span className="code-text">{o.phoneMasked ?? '—'}</span> },
          { key: 'grid', title: t('registry.field.grid'), render: (_, o) => o.grid.name },
        ]}
        card={(o) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
              <strong data-testid="organization-row-name">{o.name}</strong>
              <span className="small muted">{codeLabel(ORGANIZATION_KINDS, o.kind, lang)}</span>
            </div>
            {o.creditCode && <div className="code-text small">{o.creditCode}</div>}
            <div className="small muted">
              {o.address} · {o.grid.name}
              {o.keyPlace && (
                <Tag color="red" style={{ marginInlineStart: 6 }}>
                  {t('places.field.keyPlace')}
                </Tag>
              )}
              <RetiredTag status={o.status} />
            </div>
          </>
        )}
      />
    </div>
  )
}

// --- facilities -----------------------------------------------------------------------------------------

export function FacilityList({ onOpen }: { onOpen: (f: FacilitySummary) => void }) {
  const { t, lang } = useI18n()
  const [search] = useSearchParams()
  const [text, setText] = useSearchText()
  const params = facilityParams(search, queryText(search.get('q')))
  const query = useFacilitySearch(params)
  const name = 'facilities'
  return (
    <div data-testid="facility-list">
      <Space wrap className="admin-filters block" style={{ marginBottom: 12 }}>
        <SearchBox value={text} onChange={setText} placeholder={t('places.facility.searchPlaceholder')} name={name} />
        <AreaFilter value={params.areaCode} name={name} />
        <FilterSelect param="class" value={params.class} placeholder={t('places.filter.class')} options={codeOptions(FACILITY_CLASSES, lang)} testId={`${name}-filter-class`} />
        <FilterSelect param="fkind" value={params.kind} placeholder={t('places.filter.facilityKind')} options={codeOptions(FACILITY_KINDS, lang)} testId={`${name}-filter-kind`} />
        <FilterSelect param="state" value={params.state} placeholder={t('places.filter.state')} options={codeOptions(FACILITY_STATES, lang)} testId={`${name}-filter-state`} />
        <FilterSelect
          param="danger"
          value={params.hazard === undefined ? undefined : params.hazard ? '1' : '0'}
          placeholder={t('places.filter.hazardSource')}
          options={YES_NO(t, 'places.filter.hazardYes', 'places.filter.hazardNo')}
          testId={`${name}-filter-hazard`}
        />
        <StatusFilter value={params.status} name={name} />
      </Space>
      <PlacesResults<FacilitySummary>
        query={query}
        name={name}
        onOpen={onOpen}
        empty={t('places.facility.empty')}
        columns={[
          {
            key: 'name',
            title: t('places.field.facility.name'),
            fixed: 'left',
            width: 180,
            render: (_, f) => (
              <span>
                <strong data-testid="facility-row-name">{f.name}</strong>
                {f.hazard && (
                  <Tag color="red" style={{ marginInlineStart: 6 }}>
                    {t('places.field.facility.hazard')}
                  </Tag>
                )}
                <RetiredTag status={f.status} />
              </span>
            ),
          },
          { key: 'class', title: t('places.field.facility.class'), width: 130, render: (_, f) => codeLabel(FACILITY_CLASSES, f.class, lang) },
          { key: 'kind', title: t('places.field.facility.kind'), width: 120, render: (_, f) => facilityKindLabel(f.kind, lang) },
          { key: 'code', title: t('places.field.facility.code'), width: 140, render: (_, f) => <span className="code-text">{f.code ?? '—'}</span> },
          { key: 'state', title: t('places.field.facility.state'), width: 90, render: (_, f) => <Tag color={FACILITY_STATE_COLOR[f.state]}>{codeLabel(FACILITY_STATES, f.state, lang)}</Tag> },
          { key: 'grid', title: t('registry.field.grid'), render: (_, f) => f.grid.name },
        ]}
        card={(f) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
              <strong data-testid="facility-row-name">{f.name}</strong>
              <Tag color={FACILITY_STATE_COLOR[f.state]}>{codeLabel(FACILITY_STATES, f.state, lang)}</Tag>
            </div>
            <div className="small muted">
              {codeLabel(FACILITY_CLASSES, f.class, lang)} · {facilityKindLabel(f.kind, lang)}
              {f.code ? ` · ${f.code}` : ''} · {f.grid.name}
              <RetiredTag status={f.status} />
            </div>
          </>
        )}
      />
    </div>
  )
}

// --- concerns -------------------------------------------------------------------------------------------

const CONCERN_STATUS_FILTERS = ['open', 'converted', 'closed'] as const

export function ConcernList({ onOpen }: { onOpen: (c: ConcernSummary) => void }) {
  const { t, lang, fmt } = useI18n()
  const [search] = useSearchParams()
  const params = concernParams(search)
  const query = useConcernSearch(params)
  const name = 'concerns'
  return (
    <div data-testid="concern-list">
      <Space wrap className="admin-filters block" style={{ marginBottom: 12 }}>
        <AreaFilter value={params.areaCode} name={name} />
        <FilterSelect param="theme" value={params.theme} placeholder={t('places.filter.theme')} options={codeOptions(CONCERN_THEMES, lang)} testId={`${name}-filter-theme`} />
        <FilterSelect
          param="cstatus"
          value={params.status}
          placeholder={t('places.filter.concernStatus')}
          options={CONCERN_STATUS_FILTERS.map((s) => ({ value: s, label: t(`places.concernStatus.${s}`) }))}
          testId={`${name}-filter-status`}
        />
      </Space>
      <PlacesResults<ConcernSummary>
        query={query}
        name={name}
        onOpen={onOpen}
        empty={t('places.concern.empty')}
        columns={[
          { key: 'at', title: t('places.field.concern.noted'), width: 150, render: (_, c) => fmt.dateTime(c.createdAt) },
          { key: 'theme', title: t('places.field.concern.theme'), width: 110, render: (_, c) => codeLabel(CONCERN_THEMES, c.theme, lang) },
          {
            key: 'content',
            title: t('places.field.concern.content'),
            render: (_, c) => (
              <span data-testid="concern-row-content" style={{ display: 'block', maxWidth: 420, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {c.content}
              </span>
            ),
          },
          { key: 'resident', title: t('places.field.concern.resident'), width: 110, render: (_, c) => c.residentName ?? '—' },
          { key: 'status', title: t('registry.field.status'), width: 90, render: (_, c) => <Tag color={CONCERN_STATUS_COLOR[c.status]}>{t(`places.concernStatus.${c.status}`)}</Tag> },
          { key: 'grid', title: t('registry.field.grid'), render: (_, c) => c.grid.name },
        ]}
        card={(c) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
              <strong>{codeLabel(CONCERN_THEMES, c.theme, lang)}</strong>
              <Tag color={CONCERN_STATUS_COLOR[c.status]}>{t(`places.concernStatus.${c.status}`)}</Tag>
            </div>
            <div className="small" data-testid="concern-row-content" style={{ overflow: 'hidden', textOverflow: 'ellipsis', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical' }}>
              {c.content}
            </div>
            <div className="small muted">
              {fmt.dateTime(c.createdAt)} · {c.residentName ?? '—'} · {c.grid.name}
            </div>
          </>
        )}
      />
    </div>
  )
}
