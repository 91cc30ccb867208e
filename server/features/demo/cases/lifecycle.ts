// The life of one demo case, step by step, as the case service and the sweep would have written it.
// Every step goes through the workflow table (`nextState`: a step the table refuses throws), starts
// the clock of the next step with `stepClock` on the work calendar, and writes the columns and the
// event row case.service.ts writes for it; the sweep's automatic urges (yellow card past the deadline,
// red at twice the limit) are inserted wherever the sweep would have made them while it ran (up to
// `lastSweep`). A step whose time comes after `now` does not happen: the case stays open where it is.
import { addLimit } from '../../../../shared/cases/calendar.ts'
import type { LimitLevel } from '../../../../shared/cases/categories.ts'
import {
  STEP_OF_STATE,
  isOpenState,
  nextState,
  type Card,
  type CaseAction,
  type CaseParty,
  type CaseSource,
  type CaseState,
  type CaseStep,
  type HolderLevel,
  type OpenState,
  type Supervision,
  type Urgency,
} from '../../../../shared/cases/workflow.ts'
import type { LimitUnit } from '../../../../shared/cases/calendar.ts'
import { escalationFor, stepClock, type CaseConfig } from '../../cases/case-config.ts'
import { ancestorAt, levelAbove } from '../../cases/case-model.ts'
import type { Rng } from '../population/rng.ts'
import { PUBLIC_ACTOR, SYSTEM_ACTOR, gridWorkerOf, handlerOf, staffOf, type Actor } from './actors.ts'
import {
  DEPARTMENT_RETURN_SHARE,
  EXTENSION_GRANTED,
  EXTENSION_SHARE,
  MANUAL_URGE_SHARE,
  PACE,
  RATINGS,
  RATING_SHARE,
  REWORK_SHARE,
  type Outcome,
  type Pace,
} from './mix.ts'
import {
  DEPARTMENT_RETURN_REASONS,
  DISPATCH_NOTES,
  ESCALATE_REASONS,
  EXTENSION_REASONS,
  MERGE_REASONS,
  RATING_COMMENTS,
  REFUSE_EXTENSION_REASONS,
  REJECT_REASONS,
  REWORK_REASONS,
  URGE_REASONS,
  VERIFY_NOTES,
  type ReportWords,
} from './texts.ts'

/** The reasons the sweep writes (server/features/cases/sweep.ts). */
export const SWEEP_REASONS = {
  yellow: '超过办理时限，系统自动督办 / past the time limit: urged by the system',
  red: '超过时限一倍，系统红牌督办 / twice past the time limit: red card from the system',
} as const

export interface EventRow {
  seq: number
  at: number
  action: CaseAction
  from: CaseState | null
  to: CaseState
  actor: string
  actorRole: string
  party: CaseParty
  reason: string | null
  result: string | null
  card: Card | null
  fromHolder: string | null
  toHolder: string | null
  department: string | null
  amount: number | null
  /** JSON text. */
  detail: string
}

export interface CopyRow {
  target: string
  at: number
  by: string
}

/** A case as written: the civic_case columns (times in ms), its events and its copies. */
export interface CaseRecord {
  id: number
  number: string
  state: CaseState
  category: string
  urgency: Urgency
  title: string
  description: string
  source: CaseSource
  lon: number
  lat: number
  address: string
  gridCode: string
  holderLevel: HolderLevel
  holderCode: string
  prevHolderCode: string | null
  departmentCode: string | null
  reporter: string | null
  reporterRole: string
  anonymous: boolean
  step: CaseStep | null
  stepStartedAt: number | null
  limitAmount: number | null
  limitUnit: LimitUnit | null
  extensionAmount: number
  /** JSON text of a pending extension request. */
  extensionRequest: string | null
  warnAt: number | null
  dueAt: number | null
  redAt: number | null
  autoLevel: number
  supervision: Supervision
  everOverdue: boolean
  reworkCount: number
  result: string | null
  createdAt: number
  updatedAt: number
  acceptedAt: number | null
  closedAt: number | null
  closedLevel: string | null
  mergedInto: number | null
  rating: number | null
  ratingComment: string | null
  ratedAt: number | null
  events: EventRow[]
  copies: CopyRow[]
}

export interface LifeEnv {
  cfg: CaseConfig
  now: number
  /** The sweep ran until this instant (it urges nothing after it). */
  lastSweep: number
  /** The department a holder would dispatch this category to, if any. */
  department(category: string, holderLevel: HolderLevel, holderCode: string): string | undefined
}

