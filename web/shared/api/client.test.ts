import { describe, expect, it } from 'vitest'
import { needsCsrfToken, parseRetryAfter } from './client'

describe('needsCsrfToken', () => {
  it('is needed for every state-changing method', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) expect(needsCsrfToken(m)).toBe(true)
    for (const m of ['GET', 'HEAD', 'OPTIONS', undefined]) expect(needsCsrfToken(m)).toBe(false)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:05:00 GMT', now)).toBe(300)
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})
