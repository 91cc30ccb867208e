// The plan of the demo cases: when each one is reported (a year before `now`, weekdays and working
// hours busier, weekends and holidays quieter, seasons shifting the mix), where (grids weighted by
// their residents, villages fewer), what (subcategory by season and kind of grid), through which
// channel, how it ends — and then its whole history (lifecycle.ts). Pure and deterministic: the same
// inputs, seed, count and `now` give the same cases, numbers included.
import { isWorkingDay, workingMinutesBetween } from '../../../../shared/cases/calendar.ts'
import { HOLDER_LEVELS, type CaseSource, type HolderLevel, type OpenState, type Urgency } from '../../../../shared/cases/workflow.ts'
import { escalationFor, type CaseConfig } from '../../cases/case-config.ts'
import { ancestorAt, newCaseNumber } from '../../cases/case-model.ts'
import { Rng, WeightedTable } from '../population/rng.ts'
import type { GridInfo } from '../population/model.ts'
import { live, type CaseRecord, type LifeEnv } from './lifecycle.ts'
import {
  ADOPTION_START,
  CATEGORY_WEIGHTS,
  DAY_FACTOR,
  FROM_DISTRICT,
  FROM_STREET,
  HOURS,
  STALL,
  STALL_STATES,
  SWEEP_GAP_WORKING_HOURS,
  dispatchShare,
  inHeatingSeason,
  outcomeWeights,
  seasonal,
  sourceWeights,
  type Outcome,
} from './mix.ts'
import { pickPoint, placeIn, type GridPoints } from './places.ts'
import { reportWords } from './texts.ts'

const DAY = 86_400_000
const HOUR = 3_600_000
/** The year of cases before `now`. */
export const HISTORY_DAYS = 365

export interface Department {
  code: string
  areaCode: string
  categories: readonly string[]
}

/** What the plan reads from the database. */
export interface CaseInputs {
  cfg: CaseConfig
  grids: GridInfo[]
  /** Relative weight of each grid (its residents, villages discounted). */
  gridWeights: number[]
  /** The roads of each street (town grids' addresses). */
  roads: Map<string, string[]>
  points: GridPoints
  departments: Department[]
}

export interface PlanOptions {
  cases: number
  now: number
  seed: number
  /** The id of the first case (ids follow in order of reporting). */
  firstId: number
  /** Case numbers already taken in the database. */
  takenNumbers?: Iterable<string>
}

type Kind = 'urban' | 'rural' | 'industrial'
const kindOf = (g: GridInfo): Kind => (g.industrial ? 'industrial' : g.kind)

/** Subcategories more or less frequent by kind of grid (no vendors in the fields, no wage disputes of villagers…). */
function kindFactor(kind: Kind, code: string): number {
  const group = code.slice(0, code.indexOf('.'))
  if (kind === 'rural') {
    switch (code) {
      case 'component.streetlight':
        return 0.5
      case 'environment.street_vending':
      case 'environment.advertising':
        return 0.25
      case 'environment.noise':
        return 0.5
      case 'environment.illegal_building':
        return 1.6
      case 'dispute.housing_land':
        return 3
      case 'dispute.property_mgmt':
        return 0.1
      case 'dispute.demolition':
        return 2.5
      case 'emergency.flood':
        return 2
    }
    if (group === 'component') return 0.45
    if (group === 'livelihood') return 1.2
    return 1
  }
  if (kind === 'industrial') {
    switch (code) {
      case 'dispute.labour':
        return 3
      case 'environment.pollution':
        return 3
      case 'dispute.family':
      case 'dispute.property_mgmt':
        return 0.3
    }
    if (group === 'security') return 2
    if (group === 'livelihood') return 0.4
  }
  return 1
}

/**
 * The instant the demo history's sweep last ran: SWEEP_GAP_WORKING_HOURS of working time before
 * `now`, as if the server had been stopped since. Cases that passed their deadline after it are
 * past due with no automatic urge yet.
 */
export function lastSweepBefore(cfg: CaseConfig, now: number, hours = SWEEP_GAP_WORKING_HOURS): number {
  let lo = now - 30 * DAY
  let hi = now
  const want = hours * 60
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2)
    if (workingMinutesBetween(cfg.calendar, new Date(mid), new Date(now)) >= want) lo = mid
    else hi = mid
  }
  return lo
}

/** Where and what, before the history: the schedule of reports. */
interface Draft {
  index: number
  at: number
  grid: number
  category: string
  source: CaseSource
  localHour: number
}

/** The fileable subcategories of the configuration the generator knows, and whether residents may report them. */
function knownCategories(cfg: CaseConfig): { code: string; isPublic: boolean }[] {
  const out: { code: string; isPublic: boolean }[] = []
  for (const code of Object.keys(CATEGORY_WEIGHTS)) {
    const c = cfg.categories.get(code)
    const parent = c?.parentCode ? cfg.categories.get(c.parentCode) : undefined
    if (c && c.active && parent?.active) out.push({ code, isPublic: c.isPublic })
  }
  if (out.length === 0) throw new Error('demo cases: the case configuration has none of the default subcategories')
  return out
}

