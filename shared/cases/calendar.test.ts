import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addLimit,
  checkCalendarSpec,
  defaultWorkCalendar,
  elapsedIn,
  isWorkingDay,
  LIMIT_UNITS,
  localIsoDate,
  workCalendar,
  workingDayMinutes,
  workingMinutesBetween,
  type CalendarDay,
  type LimitUnit,
  type WorkCalendar,
  type WorkCalendarSpec,
} from './calendar.ts'
import { CHINA_HOLIDAYS } from './holidays.ts'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

const cal = defaultWorkCalendar()

/** An instant given as Xining local time, 'YYYY-MM-DD HH:mm'. */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`)
/** Xining local time of an instant, 'YYYY-MM-DD HH:mm' (whole minutes only). */
function local(date: Date): string {
  expect(date.getTime() % MINUTE).toBe(0)
  return new Date(date.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ')
}
const deadline = (start: string, amount: number, unit: LimitUnit, c: WorkCalendar = cal): string =>
  local(addLimit(c, at(start), amount, unit))

// ---------------------------------------------------------------------------------------------

describe('holidays', () => {
  // The arrangements as the State Council notices state them: whole days off, and make-up days.
  const OFF: [string, string][] = [
    ['2025-01-01', '2025-01-01'],
    ['2025-01-28', '2025-02-04'],
    ['2025-04-04', '2025-04-06'],
    ['2025-05-01', '2025-05-05'],
    ['2025-05-31', '2025-06-02'],
    ['2025-10-01', '2025-10-08'],
    ['2026-01-01', '2026-01-03'],
    ['2026-02-15', '2026-02-23'],
    ['2026-04-04', '2026-04-06'],
    ['2026-05-01', '2026-05-05'],
    ['2026-06-19', '2026-06-21'],
    ['2026-09-25', '2026-09-27'],
    ['2026-10-01', '2026-10-07'],
  ]
  const MAKE_UP = [
    '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
    '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
  ]

  it('agree with the official arrangements on every day of 2025 and 2026', () => {
    const wrong: string[] = []
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += DAY) {
      const date = new Date(t).toISOString().slice(0, 10)
      const weekend = [0, 6].includes(new Date(t).getUTCDay())
      const off = OFF.some(([from, to]) => from <= date && date <= to)
      const expected = MAKE_UP.includes(date) || (!weekend && !off)
      if (isWorkingDay(cal, date) !== expected) wrong.push(date)
    }
    expect(wrong).toEqual([])
  })

  it.each([
    ['2026-02-16', false], // Monday, 春节
    ['2026-02-14', true], // Saturday, make-up day
    ['2026-02-28', true], // Saturday, make-up day
    ['2026-10-08', true], // Thursday after 国庆节 2026 (only Oct 1–7 off)
    ['2025-10-08', false], // Wednesday, 国庆节、中秋节 2025 (Oct 1–8 off)
    ['2026-09-20', true], // Sunday, make-up day
    ['2026-03-14', false], // an ordinary Saturday
    ['2026-03-10', true], // an ordinary Tuesday
    ['2027-02-08', true], // 2027 is not in the data: plain Monday–Friday until the admin adds it
  ])('%s is a working day: %s', (date, working) => {
    expect(isWorkingDay(cal, date)).toBe(working)
  })

  it('lists only exceptions, valid, sorted, with make-up days named as such', () => {
    expect(checkCalendarSpec({ days: CHINA_HOLIDAYS })).toEqual([])
    const dates = CHINA_HOLIDAYS.map((d) => d.date)
    expect(dates).toEqual([...dates].sort())
    for (const day of CHINA_HOLIDAYS) expect(day.name.endsWith('调休上班')).toBe(day.kind === 'workday')
  })

  it('refuses malformed dates', () => {
    for (const bad of ['2026-02-30', '2025-02-29', '2100-02-29', '2026-13-01', '2026-2-16', '', '2026-02-16T00:00']) {
      expect(() => isWorkingDay(cal, bad)).toThrow(RangeError)
    }
    expect(isWorkingDay(cal, '2024-02-29')).toBe(true) // Thursday of a leap year
    expect(isWorkingDay(cal, '2000-02-29')).toBe(true) // Tuesday; 2000 is a leap year
  })
})

// ---------------------------------------------------------------------------------------------

describe('addLimit and elapsedIn, worked examples (default calendar, +08:00)', () => {
  it('counts a make-up Sunday: 4 working hours from Friday 2026-09-18 16:00', () => {
    // Fri 16:00–17:00 = 1 h; Sat 09-19 off; Sun 09-20 is 国庆节调休上班: 09:00–12:00 = 3 h → 12:00,
    // the end of a period, which stays the deadline (not 13:00).
    expect(deadline('2026-09-18 16:00', 4, 'working_hours')).toBe('2026-09-20 12:00')
    expect(elapsedIn(cal, at('2026-09-18 16:00'), at('2026-09-20 12:00'), 'working_hours')).toBe(4)
    expect(elapsedIn(cal, at('2026-09-18 16:00'), at('2026-09-20 12:00'), 'working_days')).toBeCloseTo(4 / 7, 12)
  })

  it('starts in the lunch break at 13:00', () => {
    // Tue 2026-03-10 12:30: nothing counts until 13:00; 2 h → 15:00.
    expect(deadline('2026-03-10 12:30', 2, 'working_hours')).toBe('2026-03-10 15:00')
    expect(workingMinutesBetween(cal, at('2026-03-10 11:30'), at('2026-03-10 13:30'))).toBe(60)
  })

  it('starts before 09:00 at 09:00', () => {
    // Tue 07:45: 09:00–12:00 = 3 h, then 13:00–13:30 = 0.5 h → 13:30.
    expect(deadline('2026-03-10 07:45', 3.5, 'working_hours')).toBe('2026-03-10 13:30')
  })

  it('starts at 17:00 exactly on the next working day', () => {
    // Tue 17:00: the day is used up; Wed 09:00–10:00 → 10:00. Nothing elapses overnight.
    expect(deadline('2026-03-10 17:00', 1, 'working_hours')).toBe('2026-03-11 10:00')
    expect(workingMinutesBetween(cal, at('2026-03-10 17:00'), at('2026-03-11 09:00'))).toBe(0)
    // Fri 17:00 + 1 h → Mon 10:00.
    expect(deadline('2026-03-13 17:00', 1, 'working_hours')).toBe('2026-03-16 10:00')
  })

  it('starts on a holiday at the next working day', () => {
    // Mon 2026-02-16 (春节): Feb 16–20 and 23 are holidays, 21–22 a weekend; Tue 02-24 09:00–10:00.
    expect(deadline('2026-02-16 10:00', 1, 'working_hours')).toBe('2026-02-24 10:00')
    expect(workingMinutesBetween(cal, at('2026-02-16 00:00'), at('2026-02-24 00:00'))).toBe(0)
  })

  it('keeps a deadline at the end of a period', () => {
    // Tue 09:00 + 3 h = 12:00 (not 13:00); + 7 h = 17:00 (not Wed 09:00); 1 working day likewise.
    expect(deadline('2026-03-10 09:00', 3, 'working_hours')).toBe('2026-03-10 12:00')
    expect(deadline('2026-03-10 09:00', 7, 'working_hours')).toBe('2026-03-10 17:00')
    expect(deadline('2026-03-10 09:00', 1, 'working_days')).toBe('2026-03-10 17:00')
    // From the end of a period the next one is used: 12:00 + 1 h = 14:00.
    expect(deadline('2026-03-10 12:00', 1, 'working_hours')).toBe('2026-03-10 14:00')
  })

  it('returns the start itself for amount 0, even outside working time', () => {
    expect(deadline('2026-02-16 03:17', 0, 'working_hours')).toBe('2026-02-16 03:17')
    expect(deadline('2026-03-10 12:30', 0, 'working_days')).toBe('2026-03-10 12:30')
  })

  it('counts working days as 420 working minutes each', () => {
    expect(workingDayMinutes(cal)).toBe(420)
    // Tue 10:00: Tue 360 min + Wed 420 min + Thu 60 min = 840 min = 2 days → Thu 10:00.
    expect(deadline('2026-03-10 10:00', 2, 'working_days')).toBe('2026-03-12 10:00')
    expect(elapsedIn(cal, at('2026-03-10 10:00'), at('2026-03-12 10:00'), 'working_days')).toBe(2)
    // 0.5 day = 210 min from Tue 09:00: 180 min to 12:00, 30 min after 13:00 → 13:30.
    expect(deadline('2026-03-10 09:00', 0.5, 'working_days')).toBe('2026-03-10 13:30')
  })

  it('skips the Spring Festival 2026: 2 working days from Friday 2026-02-13 10:00', () => {
    // Fri 02-13 10:00–17:00 = 360 min; Sat 02-14 (make-up) = 420 → 780; Feb 15–23 off (holidays and
    // a weekend); Tue 02-24 09:00 + 60 min → 10:00.
    expect(deadline('2026-02-13 10:00', 2, 'working_days')).toBe('2026-02-24 10:00')
    // Thu 02-12 15:00: 120 + Fri 420 = 540; Sat 02-14: 180 by 12:00, 120 more → Sat 15:00.
    expect(deadline('2026-02-12 15:00', 2, 'working_days')).toBe('2026-02-14 15:00')
    expect(elapsedIn(cal, at('2026-02-13 10:00'), at('2026-02-24 10:00'), 'working_hours')).toBe(14)
  })

  it('ignores the calendar for calendar units', () => {
    // Across 国庆节 2026: 48 h and 3 days of plain time.
    expect(deadline('2026-09-30 10:00', 48, 'calendar_hours')).toBe('2026-10-02 10:00')
    expect(deadline('2026-09-30 10:00', 3, 'calendar_days')).toBe('2026-10-03 10:00')
    expect(deadline('2026-09-30 10:00', 1.5, 'calendar_days')).toBe('2026-10-01 22:00')
    expect(elapsedIn(cal, at('2026-09-30 10:00'), at('2026-10-03 10:00'), 'calendar_days')).toBe(3)
    expect(elapsedIn(cal, at('2026-09-30 10:00'), at('2026-10-03 10:00'), 'calendar_hours')).toBe(72)
    // The same span holds only Wed 09-30 10:00–17:00 of working time.
    expect(elapsedIn(cal, at('2026-09-30 10:00'), at('2026-10-03 10:00'), 'working_hours')).toBe(6)
  })

  it('returns 0 elapsed when the end is not after the start', () => {
    for (const unit of LIMIT_UNITS) {
      expect(elapsedIn(cal, at('2026-03-10 10:00'), at('2026-03-10 10:00'), unit)).toBe(0)
      expect(elapsedIn(cal, at('2026-03-11 10:00'), at('2026-03-10 10:00'), unit)).toBe(0)
    }
  })

  it('handles custom periods 08:30–12:00 and 14:30–18:00', () => {
    const c = workCalendar({ days: CHINA_HOLIDAYS, periods: [[510, 720], [870, 1080]] })
    expect(workingDayMinutes(c)).toBe(420)
    // Tue 11:00: 11:00–12:00 = 1 h, 14:30–15:30 = 1 h → 15:30.
    expect(deadline('2026-03-10 11:00', 2, 'working_hours', c)).toBe('2026-03-10 15:30')
    // Tue 13:00 is in the long lunch break; 1 day from 08:00 ends at 18:00.
    expect(deadline('2026-03-10 13:00', 0.5, 'working_hours', c)).toBe('2026-03-10 15:00')
    expect(deadline('2026-03-10 08:00', 1, 'working_days', c)).toBe('2026-03-10 18:00')
    // Tue 17:00 + 2 h: 17:00–18:00, then Wed 08:30–09:30.
    expect(deadline('2026-03-10 17:00', 2, 'working_hours', c)).toBe('2026-03-11 09:30')
  })

  it('handles a custom calendar', () => {
    const days: CalendarDay[] = [
      { date: '2026-03-11', kind: 'holiday', name: '地方节日' }, // Wednesday
      { date: '2026-03-14', kind: 'workday', name: '调休上班' }, // Saturday
    ]
    const c = workCalendar({ days })
    // Tue 16:00–17:00 = 1 h; Wed off; Thu 09:00–10:00 → Thu 10:00.
    expect(deadline('2026-03-10 16:00', 2, 'working_hours', c)).toBe('2026-03-12 10:00')
    // Fri 03-13 16:00: 1 h, then Sat 03-14 (worked) 09:00–10:00.
    expect(deadline('2026-03-13 16:00', 2, 'working_hours', c)).toBe('2026-03-14 10:00')
    // Without the official data, the Spring Festival is an ordinary week.
    expect(isWorkingDay(c, '2026-02-16')).toBe(true)
    expect(deadline('2026-02-16 10:00', 1, 'working_hours', c)).toBe('2026-02-16 11:00')
  })

  it('uses the offset of the calendar', () => {
    // A UTC calendar: 09:00–12:00 UTC is 17:00–20:00 in Xining.
    const c = workCalendar({ days: [], utcOffsetMinutes: 0 })
    expect(addLimit(c, new Date('2026-03-10T08:00:00Z'), 1, 'working_hours').toISOString()).toBe('2026-03-10T10:00:00.000Z')
    expect(localIsoDate(c, new Date('2026-03-10T23:30:00Z'))).toBe('2026-03-10')
    expect(localIsoDate(cal, new Date('2026-03-10T23:30:00Z'))).toBe('2026-03-11')
  })

  it('skips whole days, also for very long limits', () => {
    // After 2026 every week has 5 working days: 100 000 working days from Mon 2027-01-04 09:00 are
    // 20 000 weeks, ending on a Friday at 17:00, 19 999 weeks + 4 days later.
    const end = addLimit(cal, at('2027-01-04 09:00'), 100_000, 'working_days')
    expect(end.getTime()).toBe(at('2027-01-04 17:00').getTime() + (19_999 * 7 + 4) * DAY)
    expect(elapsedIn(cal, at('2027-01-04 09:00'), end, 'working_days')).toBe(100_000)
  })

  it('is fast: 100 000 deadlines of 20 working days', () => {
    const from = at('2025-01-01 00:00').getTime()
    const started = performance.now()
    for (let i = 0; i < 100_000; i++) addLimit(cal, new Date(from + ((i * 7_919_993) % (730 * DAY))), 20, 'working_days')
    expect(performance.now() - started).toBeLessThan(3000) // about 100 ms; a minute-by-minute loop takes minutes
  })

  it('refuses bad amounts, dates and units', () => {
    const start = at('2026-03-10 10:00')
    for (const amount of [-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const unit of LIMIT_UNITS) expect(() => addLimit(cal, start, amount, unit)).toThrow(RangeError)
    }
    expect(() => addLimit(cal, new Date(Number.NaN), 1, 'working_hours')).toThrow(RangeError)
    expect(() => addLimit(cal, start, 1, 'weeks' as LimitUnit)).toThrow(RangeError)
    expect(() => elapsedIn(cal, start, new Date(Number.NaN), 'working_hours')).toThrow(RangeError)
    expect(() => addLimit(cal, start, 1e300, 'working_days')).toThrow(RangeError)
    expect(() => addLimit(cal, start, 1e300, 'calendar_hours')).toThrow(RangeError)
  })
})

// ---------------------------------------------------------------------------------------------

describe('checkCalendarSpec', () => {
  const day = (date: unknown, kind: unknown = 'holiday', name: unknown = '春节') => ({ date, kind, name })

  it('accepts valid specs', () => {
    expect(checkCalendarSpec({ days: [] })).toEqual([])
    expect(checkCalendarSpec({ days: CHINA_HOLIDAYS, periods: [[510, 720], [870, 1080]], utcOffsetMinutes: 480 })).toEqual([])
    expect(checkCalendarSpec({ days: [], periods: [[0, 720], [720, 1440]], utcOffsetMinutes: -720 })).toEqual([]) // touching is fine
    expect(checkCalendarSpec({ days: [day('2026-02-16', 'holiday', '一二三四五六七八九十一二三四五六七八九十')] })).toEqual([]) // 20 chars
  })

  it.each([null, 'x', 42, [], undefined])('refuses a spec that is not an object: %j', (spec) => {
    expect(checkCalendarSpec(spec)).toEqual([{ pointer: '', problem: 'not_object' }])
  })

  it('refuses missing days', () => {
    expect(checkCalendarSpec({})).toEqual([{ pointer: '/days', problem: 'not_array' }])
    expect(checkCalendarSpec({ days: {} })).toEqual([{ pointer: '/days', problem: 'not_array' }])
  })

  it('reports every bad day with its pointer', () => {
    const days = [
      day('2026-02-16'), // 0: fine
      'x', // 1
      day('2026-02-30'), // 2: no such date
      day('2026-2-17'), // 3: not YYYY-MM-DD
      day(20260217), // 4: not a string
      day('2026-02-16'), // 5: twice
      day('2026-02-17', 'vacation'), // 6
      day('2026-02-15'), // 7: a Sunday holiday is no exception
      day('2026-02-13', 'workday', '调休上班'), // 8: a Friday is worked anyway
      day('2026-02-18', 'holiday', ''), // 9
      day('2026-02-19', 'holiday', '   '), // 10
      day('2026-02-20', 'holiday', '一二三四五六七八九十一二三四五六七八九十一'), // 11: 21 chars
      { date: '2026-02-23', kind: 'holiday' }, // 12: no name
      day(null, null, null), // 13: everything at once
    ]
    expect(checkCalendarSpec({ days })).toEqual([
      { pointer: '/days/1', problem: 'not_object' },
      { pointer: '/days/2/date', problem: 'invalid_date' },
      { pointer: '/days/3/date', problem: 'invalid_date' },
      { pointer: '/days/4/date', problem: 'invalid_date' },
      { pointer: '/days/5/date', problem: 'duplicate_date' },
      { pointer: '/days/6/kind', problem: 'invalid_kind' },
      { pointer: '/days/7', problem: 'holiday_on_weekend' },
      { pointer: '/days/8', problem: 'workday_on_weekday' },
      { pointer: '/days/9/name', problem: 'invalid_name' },
      { pointer: '/days/10/name', problem: 'invalid_name' },
      { pointer: '/days/11/name', problem: 'invalid_name' },
      { pointer: '/days/12/name', problem: 'invalid_name' },
      { pointer: '/days/13/date', problem: 'invalid_date' },
      { pointer: '/days/13/kind', problem: 'invalid_kind' },
      { pointer: '/days/13/name', problem: 'invalid_name' },
    ])
  })

  it.each([
    ['x', [{ pointer: '/periods', problem: 'not_array' }]],
    [[], [{ pointer: '/periods', problem: 'no_periods' }]],
    [[[540]], [{ pointer: '/periods/0', problem: 'not_pair' }]],
    [[540, 720], [{ pointer: '/periods/0', problem: 'not_pair' }, { pointer: '/periods/1', problem: 'not_pair' }]],
    [[[720, 540]], [{ pointer: '/periods/0', problem: 'empty_period' }]],
    [[[540, 540]], [{ pointer: '/periods/0', problem: 'empty_period' }]],
    [[[-1, 720], [780, 1441]], [{ pointer: '/periods/0/0', problem: 'out_of_range' }, { pointer: '/periods/1/1', problem: 'out_of_range' }]],
    [[[540.5, 720], ['780', 1020]], [{ pointer: '/periods/0/0', problem: 'not_integer' }, { pointer: '/periods/1/0', problem: 'not_integer' }]],
    [[[540, 720], [700, 800]], [{ pointer: '/periods/1', problem: 'overlapping' }]],
    [[[780, 1020], [540, 720]], [{ pointer: '/periods/1', problem: 'not_ascending' }]],
    [[[0, 1000], [100, 200], [300, 400]], [{ pointer: '/periods/1', problem: 'overlapping' }, { pointer: '/periods/2', problem: 'overlapping' }]],
  ])('refuses periods %j', (periods, problems) => {
    expect(checkCalendarSpec({ days: [], periods })).toEqual(problems)
  })

  it.each([
    [480.5, 'not_integer'],
    ['480', 'not_integer'],
    [Number.NaN, 'not_integer'],
    [900, 'out_of_range'],
    [-721, 'out_of_range'],
  ])('refuses utcOffsetMinutes %j', (utcOffsetMinutes, problem) => {
    expect(checkCalendarSpec({ days: [], utcOffsetMinutes })).toEqual([{ pointer: '/utcOffsetMinutes', problem }])
  })

  it('reports problems of all parts at once', () => {
    const spec = { days: [day('2026-02-16'), day('2026-02-16', 'workday')], periods: [[540, 720], [600, 1500]], utcOffsetMinutes: '+08:00' }
    expect(checkCalendarSpec(spec)).toEqual([
      { pointer: '/days/1/date', problem: 'duplicate_date' },
      { pointer: '/days/1', problem: 'workday_on_weekday' },
      { pointer: '/periods/1/1', problem: 'out_of_range' },
      { pointer: '/utcOffsetMinutes', problem: 'not_integer' },
    ])
  })

  it('is enforced by workCalendar', () => {
    expect(() => workCalendar({ days: [day('2026-02-15') as CalendarDay] })).toThrow(/\/days\/0 holiday_on_weekend/)
    expect(() => workCalendar({ days: [], periods: [] })).toThrow(RangeError)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties, against the default calendar and random custom ones.

const FROM = at('2025-01-01 00:00').getTime()
const SPAN_DAYS = 730 // 2025–2026

/** A random calendar: 1–4 periods, up to 30 exceptions in 2025–2026, any offset. */
const customSpec: fc.Arbitrary<WorkCalendarSpec> = fc
  .record({
    bounds: fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2, maxLength: 8 }),
    exceptionDays: fc.uniqueArray(fc.integer({ min: 0, max: SPAN_DAYS }), { maxLength: 30 }),
    utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
  })
  .map(({ bounds, exceptionDays, utcOffsetMinutes }) => {
    const sorted = [...bounds].sort((a, b) => a - b)
    const periods: [number, number][] = []
    for (let i = 0; i + 1 < sorted.length; i += 2) periods.push([sorted[i] as number, sorted[i + 1] as number])
    const days = exceptionDays.map((n): CalendarDay => {
      const t = Date.UTC(2025, 0, 1) + n * DAY
      const weekend = [0, 6].includes(new Date(t).getUTCDay())
      return { date: new Date(t).toISOString().slice(0, 10), kind: weekend ? 'workday' : 'holiday', name: '测试' }
    })
    return { days, periods, utcOffsetMinutes }
  })

const defaultSpec: WorkCalendarSpec = { days: CHINA_HOLIDAYS }
const anySpec = fc.oneof({ arbitrary: fc.constant(defaultSpec), weight: 2 }, { arbitrary: customSpec, weight: 1 })

/** Instants in 2025–2026: anywhere, or on (and next to) the default period bounds. */
const instant = fc
  .oneof(
    fc.integer({ min: FROM, max: FROM + SPAN_DAYS * DAY - 1 }),
    fc
      .tuple(fc.integer({ min: 0, max: SPAN_DAYS - 1 }), fc.constantFrom(0, 539, 540, 541, 719, 720, 750, 780, 1019, 1020, 1439), fc.constantFrom(0, 1, -1))
      .map(([day, minute, ms]) => FROM + day * DAY + minute * MINUTE + ms),
  )
  .map((ms) => new Date(ms))

const unit = fc.constantFrom(...LIMIT_UNITS)

function unitMs(c: WorkCalendar, u: LimitUnit): number {
  return u === 'calendar_days' ? DAY : u === 'working_days' ? workingDayMinutes(c) * MINUTE : HOUR
}

/** Up to 60 days' worth of the unit, on the millisecond grid, so that deadlines are exact. */
const gridAmount = fc.integer({ min: 0, max: 60 * DAY })

const RUNS = { numRuns: 300 }

describe('properties', () => {
  it('elapsedIn undoes addLimit (amounts on the millisecond grid: within 1e-9 relative)', () => {
    fc.assert(
      fc.property(anySpec, instant, gridAmount, unit, (spec, start, ms, u) => {
        const c = workCalendar(spec)
        const amount = ms / unitMs(c, u)
        const elapsed = elapsedIn(c, start, addLimit(c, start, amount, u), u)
        expect(Math.abs(elapsed - amount)).toBeLessThanOrEqual(1e-9 * amount)
      }),
      RUNS,
    )
  })

  it('elapsedIn undoes addLimit (any amount: within the millisecond a Date can hold)', () => {
    fc.assert(
      fc.property(anySpec, instant, fc.double({ min: 0, max: 200, noNaN: true }), unit, (spec, start, amount, u) => {
        const c = workCalendar(spec)
        const elapsed = elapsedIn(c, start, addLimit(c, start, amount, u), u)
        expect(Math.abs(elapsed - amount)).toBeLessThanOrEqual(1e-9 * amount + 0.5 / unitMs(c, u))
      }),
      RUNS,
    )
  })

  it('is monotonic: a later end never elapses less, a larger amount never ends earlier', () => {
    fc.assert(
      fc.property(anySpec, instant, instant, instant, unit, gridAmount, gridAmount, (spec, start, e1, e2, u, m1, m2) => {
        const c = workCalendar(spec)
        const [early, late] = e1 <= e2 ? [e1, e2] : [e2, e1]
        expect(elapsedIn(c, start, early, u)).toBeLessThanOrEqual(elapsedIn(c, start, late, u))
        const [small, large] = [Math.min(m1, m2) / unitMs(c, u), Math.max(m1, m2) / unitMs(c, u)]
        expect(addLimit(c, start, small, u).getTime()).toBeLessThanOrEqual(addLimit(c, start, large, u).getTime())
      }),
      RUNS,
    )
  })

  it('is additive: working minutes (a, c) = (a, b) + (b, c)', () => {
    fc.assert(
      fc.property(anySpec, fc.array(instant, { minLength: 3, maxLength: 3 }), (spec, instants) => {
        const c = workCalendar(spec)
        const [a, b, d] = instants.sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date]
        const whole = workingMinutesBetween(c, a, d)
        const parts = workingMinutesBetween(c, a, b) + workingMinutesBetween(c, b, d)
        expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1e-9 * Math.max(1, whole))
        expect(whole).toBeLessThanOrEqual((d.getTime() - a.getTime()) / MINUTE)
      }),
      RUNS,
    )
  })

  it('puts a working-unit deadline inside a working period of a working day', () => {
    fc.assert(
      fc.property(anySpec, instant, fc.integer({ min: 1, max: 60 * DAY }), fc.constantFrom<LimitUnit>('working_hours', 'working_days'), (spec, start, ms, u) => {
        const c = workCalendar(spec)
        const end = addLimit(c, start, ms / unitMs(c, u), u).getTime()
        if (spec === defaultSpec) expect(isWorkingDay(c, localIsoDate(c, new Date(end)))).toBe(true)
        // The millisecond before the deadline is worked (a period may end at midnight).
        const before = end - 1 + (spec.utcOffsetMinutes ?? 480) * MINUTE
        const minute = (((before % DAY) + DAY) % DAY) / MINUTE
        expect(isWorkingDay(c, new Date(Math.floor(before / DAY) * DAY).toISOString().slice(0, 10))).toBe(true)
        expect((spec.periods ?? [[540, 720], [780, 1020]]).some(([s, e]) => s <= minute && minute < e)).toBe(true)
        expect(end).toBeGreaterThan(start.getTime())
      }),
      RUNS,
    )
  })

  // A deliberately naive reference: minute by minute, straight from the spec.
  function naive(spec: WorkCalendarSpec) {
    const offset = (spec.utcOffsetMinutes ?? 480) * MINUTE
    const periods = spec.periods ?? [[540, 720], [780, 1020]]
    const workingDays = new Map<number, boolean>()
    const isWorkingDayNumber = (n: number): boolean => {
      let working = workingDays.get(n)
      if (working === undefined) {
        const date = new Date(n * DAY)
        const exception = spec.days.find((d) => d.date === date.toISOString().slice(0, 10))
        working = exception ? exception.kind === 'workday' : ![0, 6].includes(date.getUTCDay())
        workingDays.set(n, working)
      }
      return working
    }
    const worked = (t: number): boolean => {
      const localMs = t + offset
      const minute = (((localMs % DAY) + DAY) % DAY) / MINUTE
      return isWorkingDayNumber(Math.floor(localMs / DAY)) && periods.some(([s, e]) => s <= minute && minute < e)
    }
    return {
      between(a: number, b: number): number {
        let n = 0
        for (let t = a; t < b; t += MINUTE) if (worked(t)) n++
        return n
      },
      add(start: number, minutes: number): number {
        let n = 0
        for (let t = start; n < minutes; t += MINUTE) if (worked(t) && ++n === minutes) return t + MINUTE
        return start
      },
    }
  }

  const minuteInstant = fc.integer({ min: 0, max: SPAN_DAYS * 1440 - 1 }).map((m) => FROM + m * MINUTE)

  it('agrees with a minute-by-minute reference', () => {
    fc.assert(
      fc.property(anySpec, minuteInstant, fc.integer({ min: 0, max: 3 * 420 }), fc.integer({ min: 0, max: 10 * 1440 }), (spec, start, amount, span) => {
        const c = workCalendar(spec)
        const ref = naive(spec)
        const minutes = Math.min(amount, 3 * workingDayMinutes(c))
        expect(addLimit(c, new Date(start), minutes / 60, 'working_hours').getTime()).toBe(ref.add(start, minutes))
        expect(workingMinutesBetween(c, new Date(start), new Date(start + span * MINUTE))).toBe(ref.between(start, start + span * MINUTE))
      }),
      { numRuns: 150 },
    )
  })

  it('formats local dates like Date does', () => {
    const utc = workCalendar({ days: [], utcOffsetMinutes: 0 })
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') }), (ms) => {
        expect(localIsoDate(utc, new Date(ms))).toBe(new Date(ms).toISOString().slice(0, 10))
      }),
    )
  })
})
