import { describe, expect, it } from 'vitest'
import { RECENT_REPORTS_KEY, RECENT_REPORTS_MAX, forgetReports, isTrackingNumber, localText, normalizeTrackingNumber, publicPaths, recentReports, rememberReport } from './tracking'

/** A Storage stand-in. */
function memoryStore(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  }
}

describe('tracking numbers as typed', () => {
  it('are read as the server writes them', () => {
    expect(normalizeTrackingNumber('261126-K7QM3X')).toBe('261126-K7QM3X')
    expect(normalizeTrackingNumber(' 261126-k7qm3x ')).toBe('261126-K7QM3X')
    expect(normalizeTrackingNumber('261126K7QM3X')).toBe('261126-K7QM3X')
    expect(normalizeTrackingNumber('261126 k7qm 3x')).toBe('261126-K7QM3X')
    expect(normalizeTrackingNumber('２６１１２６－Ｋ７ＱＭ３Ｘ')).toBe('261126-K7QM3X')
    expect(normalizeTrackingNumber('261126—K7QM3X')).toBe('261126-K7QM3X')
    expect(normalizeTrackingNumber('261126——K7QM3X')).toBe('261126-K7QM3X')
  })

  it('are checked against the server\'s pattern', () => {
    expect(isTrackingNumber('261126-K7QM3X')).toBe(true)
    expect(isTrackingNumber('261126-K7QM3')).toBe(false)
    expect(isTrackingNumber('26112-K7QM3XX')).toBe(false)
    expect(isTrackingNumber(normalizeTrackingNumber('hello'))).toBe(false)
    // The server's letters leave out 0 and 1 after the dash.
    expect(isTrackingNumber('261126-K7QM30')).toBe(false)
  })

  it('make the page paths', () => {
    expect(publicPaths.track('261126-K7QM3X')).toBe('/track/261126-K7QM3X')
    expect(publicPaths.track()).toBe('/track')
  })
})

describe('texts of the API', () => {
  it('are shown in the page\'s language', () => {
    expect(localText({ zh: '已办结', en: 'Resolved' }, 'zh-CN')).toBe('已办结')
    expect(localText({ zh: '已办结', en: 'Resolved' }, 'en-US')).toBe('Resolved')
  })
})

describe('reports of this device', () => {
  it('are remembered newest first, once each, at most ten', () => {
    const store = memoryStore()
    rememberReport('261126-AAAAAA', new Date('2026-11-26T01:00:00Z'), store)
    rememberReport('261126-BBBBBB', new Date('2026-11-26T02:00:00Z'), store)
    rememberReport('261126-AAAAAA', new Date('2026-11-26T03:00:00Z'), store)
    expect(recentReports(store)).toEqual([
      { number: '261126-AAAAAA', at: '2026-11-26T03:00:00.000Z' },
      { number: '261126-BBBBBB', at: '2026-11-26T02:00:00.000Z' },
    ])
    for (let i = 0; i < 15; i++) rememberReport(`261126-C${'ABCDEFGHJKLMNPQ'[i]}CCCC`, new Date(), store)
    expect(recentReports(store)).toHaveLength(RECENT_REPORTS_MAX)
    forgetReports(store)
    expect(recentReports(store)).toEqual([])
  })

  it('survive damaged or foreign storage', () => {
    expect(recentReports(memoryStore({ [RECENT_REPORTS_KEY]: '{not json' }))).toEqual([])
    expect(recentReports(memoryStore({ [RECENT_REPORTS_KEY]: '{"a":1}' }))).toEqual([])
    expect(recentReports(memoryStore({ [RECENT_REPORTS_KEY]: '[{"number":"x","at":"y"},{"number":"261126-K7QM3X","at":"2026-01-01T00:00:00.000Z"},null]' }))).toEqual([
      { number: '261126-K7QM3X', at: '2026-01-01T00:00:00.000Z' },
    ])
    expect(recentReports(undefined)).toEqual([])
    const broken = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('denied') }, removeItem: () => { throw new Error('denied') } }
    expect(recentReports(broken)).toEqual([])
    expect(() => rememberReport('261126-K7QM3X', new Date(), broken)).not.toThrow()
    expect(() => forgetReports(broken)).not.toThrow()
  })
})
