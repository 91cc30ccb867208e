import { describe, expect, it } from 'vitest'
import { lampInfo, roundDuration } from './lamp'

const now = Date.parse('2026-03-02T08:00:00Z')
const at = (ms: number) => new Date(now + ms).toISOString()
const H = 3_600_000

describe('lampInfo', () => {
  it('counts the time left in the largest fitting unit', () => {
    expect(lampInfo({ lamp: 'green', dueAt: at(3 * H + 40 * 60_000) }, now)).toEqual({ lamp: 'green', kind: 'left', amount: 3, unit: 'hours' })
    expect(lampInfo({ lamp: 'yellow', dueAt: at(25 * 60_000) }, now)).toEqual({ lamp: 'yellow', kind: 'left', amount: 25, unit: 'minutes' })
    expect(lampInfo({ lamp: 'green', dueAt: at(30 * H) }, now)).toMatchObject({ amount: 30, unit: 'hours' })
    expect(lampInfo({ lamp: 'green', dueAt: at(5 * 24 * H + H) }, now)).toMatchObject({ amount: 5, unit: 'days' })
  })
  it('turns red with the time past due once the deadline has passed', () => {
    expect(lampInfo({ lamp: 'yellow', dueAt: at(-2 * 24 * H - 5 * H) }, now)).toEqual({ lamp: 'red', kind: 'over', amount: 2, unit: 'days' })
    expect(lampInfo({ lamp: 'red', dueAt: at(-90 * 60_000) }, now)).toEqual({ lamp: 'red', kind: 'over', amount: 1, unit: 'hours' })
    // Exactly at the deadline it is overdue (the server counts now >= dueAt as late).
    expect(lampInfo({ lamp: 'yellow', dueAt: at(0) }, now)).toMatchObject({ lamp: 'red', kind: 'over', amount: 1, unit: 'minutes' })
  })
  it('keeps a server red that the local clock has not reached yet as yellow', () => {
    expect(lampInfo({ lamp: 'red', dueAt: at(10 * 60_000) }, now)).toMatchObject({ lamp: 'yellow', kind: 'left' })
  })
  it('shows no lamp when no clock runs', () => {
    expect(lampInfo({ lamp: 'none', dueAt: null }, now).kind).toBe('none')
    expect(lampInfo({ lamp: 'none', dueAt: at(H) }, now).lamp).toBe('none')
    expect(lampInfo({ lamp: 'green', dueAt: null }, now).kind).toBe('none')
  })
})

describe('roundDuration', () => {
  it('never says zero minutes', () => {
    expect(roundDuration(10_000)).toEqual({ amount: 1, unit: 'minutes' })
    expect(roundDuration(-59 * 60_000)).toEqual({ amount: 59, unit: 'minutes' })
  })
})
