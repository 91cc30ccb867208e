// Work calendar for case time limits (办理时限), shared by server and web: pure, no I/O.
//
// Limits are counted in calendar time or in working time. Working time runs only inside the working
// periods (default 09:00–12:00 and 13:00–17:00 local time) of working days: Monday–Friday, minus the
// official holidays on weekdays, plus the make-up working days (调休上班) on weekends.
//
// Everything is computed in integer milliseconds of "local time" (UTC + a fixed offset; China has
// no daylight saving), and whole days are skipped arithmetically: counting the working days in a
// range is O(log exceptions), so addLimit and elapsedIn do not depend on the length of the limit.

import { CHINA_HOLIDAYS } from './holidays.ts'

export type LimitUnit = 'calendar_hours' | 'working_hours' | 'working_days' | 'calendar_days'
export const LIMIT_UNITS: readonly LimitUnit[] = Object.freeze(['calendar_hours', 'working_hours', 'working_days', 'calendar_days'])

export type DayKind = 'holiday' | 'workday'
export const DAY_KINDS: readonly DayKind[] = Object.freeze(['holiday', 'workday'])

export interface CalendarDay {
  /** YYYY-MM-DD, local date. */
  date: string
  kind: DayKind
  /** e.g. '春节' or '春节调休上班'. */
  name: string
}

export interface WorkCalendarSpec {
  /** Exceptions to the Monday–Friday rule: a holiday on a weekday, or a weekend day that is worked. */
  days: readonly CalendarDay[]
  /** Working periods of a working day as local minutes since midnight, ascending and non-overlapping; default [[540,720],[780,1020]] (09:00–12:00, 13:00–17:00). */
  periods?: readonly (readonly [number, number])[]
  /** Offset of local time from UTC in minutes; default 480 (Asia/Shanghai, no daylight saving). */
  utcOffsetMinutes?: number
}

export const DEFAULT_PERIODS: readonly (readonly [number, number])[] = Object.freeze([
  Object.freeze([540, 720] as const),
  Object.freeze([780, 1020] as const),
])
export const DEFAULT_UTC_OFFSET_MINUTES = 480
export const MAX_DAY_NAME_LENGTH = 20

/** Precomputed calendar. Treat as opaque: build it with workCalendar() and pass it back to this module. */
export interface WorkCalendar {
  readonly periods: readonly (readonly [number, number])[]
  readonly utcOffsetMinutes: number
  readonly offsetMs: number
  /** Period bounds in ms since local midnight. */
  readonly starts: readonly number[]
  readonly ends: readonly number[]
  /** Working ms in one working day. */
  readonly dayMs: number
  /** Local day number (days since 1970-01-01) → working?, only for days that differ from Monday–Friday. */
  readonly exceptions: ReadonlyMap<number, boolean>
  /** The same days sorted, and prefix sums of their effect (+1 worked weekend day, −1 weekday holiday). */
  readonly exceptionDays: readonly number[]
  readonly exceptionPrefix: readonly number[]
}

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** Largest |ms| a Date can hold. */
const MAX_DATE_MS = 8.64e15

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01). Own arithmetic rather than Date.UTC, which maps
// years 0–99 to 1900–1999 and whose parsing of impossible dates differs between engines.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b)
}

function mod(a: number, b: number): number {
  return a - b * Math.floor(a / b)
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = floorDiv(y, 400)
  const yoe = y - era * 400
  const doy = floorDiv(153 * (month > 2 ? month - 3 : month + 9) + 2, 5) + day - 1
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy
  return era * 146_097 + doe - 719_468
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468
  const era = floorDiv(z, 146_097)
  const doe = z - era * 146_097
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36_524) - floorDiv(doe, 146_096), 365)
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100))
  const mp = floorDiv(5 * doy + 2, 153)
  const day = doy - floorDiv(153 * mp + 2, 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day]
}

/** The day number of a real YYYY-MM-DD date, or undefined. */
function parseIsoDay(iso: string): number | undefined {
  const m = ISO_DATE.exec(iso)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1) return undefined
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const monthDays = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
  return day > monthDays ? undefined : daysFromCivil(year, month, day)
}

