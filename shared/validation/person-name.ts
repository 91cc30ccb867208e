// Personal names as written on identity documents. Pure functions, shared by server and web.
//
// Normalisation: Unicode NFC; the middle-dot look-alikes (• U+2022, ・ U+30FB, ． U+FF0E, ‧ U+2027,
// ･ U+FF65) become the middle dot · U+00B7 that transcribed minority names use ('阿依古丽·买买提');
// the apostrophe ’ U+2019 becomes '; spaces (any Unicode space separator) become U+0020, are trimmed,
// collapsed, and dropped next to a dot.
// Then 1–50 characters, counted in code points ('𠮷' is one, though two UTF-16 units).
//
// Allowed: CJK ideographs of every block, the BMP ones and the supplementary planes 2–3 (extensions
// B–I); Latin letters with diacritics, spaces, hyphens and apostrophes (foreign residents); the
// Tibetan (U+0F00–U+0FFF) and Mongolian (U+1800–U+18AF) blocks, without their digits; the middle dot
// between parts. Ranges are written out rather than taken from \p{Script=Han} so that the browser
// and the server, with different Unicode versions, agree.
// Refused: control characters (tab, newline…), bidi controls (overrides, embeddings, isolates,
// marks), invisible characters (zero-width space/joiners, BOM, other format characters, variation
// selectors), digits and other punctuation and symbols.
//
// parsePersonName never throws on bad input: it lists every problem with a stable snake_case code.

export const PERSON_NAME_PROBLEMS = [
  'empty',
  'too_long',
  'control_characters',
  'bidi_control',
  'invisible_characters',
  'bad_characters',
  'leading_or_trailing_dot',
  'repeated_dot',
] as const
export type PersonNameProblem = (typeof PERSON_NAME_PROBLEMS)[number]

export type PersonNameResult = { ok: true; value: string } | { ok: false; problems: PersonNameProblem[] }

export const PERSON_NAME_MAX_LENGTH = 50
/** U+00B7 MIDDLE DOT, the separator of transcribed names on Chinese identity cards. */
export const NAME_DOT = '\u00b7'

const DOT_LOOKALIKES = /[\u2022\u30fb\uff0e\u2027\uff65]/gu
const inRange = (cp: number, from: number, to: number) => cp >= from && cp <= to

function isHan(cp: number): boolean {
  return (
    inRange(cp, 0x3400, 0x4dbf) || // CJK Unified Ideographs Extension A
    inRange(cp, 0x4e00, 0x9fff) || // CJK Unified Ideographs
    inRange(cp, 0xf900, 0xfaff) || // CJK Compatibility Ideographs (NFC maps most to unified ones)
    inRange(cp, 0x20000, 0x3ffff) // planes 2–3: extensions B–I and compatibility supplement
  )
}

function isLatin(cp: number): boolean {
  return (
    inRange(cp, 0x41, 0x5a) ||
    inRange(cp, 0x61, 0x7a) ||
    (inRange(cp, 0xc0, 0x24f) && cp !== 0xd7 && cp !== 0xf7) || // Latin-1 letters, Extended-A/B (not × ÷)
    inRange(cp, 0x1e00, 0x1eff) || // Latin Extended Additional (Vietnamese…)
    inRange(cp, 0x300, 0x36f) // combining diacritical marks
  )
}

function isTibetanOrMongolian(cp: number): boolean {
  return (
    (inRange(cp, 0x0f00, 0x0fff) && !inRange(cp, 0x0f20, 0x0f33)) || // Tibetan, without digits and half digits
    (inRange(cp, 0x1800, 0x18af) && !inRange(cp, 0x1810, 0x1819)) // Mongolian (with its variation selectors), without digits
  )
}

function problemOf(c: string): PersonNameProblem | undefined {
  const cp = c.codePointAt(0)!
  if (isHan(cp) || isLatin(cp) || isTibetanOrMongolian(cp) || c === NAME_DOT || c === ' ' || c === '-' || c === "'") return undefined
  if (cp <= 0x1f || inRange(cp, 0x7f, 0x9f) || cp === 0x2028 || cp === 0x2029) return 'control_characters'
  if (inRange(cp, 0x202a, 0x202e) || inRange(cp, 0x2066, 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi_control'
  if (
    /\p{Cf}/u.test(c) ||
    cp === 0x034f || // combining grapheme joiner
    inRange(cp, 0xfe00, 0xfe0f) || // variation selectors
    inRange(cp, 0xe0100, 0xe01ef) // variation selectors supplement
  )
    return 'invisible_characters'
  return 'bad_characters'
}

export function parsePersonName(raw: string | null | undefined): PersonNameResult {
  if (typeof raw !== 'string') return { ok: false, problems: ['empty'] }
  const normalised = raw.normalize('NFC').replace(DOT_LOOKALIKES, NAME_DOT).replace(/\u2019/gu, "'").replace(/\p{Zs}/gu, ' ')
  const problems = new Set<PersonNameProblem>()
  // Every character counts, trimmed or not: a tab or BOM at the end is refused, not silently dropped.
  for (const c of normalised) {
    const problem = problemOf(c)
    if (problem) problems.add(problem)
  }
  const value = normalised.replace(/ +/gu, ' ').replace(/ ?\u00b7 ?/gu, NAME_DOT).replace(/^ | $/gu, '')
  if (value === '') problems.add('empty')
  if (Array.from(value).length > PERSON_NAME_MAX_LENGTH) problems.add('too_long')
  if (value.startsWith(NAME_DOT) || value.endsWith(NAME_DOT)) problems.add('leading_or_trailing_dot')
  if (value.includes(NAME_DOT + NAME_DOT)) problems.add('repeated_dot')
  if (problems.size > 0) return { ok: false, problems: PERSON_NAME_PROBLEMS.filter((p) => problems.has(p)) }
  return { ok: true, value }
}