export interface LifeInput {
  id: number
  number: string
  createdAt: number
  category: string
  urgency: Urgency
  source: CaseSource
  grid: string
  title: string
  description: string
  place: string
  /** The words of the results that fit the report. */
  words: ReportWords
  lon: number
  lat: number
  anonymous: boolean
  outcome: Outcome
  /** Whether the last level dispatches the case to a department (when it has one for the category). */
  dispatch: boolean
  /** Left waiting in this state (a recent case nobody has taken up yet). */
  stall?: OpenState
  /** An earlier case the holder merges this one into (outcome 'merge'). */
  mergeInto?: { id: number; number: string }
}

interface Clock {
  step: CaseStep
  startedAt: number
  amount: number
  unit: LimitUnit
  level: LimitLevel
  warnAt: number
  dueAt: number
  redAt: number
}

interface PendingExtension {
  by: string
  party: CaseParty
  amount: number
  reason: string
  at: string
}

const SECOND = 1000
const HOUR = 3_600_000
const DAY = 86_400_000
const up = (ms: number) => Math.ceil(ms / SECOND) * SECOND

/** A fraction of a limit drawn from a pace table. */
function drawPace(rng: Rng, pace: Pace): number {
  let total = 0
  for (const [, , w] of pace) total += w
  let r = rng.next() * total
  for (const [a, b, w] of pace) {
    r -= w
    if (r < 0) return a + (b - a) * rng.next()
  }
  const [a, b] = pace[pace.length - 1]!
  return a + (b - a) * rng.next()
}

/** How much more time a holder or department asks for, in the unit of the running limit. */
function extensionAmount(rng: Rng, unit: LimitUnit): number {
  switch (unit) {
    case 'working_days':
      return rng.int(1, 5)
    case 'calendar_days':
      return rng.int(1, 3)
    case 'working_hours':
      return rng.int(2, 8)
    case 'calendar_hours':
      return rng.int(1, 4)
  }
}

class Life {
  readonly c: CaseRecord
  private clock: Clock | null = null
  private extension = 0
  private request: PendingExtension | null = null
  private last: number
  private stopped = false

  constructor(
    private readonly env: LifeEnv,
    private readonly rng: Rng,
    private readonly input: LifeInput,
  ) {
    this.last = input.createdAt - SECOND
    this.c = {
      id: input.id,
      number: input.number,
      state: 'reported',
      category: input.category,
      urgency: input.urgency,
      title: input.title,
      description: input.description,
      source: input.source,
      lon: input.lon,
      lat: input.lat,
      address: input.place,
      gridCode: input.grid,
      holderLevel: 'community',
      holderCode: input.grid.slice(0, 12),
      prevHolderCode: null,
      departmentCode: null,
      reporter: null,
      reporterRole: 'public',
      anonymous: input.anonymous,
      step: null,
      stepStartedAt: null,
      limitAmount: null,
      limitUnit: null,
      extensionAmount: 0,
      extensionRequest: null,
      warnAt: null,
      dueAt: null,
      redAt: null,
      autoLevel: 0,
      supervision: 'none',
      everOverdue: false,
      reworkCount: 0,
      result: null,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
      acceptedAt: null,
      closedAt: null,
      closedLevel: null,
      mergedInto: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
      events: [],
      copies: [],
    }
  }

  // ---- the machinery ------------------------------------------------------------------------

  /** A time strictly after the last event. */
  private after(at: number): number {
    return at > this.last ? at : this.last + SECOND * this.rng.int(1, 90)
  }

  /** The automatic urges the sweep made before `until` while it ran (every minute, up to lastSweep). */
  private sweep(until: number): void {
    for (;;) {
      const k = this.clock
      const level = this.c.autoLevel
      if (!k || !isOpenState(this.c.state) || level >= 2) return
      const card: Card = level === 0 ? 'yellow' : 'red'
      // The sweep runs once a minute: it sees the deadline within a minute of it.
      let at = up((level === 0 ? k.dueAt : k.redAt) + SECOND * (1 + ((this.c.id * 31 + this.c.events.length * 7) % 59)))
      if (at <= this.last) at = this.last + SECOND
      if (at >= until || at > this.env.lastSweep) return
      this.push(at, 'urge', 'system', SYSTEM_ACTOR, { reason: SWEEP_REASONS[card], card, detail: { automatic: true } })
      this.c.autoLevel = level + 1
      this.c.everOverdue = true
      this.c.supervision = card === 'red' || this.c.supervision === 'red' ? 'red' : 'yellow'
    }
  }

