import { describe, expect, it } from 'vitest'
import { newIdempotencyKey } from './idempotency'

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('newIdempotencyKey', () => {
  it('makes a version-4 UUID without randomUUID (plain http)', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey({ getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) })))
    expect(keys.size).toBe(50)
    for (const k of keys) expect(k).toMatch(UUID4)
  })
  it('uses randomUUID where the browser has it', () => {
    expect(newIdempotencyKey()).toMatch(UUID4)
  })
})