function isoOfDay(days: number): string {
  const [y, m, d] = civilFromDays(days)
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(days: number): number {
  return mod(days + 4, 7)
}

function isWeekend(days: number): boolean {
  const wd = weekday(days)
  return wd === 0 || wd === 6
}

// ---------------------------------------------------------------------------------------------
// Building and validating

/**
 * Precomputes a calendar. Throws a RangeError listing the problems if checkCalendarSpec finds any:
 * a wrong calendar would silently give wrong deadlines.
 */
export function workCalendar(spec: WorkCalendarSpec): WorkCalendar {
  const problems = checkCalendarSpec(spec)
  if (problems.length > 0) {
    throw new RangeError(`invalid work calendar: ${problems.map((p) => `${p.pointer || '/'} ${p.problem}`).join(', ')}`)
  }
  const periods = (spec.periods ?? DEFAULT_PERIODS).map(([s, e]) => Object.freeze([s, e] as const))
  const utcOffsetMinutes = spec.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES
  const starts = periods.map(([s]) => s * MINUTE_MS)
  const ends = periods.map(([, e]) => e * MINUTE_MS)
  const dayMs = periods.reduce((sum, [s, e]) => sum + (e - s) * MINUTE_MS, 0)

  const exceptions = new Map<number, boolean>()
  for (const { date, kind } of spec.days) exceptions.set(parseIsoDay(date) as number, kind === 'workday')
  const exceptionDays = [...exceptions.keys()].sort((a, b) => a - b)
  const exceptionPrefix = [0]
  for (const day of exceptionDays) {
    exceptionPrefix.push((exceptionPrefix.at(-1) as number) + (exceptions.get(day) ? 1 : -1))
  }

  return Object.freeze({
    periods: Object.freeze(periods),
    utcOffsetMinutes,
    offsetMs: utcOffsetMinutes * MINUTE_MS,
    starts,
    ends,
    dayMs,
    exceptions,
    exceptionDays,
    exceptionPrefix,
  })
}

let defaultCalendar: WorkCalendar | undefined

/** The calendar with the official Chinese holidays and make-up days of 2025 and 2026 (CHINA_HOLIDAYS). */
export function defaultWorkCalendar(): WorkCalendar {
  defaultCalendar ??= workCalendar({ days: CHINA_HOLIDAYS })
  return defaultCalendar
}

export interface CalendarProblem {
  /** JSON pointer into the spec, e.g. '/days/3/date'; '' for the spec itself. */
  pointer: string
  /**
   * not_object, not_array, invalid_date, duplicate_date, invalid_kind, invalid_name,
   * holiday_on_weekend, workday_on_weekday (both at the day, e.g. '/days/3'), no_periods, not_pair,
   * not_integer, out_of_range, empty_period, not_ascending, overlapping.
   */
  problem: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Validates a spec (for the admin's editor and the API). Returns every problem, in document
 * order; an empty list means workCalendar() accepts it.
 */
export function checkCalendarSpec(spec: unknown): CalendarProblem[] {
  const problems: CalendarProblem[] = []
  const add = (pointer: string, problem: string) => problems.push({ pointer, problem })
  if (!isRecord(spec)) {
    add('', 'not_object')
    return problems
  }

  if (!Array.isArray(spec.days)) add('/days', 'not_array')
  else {
    const seen = new Set<number>()
    spec.days.forEach((day: unknown, i) => {
      const at = `/days/${i}`
      if (!isRecord(day)) return add(at, 'not_object')
      const n = typeof day.date === 'string' ? parseIsoDay(day.date) : undefined
      if (n === undefined) add(`${at}/date`, 'invalid_date')
      else if (seen.has(n)) add(`${at}/date`, 'duplicate_date')
      else seen.add(n)
      if (day.kind !== 'holiday' && day.kind !== 'workday') add(`${at}/kind`, 'invalid_kind')
      // Listing a weekend holiday would be harmless, but it hints at a wrong date or a wrong kind.
      else if (n !== undefined && day.kind === 'holiday' && isWeekend(n)) add(at, 'holiday_on_weekend')
      else if (n !== undefined && day.kind === 'workday' && !isWeekend(n)) add(at, 'workday_on_weekday')
      if (typeof day.name !== 'string' || day.name.trim() === '' || [...day.name].length > MAX_DAY_NAME_LENGTH) {
        add(`${at}/name`, 'invalid_name')
      }
    })
  }

  if (spec.periods !== undefined) {
    if (!Array.isArray(spec.periods)) add('/periods', 'not_array')
    else if (spec.periods.length === 0) add('/periods', 'no_periods')
    else {
      // Against all earlier valid periods, not only the previous one: [[0,1000],[100,200],[300,400]].
      let lastStart = -1
      let lastEnd = -1
      spec.periods.forEach((period: unknown, i) => {
        const at = `/periods/${i}`
        if (!Array.isArray(period) || period.length !== 2) return add(at, 'not_pair')
        let ok = true
        for (const j of [0, 1]) {
          const minute: unknown = period[j]
          if (typeof minute !== 'number' || !Number.isInteger(minute)) add(`${at}/${j}`, 'not_integer')
          else if (minute < 0 || minute > 1440) add(`${at}/${j}`, 'out_of_range')
          else continue
          ok = false
        }
        if (!ok) return
        const [start, end] = period as [number, number]
        if (start >= end) return add(at, 'empty_period')
        if (start < lastStart) add(at, 'not_ascending')
        else if (start < lastEnd) add(at, 'overlapping')
        lastStart = Math.max(lastStart, start)
        lastEnd = Math.max(lastEnd, end)
      })
    }
  }

  const offset = spec.utcOffsetMinutes
  if (offset !== undefined) {
    if (typeof offset !== 'number' || !Number.isInteger(offset)) add('/utcOffsetMinutes', 'not_integer')
    // UTC−12:00 … UTC+14:00, the offsets in use.
    else if (offset < -720 || offset > 840) add('/utcOffsetMinutes', 'out_of_range')
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// Working days

function isWorkingDayNumber(cal: WorkCalendar, days: number): boolean {
  return cal.exceptions.get(days) ?? !isWeekend(days)
}

/**
 * Working days before day `days`, counted from an arbitrary origin (only differences matter).
 * Weekdays come from a closed formula, exceptions from a binary search.
 */
function workingDaysBefore(cal: WorkCalendar, days: number): number {
  const n = days + 3 // days since Monday 1969-12-29
  const weekdays = floorDiv(n, 7) * 5 + Math.min(mod(n, 7), 5)
  const list = cal.exceptionDays
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((list[mid] as number) < days) lo = mid + 1
    else hi = mid
  }
  return weekdays + (cal.exceptionPrefix[lo] as number)
}

/** The `k`-th (k ≥ 1) working day after day `days`. */
function nthWorkingDayAfter(cal: WorkCalendar, days: number, k: number): number {
  const base = workingDaysBefore(cal, days + 1)
  let end = days
  let count = 0
  // A day adds at most one working day, so stepping k − count days never overshoots; the steps
  // shrink geometrically (about 2/7 of the rest is weekends), so few iterations are needed.
  while (count < k) {
    end += k - count
    count = workingDaysBefore(cal, end + 1) - base
  }
  while (!isWorkingDayNumber(cal, end)) end--
  return end
}

// ---------------------------------------------------------------------------------------------
// Working time inside one day (ms since local midnight)

/** Working ms of a working day before time of day `t`. */
function workedBefore(cal: WorkCalendar, t: number): number {
  let sum = 0
  for (let i = 0; i < cal.starts.length; i++) {
    const start = cal.starts[i] as number
    if (t <= start) break
    sum += Math.min(t, cal.ends[i] as number) - start
  }
  return sum
}

/** The time of day at which `worked` (0 < worked ≤ dayMs) working ms are reached; a period's end rather than the next start. */
function timeAtWorked(cal: WorkCalendar, worked: number): number {
  let rest = worked
  for (let i = 0; i < cal.starts.length; i++) {
    const start = cal.starts[i] as number
    const length = (cal.ends[i] as number) - start
    if (rest <= length) return start + rest
    rest -= length
  }
  return cal.ends.at(-1) as number // only reached through rounding
}

/** The UTC ms at which `work` working ms after UTC ms `from` have been accumulated. */
function addWorkingMs(cal: WorkCalendar, from: number, work: number): number {
  if (work === 0) return from
  const local = from + cal.offsetMs
  const day = floorDiv(local, DAY_MS)
  const time = local - day * DAY_MS
  let rest = work
  if (isWorkingDayNumber(cal, day)) {
    const before = workedBefore(cal, time)
    if (rest <= cal.dayMs - before) return day * DAY_MS + timeAtWorked(cal, before + rest) - cal.offsetMs
    rest -= cal.dayMs - before
  }
  // The deadline is on the k-th working day after `day`, with 0 < rest ≤ dayMs left for that day.
  let k = Math.ceil(rest / cal.dayMs)
  rest -= (k - 1) * cal.dayMs
  if (rest > cal.dayMs) {
    // the division rounded down
    k += 1
    rest -= cal.dayMs
  }
  if (k > MAX_DATE_MS / DAY_MS) throw new RangeError('deadline out of range')
  const target = nthWorkingDayAfter(cal, day, k)
  return target * DAY_MS + timeAtWorked(cal, rest) - cal.offsetMs
}

/** Working ms between UTC ms `a` and `b` (a < b). */
function workingMsBetween(cal: WorkCalendar, a: number, b: number): number {
  const la = a + cal.offsetMs
  const lb = b + cal.offsetMs
  const da = floorDiv(la, DAY_MS)
  const db = floorDiv(lb, DAY_MS)
  const ta = la - da * DAY_MS
  const tb = lb - db * DAY_MS
  if (da === db) return isWorkingDayNumber(cal, da) ? workedBefore(cal, tb) - workedBefore(cal, ta) : 0
  let sum = isWorkingDayNumber(cal, da) ? cal.dayMs - workedBefore(cal, ta) : 0
  sum += (workingDaysBefore(cal, db) - workingDaysBefore(cal, da + 1)) * cal.dayMs
  if (isWorkingDayNumber(cal, db)) sum += workedBefore(cal, tb)
  return sum
}

// ---------------------------------------------------------------------------------------------
// Public API

function instantMs(date: Date, what: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a valid date`)
  return ms
}

function dayNumberOf(isoDate: string): number {
  const n = parseIsoDay(isoDate)
  if (n === undefined) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`)
  return n
}

export function isWorkingDay(cal: WorkCalendar, isoDate: string): boolean {
  return isWorkingDayNumber(cal, dayNumberOf(isoDate))
}

/** The local date (YYYY-MM-DD) of an instant in the calendar's time zone. */
export function localIsoDate(cal: WorkCalendar, instant: Date): string {
  return isoOfDay(floorDiv(instantMs(instant, 'instant') + cal.offsetMs, DAY_MS))
}

/** Working minutes in one working day (sum of the periods; 420 by default). */
export function workingDayMinutes(cal: WorkCalendar): number {
  return cal.dayMs / MINUTE_MS
}

/**
 * The deadline: `amount` units after `start`, rounded to the millisecond (a Date's resolution).
 * Working units count only working time; a start outside it counts from the next working period,
 * and a deadline at the end of a period stays there. Amount 0 returns the start unchanged.
 */
export function addLimit(cal: WorkCalendar, start: Date, amount: number, unit: LimitUnit): Date {
  const from = instantMs(start, 'start')
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`invalid limit amount: ${amount}`)
  let deadline: number
  switch (unit) {
    case 'calendar_hours':
      deadline = from + amount * HOUR_MS
      break
    case 'calendar_days':
      deadline = from + amount * DAY_MS
      break
    case 'working_hours':
      deadline = addWorkingMs(cal, from, amount * HOUR_MS)
      break
    case 'working_days':
      deadline = addWorkingMs(cal, from, amount * cal.dayMs)
      break
    default:
      throw new RangeError(`unknown limit unit: ${String(unit satisfies never)}`)
  }
  deadline = Math.round(deadline)
  if (!(Math.abs(deadline) <= MAX_DATE_MS)) throw new RangeError('deadline out of range')
  return new Date(deadline)
}

/** Working minutes between two instants (only the parts inside working periods of working days); 0 if end <= start. */
export function workingMinutesBetween(cal: WorkCalendar, start: Date, end: Date): number {
  const a = instantMs(start, 'start')
  const b = instantMs(end, 'end')
  return b <= a ? 0 : workingMsBetween(cal, a, b) / MINUTE_MS
}

/** Time used between `start` and `end` (0 if end <= start), in `unit` (fractional). */
export function elapsedIn(cal: WorkCalendar, start: Date, end: Date, unit: LimitUnit): number {
  const a = instantMs(start, 'start')
  const b = instantMs(end, 'end')
  if (b <= a) return 0
  switch (unit) {
    case 'calendar_hours':
      return (b - a) / HOUR_MS
    case 'calendar_days':
      return (b - a) / DAY_MS
    case 'working_hours':
      return workingMsBetween(cal, a, b) / HOUR_MS
    case 'working_days':
      return workingMsBetween(cal, a, b) / cal.dayMs
    default:
      throw new RangeError(`unknown limit unit: ${String(unit satisfies never)}`)
  }
}
