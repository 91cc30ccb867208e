// The public pages' and the metrics page's messages: the same keys in both languages, with the same
// placeholders (the type checks the keys of the whole dictionary; this names the file's own).
import { describe, expect, it } from 'vitest'
import { publicZh } from '../../../shared/i18n/messages-public.zh'
import { publicEn } from '../../../shared/i18n/messages-public.en'

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()

describe('messages of the public and metrics pages', () => {
  it('have the same keys and placeholders in English as in Chinese', () => {
    const en: Record<string, string> = publicEn
    expect(Object.keys(publicEn).sort()).toEqual(Object.keys(publicZh).sort())
    for (const [key, zh] of Object.entries(publicZh)) {
      expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(zh))
      expect(en[key]?.trim(), key).toBeTruthy()
    }
  })
})
