import { describe, expect, it } from 'vitest'
import { sessionTimer } from './session-timer'

const T0 = Date.parse('2026-03-01T08:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

describe('sessionTimer', () => {
  const base = { idleExpiresAt: iso(T0 + 30 * 60_000), expiresAt: iso(T0 + 12 * 3600_000), receivedAt: T0, lastActivityAt: T0, serverOffsetMs: 0 }

  it('warns in the last two minutes of the idle time and then expires', () => {
    expect(sessionTimer(base, T0 + 10 * 60_000)).toMatchObject({ kind: 'idle', warn: false, expired: false, secondsLeft: 20 * 60 })
    expect(sessionTimer(base, T0 + 28 * 60_000 + 1)).toMatchObject({ warn: true, expired: false, secondsLeft: 120 })
    expect(sessionTimer(base, T0 + 30 * 60_000)).toMatchObject({ warn: false, expired: true, secondsLeft: 0 })
  })
  it('moves the idle deadline with API activity', () => {
    const t = sessionTimer({ ...base, lastActivityAt: T0 + 20 * 60_000 }, T0 + 29 * 60_000)
    expect(t.deadline).toBe(T0 + 50 * 60_000)
    expect(t.warn).toBe(false)
  })
  it('stops at the absolute expiry, which activity does not move', () => {
    const t = sessionTimer({ ...base, expiresAt: iso(T0 + 40 * 60_000), lastActivityAt: T0 + 20 * 60_000 }, T0 + 39 * 60_000)
    expect(t).toMatchObject({ kind: 'absolute', deadline: T0 + 40 * 60_000, warn: true })
  })
  it('corrects for a client clock that is off', () => {
    // The client clock is 5 minutes behind the server: the session info arrives at client T0 = server T0 + 5 min.
    const offset = 5 * 60_000
    const t = sessionTimer({ ...base, idleExpiresAt: iso(T0 + offset + 30 * 60_000), expiresAt: iso(T0 + offset + 12 * 3600_000), serverOffsetMs: offset }, T0)
    expect(t.deadline).toBe(T0 + 30 * 60_000)
  })
})
