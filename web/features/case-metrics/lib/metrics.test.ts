import { describe, expect, it } from 'vitest'
import type { CaseMetrics } from '../../../../shared/cases/api-types'
import { addDays, addMonths, casesLink, chartSeries, dayOf, dayStart, defaultPeriod, durationParts, lateCount, metricsSearch, percent, periodInstants, periodOf, trail } from './metrics'

const fmt = (n: number, d: number) => n.toFixed(d)

describe('days', () => {
  it('are read only when they exist', () => {
    expect(dayStart('2026-02-28')?.getDate()).toBe(28)
    expect(dayStart('2026-02-30')).toBeUndefined()
    expect(dayStart('26-2-3')).toBeUndefined()
    expect(dayOf(new Date(2026, 0, 5))).toBe('2026-01-05')
  })

  it('move by months and days', () => {
    expect(addMonths('2026-11-26', -12)).toBe('2025-11-26')
    expect(addMonths('2026-03-31', -1)).toBe('2026-03-03')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
  })
})

describe('the period', () => {
  it('is the last twelve months by default, today included', () => {
    expect(defaultPeriod('2026-11-26')).toEqual({ from: '2025-11-27', to: '2026-11-26' })
    expect(periodOf(new URLSearchParams(''), '2026-11-26')).toEqual({ from: '2025-11-27', to: '2026-11-26' })
  })

  it('comes from the address as days or timestamps, swapped when reversed, the default for what is unreadable', () => {
    expect(periodOf(new URLSearchParams('from=2026-01-01&to=2026-03-31'), '2026-11-26')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(periodOf(new URLSearchParams('from=2026-03-31&to=2026-01-01'), '2026-11-26')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(periodOf(new URLSearchParams('from=nonsense&to=2026-03-31'), '2026-11-26')).toEqual({ from: '2025-11-27', to: '2026-03-31' })
    const at = new Date(2026, 4, 6, 15, 30)
    expect(periodOf(new URLSearchParams(`from=${encodeURIComponent(at.toISOString())}`), '2026-11-26').from).toBe('2026-05-06')
  })

  it('goes to the API from the first midnight to the midnight after the last day', () => {
    expect(periodInstants({ from: '2026-01-01', to: '2026-01-31' })).toEqual({ from: new Date(2026, 0, 1).toISOString(), to: new Date(2026, 1, 1).toISOString() })
  })
})

describe('links', () => {
  const period = { from: '2026-01-01', to: '2026-01-31' }
  it('open the inbox with the area, the metric and the period', () => {
    const url = new URL(casesLink('630103', 'first_line', period), 'http://x')
    expect(url.pathname).toBe('/cases')
    expect(Object.fromEntries(url.searchParams)).toEqual({ box: 'all', area: '630103', metric: 'first_line', ...periodInstants(period) })
    expect(new URL(casesLink('630103', undefined, period), 'http://x').searchParams.has('metric')).toBe(false)
  })

  it('leave the scope and the default period out of the page\'s own address', () => {
    const o = { scopeCode: '630100', today: '2026-11-26' }
    expect(metricsSearch('630100', defaultPeriod(o.today), o)).toBe('')
    expect(metricsSearch('630103', defaultPeriod(o.today), o)).toBe('?area=630103')
    expect(metricsSearch('630100', period, o)).toBe('?from=2026-01-01&to=2026-01-31')
  })
})

describe('figures', () => {
  it('show shares as percentages, nothing as a dash', () => {
    expect(percent(0.625, fmt)).toBe('62.5%')
    expect(percent(1, fmt)).toBe('100.0%')
    expect(percent(null, fmt)).toBe('—')
  })

  it('show time to close in hours under two days, else in days', () => {
    expect(durationParts(5.25)).toEqual({ value: 5.3, unit: 'hours' })
    expect(durationParts(47.9)).toEqual({ value: 47.9, unit: 'hours' })
    expect(durationParts(60)).toEqual({ value: 2.5, unit: 'days' })
    expect(durationParts(null)).toBeNull()
  })

  it('count the late closures', () => {
    expect(lateCount({ closed: 8, onTime: 6 })).toBe(2)
    expect(lateCount({ closed: 0, onTime: 0 })).toBe(0)
  })

  it('chart the children\'s shares in percent', () => {
    const child = (code: string, firstLineRate: number | null, onTimeRate: number | null) => ({ area: { code, name: `区${code}`, level: 'district' }, firstLineRate, onTimeRate }) as CaseMetrics
    expect(chartSeries([child('1', 0.5, 0.8123), child('2', null, 1)])).toEqual({ names: ['区1', '区2'], firstLine: [50, '-'], onTime: [81.2, 100] })
  })
})

describe('the breadcrumb', () => {
  const city = { code: '630100' }
  const district = { code: '630103' }
  const street = { code: '630103001' }
  it('runs from the user\'s scope down to the area', () => {
    expect(trail([city, district], street, '630100')).toEqual([city, district, street])
    expect(trail([city, district], street, '630103')).toEqual([district, street])
    expect(trail([city, district], street, '999999')).toEqual([street])
  })
})
