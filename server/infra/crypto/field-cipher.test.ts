// Field encryption and blind indexes: round trips, tamper and misuse detection, rotation, the key file.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FieldCipher, FieldCipherError, loadOrCreateDataKeyFile, parseDataKey } from './field-cipher.ts'

const key = (id: string) => ({ id, key: crypto.randomBytes(32) })

describe('field cipher', () => {
  const k1 = key('k1')
  const cipher = new FieldCipher([k1])

  it('round-trips any text, and never repeats a ciphertext', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (plain) => {
        const a = cipher.encrypt(plain, 'person.id_number')
        const b = cipher.encrypt(plain, 'person.id_number')
        expect(a).not.toBe(b)
        expect(a).toMatch(/^fe1\.k1\.[A-Za-z0-9_-]+$/)
        expect(cipher.decrypt(a, 'person.id_number')).toBe(plain)
        if (plain.length >= 8) expect(a).not.toContain(plain)
      }),
    )
  })

  it('detects any altered byte, a value moved to another field, and foreign text', () => {
    const stored = cipher.encrypt('630102199001011234', 'person.id_number')
    const payload = Buffer.from(stored.split('.')[2]!, 'base64url')
    for (let i = 0; i < payload.length; i++) {
      const bad = Buffer.from(payload)
      bad[i] = bad[i]! ^ 0x01
      expect(() => cipher.decrypt(`fe1.k1.${bad.toString('base64url')}`, 'person.id_number')).toThrow(FieldCipherError)
    }
    expect(() => cipher.decrypt(stored, 'person.phone')).toThrow(/another field/)
    expect(() => cipher.decrypt('630102199001011234', 'person.id_number')).toThrow(/Not an encrypted/)
    expect(() => cipher.decrypt('fe1.k9.AAAA', 'person.id_number')).toThrow(/Unknown data key/)
    expect(() => cipher.decrypt('fe1.k1.AAAA', 'person.id_number')).toThrow(/too short/)
  })

  it('rotates: new values use the current key, old ones still decrypt and are marked stale', () => {
    const old = cipher.encrypt('13812345678', 'person.phone')
    const rotated = new FieldCipher([key('k2'), k1])
    expect(rotated.decrypt(old, 'person.phone')).toBe('13812345678')
    expect(rotated.isStale(old)).toBe(true)
    const fresh = rotated.encrypt('13812345678', 'person.phone')
    expect(fresh.startsWith('fe1.k2.')).toBe(true)
    expect(rotated.isStale(fresh)).toBe(false)
    expect(() => cipher.decrypt(fresh, 'person.phone')).toThrow(/Unknown data key/)
  })

  it('makes blind indexes that are stable per key and purpose, and differ across both', () => {
    const a = cipher.blindIndex('630102199001011234', 'person.id_number')
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(cipher.blindIndex('630102199001011234', 'person.id_number')).toBe(a)
    expect(cipher.blindIndex('630102199001011234', 'person.phone')).not.toBe(a)
    expect(new FieldCipher([key('k1')]).blindIndex('630102199001011234', 'person.id_number')).not.toBe(a)
    expect(cipher.blindIndex('630102199001011235', 'person.id_number')).not.toBe(a)
  })

  it('refuses bad keys', () => {
    expect(() => new FieldCipher([])).toThrow(/No data key/)
    expect(() => new FieldCipher([{ id: 'k1', key: Buffer.alloc(16) }])).toThrow(/32 bytes/)
    expect(() => new FieldCipher([{ id: 'bad id', key: Buffer.alloc(32) }])).toThrow(/key id/)
    expect(() => new FieldCipher([k1, k1])).toThrow(/twice/)
    expect(() => parseDataKey('too-short')).toThrow(/32 random bytes/)
    expect(parseDataKey(Buffer.alloc(32, 7).toString('base64')).key).toEqual(Buffer.alloc(32, 7))
  })

  it('creates the embedded key file once, owner-only, and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-key-'))
    try {
      const file = path.join(dir, 'sub', 'data-key')
      const a = loadOrCreateDataKeyFile(file)
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      const b = loadOrCreateDataKeyFile(file)
      expect(b.key).toEqual(a.key)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
