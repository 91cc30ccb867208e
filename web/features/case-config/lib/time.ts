// Local times of day as the admin types them (HH:MM, 00:00–24:00) and as the server keeps them
// (minutes since midnight, 0–1440), and the dates of the work calendar (YYYY-MM-DD) without Date
// parsing (which differs between engines and maps years 0–99 to 1900–1999).

/** 540 → '09:00', 1440 → '24:00'. */
export function minutesToHhmm(minutes: number): string {
  const m = Math.max(0, Math.min(1440, Math.round(minutes)))
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/** '09:00', '9:00', '0900' → 540; '24:00' → 1440; anything else (25:00, 12:60, 24:30, '') → undefined. */
export function hhmmToMinutes(text: string): number | undefined {
  const m = /^\s*(\d{1,2}):?(\d{2})\s*$/.exec(text)
  if (!m) return undefined
  const h = Number(m[1])
  const min = Number(m[2])
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined
  return h * 60 + min
}

/** Working minutes of a day from HH:MM periods (the ones that read and are not empty). */
export function periodMinutes(periods: readonly { start: string; end: string }[]): number {
  let sum = 0
  for (const p of periods) {
    const s = hhmmToMinutes(p.start)
    const e = hhmmToMinutes(p.end)
    if (s !== undefined && e !== undefined && e > s) sum += e - s
  }
  return sum
}

export interface IsoDate {
  year: number
  month: number
  day: number
}

/** A real YYYY-MM-DD date, or undefined. */
export function parseIsoDate(text: string): IsoDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return { year, month, day }
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** 0 = Sunday … 6 = Saturday (proleptic Gregorian). */
export function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return d.getUTCDay()
}

/** The weekday of a YYYY-MM-DD date, or undefined when it is not one. */
export function weekdayOfIso(text: string): number | undefined {
  const d = parseIsoDate(text)
  return d ? weekdayOf(d.year, d.month, d.day) : undefined
}

export function isWeekendIso(text: string): boolean | undefined {
  const wd = weekdayOfIso(text)
  return wd === undefined ? undefined : wd === 0 || wd === 6
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The year of a date as typed ('2027-01-01' → 2027), when it starts with four digits. */
export function yearOf(text: string): number | undefined {
  const m = /^(\d{4})-/.exec(text)
  return m ? Number(m[1]) : undefined
}

export interface MonthCell {
  /** YYYY-MM-DD. */
  date: string
  day: number
  weekday: number
}

/**
 * The weeks of a month for a calendar grid that starts on Monday (as calendars in China do): each
 * week has seven cells, null outside the month.
 */
export function monthWeeks(year: number, month: number): (MonthCell | null)[][] {
  const first = weekdayOf(year, month, 1)
  const lead = (first + 6) % 7 // Monday = 0
  const cells: (MonthCell | null)[] = Array.from({ length: lead }, () => null)
  const n = daysInMonth(year, month)
  for (let day = 1; day <= n; day++) cells.push({ date: isoDate(year, month, day), day, weekday: (first + day - 1) % 7 })
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: (MonthCell | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}