  private push(
    at: number,
    action: CaseAction,
    party: CaseParty,
    actor: Actor,
    e: { reason?: string | null; result?: string | null; card?: Card; fromHolder?: string; toHolder?: string; department?: string | null; amount?: number; detail?: Record<string, unknown> },
  ): CaseState {
    const from = this.c.events.length === 0 ? 'new' : this.c.state
    const r = nextState(from, action, party)
    if (!r.ok) throw new Error(`demo cases: case ${this.c.number}: ${action} by ${party} in state ${from} is refused (${r.problem})`)
    this.c.events.push({
      seq: this.c.events.length + 1,
      at,
      action,
      from: from === 'new' ? null : from,
      to: r.to,
      actor: actor.name,
      actorRole: actor.role,
      party,
      reason: e.reason ?? null,
      result: e.result ?? null,
      card: e.card ?? null,
      fromHolder: e.fromHolder ?? null,
      toHolder: e.toHolder ?? null,
      department: e.department ?? null,
      amount: e.amount ?? null,
      detail: JSON.stringify(e.detail ?? {}),
    })
    this.c.state = r.to
    this.c.updatedAt = at
    this.last = at
    return r.to
  }

  /**
   * One step at `at` (or, if that is after `now`, none: the case stops where it is), after the
   * sweep's urges that came before it. `apply` changes the columns as the service does.
   */
  private act(
    at: number,
    action: CaseAction,
    party: CaseParty,
    actor: Actor,
    e: Parameters<Life['push']>[4],
    apply?: (to: CaseState, at: number) => void,
  ): boolean {
    if (this.stopped) return false
    at = this.after(up(at))
    if (at > this.env.now) {
      this.stopped = true
      return false
    }
    this.sweep(at)
    at = this.after(at)
    if (at > this.env.now) {
      this.stopped = true
      return false
    }
    const to = this.push(at, action, party, actor, e)
    apply?.(to, at)
    return true
  }

  /** The clock columns of a new step (clockColumns in case.service.ts). */
  private enter(to: CaseState, level: LimitLevel, at: number): void {
    if (this.clock && at >= this.clock.dueAt) this.c.everOverdue = true
    this.extension = 0
    this.request = null
    if (!isOpenState(to)) {
      // Leaving the open states: the clock stops; the urging level and supervision stay as they were.
      this.clock = null
      return
    }
    const step = STEP_OF_STATE[to]
    const k = stepClock(this.env.cfg, { category: this.c.category, level, step, urgency: this.c.urgency, startedAt: new Date(at) })
    this.clock = { step, startedAt: at, amount: k.amount, unit: k.unit, level, warnAt: k.warnAt.getTime(), dueAt: k.dueAt.getTime(), redAt: k.redAt.getTime() }
    this.c.autoLevel = 0
    this.c.supervision = 'none'
  }

  /** The instant at `frac` of the running step's limit (working time for working units). */
  private within(frac: number): number {
    const k = this.clock!
    return addLimit(this.env.cfg.calendar, new Date(k.startedAt), frac * k.amount, k.unit).getTime() + SECOND * this.rng.int(0, 120)
  }

  private holder(): Actor {
    return staffOf(this.c.holderLevel, this.c.holderCode)
  }

  /** Staff of the level above the holder (none above the city). */
  private supervisor(): Actor | undefined {
    const above = levelAbove(this.c.holderLevel)
    return above ? staffOf(above, ancestorAt(this.c.holderCode, above)) : undefined
  }

