// The proportions of the demo cases: which subcategories are reported how often (and in which season),
// through which channel, at what time of day, how each one ends, and how long each step takes
// relative to its time limit. All weights are relative (they need not sum to 1).
import type { Weighted } from '../population/rng.ts'
import type { CaseSource } from '../../../../shared/cases/workflow.ts'

/** Reports per subcategory in an ordinary month. Environment and components lead, emergencies ≈ 0.5 %. */
export const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  'environment.garbage': 8.5,
  'environment.dirty_road': 4.5,
  'environment.illegal_building': 3,
  'environment.street_vending': 5.5,
  'environment.advertising': 3,
  'environment.noise': 3,
  'environment.pollution': 1.5,
  'component.manhole': 5,
  'component.streetlight': 7.5,
  'component.road': 5.5,
  'component.greenery': 3,
  'component.facility': 5,
  'dispute.family': 2.5,
  'dispute.neighbour': 4.5,
  'dispute.housing_land': 1.8,
  'dispute.labour': 2,
  'dispute.property_mgmt': 3.2,
  'dispute.demolition': 0.4,
  'dispute.medical': 0.5,
  'dispute.contract': 0.9,
  'dispute.other': 1,
  'livelihood.social_security': 3.5,
  'livelihood.employment': 1.8,
  'livelihood.medical': 1.8,
  'livelihood.education': 1.4,
  'livelihood.utilities': 3.5,
  'livelihood.documents': 2.2,
  'livelihood.other': 2,
  'security.public_order': 1.4,
  'security.fire': 2.2,
  'security.building': 1,
  'security.gas': 1.8,
  'security.traffic': 1.4,
  'security.other': 0.6,
  'emergency.fire': 0.14,
  'emergency.flood': 0.12,
  'emergency.accident': 0.14,
  'emergency.public_health': 0.05,
  'emergency.mass_incident': 0.05,
}

/** Xining's heating season (供暖期): 15 October – 15 April. */
export function inHeatingSeason(month: number, day: number): boolean {
  return month >= 11 || month <= 3 || (month === 10 && day >= 15) || (month === 4 && day <= 15)
}

/** Seasonal factor of a subcategory in a local month (1–12) and day. */
export function seasonal(code: string, month: number, day: number): number {
  const summer = month >= 6 && month <= 9
  const winter = month === 12 || month <= 2
  switch (code) {
    case 'livelihood.utilities':
      // Heating complaints: most from November to January, fewer at the season's start and end.
      return inHeatingSeason(month, day) ? (month === 11 || month === 12 || month === 1 ? 2.8 : 2.2) : 0.7
    case 'security.gas':
    case 'security.fire':
      return winter ? 1.6 : 1
    case 'emergency.flood':
      return month >= 7 && month <= 8 ? 5 : summer ? 2 : 0.15
    case 'emergency.fire':
      return winter || month === 3 || month === 4 ? 1.5 : 0.8
    case 'component.greenery':
      return month >= 4 && month <= 9 ? 1.6 : 0.4
    case 'environment.street_vending':
    case 'environment.noise':
      return summer ? 1.5 : winter ? 0.6 : 1
    case 'environment.dirty_road':
      // Dust in spring, snow and ice in winter.
      return month >= 3 && month <= 5 ? 1.4 : winter ? 1.3 : 1
    case 'component.road':
      return month >= 3 && month <= 4 ? 1.6 : 1
    case 'dispute.labour':
      // Unpaid wages before the Spring Festival.
      return month === 12 || month === 1 ? 2.2 : 1
    case 'livelihood.education':
      return month === 8 || month === 9 || month === 2 ? 1.8 : 0.8
    default:
      return 1
  }
}

/** Channels by category group: grid workers report most; residents only public categories. */
export function sourceWeights(code: string, isPublic: boolean): Weighted<CaseSource> {
  if (code.startsWith('emergency.')) return [['grid_worker', 70], ['hotline', 25], ['staff', 5]]
  const pub = isPublic ? (code.startsWith('livelihood.') || code.startsWith('dispute.') ? 17 : 14) : 0
  return [['grid_worker', 74], ['public_web', pub], ['hotline', code.startsWith('livelihood.') ? 10 : 7], ['staff', 4]]
}

/** Reports per local hour (0–23): grid workers and staff in working hours, residents into the evening. */
export const HOURS: Readonly<Record<'work' | 'public' | 'hotline' | 'emergency', readonly number[]>> = {
  //      0     1     2     3     4     5     6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21   22    23
  work: [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.3, 1.0, 2.2, 2.6, 2.3, 0.6, 0.8, 2.0, 2.4, 2.3, 1.8, 0.9, 0.4, 0.3, 0.2, 0.1, 0.05],
  public: [0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.2, 0.5, 1.0, 1.3, 1.4, 1.3, 1.0, 1.0, 1.3, 1.4, 1.3, 1.2, 1.1, 1.3, 1.4, 1.3, 0.9, 0.4],
  hotline: [0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.1, 0.5, 1.4, 1.8, 1.9, 1.7, 1.0, 1.1, 1.7, 1.8, 1.7, 1.4, 1.0, 0.9, 0.8, 0.6, 0.3, 0.1],
  emergency: [0.5, 0.4, 0.35, 0.3, 0.3, 0.35, 0.5, 0.8, 1, 1.1, 1.1, 1.1, 1, 1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1, 0.9, 0.8, 0.6],
}

