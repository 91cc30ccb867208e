// Area levels and codes, shared by server and web. Pure functions only.
//   city / district: 6 digits (GB/T 2260) — the city code ends in "00"
//   street: 9 digits, community: 12 digits (statistical division code), grid: 15 digits (community + serial)

export const AREA_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]

export const LEVEL_CODE_LENGTH: Record<AreaLevel, number> = {
  city: 6,
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
}

/** The level below `level`, or undefined for grids. */
export function childLevel(level: AreaLevel): AreaLevel | undefined {
  return AREA_LEVELS[AREA_LEVELS.indexOf(level) + 1]
}

/** The level above `level`, or undefined for the city. */
export function parentLevel(level: AreaLevel): AreaLevel | undefined {
  const i = AREA_LEVELS.indexOf(level)
  return i > 0 ? AREA_LEVELS[i - 1] : undefined
}

export function isAreaLevel(value: unknown): value is AreaLevel {
  return typeof value === 'string' && (AREA_LEVELS as readonly string[]).includes(value)
}

/**
 * The level a well-formed code implies, given whether a 6-digit code is a city (prefecture, ends in
 * "00") or a county. Returns undefined for malformed codes.
 */
export function levelOfCode(code: string): AreaLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined
  switch (code.length) {
    case 6:
      return code.endsWith('00') ? 'city' : 'district'
    case 9:
      return 'street'
    case 12:
      return 'community'
    case 15:
      return 'grid'
    default:
      return undefined
  }
}

/** The code of the parent a code implies: grid → community, community → street, street → county, county → city. */
export function impliedParentCode(code: string): string | undefined {
  const level = levelOfCode(code)
  switch (level) {
    case 'grid':
      return code.slice(0, 12)
    case 'community':
      return code.slice(0, 9)
    case 'street':
      return code.slice(0, 6)
    case 'district':
      return `${code.slice(0, 4)}00`
    default:
      return undefined
  }
}

/** Why `code` cannot be a child of `parentCode`, or undefined when it can. */
export function childCodeProblem(code: string, parentCode: string): string | undefined {
  if (!/^\d+$/.test(code)) return 'code must contain digits only'
  const level = levelOfCode(code)
  if (!level) return 'code must have 6, 9, 12 or 15 digits'
  if (level === 'city') return 'a city cannot be a child area'
  const implied = impliedParentCode(code)
  if (implied !== parentCode) return `code ${code} does not belong under ${parentCode} (its prefix implies ${implied})`
  if (level === 'grid' && code.endsWith('000')) return 'grid serial must be 001–999'
  return undefined
}

/** Builds a grid code from its community code and a 1-based serial. */
export function gridCode(communityCode: string, serial: number): string {
  if (!/^\d{12}$/.test(communityCode)) throw new Error(`not a community code: ${communityCode}`)
  if (!Number.isInteger(serial) || serial < 1 || serial > 999) throw new Error(`grid serial out of range: ${serial}`)
  return communityCode + String(serial).padStart(3, '0')
}
