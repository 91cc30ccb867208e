// Masking of personal data in responses (DESIGN.md §3.10): a masked value keeps its length and its
// non-identifying parts (a mobile's carrier prefix, a landline's area code, an ID number's region)
// and replaces every other digit or letter with '*'. Pure; the unmasked value is revealed only
// through an audited request (POST /accounts/:id/personal-data).
//
// Lengths are counted in Unicode code points, so a masked name is as long as the name.

const STAR = '*'

/** Replaces the characters of `s` at positions [from, to) (code points) that `hide` selects with '*'. */
function hideRange(chars: string[], from: number, to: number, hide: (c: string) => boolean = () => true): void {
  for (let i = Math.max(0, from); i < Math.min(chars.length, to); i++) if (hide(chars[i]!)) chars[i] = STAR
}

const isDigit = (c: string) => c >= '0' && c <= '9'

/** Mainland mobile number (optionally +86 / 86 in front): `13812345678` → `138****5678`. */
const MOBILE = /^(\+?86[- ]?)?(1\d{10})$/
/** Landline: area code (010, 02x, 0xxx), optional separator, 7–8 digit number, optional extension. */
const LANDLINE = /^(\(?0(?:[12]\d|[3-9]\d{2})\)?)([- ]?)(\d{7,8})((?:-|转|ext\.?|x)\d{1,6})?$/i

/**
 * Masks a phone number, keeping its length:
 *   mobile    13812345678   → 138****5678    (prefix and the last 4 digits)
 *   landline  0971-6123456  → 0971-***3456   (area code and the last 4 digits; an extension is hidden)
 *   other     any text      → every letter and digit hidden but the last digits (at most 4, at most a third)
 */
export function maskPhone(phone: string): string
export function maskPhone(phone: string | null): string | null
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null
  const chars = [...phone]
  const mobile = MOBILE.exec(phone)
  if (mobile) {
    const start = [...(mobile[1] ?? '')].length
    hideRange(chars, start + 3, start + 7)
    return chars.join('')
  }
  const landline = LANDLINE.exec(phone)
  if (landline) {
    const start = [...landline[1]!].length + [...landline[2]!].length
    const local = landline[3]!.length
    hideRange(chars, start, start + local - 4)
    hideRange(chars, start + local, chars.length, isDigit)
    return chars.join('')
  }
  return maskDigitsKeepingTail(chars)
}

/** Hides every letter and digit except the last min(4, ⌊digits/3⌋) digits. */
function maskDigitsKeepingTail(chars: string[]): string {
  const digits = chars.flatMap((c, i) => (/\p{Nd}/u.test(c) ? [i] : []))
  const shown = new Set(digits.slice(digits.length - Math.min(4, Math.floor(digits.length / 3))))
  return chars.map((c, i) => (!shown.has(i) && /[\p{Nd}\p{L}]/u.test(c) ? STAR : c)).join('')
}

/**
 * Masks a resident identity card number, keeping its length:
 *   18 characters  630102199001011234  → 630102********1234  (region code and the last 4; birth date hidden)
 *   15 characters  630102900101123     → 630102******123     (first-generation cards)
 *   other                               → the first and the last character only (or nothing if short)
 */
export function maskIdNumber(id: string): string
export function maskIdNumber(id: string | null): string | null
export function maskIdNumber(id: string | null): string | null {
  if (id === null) return null
  const chars = [...id]
  if (/^\d{17}[\dXx]$/.test(id)) {
    hideRange(chars, 6, 14)
    return chars.join('')
  }
  if (/^\d{15}$/.test(id)) {
    hideRange(chars, 6, 12)
    return chars.join('')
  }
  if (chars.length <= 4) return STAR.repeat(chars.length)
  hideRange(chars, 1, chars.length - 1, (c) => /[\p{Nd}\p{L}]/u.test(c))
  return chars.join('')
}

/** Two-character surnames common in China (the rest of the name is what gets hidden). */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐', '夏侯', '轩辕',
  '端木', '独孤', '南宫', '西门', '百里', '呼延', '澹台', '公冶', '宗政', '濮阳', '太史', '申屠', '闻人', '赫连', '钟离',
])

/**
 * Masks a person's name, keeping its length: the surname stays, the given name is hidden.
 *   张三丰 → 张**, 李四 → 李*, 欧阳娜娜 → 欧阳**, 扎西·多吉 → 扎*·**, John Smith → J*** *****,
 *   a single character → *.
 * Separators (spaces, the middle dot of transcribed names, hyphens) are kept.
 */
export function maskName(name: string): string
export function maskName(name: string | null): string | null
export function maskName(name: string | null): string | null {
  if (name === null) return null
  const chars = [...name]
  const isPart = (c: string) => /[\p{L}\p{N}]/u.test(c)
  const letters = chars.filter(isPart).length
  if (letters <= 1) return chars.map((c) => (isPart(c) ? STAR : c)).join('')
  const firstPart = chars.findIndex(isPart)
  const keep = letters > 2 && COMPOUND_SURNAMES.has(chars.slice(firstPart, firstPart + 2).join('')) ? 2 : 1
  hideRange(chars, firstPart + keep, chars.length, isPart)
  return chars.join('')
}

/** The masked form a stored mobile number (account.phone: ^1[3-9]\d{9}$) takes in every response. */
export const MASKED_MOBILE_PATTERN = '^1[3-9][0-9]\\*{4}[0-9]{4}$'