/** Reports on a day: working days, weekends and holidays, and the system's growing use over the year. */
export const DAY_FACTOR = { working: 1, weekend: 0.45, holiday: 0.32 } as const
/** The first day of the year has this share of the last day's reports (linear in between). */
export const ADOPTION_START = 0.8

/** How a case ends, for a report that goes to the community (the ordinary rule). */
export type Outcome = 'on_spot' | 'community' | 'street' | 'district' | 'city' | 'reject' | 'merge'

/** Grid workers resolve most simple problems on the spot (就地解决). */
const FROM_GRID_WORKER: Weighted<Outcome> = [
  ['on_spot', 65],
  ['community', 24.5],
  ['street', 7.5],
  ['district', 1.6],
  ['city', 0.1],
  ['reject', 1.5],
  ['merge', 0.75],
]
/** Reports from residents, the hotline and staff: no on-the-spot resolution, more refusals and repeats. */
const FROM_OTHERS: Weighted<Outcome> = [
  ['community', 66],
  ['street', 20],
  ['district', 4],
  ['city', 0.3],
  ['reject', 4],
  ['merge', 2.2],
]

/** On-the-spot resolution by category group, relative (a broken streetlight needs a repair crew). */
const ON_SPOT_FACTOR: Readonly<Record<string, number>> = { environment: 1.3, dispute: 1.05, component: 0.55, livelihood: 1.05, security: 0.85 }

export function outcomeWeights(code: string, source: CaseSource): Weighted<Outcome> {
  if (source !== 'grid_worker') return FROM_OTHERS
  const f = ON_SPOT_FACTOR[code.slice(0, code.indexOf('.'))] ?? 1
  return FROM_GRID_WORKER.map(([o, w]) => [o, o === 'on_spot' ? w * f : w] as const)
}

/** Reports that go straight to the street (征地拆迁) or the district (emergencies): where they end. */
export const FROM_STREET: Weighted<Outcome> = [['street', 75], ['district', 20], ['reject', 5]]
export const FROM_DISTRICT: Weighted<Outcome> = [['district', 97], ['city', 3]]

/** Share of cases the final level dispatches to a department (rather than closing them itself). */
export function dispatchShare(level: 'community' | 'street' | 'district' | 'city', code: string): number {
  switch (level) {
    case 'community':
      return code.startsWith('component.') ? 0.45 : code === 'environment.illegal_building' ? 0.5 : code.startsWith('environment.') ? 0.1 : 0.05
    case 'street':
      return 0.7
    case 'district':
      return 0.8
    case 'city':
      return 0.9
  }
}

/** Share of department results the holder sends back once (返工). */
export const REWORK_SHARE = 0.08
/** Share of dispatched cases the department returns to the holder as not its own (the holder then closes them). */
export const DEPARTMENT_RETURN_SHARE = 0.03
/** Share of closed cases rated: residents on the public page, reporters (回访) for the other channels. */
export const RATING_SHARE = { public: 0.55, other: 0.37 } as const

/** Ratings: satisfied mostly; late cases less so. */
export const RATINGS: Readonly<Record<'on_time' | 'late', Weighted<number>>> = {
  on_time: [[5, 62], [4, 26], [3, 8], [2, 2.5], [1, 1.5]],
  late: [[5, 30], [4, 30], [3, 22], [2, 10], [1, 8]],
}

/** How long a step takes, as a fraction of its limit: ranges [from, to) and their weights. */
export type Pace = readonly (readonly [from: number, to: number, weight: number])[]
export const PACE: Readonly<Record<'quick' | 'handle' | 'verify', Pace>> = {
  /** Accepting, escalating, dispatching, refusing: mostly within hours. */
  quick: [
    [0.01, 0.2, 80],
    [0.2, 0.6, 12.5],
    [0.6, 1, 5],
    [1, 1.9, 2],
    [2, 2.8, 0.5],
  ],
  /** Handling (the holder's or a department's). */
  handle: [
    [0.05, 0.6, 66],
    [0.6, 0.75, 14],
    [0.75, 1, 12.5],
    [1, 1.9, 5.8],
    [2, 3, 1.7],
  ],
  /** Checking a department's result. */
  verify: [
    [0.05, 0.5, 78],
    [0.5, 1, 15],
    [1, 1.9, 5.5],
    [2, 3, 1.5],
  ],
}

/** A late step's holder or department asks for more time this often (from 85 % of the limit). */
export const EXTENSION_SHARE = 0.35
export const EXTENSION_GRANTED = 0.8
/** Supervisors urge (督办) a few cases, most of them late ones. */
export const MANUAL_URGE_SHARE = { late: 0.22, other: 0.012 } as const

/** Recent cases left waiting (still open at `now`): a share that fades with the age of the case. */
export const STALL = { share: 0.5, halfLifeDays: 3, withinDays: 14 } as const
export const STALL_STATES: Weighted<'reported' | 'accepted' | 'dispatched' | 'to_verify'> = [
  ['reported', 22],
  ['accepted', 33],
  ['dispatched', 30],
  ['to_verify', 15],
]

/**
 * The time-limit sweep of the demo history ran until this many working hours before `now` (as if the
 * server had been stopped since): open cases that passed their deadline after that have no automatic
 * urge yet, so the sweep has work at first start.
 */
export const SWEEP_GAP_WORKING_HOURS = 8
