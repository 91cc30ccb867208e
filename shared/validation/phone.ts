// Mainland China phone numbers. Pure functions, shared by server and web.
//
// Mobile: 11 digits, 1[3-9]xxxxxxxxx (the numbering plan of the Ministry of Industry and Information
// Technology), optionally after +86 or 0086. Normalised to the bare 11 digits: 13812345678.
// Landline: trunk prefix 0 + a 2- or 3-digit area code, then a 7–8 digit local number. Area codes
// after the 0 that start with 1 or 2 have 2 digits (010 Beijing, 020–029), all others 3 (0971 Xining).
// An extension may follow (转, 分机, ext, x, # or a third hyphen group). Normalised to
// 0971-1234567 or 0971-1234567-801. With +86 the trunk 0 is dropped: +86 971 1234567.
// Spaces, hyphens and parentheses are tolerated as separators.
//
// parsePhone never throws on bad input: it lists every problem with a stable snake_case code.

export const PHONE_PROBLEMS = ['empty', 'bad_characters', 'full_width', 'wrong_length', 'not_mobile', 'bad_area_code'] as const
export type PhoneProblem = (typeof PHONE_PROBLEMS)[number]

export type PhoneKind = 'mobile' | 'landline'
export interface ValidPhone {
  ok: true
  /** 13812345678, 0971-1234567 or 0971-1234567-801 */
  value: string
  kind: PhoneKind
}
export type PhoneResult = ValidPhone | { ok: false; problems: PhoneProblem[] }

/** Xining's area code. */
export const XINING_AREA_CODE = '0971'

export interface PhoneOptions {
  /** Area code (with its 0) for a 7–8 digit number written without one, e.g. XINING_AREA_CODE. Default: none, such numbers are 'bad_area_code'. */
  defaultAreaCode?: string
}

const FULL_WIDTH: Record<string, string> = { '\uff0b': '+', '\uff0d': '-', '\uff08': '(', '\uff09': ')', '\u3000': ' ' }
const EXTENSION = /^(.*?)\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/iu

export function parsePhone(raw: string | null | undefined, options: PhoneOptions = {}): PhoneResult {
  const input = typeof raw === 'string' ? raw.trim() : ''
  if (input === '') return { ok: false, problems: ['empty'] }
  const problems = new Set<PhoneProblem>()
  const done = (): PhoneResult => ({ ok: false, problems: PHONE_PROBLEMS.filter((p) => problems.has(p)) })

  // Full-width digits and separators are refused, but folded so the other checks can still speak.
  const folded = Array.from(input, (c) => {
    const cp = c.codePointAt(0)!
    if (cp >= 0xff10 && cp <= 0xff19) {
      problems.add('full_width')
      return String(cp - 0xff10)
    }
    if (FULL_WIDTH[c]) {
      problems.add('full_width')
      return FULL_WIDTH[c]
    }
    return c
  }).join('')

  const marked = EXTENSION.exec(folded)
  let main = marked ? marked[1]! : folded
  let extension = marked ? marked[2] : undefined
  if (!/^\+?[\d \-()]+$/.test(main)) {
    problems.add('bad_characters')
    return done()
  }

  let international = false
  if (main.startsWith('+')) {
    if (!main.startsWith('+86')) problems.add('bad_area_code')
    main = main.slice(3)
    international = true
  } else if (main.startsWith('00')) {
    if (!main.startsWith('0086')) problems.add('bad_area_code')
    main = main.slice(4)
    international = true
  }
  if (problems.has('bad_area_code')) return done()

  const groups = main.split(/[ \-()]+/).filter((g) => g !== '')
  if (international && groups[0] === '0' && groups.length > 1) groups.splice(0, 2, `0${groups[1]}`) // "+86 (0)971 …"
  let digits = groups.join('')
  if (digits === '') {
    problems.add('wrong_length')
    return done()
  }

  // After +86, "10…" is Beijing's area code without its trunk 0, not a mobile number.
  if (digits.startsWith('1') && !(international && digits.startsWith('10'))) {
    if (extension !== undefined) problems.add('bad_characters')
    if (digits.length !== 11) problems.add('wrong_length')
    if (!/^1[3-9]/.test(digits)) problems.add('not_mobile')
    return problems.size > 0 ? done() : { ok: true, value: digits, kind: 'mobile' }
  }

  // Landline. After +86 the trunk 0 is left out (but tolerated: "+86 (0)971 …").
  if (international && !digits.startsWith('0')) {
    digits = `0${digits}`
    groups[0] = `0${groups[0]}`
  }
  if (!digits.startsWith('0') && options.defaultAreaCode && (digits.length === 7 || digits.length === 8)) {
    digits = options.defaultAreaCode + digits
    groups.unshift(options.defaultAreaCode)
  }
  if (!digits.startsWith('0')) {
    problems.add('bad_area_code')
    if (digits.length < 7 || digits.length > 8) problems.add('wrong_length')
    return done()
  }
  const area = /^0[12]/.test(digits) ? digits.slice(0, 3) : digits.slice(0, 4)
  if (!/^(?:010|02\d|0[3-9]\d\d)$/.test(area)) problems.add('bad_area_code')
  // A written area code group must be the one the numbering plan implies ("097-11234567" is not).
  if (groups.length > 1 && groups[0]!.startsWith('0') && groups[0] !== area && groups[0]!.length < area.length + 7) problems.add('bad_area_code')
  // "0971-1234567-801": a third group after a complete area code and local number is an extension.
  if (extension === undefined && groups.length === 3 && groups[0] === area && /^\d{7,8}$/.test(groups[1]!) && groups[2]!.length <= 6) {
    extension = groups[2]
    digits = area + groups[1]
  }
  const local = digits.slice(area.length)
  if (local.length < 7 || local.length > 8) problems.add('wrong_length')
  if (problems.size > 0) return done()
  return { ok: true, value: `${area}-${local}${extension ? `-${extension}` : ''}`, kind: 'landline' }
}