  /**
   * A main step: waits while the case is left in `stall`, draws how long the step takes, and
   * before it perhaps an extension (requested and decided) and a supervisor's urge.
   */
  private step(pace: Pace, extensible: boolean, action: (at: number) => boolean): boolean {
    if (this.stopped) return false
    if (this.input.stall && this.c.state === this.input.stall) {
      this.stopped = true
      return false
    }
    const rng = this.rng
    const frac = drawPace(rng, pace)
    const end = this.within(frac)
    if (extensible && frac >= 0.85 && rng.chance(EXTENSION_SHARE)) {
      const who = this.c.state === 'dispatched' ? { party: 'department' as const, actor: handlerOf(this.c.departmentCode!) } : { party: 'holder' as const, actor: this.holder() }
      const decider = this.c.state === 'dispatched' ? { party: 'holder' as const, actor: this.holder() } : { party: 'supervisor' as const, actor: this.supervisor() }
      if (decider.actor) {
        // In working time, like the step itself: asked for late in the step, decided before its end.
        const asked = Math.min(frac, 0.95) * (0.55 + 0.35 * rng.next())
        if (!this.requestExtension(this.within(asked), who.party, who.actor)) return false
        const decided = this.within(asked + (frac - asked) * (0.15 + 0.5 * rng.next()))
        const granted = rng.chance(EXTENSION_GRANTED)
        if (!(granted ? this.grantExtension(decided, decider.party, decider.actor) : this.refuseExtension(decided, decider.party, decider.actor))) return false
      }
    }
    const supervisor = this.supervisor()
    if (supervisor && rng.chance(frac >= 0.9 ? MANUAL_URGE_SHARE.late : MANUAL_URGE_SHARE.other)) {
      const at = this.within(frac * (0.4 + 0.5 * rng.next()))
      const card: Card = rng.chance(frac >= 1.5 ? 0.4 : 0.12) ? 'red' : 'yellow'
      if (!this.act(at, 'urge', 'supervisor', supervisor, { reason: rng.pick(URGE_REASONS), card }, () => {
        this.c.supervision = card === 'red' || this.c.supervision === 'red' ? 'red' : 'yellow'
      }))
        return false
    }
    return action(end)
  }

  // ---- the steps ----------------------------------------------------------------------------

  private report(): boolean {
    const { cfg } = this.env
    const input = this.input
    const rule = escalationFor(cfg, input.category, input.urgency)
    const holderLevel = rule.target
    const holderCode = ancestorAt(input.grid, holderLevel)
    let actor: Actor
    let reporter: string | null
    switch (input.source) {
      case 'grid_worker':
        actor = gridWorkerOf(input.grid)
        reporter = actor.name
        break
      case 'public_web':
        actor = PUBLIC_ACTOR
        reporter = null
        break
      case 'hotline':
        // 12345 work orders are entered by the district's command centre.
        actor = staffOf('district', ancestorAt(input.grid, 'district'))
        reporter = actor.name
        break
      default:
        actor = staffOf('community', ancestorAt(input.grid, 'community'))
        reporter = actor.name
    }
    const scope = input.source === 'hotline' ? ancestorAt(input.grid, 'district') : input.source === 'staff' ? ancestorAt(input.grid, 'community') : undefined
    const party: CaseParty = input.source === 'public_web' ? 'public' : scope === holderCode ? 'holder' : 'reporter'
    const onSpot = input.outcome === 'on_spot'
    const result = onSpot ? input.words.resolution(this.rng) : null
    const copied = rule.copyLevels.map((l) => ancestorAt(input.grid, l))
    const at = input.createdAt
    this.c.holderLevel = holderLevel
    this.c.holderCode = holderCode
    this.c.reporter = reporter
    this.c.reporterRole = actor.role
    const to = this.push(at, onSpot ? 'resolve_on_spot' : 'report', party, actor, {
      result,
      toHolder: holderCode,
      detail: { source: input.source, ...(copied.length ? { copied } : {}) },
    })
    if (to === 'closed') {
      this.c.result = result
      this.c.closedAt = at
      this.c.closedLevel = 'grid'
    } else {
      this.enter(to, holderLevel, at)
      for (const target of copied) if (target !== holderCode) this.c.copies.push({ target, at, by: actor.name })
    }
    return true
  }

  private accept(at: number): boolean {
    return this.act(at, 'accept', 'holder', this.holder(), {}, (to, t) => {
      this.enter(to, this.c.holderLevel, t)
      this.c.acceptedAt ??= t
    })
  }

  private reject(at: number): boolean {
    return this.act(at, 'reject', 'holder', this.holder(), { reason: this.rng.pick(REJECT_REASONS) }, (to, t) => {
      this.enter(to, this.c.holderLevel, t)
      this.c.closedAt = null
    })
  }