/** Report instants, places, subcategories and channels of `n` cases, in order of reporting. */
function schedule(inputs: CaseInputs, o: PlanOptions): Draft[] {
  const { cfg, grids } = inputs
  const offset = cfg.settings.utcOffsetMinutes * 60_000
  const today = Math.floor((o.now + offset) / DAY)
  const holidays = new Set(cfg.calendarDays.filter((d) => d.kind === 'holiday').map((d) => d.date))
  const categories = knownCategories(cfg)
  const publicOf = new Map(categories.map((c) => [c.code, c.isPublic]))

  // Category tables by season and kind of grid.
  const tables = new Map<string, WeightedTable<string>>()
  const categoryTable = (month: number, day: number, kind: Kind) => {
    const heating = inHeatingSeason(month, day)
    const key = `${month}:${heating}:${kind}`
    let t = tables.get(key)
    if (!t) {
      // A day of the month on the same side of the heating season's start (15 Oct) or end (15 Apr).
      const day = month === 10 ? (heating ? 20 : 5) : month === 4 ? (heating ? 5 : 20) : 15
      t = new WeightedTable(categories.map((c) => [c.code, CATEGORY_WEIGHTS[c.code]! * seasonal(c.code, month, day) * kindFactor(kind, c.code)] as const))
      tables.set(key, t)
    }
    return t
  }
  const seasonTotal = (month: number, day: number) => categories.reduce((s, c) => s + CATEGORY_WEIGHTS[c.code]! * seasonal(c.code, month, day), 0)
  const base = categories.reduce((s, c) => s + CATEGORY_WEIGHTS[c.code]!, 0)

  // Days: kind of day, the system's growing use, the season's volume; today only up to now.
  const days: [number, number][] = []
  for (let k = 0; k <= HISTORY_DAYS; k++) {
    const dayNumber = today - k
    const iso = new Date(dayNumber * DAY).toISOString().slice(0, 10)
    const month = Number(iso.slice(5, 7))
    const dom = Number(iso.slice(8, 10))
    const factor = holidays.has(iso) ? DAY_FACTOR.holiday : isWorkingDay(cfg.calendar, iso) ? DAY_FACTOR.working : DAY_FACTOR.weekend
    const adoption = ADOPTION_START + ((1 - ADOPTION_START) * (HISTORY_DAYS - k)) / HISTORY_DAYS
    const partial = k === 0 ? (o.now + offset - dayNumber * DAY) / DAY : k === HISTORY_DAYS ? 1 - (o.now + offset - today * DAY) / DAY : 1
    days.push([dayNumber, factor * adoption * (seasonTotal(month, dom) / base) * Math.max(0, partial)])
  }
  const dayTable = new WeightedTable(days)
  const gridTable = new WeightedTable(inputs.gridWeights.map((w, i) => [i, w] as const))
  const hourTables = Object.fromEntries(Object.entries(HOURS).map(([k, v]) => [k, new WeightedTable(v.map((w, h) => [h, w] as const))])) as Record<keyof typeof HOURS, WeightedTable<number>>
  const earliest = o.now - HISTORY_DAYS * DAY

  const drafts: Draft[] = []
  for (let i = 0; i < o.cases; i++) {
    const rng = new Rng(`case:${i}`, o.seed)
    const grid = gridTable.draw(rng)
    const g = grids[grid]!
    let at = 0
    let draft: Draft | undefined
    for (let attempt = 0; attempt < 20 && !draft; attempt++) {
      const dayNumber = dayTable.draw(rng)
      const iso = new Date(dayNumber * DAY).toISOString().slice(0, 10)
      const category = categoryTable(Number(iso.slice(5, 7)), Number(iso.slice(8, 10)), kindOf(g)).draw(rng)
      const source = rng.weighted(sourceWeights(category, publicOf.get(category) ?? false))
      const profile = category.startsWith('emergency.') ? 'emergency' : source === 'public_web' ? 'public' : source === 'hotline' ? 'hotline' : 'work'
      const hour = hourTables[profile].draw(rng)
      at = dayNumber * DAY - offset + hour * HOUR + rng.int(0, 3599) * 1000
      if (at <= o.now && at > earliest) draft = { index: i, at, grid, category, source, localHour: hour }
    }
    drafts.push(draft ?? { index: i, at: o.now - 60_000, grid, category: categories[0]!.code, source: 'grid_worker', localHour: 12 })
  }
  return drafts.sort((a, b) => a.at - b.at || a.index - b.index)
}

/** The department a holder dispatches a category to: the most specific match among those that serve it. */
export function departmentFinder(departments: readonly Department[]): LifeEnv['department'] {
  const cache = new Map<string, string | undefined>()
  return (category, level, holderCode) => {
    // Levels below the city dispatch to their district's departments; the city to its own.
    const area = level === 'city' ? holderCode : ancestorAt(holderCode, 'district')
    const key = `${area}|${category}`
    if (cache.has(key)) return cache.get(key)
    let best: string | undefined
    let score = 0
    for (const d of departments) {
      if (d.areaCode !== area) continue
      for (const c of d.categories) {
        const s = c === category ? 2 : category.startsWith(`${c}.`) ? 1 : 0
        if (s > score) (best = d.code), (score = s)
      }
    }
    cache.set(key, best)
    return best
  }
}

