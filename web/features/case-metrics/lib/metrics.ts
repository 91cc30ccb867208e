// The metrics page as data: the period (days in the page's address, instants for the API), the
// figures as shown (shares as percentages, hours or days to close), the links to "the cases behind
// this number" (the inbox reads box, area, metric, from and to), and the breadcrumb's trail.
import type { AreaRef, CaseMetrics } from '../../../../shared/cases/api-types'

/** A day as YYYY-MM-DD (local). */
export type Day = string

export interface Period {
  /** First day, inclusive. */
  from: Day
  /** Last day, inclusive. */
  to: Day
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** A local date as YYYY-MM-DD. */
export function dayOf(date: Date): Day {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The local midnight starting a day, or undefined when the text is no real day. */
export function dayStart(day: string): Date | undefined {
  const m = DAY.exec(day)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(y, mo - 1, d)
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : undefined
}

/** A day moved by whole months (the 31st of a short month runs over, as dates do). */
export function addMonths(day: Day, months: number): Day {
  const start = dayStart(day)
  if (!start) return day
  return dayOf(new Date(start.getFullYear(), start.getMonth() + months, start.getDate()))
}

export function addDays(day: Day, days: number): Day {
  const start = dayStart(day)
  if (!start) return day
  return dayOf(new Date(start.getFullYear(), start.getMonth(), start.getDate() + days))
}

/** The default period: the last twelve months, up to and including today. */
export function defaultPeriod(today: Day): Period {
  return { from: addDays(addMonths(today, -12), 1), to: today }
}

/**
 * The period of the page's address (?from=&to=, days; a whole timestamp counts by its local day),
 * each end defaulting to the last twelve months; ends given the wrong way round are swapped.
 */
export function periodOf(params: URLSearchParams, today: Day): Period {
  const fallback = defaultPeriod(today)
  const read = (name: string): Day | undefined => {
    const raw = params.get(name)
    if (!raw) return undefined
    if (dayStart(raw)) return raw
    const at = new Date(raw)
    return Number.isNaN(at.getTime()) ? undefined : dayOf(at)
  }
  const from = read('from') ?? fallback.from
  const to = read('to') ?? fallback.to
  return from <= to ? { from, to } : { from: to, to: from }
}

/** The period as the API's instants: from the first day's midnight to the midnight after the last day. */
export function periodInstants(period: Period): { from: string; to: string } {
  return { from: dayStart(period.from)!.toISOString(), to: dayStart(addDays(period.to, 1))!.toISOString() }
}

/** What the inbox can list behind a figure. */
export const METRIC_LINKS = ['first_line', 'on_time', 'late', 'reworked', 'rated', 'satisfied', 'closed', 'open', 'overdue'] as const
export type MetricLink = (typeof METRIC_LINKS)[number]

/**
 * "The cases behind this number": the inbox (box=all) of the area, the metric (none: every case
 * reported in the period) and the period as the API's instants.
 */
export function casesLink(area: string, metric: MetricLink | undefined, period: Period): string {
  const instants = periodInstants(period)
  const p = new URLSearchParams({ box: 'all', area })
  if (metric) p.set('metric', metric)
  p.set('from', instants.from)
  p.set('to', instants.to)
  return `/cases?${p.toString()}`
}

/** The page's own address for an area (the scope's code and the default period are left out). */
export function metricsSearch(area: string, period: Period, o: { scopeCode: string; today: Day }): string {
  const p = new URLSearchParams()
  if (area !== o.scopeCode) p.set('area', area)
  const d = defaultPeriod(o.today)
  if (period.from !== d.from || period.to !== d.to) {
    p.set('from', period.from)
    p.set('to', period.to)
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** Closed cases that were not closed on time (for the "late" link). */
export function lateCount(m: Pick<CaseMetrics, 'closed' | 'onTime'>): number {
  return Math.max(0, m.closed - m.onTime)
}

/** A share as a percentage with one decimal (null: nothing to divide by). */
export function percent(rate: number | null, format: (n: number, decimals: number) => string): string {
  return rate === null || !Number.isFinite(rate) ? '—' : `${format(rate * 100, 1)}%`
}

/** Hours to close as shown: under two days in hours, else in days (one decimal). */
export function durationParts(hours: number | null): { value: number; unit: 'hours' | 'days' } | null {
  if (hours === null || !Number.isFinite(hours)) return null
  if (hours < 48) return { value: Math.round(hours * 10) / 10, unit: 'hours' }
  return { value: Math.round((hours / 24) * 10) / 10, unit: 'days' }
}

/** The breadcrumb: the area's ancestors from the user's scope down to it (just the area when outside). */
export function trail<A extends Pick<AreaRef, 'code'>>(ancestors: readonly A[], area: A, scopeCode: string): A[] {
  const chain = [...ancestors, area]
  const i = chain.findIndex((a) => a.code === scopeCode)
  return i >= 0 ? chain.slice(i) : [area]
}

/** The bars of the children's chart: first-line and on-time shares in percent ('-' when there is none). */
export function chartSeries(children: readonly CaseMetrics[]): { names: string[]; firstLine: (number | '-')[]; onTime: (number | '-')[] } {
  const pct = (r: number | null): number | '-' => (r === null || !Number.isFinite(r) ? '-' : Math.round(r * 1000) / 10)
  return {
    names: children.map((c) => c.area.name),
    firstLine: children.map((c) => pct(c.firstLineRate)),
    onTime: children.map((c) => pct(c.onTimeRate)),
  }
}
