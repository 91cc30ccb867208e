// Resident identity numbers (公民身份号码), GB 11643-1999. Pure functions, shared by server and web.
//
//   630102 19900307 123 X
//   │      │        │   └ check character: ISO 7064:1983 MOD 11-2 over the first 17 digits
//   │      │        └ sequence: odd = male, even = female (the 17th digit decides)
//   │      └ birth date YYYYMMDD
//   └ address code: the GB/T 2260 county code where the number was first registered
//
// First-generation numbers (15 digits, issued before GB 11643-1999): address 6 + YYMMDD + sequence
// 3, no check character. They are refused ('first_generation') and can be upgraded: insert "19"
// before the year and append the check character.
//
// parseIdNumber never throws on bad input: it lists every problem it finds, each with a stable
// snake_case code, so a form can show them all at once.

export const ID_NUMBER_PROBLEMS = [
  'empty',
  'wrong_length',
  'full_width',
  'bad_characters',
  'first_generation',
  'bad_date',
  'future_birth_date',
  'bad_check_digit',
  'unknown_region',
] as const
export type IdNumberProblem = (typeof ID_NUMBER_PROBLEMS)[number]

export type Sex = 'male' | 'female'

export interface ValidIdNumber {
  ok: true
  /** 18 characters, check character upper-case. */
  value: string
  /** YYYY-MM-DD */
  birthDate: string
  sex: Sex
  /** The 6-digit address code (region of first registration). */
  regionCode: string
}
export type IdNumberResult = ValidIdNumber | { ok: false; problems: IdNumberProblem[] }

export interface IdNumberOptions {
  /** The date birth dates may not be after: 'YYYY-MM-DD', or a Date (taken as its date in China, UTC+8). Default: now. */
  today?: string | Date
  /** When given, an address code for which it returns false is reported as 'unknown_region'. */
  isKnownRegion?: (regionCode: string) => boolean
}

/** Weights of MOD 11-2 for positions 1–17: 2^(18−i) mod 11 (GB 11643-1999). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** Check character for (Σ aᵢ·Wᵢ) mod 11 = 0…10. */
const CHECK_CHARACTERS = '10X98765432'
const EARLIEST_BIRTH_DATE = '1900-01-01'

/** The MOD 11-2 check character ('0'–'9' or 'X') of the first 17 digits. Throws unless given exactly 17 ASCII digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`expected 17 digits, got ${JSON.stringify(first17)}`)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARACTERS[sum % 11]!
}

export function parseIdNumber(raw: string | null | undefined, options: IdNumberOptions = {}): IdNumberResult {
  const input = typeof raw === 'string' ? raw.trim() : ''
  if (input === '') return { ok: false, problems: ['empty'] }
  const problems = new Set<IdNumberProblem>()

  // Full-width digits and X are refused, but folded here so the other checks can still speak.
  const chars = Array.from(input, (c) => {
    const cp = c.codePointAt(0)!
    if (cp >= 0xff10 && cp <= 0xff19) {
      problems.add('full_width')
      return String(cp - 0xff10)
    }
    if (c === '\uff38' || c === '\uff58') {
      problems.add('full_width')
      return 'X'
    }
    return c === 'x' ? 'X' : c
  })
  const text = chars.join('')
  const xAt = text.indexOf('X')
  if (chars.some((c) => !/^[0-9X]$/.test(c)) || (xAt >= 0 && xAt !== 17)) problems.add('bad_characters')

  let birth: string | undefined
  if (chars.length === 15) {
    if (/^\d{15}$/.test(text)) {
      problems.add('first_generation')
      birth = `19${text.slice(6, 12)}`
    }
  } else if (chars.length === 18) {
    birth = text.slice(6, 14)
    if (/^\d{17}[0-9X]$/.test(text) && idCheckCharacter(text.slice(0, 17)) !== text[17]) problems.add('bad_check_digit')
  } else {
    problems.add('wrong_length')
  }

  if (birth !== undefined && /^\d{8}$/.test(birth)) {
    const problem = birthDateProblem(birth, calendarDate(options.today))
    if (problem) problems.add(problem)
  }
  const regionCode = text.slice(0, 6)
  if (options.isKnownRegion && (chars.length === 15 || chars.length === 18) && /^\d{6}$/.test(regionCode)) {
    if (!options.isKnownRegion(regionCode)) problems.add('unknown_region')
  }

  if (problems.size > 0) return { ok: false, problems: ID_NUMBER_PROBLEMS.filter((p) => problems.has(p)) }
  return {
    ok: true,
    value: text,
    birthDate: `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`,
    sex: Number(text[16]) % 2 === 1 ? 'male' : 'female',
    regionCode,
  }
}

/**
 * Builds a valid 18-character number, for generators (demo data, tests). `birthDate` is
 * 'YYYY-MM-DD' or 'YYYYMMDD'; `sequence3` 0–999 (odd = male, even = female). Throws on malformed input.
 */
export function makeIdNumber(region6: string, birthDate: string, sequence3: number | string): string {
  if (!/^\d{6}$/.test(region6)) throw new Error(`region code must be 6 digits: ${JSON.stringify(region6)}`)
  const ymd = /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate.replaceAll('-', '') : birthDate
  if (!/^\d{8}$/.test(ymd) || birthDateProblem(ymd, '9999-12-31')) throw new Error(`not a birth date: ${JSON.stringify(birthDate)}`)
  const sequence = typeof sequence3 === 'number' ? String(sequence3).padStart(3, '0') : sequence3
  if (!/^\d{3}$/.test(sequence)) throw new Error(`sequence must be 0–999: ${JSON.stringify(sequence3)}`)
  const first17 = region6 + ymd + sequence
  return first17 + idCheckCharacter(first17)
}

/**
 * Upgrades a 15-digit first-generation number: "19" before the 6-digit birth date, the check
 * character appended, then checked like any 18-character number. Anything but 15 ASCII digits
 * (after trimming) is refused with the problems that explain why.
 */
export function upgradeFirstGeneration(id15: string | null | undefined, options: IdNumberOptions = {}): IdNumberResult {
  const input = typeof id15 === 'string' ? id15.trim() : ''
  if (!/^\d{15}$/.test(input)) {
    const parsed = parseIdNumber(input, options)
    const problems = parsed.ok ? [] : parsed.problems.filter((p) => p !== 'first_generation')
    return { ok: false, problems: problems.length > 0 ? problems : ['wrong_length'] }
  }
  const first17 = `${input.slice(0, 6)}19${input.slice(6)}`
  return parseIdNumber(first17 + idCheckCharacter(first17), options)
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** 'bad_date' for no such calendar day or before 1900, 'future_birth_date' after `today` (YYYY-MM-DD). */
function birthDateProblem(yyyymmdd: string, today: string): 'bad_date' | 'future_birth_date' | undefined {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'bad_date'
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`
  if (iso < EARLIEST_BIRTH_DATE) return 'bad_date'
  return iso > today ? 'future_birth_date' : undefined
}

/** Today's date in China (UTC+8 all year: no daylight saving since 1991), or the caller's date. */
function calendarDate(today: string | Date | undefined): string {
  if (typeof today === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be YYYY-MM-DD: ${JSON.stringify(today)}`)
    return today
  }
  const at = today ?? new Date()
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}