const NUMBER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** The cases of the plan, generated in order of reporting, a batch at a time. */
export interface CasePlanner {
  readonly total: number
  readonly lastSweep: number
  /** The next (up to) `count` cases; empty when all are done. */
  next(count: number): CaseRecord[]
}

export function planCases(inputs: CaseInputs, o: PlanOptions): CasePlanner {
  const { cfg, grids } = inputs
  const drafts = schedule(inputs, o)
  const lastSweep = lastSweepBefore(cfg, o.now)
  const env: LifeEnv = { cfg, now: o.now, lastSweep, department: departmentFinder(inputs.departments) }
  const taken = new Set(o.takenNumbers ?? [])
  /** Per community, the latest cases a repeat report can be merged into (the community holds them all). */
  const recent = new Map<string, { id: number; number: string; category: string; at: number }[]>()
  /** The date part of the numbers (YYMMDD-), per local day. */
  const prefixes = new Map<number, string>()
  const offset = cfg.settings.utcOffsetMinutes * 60_000
  let k = 0

  const one = (d: Draft): CaseRecord => {
    const rng = new Rng(`life:${d.index}`, o.seed)
    const g = grids[d.grid]!
    const id = o.firstId + k
    // The number: the local date of the report and six letters; a repeat draws again.
    const day = Math.floor((d.at + offset) / DAY)
    let prefix = prefixes.get(day)
    if (prefix === undefined) prefixes.set(day, (prefix = newCaseNumber(new Date(d.at), cfg.settings.utcOffsetMinutes).slice(0, 7)))
    let number = ''
    do {
      number = prefix
      for (let j = 0; j < 6; j++) number += NUMBER_ALPHABET[Math.floor(rng.next() * NUMBER_ALPHABET.length)]
    } while (taken.has(number))
    taken.add(number)

    const emergency = d.category.startsWith('emergency.')
    const urgency: Urgency = emergency ? (rng.chance(0.8) ? 'emergency' : 'urgent') : rng.chance(0.05) ? 'urgent' : 'normal'
    const target = escalationFor(cfg, d.category, urgency).target
    let outcome: Outcome = rng.weighted(target === 'community' ? outcomeWeights(d.category, d.source) : target === 'street' ? FROM_STREET : FROM_DISTRICT)
    if (outcome === 'on_spot' && d.source !== 'grid_worker') outcome = target
    // Never below the level the report goes to (a rule of the configuration may send it higher).
    if ((HOLDER_LEVELS as readonly string[]).includes(outcome) && HOLDER_LEVELS.indexOf(outcome as HolderLevel) < HOLDER_LEVELS.indexOf(target)) outcome = target
    // Recent cases nobody has taken up yet: more, the more recent.
    const age = (o.now - d.at) / DAY
    let stall: OpenState | undefined
    if (age < STALL.withinDays && rng.chance(STALL.share * 0.5 ** (age / STALL.halfLifeDays))) stall = rng.weighted(STALL_STATES)
    if (stall && (outcome === 'on_spot' || outcome === 'reject' || outcome === 'merge')) outcome = target
    const candidates = recent.get(g.communityCode)
    // A repeat of a case of the same community reported in the last month, the same subcategory if there is one.
    const fresh = candidates?.filter((c) => c.at > d.at - 30 * DAY)
    const into = outcome === 'merge' ? (fresh?.find((c) => c.category === d.category) ?? fresh?.[0]) : undefined
    if (outcome === 'merge' && !into) outcome = target
    const final: HolderLevel = outcome === 'on_spot' || outcome === 'reject' || outcome === 'merge' ? target : outcome
    const dispatch = stall === 'dispatched' || stall === 'to_verify' || rng.chance(dispatchShare(final, d.category))

    const place = placeIn(rng, g, inputs.roads.get(g.streetCode))
    const words = reportWords(rng, d.category, d.source, place, d.localHour, g.kind === 'rural' && !g.industrial)
    const [lon, lat] = pickPoint(rng, inputs.points, g.code)
    const anonymous = d.source === 'public_web' && rng.chance(0.35)
    const c = live(
      env,
      {
        id,
        number,
        createdAt: d.at,
        category: d.category,
        urgency,
        source: d.source,
        grid: g.code,
        title: words.title,
        description: words.description,
        place,
        words,
        lon,
        lat,
        anonymous,
        outcome,
        dispatch,
        stall,
        mergeInto: into ? { id: into.id, number: into.number } : undefined,
      },
      rng,
    )
    if (c.state !== 'merged' && c.state !== 'rejected') {
      const list = candidates ?? []
      list.unshift({ id, number, category: d.category, at: d.at })
      if (list.length > 4) list.pop()
      recent.set(g.communityCode, list)
    }
    k++
    return c
  }

  return {
    total: drafts.length,
    lastSweep,
    next(count) {
      const out: CaseRecord[] = []
      while (out.length < count && k < drafts.length) out.push(one(drafts[k]!))
      return out
    },
  }
}
