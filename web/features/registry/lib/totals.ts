// The area dashboard's figures from GET /registry/areas/:code/totals: the statistic cards, the
// lists' bars (every care list; special groups only when the answer has them — the server leaves
// them out for roles that may not see them), the children's rows, and the breadcrumb trail from the
// user's scope down to the area.
import { LIST_CODES, LIST_DEFINITIONS, type ListCode } from '../../../../shared/registry/lists'
import type { AreaRef, AreaTotals } from '../types'

export type Totals = Record<string, number>

/** A metric's count (0 when the area has none: zero counts are not sent). */
export const count = (totals: Totals, metric: string): number => totals[metric] ?? 0

/** The sum of every metric starting with `prefix` (e.g. 'concern.'). */
export function sumOf(totals: Totals, prefix: string): number {
  let n = 0
  for (const [k, v] of Object.entries(totals)) if (k.startsWith(prefix)) n += v
  return n
}

/** The statistic cards, in order: metric (or metrics summed) and message key of the title. */
export const CARD_METRICS = [
  { id: 'person', metrics: ['person'] },
  { id: 'registered', metrics: ['person.registered'] },
  { id: 'floating', metrics: ['person.floating'] },
  { id: 'unsettled', metrics: ['person.unsettled'] },
  { id: 'overseas', metrics: ['person.overseas'] },
  { id: 'male', metrics: ['person.sex.1'] },
  { id: 'female', metrics: ['person.sex.2'] },
  { id: 'household', metrics: ['household'] },
  { id: 'building', metrics: ['building'] },
  { id: 'organization', metrics: ['organization'] },
  { id: 'facility', metrics: ['facility'] },
  { id: 'facilityBroken', metrics: ['facility.damaged', 'facility.missing', 'facility.occupied'] },
  { id: 'concernOpen', metrics: ['concern.open'] },
] as const
export type CardId = (typeof CARD_METRICS)[number]['id']

export function cardValues(totals: Totals): { id: CardId; value: number }[] {
  return CARD_METRICS.map((c) => ({ id: c.id, value: c.metrics.reduce((n, m) => n + count(totals, m), 0) }))
}

export interface ListBar {
  code: ListCode
  kind: 'special' | 'care'
  value: number
}

/** Bars of the lists: every care list (zero included), special groups only when present in the data. */
export function listBars(totals: Totals): ListBar[] {
  return LIST_CODES.filter((c) => LIST_DEFINITIONS[c].kind === 'care' || `list.${c}` in totals).map((c) => ({
    code: c,
    kind: LIST_DEFINITIONS[c].kind,
    value: count(totals, `list.${c}`),
  }))
}

/** People on lists of one kind (an entry per list: someone on two lists counts twice). */
export function listSum(totals: Totals, kind: 'special' | 'care'): number {
  return LIST_CODES.filter((c) => LIST_DEFINITIONS[c].kind === kind).reduce((n, c) => n + count(totals, `list.${c}`), 0)
}

export interface ChildRow {
  area: AreaRef
  person: number
  registered: number
  floating: number
  household: number
  building: number
  care: number
  special: number
  concernOpen: number
}

export function childRows(t: AreaTotals): ChildRow[] {
  return t.children.map((c) => ({
    area: c.area,
    person: count(c.totals, 'person'),
    registered: count(c.totals, 'person.registered'),
    floating: count(c.totals, 'person.floating'),
    household: count(c.totals, 'household'),
    building: count(c.totals, 'building'),
    care: listSum(c.totals, 'care'),
    special: listSum(c.totals, 'special'),
    concernOpen: count(c.totals, 'concern.open'),
  }))
}

/** Whether any area in the answer has special-group counts (the column is shown only then). */
export const hasSpecial = (t: AreaTotals): boolean => listSum(t.totals, 'special') > 0

/**
 * The breadcrumb from the user's scope down to the area (ancestors above the scope are not theirs
 * to open). When the scope is not among them, only the area itself.
 */
export function trail(ancestors: readonly AreaRef[], area: AreaRef, scopeCode: string): AreaRef[] {
  const chain = [...ancestors, area]
  const i = chain.findIndex((a) => a.code === scopeCode)
  return i >= 0 ? chain.slice(i) : [area]
}