  private escalate(at: number): boolean {
    const above = levelAbove(this.c.holderLevel)!
    const from = this.c.holderCode
    const target = ancestorAt(from, above)
    return this.act(at, 'escalate', 'holder', this.holder(), { reason: this.rng.pick(ESCALATE_REASONS[above as 'street' | 'district' | 'city']), fromHolder: from, toHolder: target }, (to, t) => {
      this.enter(to, above, t)
      this.c.holderLevel = above
      this.c.holderCode = target
      this.c.prevHolderCode = from
    })
  }

  private dispatch(department: string, at: number): boolean {
    return this.act(at, 'dispatch', 'holder', this.holder(), { reason: this.rng.pick(DISPATCH_NOTES), department }, (to, t) => {
      this.enter(to, 'department', t)
      this.c.departmentCode = department
    })
  }

  private feedback(at: number): boolean {
    const department = this.c.departmentCode!
    const result = this.input.words.departmentResult(this.rng)
    return this.act(at, 'feedback', 'department', handlerOf(department), { result, department }, (to, t) => {
      this.enter(to, this.c.holderLevel, t)
      this.c.result = result
    })
  }

  private departmentReturn(at: number): boolean {
    const department = this.c.departmentCode!
    return this.act(at, 'return', 'department', handlerOf(department), { reason: this.rng.pick(DEPARTMENT_RETURN_REASONS), department }, (to, t) => {
      this.enter(to, this.c.holderLevel, t)
      this.c.departmentCode = null
    })
  }

  private rework(at: number): boolean {
    return this.act(at, 'rework', 'holder', this.holder(), { reason: this.rng.pick(REWORK_REASONS), department: this.c.departmentCode }, (to, t) => {
      this.enter(to, 'department', t)
      this.c.reworkCount++
    })
  }

  private verify(at: number): boolean {
    const note = this.rng.chance(0.2) ? this.rng.pick(VERIFY_NOTES) : null
    return this.act(at, 'verify', 'holder', this.holder(), { result: note }, (to, t) => {
      this.enter(to, this.c.holderLevel, t)
      this.c.result = note ?? this.c.result
      this.c.closedAt = t
      this.c.closedLevel = this.c.holderLevel
    })
  }

  private close(at: number): boolean {
    const result = this.input.words.resolution(this.rng)
    return this.act(at, 'close', 'holder', this.holder(), { result }, (to, t) => {
      this.enter(to, this.c.holderLevel, t)
      this.c.result = result
      this.c.closedAt = t
      this.c.closedLevel = this.c.holderLevel
    })
  }

  private merge(at: number): boolean {
    const into = this.input.mergeInto!
    return this.act(at, 'merge', 'holder', this.holder(), { reason: this.rng.pick(MERGE_REASONS), detail: { mergedInto: into.id, number: into.number } }, (to, t) => {
      this.enter(to, this.c.holderLevel, t)
      this.c.mergedInto = into.id
    })
  }

  private requestExtension(at: number, party: CaseParty, actor: Actor): boolean {
    const amount = extensionAmount(this.rng, this.clock!.unit)
    const reason = this.rng.pick(EXTENSION_REASONS)
    return this.act(at, 'request_extension', party, actor, { reason, amount }, (_to, t) => {
      this.request = { by: actor.name, party, amount, reason, at: new Date(t).toISOString() }
    })
  }

  private grantExtension(at: number, party: CaseParty, actor: Actor): boolean {
    const req = this.request!
    const k = this.clock!
    const extension = this.extension + req.amount
    const n = stepClock(this.env.cfg, { category: this.c.category, level: k.level, step: k.step, urgency: this.c.urgency, startedAt: new Date(k.startedAt), extension })
    return this.act(at, 'grant_extension', party, actor, { amount: req.amount, detail: { requestedBy: req.by, dueAt: n.dueAt.toISOString() } }, (_to, t) => {
      this.extension = extension
      this.request = null
      this.clock = { ...k, warnAt: n.warnAt.getTime(), dueAt: n.dueAt.getTime(), redAt: n.redAt.getTime() }
      // A new deadline in the future: the sweep may urge again when it passes.
      if (t < n.dueAt.getTime()) this.c.autoLevel = 0
    })
  }

  private refuseExtension(at: number, party: CaseParty, actor: Actor): boolean {
    const req = this.request!
    return this.act(at, 'refuse_extension', party, actor, { reason: this.rng.pick(REFUSE_EXTENSION_REASONS), amount: req.amount, detail: { requestedBy: req.by } }, () => {
      this.request = null
    })
  }

