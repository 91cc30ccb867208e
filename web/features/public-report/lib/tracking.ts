// Tracking numbers (261126-K7QM3X: the day, then six letters and digits) as residents type them —
// full-width characters, spaces, other dashes or none, lower case — the page's paths, the API's
// plain-language texts in the page's language, and the reports this device has sent (kept in
// localStorage only, so a resident who lost the number can still find it on their own phone).
import type { Lang } from '../../../shared/i18n'

/** The server's pattern (public.routes.ts), after upper-casing. */
export const TRACKING_PATTERN = /^[0-9]{6}-[A-Z2-9]{6}$/

/** A typed number as the server writes it, or as typed (cleaned) when it cannot be one. */
export function normalizeTrackingNumber(raw: string): string {
  const folded = raw.normalize('NFKC').toUpperCase()
  const compact = folded.replace(/\s+/g, '').replace(/[‐-―−_－ー]/g, '-').replace(/-+/g, '-')
  if (/^[0-9]{6}[A-Z0-9]{6}$/.test(compact)) return `${compact.slice(0, 6)}-${compact.slice(6)}`
  return compact
}

export function isTrackingNumber(value: string): boolean {
  return TRACKING_PATTERN.test(value)
}

export const publicPaths = {
  report: '/report',
  track: (number?: string) => (number ? `/track/${encodeURIComponent(number)}` : '/track'),
}

/** The API's { zh, en } text in the page's language. */
export function localText(text: { zh: string; en: string }, lang: Lang): string {
  return lang === 'en-US' ? text.en : text.zh
}

export const RECENT_REPORTS_KEY = 'frontline.public.reports'
export const RECENT_REPORTS_MAX = 10

export interface RecentReport {
  number: string
  at: string
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function storage(): KeyValueStore | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/** The reports sent from this device, newest first (nothing when storage is unavailable or damaged). */
export function recentReports(store: KeyValueStore | undefined = storage()): RecentReport[] {
  let raw: string | null = null
  try {
    raw = store?.getItem(RECENT_REPORTS_KEY) ?? null
  } catch {
    return []
  }
  if (!raw) return []
  try {
    const parsed: unknown = JSON.parse(raw)
    if (!Array.isArray(parsed)) return []
    return parsed
      .filter((r): r is RecentReport => !!r && typeof r === 'object' && typeof (r as RecentReport).number === 'string' && typeof (r as RecentReport).at === 'string')
      .filter((r) => isTrackingNumber(r.number))
      .slice(0, RECENT_REPORTS_MAX)
  } catch {
    return []
  }
}

/** Remembers a report sent from this device (first in the list, at most RECENT_REPORTS_MAX kept). */
export function rememberReport(number: string, at: Date = new Date(), store: KeyValueStore | undefined = storage()): RecentReport[] {
  const next = [{ number, at: at.toISOString() }, ...recentReports(store).filter((r) => r.number !== number)].slice(0, RECENT_REPORTS_MAX)
  try {
    store?.setItem(RECENT_REPORTS_KEY, JSON.stringify(next))
  } catch {
    // Private mode without storage: the number is only on the screen.
  }
  return next
}

/** Forgets the reports of this device (a shared phone). */
export function forgetReports(store: KeyValueStore | undefined = storage()): void {
  try {
    store?.removeItem(RECENT_REPORTS_KEY)
  } catch {
    // Nothing stored.
  }
}
