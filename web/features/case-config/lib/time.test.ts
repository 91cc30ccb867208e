import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hhmmToMinutes, isWeekendIso, minutesToHhmm, monthWeeks, parseIsoDate, periodMinutes, weekdayOfIso, yearOf } from './time'

describe('times of day', () => {
  it('writes minutes as HH:MM and reads them back', () => {
    expect(minutesToHhmm(540)).toBe('09:00')
    expect(minutesToHhmm(1020)).toBe('17:00')
    expect(minutesToHhmm(0)).toBe('00:00')
    expect(minutesToHhmm(1440)).toBe('24:00')
    fc.assert(fc.property(fc.integer({ min: 0, max: 1440 }), (m) => hhmmToMinutes(minutesToHhmm(m)) === m))
  })

  it('reads what people type and refuses impossible times', () => {
    expect(hhmmToMinutes('9:00')).toBe(540)
    expect(hhmmToMinutes(' 13:30 ')).toBe(810)
    expect(hhmmToMinutes('1330')).toBe(810)
    expect(hhmmToMinutes('24:00')).toBe(1440)
    for (const bad of ['', '24:01', '25:00', '12:60', '12', 'ab:cd', '12:3', '-1:00']) expect(hhmmToMinutes(bad)).toBeUndefined()
  })

  it('sums the working minutes of a day', () => {
    expect(periodMinutes([{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }])).toBe(420)
    expect(periodMinutes([{ start: '09:00', end: 'x' }, { start: '13:00', end: '12:00' }])).toBe(0)
  })
})

describe('calendar dates', () => {
  it('knows real dates and their weekdays', () => {
    expect(parseIsoDate('2027-01-01')).toEqual({ year: 2027, month: 1, day: 1 })
    expect(parseIsoDate('2027-02-29')).toBeUndefined()
    expect(parseIsoDate('2028-02-29')).toBeDefined()
    expect(parseIsoDate('2027-1-01')).toBeUndefined()
    expect(weekdayOfIso('2027-01-01')).toBe(5) // Friday
    expect(isWeekendIso('2027-01-02')).toBe(true)
    expect(isWeekendIso('2027-01-04')).toBe(false)
    expect(isWeekendIso('nope')).toBeUndefined()
    expect(weekdayOfIso('0050-01-01')).toBe(weekdayOfIso('2450-01-01')) // 400-year cycle, no 1900s mapping
    expect(yearOf('2031-')).toBe(2031)
    expect(yearOf('31-01-01')).toBeUndefined()
  })

  it('lays out a month in weeks starting on Monday', () => {
    const weeks = monthWeeks(2027, 1) // 1 January 2027 is a Friday
    expect(weeks[0]!.slice(0, 4)).toEqual([null, null, null, null])
    expect(weeks[0]![4]).toEqual({ date: '2027-01-01', day: 1, weekday: 5 })
    expect(weeks.flat().filter(Boolean)).toHaveLength(31)
    expect(weeks.every((w) => w.length === 7)).toBe(true)
    expect(monthWeeks(2027, 2).flat().filter(Boolean)).toHaveLength(28)
  })
})
