// The places page's state in its URL: the tab (?tab=), the search text (?q=: names, addresses and
// codes of places — never personal data) and each tab's filters. Values the page does not know are
// dropped, so an edited or stale link still opens a working page.
import { BUILDING_USES, CONCERN_THEMES, FACILITY_CLASSES, FACILITY_KINDS, FACILITY_STATES, HAZARD_GRADES, ORGANIZATION_KINDS, type CodeList } from '../../../../shared/registry/codes'
import {
  PLACES_TABS,
  type BuildingSearchParams,
  type ConcernSearchParams,
  type ConcernStatus,
  type FacilitySearchParams,
  type HazardGrade,
  type OrganizationSearchParams,
  type PlacesTab,
  type RecordStatusFilter,
} from '../places-types'

const AREA = /^\d{6}(\d{3}){0,3}$/
const RECORD_STATUSES: readonly RecordStatusFilter[] = ['active', 'retired', 'any']
const CONCERN_STATUSES: readonly ConcernStatus[] = ['open', 'converted', 'closed']

const inList = (list: CodeList, v: string | null): string | undefined => (v && list.some((e) => e.code === v) ? v : undefined)
const yesNo = (v: string | null): boolean | undefined => (v === '1' ? true : v === '0' ? false : undefined)

export function tabOf(search: URLSearchParams): PlacesTab {
  const t = search.get('tab')
  return PLACES_TABS.includes(t as PlacesTab) ? (t as PlacesTab) : 'buildings'
}

/** The search text as the API takes it (1–100 characters), or undefined. */
export function queryText(raw: string | null | undefined): string | undefined {
  const t = (raw ?? '').normalize('NFC').trim()
  return t === '' ? undefined : [...t].slice(0, 100).join('')
}

const common = (search: URLSearchParams) => {
  const area = search.get('area')
  const status = search.get('status')
  return {
    areaCode: area && AREA.test(area) ? area : undefined,
    status: RECORD_STATUSES.includes(status as RecordStatusFilter) ? (status as RecordStatusFilter) : undefined,
  }
}

export function buildingParams(search: URLSearchParams, q?: string): BuildingSearchParams {
  return { q, ...common(search), use: inList(BUILDING_USES, search.get('use')), hazardGrade: inList(HAZARD_GRADES, search.get('hazard')) as HazardGrade | undefined }
}

export function organizationParams(search: URLSearchParams, q?: string): OrganizationSearchParams {
  return { q, ...common(search), kind: inList(ORGANIZATION_KINDS, search.get('kind')), keyPlace: yesNo(search.get('key')) }
}

export function facilityParams(search: URLSearchParams, q?: string): FacilitySearchParams {
  return {
    q,
    ...common(search),
    class: inList(FACILITY_CLASSES, search.get('class')),
    kind: inList(FACILITY_KINDS, search.get('fkind')),
    state: inList(FACILITY_STATES, search.get('state')),
    hazard: yesNo(search.get('danger')),
  }
}

export function concernParams(search: URLSearchParams): ConcernSearchParams {
  const area = search.get('area')
  const status = search.get('cstatus')
  return {
    areaCode: area && AREA.test(area) ? area : undefined,
    theme: inList(CONCERN_THEMES, search.get('theme')),
    status: CONCERN_STATUSES.includes(status as ConcernStatus) ? (status as ConcernStatus) : undefined,
  }
}

/** The URL parameters of each tab's own filters (the area, search text and tab are shared). */
export const TAB_FILTER_KEYS: Readonly<Record<PlacesTab, readonly string[]>> = {
  buildings: ['use', 'hazard', 'status'],
  organizations: ['kind', 'key', 'status'],
  facilities: ['class', 'fkind', 'state', 'danger', 'status'],
  concerns: ['theme', 'cstatus'],
}

/** The search after switching to `tab`: the area stays; the text and the other tabs' filters go. */
export function switchTab(search: URLSearchParams, tab: PlacesTab): URLSearchParams {
  const next = new URLSearchParams()
  const area = search.get('area')
  if (area) next.set('area', area)
  if (tab !== 'buildings') next.set('tab', tab)
  for (const k of TAB_FILTER_KEYS[tab]) {
    const v = search.get(k)
    if (v) next.set(k, v)
  }
  return next
}
