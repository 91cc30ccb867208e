import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PERSON_NAME_MAX_LENGTH, PERSON_NAME_PROBLEMS, parsePersonName } from './person-name.ts'

const problems = (raw: string | null | undefined) => {
  const result = parsePersonName(raw)
  return result.ok ? [] : result.problems
}

describe('parsePersonName', () => {
  it.each([
    ['张三', '张三'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
    ['𠮷野家', '𠮷野家'], // U+20BB7, outside the BMP
    ['㐀䶵', '㐀䶵'], // extension A
    ['\u{30000}\u{31350}', '\u{30000}\u{31350}'], // extensions G and H
    ['Émilie Durand', 'Émilie Durand'],
    ['E\u0301milie Durand', 'Émilie Durand'], // NFC composes the accent
    ['Nguyễn Thị Minh Khai', 'Nguyễn Thị Minh Khai'],
    ['Jean-Pierre O’Neil', "Jean-Pierre O'Neil"],
    ['བཀྲ་ཤིས་', 'བཀྲ་ཤིས་'], // Tibetan: Tashi
    ['ᠪᠠᠲᠤ', 'ᠪᠠᠲᠤ'], // Mongolian: Batu
    ['  张  三  ', '张 三'],
    ['\u3000李四\u3000', '李四'], // ideographic spaces
  ])('accepts %j as %j', (raw, value) => {
    expect(parsePersonName(raw)).toEqual({ ok: true, value })
  })

  it.each([
    ['阿依古丽•买买提'], // U+2022 bullet
    ['阿依古丽・买买提'], // U+30FB katakana middle dot
    ['阿依古丽．买买提'], // U+FF0E full-width full stop
    ['阿依古丽 · 买买提'],
  ])('normalises the middle dot in %j to U+00B7', (raw) => {
    expect(parsePersonName(raw)).toEqual({ ok: true, value: '阿依古丽\u00b7买买提' })
  })

  it.each([
    ['张\u202e三', ['bidi_control']], // right-to-left override
    ['\u2066张三\u2069', ['bidi_control']], // isolates
    ['张\u200f三', ['bidi_control']], // right-to-left mark
    ['张\u200d三', ['invisible_characters']], // zero-width joiner
    ['张\u200b三', ['invisible_characters']], // zero-width space
    ['\ufeff张三', ['invisible_characters']], // BOM, not silently trimmed
    ['张\ufe00三', ['invisible_characters']], // variation selector
    ['张\t三', ['control_characters']],
    ['张三\t', ['control_characters']],
    ['张三\n', ['control_characters']],
    ['张3', ['bad_characters']],
    ['张３', ['bad_characters']], // full-width digit
    ['ཀ༢', ['bad_characters']], // Tibetan digit
    ['张三!', ['bad_characters']],
    ['A.B', ['bad_characters']],
    ['张<script>', ['bad_characters']],
    ['\ue000', ['bad_characters']], // private use
    ['⼈', ['bad_characters']], // Kangxi radical, looks like 人
    ['😀', ['bad_characters']],
    ['·买买提', ['leading_or_trailing_dot']],
    ['阿依古丽·', ['leading_or_trailing_dot']],
    ['阿依古丽··买买提', ['repeated_dot']],
    ['阿依古丽· ·买买提', ['repeated_dot']],
    ['', ['empty']],
    ['   ', ['empty']],
    ['\u200b', ['invisible_characters']],
    ['张\u202e3\t', ['control_characters', 'bidi_control', 'bad_characters']],
  ] as const)('refuses %j: %j', (raw, expected) => {
    expect(problems(raw)).toEqual(expected)
  })

  it.each([null, undefined])('calls %j empty', (raw) => {
    expect(problems(raw)).toEqual(['empty'])
  })

  it('counts length in code points, not UTF-16 units', () => {
    expect('𠮷'.repeat(50)).toHaveLength(100)
    expect(problems('𠮷'.repeat(PERSON_NAME_MAX_LENGTH))).toEqual([])
    expect(problems('𠮷'.repeat(PERSON_NAME_MAX_LENGTH + 1))).toEqual(['too_long'])
    expect(problems('张'.repeat(PERSON_NAME_MAX_LENGTH + 1))).toEqual(['too_long'])
  })

  const hanChar = fc.oneof(
    fc.integer({ min: 0x4e00, max: 0x9fff }),
    fc.integer({ min: 0x3400, max: 0x4dbf }),
    fc.integer({ min: 0x20000, max: 0x2a6df }),
  ).map((cp) => String.fromCodePoint(cp))
  const hanName = fc.array(hanChar, { minLength: 1, maxLength: PERSON_NAME_MAX_LENGTH }).map((cs) => cs.join(''))

  it('accepts any Han name of 1–50 characters unchanged (up to NFC)', () => {
    fc.assert(
      fc.property(hanName, (name) => {
        expect(parsePersonName(name)).toEqual({ ok: true, value: name.normalize('NFC') })
      }),
    )
  })

  it('accepts any two Han parts joined by any middle-dot look-alike, as U+00B7', () => {
    const part = fc.array(hanChar, { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''))
    fc.assert(
      fc.property(part, fc.constantFrom('\u00b7', '\u2022', '\u30fb', '\uff0e', ' · '), part, (a, dot, b) => {
        expect(parsePersonName(a + dot + b)).toEqual({ ok: true, value: `${a}\u00b7${b}`.normalize('NFC') })
      }),
    )
  })

  it('refuses a name with a bidi control, zero-width character or control character anywhere', () => {
    const hidden = fc.constantFrom(
      ['\u202a', 'bidi_control'],
      ['\u202e', 'bidi_control'],
      ['\u2067', 'bidi_control'],
      ['\u200b', 'invisible_characters'],
      ['\u200c', 'invisible_characters'],
      ['\u200d', 'invisible_characters'],
      ['\ufeff', 'invisible_characters'],
      ['\t', 'control_characters'],
      ['\u0000', 'control_characters'],
      ['\u0085', 'control_characters'],
    )
    fc.assert(
      fc.property(hanName, hidden, fc.nat(), (name, [c, problem], at) => {
        const chars = Array.from(name)
        chars.splice(at % (chars.length + 1), 0, c)
        expect(problems(chars.join(''))).toContain(problem)
      }),
    )
  })

  it('is idempotent: an accepted value is accepted again unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (raw) => {
        const first = parsePersonName(raw)
        if (first.ok) expect(parsePersonName(first.value)).toEqual(first)
      }),
    )
  })

  it('never throws, and a refusal always names a known problem', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const result = parsePersonName(raw)
        if (result.ok) expect(Array.from(result.value).length).toBeLessThanOrEqual(PERSON_NAME_MAX_LENGTH)
        else {
          expect(result.problems.length).toBeGreaterThan(0)
          for (const p of result.problems) expect(PERSON_NAME_PROBLEMS).toContain(p)
        }
      }),
    )
  })
})