  private rate(): void {
    const rng = this.rng
    const byPublic = this.c.source === 'public_web'
    if (!rng.chance(byPublic ? RATING_SHARE.public : RATING_SHARE.other)) return
    // Most ratings come within a day or two of the result, in the daytime (a night moves to the next morning).
    let at = this.c.closedAt! + Math.min(7 * 24 * HOUR, HOUR * (0.3 + 30 * -Math.log(1 - rng.next() * 0.999)))
    const offset = this.env.cfg.settings.utcOffsetMinutes * 60_000
    const local = at + offset
    const hour = Math.floor((local % DAY) / HOUR)
    if (hour < 8 || hour >= 22) at = Math.floor(local / DAY) * DAY + (hour >= 22 ? DAY : 0) + 8 * HOUR + rng.int(0, 3 * 3600) * SECOND - offset
    const rating = rng.weighted(RATINGS[this.c.everOverdue || this.c.reworkCount > 0 ? 'late' : 'on_time'])
    const comment = rng.chance(0.35) ? rng.pick(RATING_COMMENTS[rating]!) : null
    const actor: Actor = byPublic ? PUBLIC_ACTOR : { name: this.c.reporter!, role: this.c.reporterRole }
    this.act(at, 'rate', byPublic ? 'public' : 'reporter', actor, { reason: comment, detail: { rating } }, (_to, t) => {
      this.c.rating = rating
      this.c.ratingComment = comment
      this.c.ratedAt = t
    })
  }

  // ---- the whole life -----------------------------------------------------------------------

  /** At the holding level: handle it there, dispatching to a department or closing it. */
  private handle(): boolean {
    const rng = this.rng
    const department = this.input.dispatch ? this.env.department(this.c.category, this.c.holderLevel, this.c.holderCode) : undefined
    if (!department) return this.step(PACE.handle, true, (t) => this.close(t))
    if (!this.step(PACE.quick, false, (t) => this.dispatch(department, t))) return false
    if (rng.chance(DEPARTMENT_RETURN_SHARE)) {
      if (!this.step(PACE.quick, false, (t) => this.departmentReturn(t))) return false
      return this.step(PACE.handle, true, (t) => this.close(t))
    }
    if (!this.step(PACE.handle, true, (t) => this.feedback(t))) return false
    if (rng.chance(REWORK_SHARE)) {
      if (!this.step(PACE.verify, false, (t) => this.rework(t))) return false
      if (!this.step(PACE.handle, true, (t) => this.feedback(t))) return false
    }
    return this.step(PACE.verify, false, (t) => this.verify(t))
  }

  run(): CaseRecord {
    const input = this.input
    const rng = this.rng
    this.report()
    const out = input.outcome
    if (out !== 'on_spot') {
      const final: HolderLevel = out === 'reject' || out === 'merge' ? this.c.holderLevel : out
      let going = true
      while (going && this.c.holderLevel !== final) {
        // Up one level: straight away, or after accepting and finding it beyond the level.
        if (rng.chance(0.5)) going = this.step(PACE.quick, false, (t) => this.accept(t))
        going &&= this.step(PACE.quick, false, (t) => this.escalate(t))
      }
      if (going) {
        if (out === 'reject') this.step(PACE.quick, false, (t) => this.reject(t))
        else if (out === 'merge') {
          if (!rng.chance(0.3) || this.step(PACE.quick, false, (t) => this.accept(t))) this.step(PACE.quick, false, (t) => this.merge(t))
        } else if (this.step(PACE.quick, false, (t) => this.accept(t))) this.handle()
      }
    }
    if (this.c.state === 'closed') this.rate()
    return this.finish()
  }

  private finish(): CaseRecord {
    const c = this.c
    if (isOpenState(c.state)) {
      this.sweep(Number.POSITIVE_INFINITY)
      const k = this.clock!
      c.step = k.step
      c.stepStartedAt = k.startedAt
      c.limitAmount = k.amount
      c.limitUnit = k.unit
      c.extensionAmount = this.extension
      c.extensionRequest = this.request ? JSON.stringify(this.request) : null
      c.warnAt = k.warnAt
      c.dueAt = k.dueAt
      c.redAt = k.redAt
    }
    return c
  }
}

/** The history of one case, from its report to `now`. */
export function live(env: LifeEnv, input: LifeInput, rng: Rng): CaseRecord {
  return new Life(env, rng, input).run()
}
