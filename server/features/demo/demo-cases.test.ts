// The demo cases in a demo-seeded database, on each backend: every case is a valid history (its
// events replay through the workflow table from 'new' to its state, one per version, in time order,
// as the service writes them), holders and copies follow the area codes, open cases carry the clocks
// stepClock gives, the mix of outcomes is near its targets, numbers are unique, the output is the
// plan's (deterministic), a failure leaves nothing, and the sweep afterwards urges exactly the open
// cases that are past due without an automatic urge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/helpers.ts'
import { FIRST_LINE_LEVELS, OPEN_STATES, STEP_OF_STATE, isOpenState, nextState, type CaseAction, type CaseParty, type CaseState, type FromState, type HolderLevel, type OpenState } from '../../../shared/cases/workflow.ts'
import { CASE_NUMBER_PATTERN, ancestorAt, holderLevelOfCode } from '../cases/case-model.ts'
import { loadCaseConfig, stepClock } from '../cases/case-config.ts'
import { sweepOverdue } from '../cases/sweep.ts'
import { codeInScope } from '../accounts/scope.ts'
import { DEMO_CASES, loadCaseInputs, seedDemoCases, type DemoCasesResult } from './demo-cases.ts'
import { lastSweepBefore, planCases } from './cases/plan.ts'
import { SWEEP_REASONS } from './cases/lifecycle.ts'

const CASES = 3_000
const SEED = 7
/** A Wednesday, 10:30 in Xining. */
const NOW = new Date('2026-11-25T02:30:00Z')

interface Row {
  id: number
  number: string
  version: number
  state: CaseState
  category: string
  urgency: 'normal' | 'urgent' | 'emergency'
  source: string
  grid_code: string
  holder_level: HolderLevel
  holder_code: string
  prev_holder_code: string | null
  department_code: string | null
  reporter: string | null
  reporter_role: string | null
  anonymous: boolean
  step: string | null
  step_started_at: Date | null
  limit_amount: number | null
  limit_unit: string | null
  extension_amount: number
  extension_request: { by: string; party: string; amount: number } | null
  warn_at: Date | null
  due_at: Date | null
  red_at: Date | null
  auto_level: number
  supervision: string
  ever_overdue: boolean
  rework_count: number
  result: string | null
  created_at: Date
  updated_at: Date
  accepted_at: Date | null
  closed_at: Date | null
  closed_level: string | null
  merged_into: number | null
  rating: number | null
  rated_at: Date | null
  inside: boolean
}

interface Event {
  case_id: number
  seq: number
  at: Date
  action: CaseAction
  from_state: CaseState | null
  to_state: CaseState
  actor: string
  actor_role: string | null
  party: CaseParty
  reason: string | null
  result: string | null
  card: string | null
  from_holder: string | null
  to_holder: string | null
  department_code: string | null
  amount: number | null
  detail: Record<string, unknown>
}

/** Actions that record something without starting a new step. */
const IN_PLACE = new Set<CaseAction>(['urge', 'copy', 'request_extension', 'grant_extension', 'refuse_extension', 'rate'])

const indexDefs = async (t: TestDatabase) =>
  (
    await sql<{ d: string }>`
      SELECT pg_get_indexdef(i.indexrelid) AS d FROM pg_index i WHERE i.indrelid::regclass::text IN ('civic_case', 'case_event', 'case_copy')
      UNION ALL
      SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
      WHERE c.conrelid::regclass::text IN ('civic_case', 'case_event', 'case_copy')
      ORDER BY 1`.execute(t.database.db)
  ).rows.map((r) => r.d)

describe.each(BACKENDS)('demo cases on %s', (backend) => {
  let t: TestDatabase
  let result: DemoCasesResult
  let before: string[]
  let rows: Row[]
  let events: Map<number, Event[]>
  const steps: string[] = []

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    before = await indexDefs(t)
    // An interrupted seed leaves nothing behind (and every index and constraint as it was).
    await expect(
      seedDemoCases(t.database, {
        cases: 500,
        now: NOW,
        seed: SEED,
        onProgress: (done, _total, step) => {
          if (step === 'cases' && done > 0) throw new Error('interrupted')
        },
      }),
    ).rejects.toThrow(/interrupted/)
    result = await seedDemoCases(t.database, {
      cases: CASES,
      now: NOW,
      seed: SEED,
      onProgress: (_done, _total, step) => {
        if (steps.at(-1) !== step) steps.push(step)
      },
    })
    rows = (
      await sql<Row>`
        SELECT c.id::int AS id, c.number, c.version, c.state, c.category, c.urgency, c.source, c.grid_code, c.holder_level, c.holder_code,
               c.prev_holder_code, c.department_code, c.reporter, c.reporter_role, c.anonymous, c.step, c.step_started_at, c.limit_amount,
               c.limit_unit, c.extension_amount, c.extension_request, c.warn_at, c.due_at, c.red_at, c.auto_level, c.supervision,
               c.ever_overdue, c.rework_count, c.result, c.created_at, c.updated_at, c.accepted_at, c.closed_at, c.closed_level,
               c.merged_into::int AS merged_into, c.rating, c.rated_at,
               ST_Within(c.location, g.geom) AS inside
        FROM civic_case c JOIN current_area g ON g.code = c.grid_code
        ORDER BY c.id`.execute(t.database.db)
    ).rows
    events = new Map()
    const e = await sql<Event>`
      SELECT case_id::int AS case_id, seq, at, action, from_state, to_state, actor, actor_role, party, reason, result, card,
             from_holder, to_holder, department_code, amount, detail
      FROM case_event ORDER BY case_id, seq`.execute(t.database.db)
    for (const x of e.rows) {
      let list = events.get(x.case_id)
      if (!list) events.set(x.case_id, (list = []))
      list.push(x)
    }
  })
  afterAll(async () => {
    await t?.close()
  })

  it('left nothing of the interrupted seed, and writes what it reports', async () => {
    expect(await indexDefs(t)).toEqual(before)
    expect(steps).toEqual(['plan', 'cases', 'indexes', 'foreign keys', 'analyze'])
    expect(rows.length).toBe(CASES)
    expect(result.cases).toBe(CASES)
    expect([...events.values()].reduce((n, l) => n + l.length, 0)).toBe(result.events)
    const copies = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_copy`.execute(t.database.db)
    expect(copies.rows[0]!.n).toBe(result.copies)
    for (const s of ['reported', 'accepted', 'dispatched', 'to_verify', 'closed', 'rejected', 'merged'] as const) expect(rows.filter((r) => r.state === s).length).toBe(result.byState[s])
    // Cases are numbered in order of reporting, and the identity goes on after them.
    const next = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('civic_case', 'id'))::int AS id`.execute(t.database.db)
    expect(next.rows[0]!.id).toBeGreaterThan(rows.at(-1)!.id)
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.created_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.created_at.getTime())
  })

  it('gives every case a history that replays through the workflow table', () => {
    for (const c of rows) {
      const list = events.get(c.id) ?? []
      expect(list.length, c.number).toBe(c.version)
      let state: FromState = 'new'
      let last = 0
      for (const [i, e] of list.entries()) {
        expect(e.seq).toBe(i + 1)
        expect(e.from_state ?? 'new').toBe(state)
        const r = nextState(state, e.action, e.party)
        expect(r, `${c.number} #${e.seq} ${e.action} by ${e.party} in ${state}`).toEqual({ ok: true, to: e.to_state })
        state = e.to_state
        expect(e.at.getTime()).toBeGreaterThan(last)
        last = e.at.getTime()
        if (e.party === 'system') {
          expect(e).toMatchObject({ action: 'urge', actor: 'system', actor_role: 'system', detail: { automatic: true } })
          expect(e.reason).toBe(SWEEP_REASONS[e.card as 'yellow' | 'red'])
        }
        if (e.action === 'urge') expect(['yellow', 'red']).toContain(e.card)
        if (['reject', 'return', 'rework', 'request_extension', 'refuse_extension', 'urge', 'merge', 'escalate'].includes(e.action)) expect(e.reason).toBeTruthy()
        if (['resolve_on_spot', 'feedback', 'close'].includes(e.action)) expect(e.result).toBeTruthy()
      }
      expect(state).toBe(c.state)
      expect(list[0]!.at.getTime()).toBe(c.created_at.getTime())
      expect(c.updated_at.getTime()).toBe(last)
      expect(last).toBeLessThanOrEqual(NOW.getTime())
    }
  })

  it('keeps holders, departments, copies and merges on the map of areas', async () => {
    const departments = new Map((await sql<{ code: string; area_code: string }>`SELECT code, area_code FROM department`.execute(t.database.db)).rows.map((d) => [d.code, d.area_code]))
    const ids = new Map(rows.map((r) => [r.id, r]))
    for (const c of rows) {
      expect(c.inside, c.number).toBe(true)
      expect(c.holder_code).toBe(ancestorAt(c.grid_code, c.holder_level))
      if (c.prev_holder_code) {
        const level = holderLevelOfCode(c.prev_holder_code)!
        expect(c.prev_holder_code).toBe(ancestorAt(c.grid_code, level))
      }
      const list = events.get(c.id)!
      for (const e of list) {
        for (const h of [e.from_holder, e.to_holder]) if (h) expect(h).toBe(ancestorAt(c.grid_code, holderLevelOfCode(h)!))
        if (e.department_code) expect(codeInScope(departments.get(e.department_code)!, c.grid_code)).toBe(true)
      }
      if (c.state === 'dispatched') expect(c.department_code).not.toBeNull()
      if (c.department_code) expect(codeInScope(departments.get(c.department_code)!, c.holder_code)).toBe(true)
      if (c.state === 'merged') {
        const other = ids.get(c.merged_into!)!
        expect(other.id).toBeLessThan(c.id)
        expect(['merged', 'rejected']).not.toContain(other.state)
        expect(list.at(-1)!.detail).toEqual({ mergedInto: other.id, number: other.number })
      }
      // Reporters: grid workers of the grid, residents, the district (hotline), the community (staff).
      if (c.source === 'grid_worker') expect(c.reporter).toBe(`gw${c.grid_code}`)
      if (c.source === 'public_web') expect([c.reporter, c.reporter_role]).toEqual([null, 'public'])
      else expect(c.anonymous).toBe(false)
    }
    // Emergencies go to the district at once and are copied to the community and the street.
    const copies = await sql<{ case_id: number; target_code: string; by_actor: string; at: Date }>`SELECT case_id::int AS case_id, target_code, by_actor, at FROM case_copy`.execute(t.database.db)
    const emergencies = rows.filter((r) => r.category.startsWith('emergency.'))
    expect(emergencies.length).toBeGreaterThan(0)
    for (const c of emergencies) {
      const mine = copies.rows.filter((k) => k.case_id === c.id)
      expect(mine.map((k) => k.target_code).sort()).toEqual([ancestorAt(c.grid_code, 'street'), ancestorAt(c.grid_code, 'community')].sort())
      expect(events.get(c.id)![0]!.to_holder).toBe(ancestorAt(c.grid_code, 'district'))
      for (const k of mine) expect([k.by_actor, k.at.getTime()]).toEqual([events.get(c.id)![0]!.actor, c.created_at.getTime()])
    }
  })

  it('sets the columns of closed, refused and open cases as the service does', async () => {
    const cfg = await loadCaseConfig(t.database.db)
    const lastSweep = lastSweepBefore(cfg, NOW.getTime())
    for (const c of rows) {
      const list = events.get(c.id)!
      expect(c.step !== null).toBe(isOpenState(c.state))
      if (c.state === 'closed') {
        const closing = list.find((e) => e.to_state === 'closed')!
        expect(c.closed_at!.getTime()).toBe(closing.at.getTime())
        expect(c.closed_level).toBe(closing.action === 'resolve_on_spot' ? 'grid' : c.holder_level)
        expect(c.result).toBeTruthy()
      } else expect(c.closed_at).toBeNull()
      const rate = list.find((e) => e.action === 'rate')
      expect(c.rating).toBe(rate ? (rate.detail.rating as number) : null)
      expect(c.accepted_at?.getTime() ?? null).toBe(list.find((e) => e.action === 'accept')?.at.getTime() ?? null)
      expect(c.rework_count).toBe(list.filter((e) => e.action === 'rework').length)
      if (!isOpenState(c.state)) {
        expect([c.warn_at, c.due_at, c.red_at, c.extension_request, Number(c.extension_amount)]).toEqual([null, null, null, null, 0])
        continue
      }
      // The clock of the running step, from its start (the last step that was not an in-place one) and any extension granted.
      const started = list.findLast((e) => !IN_PLACE.has(e.action))!
      expect(c.step).toBe(STEP_OF_STATE[c.state as OpenState])
      expect(c.step_started_at!.getTime()).toBe(started.at.getTime())
      const granted = list.filter((e) => e.seq > started.seq && e.action === 'grant_extension').reduce((s, e) => s + Number(e.amount), 0)
      expect(Number(c.extension_amount)).toBe(granted)
      const k = stepClock(cfg, { category: c.category, level: c.state === 'dispatched' ? 'department' : c.holder_level, step: c.step as 'accept', urgency: c.urgency, startedAt: c.step_started_at!, extension: granted })
      expect([c.warn_at, c.due_at, c.red_at]).toEqual([k.warnAt, k.dueAt, k.redAt])
      expect([Number(c.limit_amount), c.limit_unit]).toEqual([k.amount, k.unit])
      const requested = list.filter((e) => e.seq > started.seq && e.action === 'request_extension').length
      const decided = list.filter((e) => e.seq > started.seq && (e.action === 'grant_extension' || e.action === 'refuse_extension')).length
      expect(c.extension_request !== null).toBe(requested > decided)
      // The sweep's urges of this step: it ran until lastSweep, once a minute.
      const automatic = list.filter((e) => e.seq > started.seq && e.party === 'system')
      const lastGrant = list.findLast((e) => e.seq > started.seq && e.action === 'grant_extension')
      expect(c.auto_level).toBeLessThanOrEqual(automatic.length)
      if (!lastGrant) {
        expect(c.auto_level).toBe(automatic.length)
        if (c.due_at!.getTime() + 60_000 <= lastSweep) expect(c.auto_level, c.number).toBeGreaterThanOrEqual(1)
        if (c.red_at!.getTime() + 60_000 <= lastSweep) expect(c.auto_level, c.number).toBe(2)
        if (c.auto_level >= 1) expect(c.ever_overdue).toBe(true)
      }
      if (c.due_at!.getTime() > lastSweep) expect(automatic.filter((e) => e.at.getTime() > c.due_at!.getTime()).length).toBe(0)
      const cards = list.filter((e) => e.seq > started.seq && e.card).map((e) => e.card)
      expect(c.supervision).toBe(cards.includes('red') ? 'red' : cards.length ? 'yellow' : 'none')
    }
  })

  it('has the mix of a year in a city: most resolved at the front line, some late, some open in every state', () => {
    const closed = rows.filter((r) => r.state === 'closed')
    const firstLine = closed.filter((r) => FIRST_LINE_LEVELS.includes(r.closed_level!)).length / closed.length
    expect(firstLine).toBeGreaterThan(0.7)
    expect(firstLine).toBeLessThan(0.9)
    const share = (f: (r: Row) => boolean) => rows.filter(f).length / rows.length
    expect(share((r) => r.closed_level === 'grid')).toBeGreaterThan(0.35)
    expect(share((r) => r.closed_level === 'grid')).toBeLessThan(0.55)
    expect(share((r) => r.state === 'rejected')).toBeGreaterThan(0.005)
    expect(share((r) => r.state === 'rejected')).toBeLessThan(0.04)
    expect(share((r) => r.category.startsWith('emergency.'))).toBeLessThan(0.015)
    expect(share((r) => r.category.startsWith('environment.') || r.category.startsWith('component.'))).toBeGreaterThan(0.4)
    expect(share((r) => r.source === 'grid_worker')).toBeGreaterThan(0.6)
    expect(share((r) => r.source === 'public_web')).toBeGreaterThan(0.05)
    expect(share((r) => r.source === 'hotline')).toBeGreaterThan(0.03)
    const rated = closed.filter((r) => r.rating !== null)
    expect(rated.length / closed.length).toBeGreaterThan(0.3)
    expect(rated.length / closed.length).toBeLessThan(0.5)
    expect(rated.filter((r) => r.rating! >= 4).length / rated.length).toBeGreaterThan(0.7)
    expect(rated.some((r) => r.rating! <= 2)).toBe(true)
    expect(share((r) => r.ever_overdue)).toBeGreaterThan(0.02)
    expect(rows.some((r) => r.rework_count > 0)).toBe(true)
    expect(rows.some((r) => r.state === 'closed' && r.closed_level === 'street' && r.department_code !== null)).toBe(true)
    const all = [...events.values()].flat()
    for (const a of ['escalate', 'dispatch', 'feedback', 'verify', 'rework', 'request_extension', 'grant_extension', 'refuse_extension', 'urge', 'rate'] as const) expect(all.some((e) => e.action === a), a).toBe(true)
    expect(all.some((e) => e.action === 'urge' && e.party === 'supervisor')).toBe(true)
    expect(all.some((e) => e.action === 'urge' && e.party === 'system' && e.card === 'red')).toBe(true)
    // Open: the last weeks' cases, in every open state, green, yellow and red.
    for (const s of OPEN_STATES) expect(rows.some((r) => r.state === s), s).toBe(true)
    const open = rows.filter((r) => isOpenState(r.state))
    expect(open.every((r) => r.created_at.getTime() > NOW.getTime() - 120 * 86_400_000)).toBe(true)
    expect(open.some((r) => r.warn_at! > NOW)).toBe(true)
    expect(open.some((r) => r.due_at! <= NOW)).toBe(true)
    expect(result.awaitingSweep).toBeGreaterThan(0)
    expect(open.filter((r) => r.due_at! <= NOW && r.auto_level === 0).length).toBe(result.awaitingSweep)
    // Working hours and working days are busier.
    const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000)
    const byHour = (f: (h: number) => boolean) => rows.filter((r) => f(local(r.created_at).getUTCHours())).length
    expect(byHour((h) => h >= 9 && h < 12) / 3).toBeGreaterThan(byHour((h) => h < 7) / 7 * 5)
    const weekend = rows.filter((r) => [0, 6].includes(local(r.created_at).getUTCDay())).length / 2
    const weekday = rows.filter((r) => ![0, 6].includes(local(r.created_at).getUTCDay())).length / 5
    expect(weekday).toBeGreaterThan(weekend * 1.5)
  })

  it('gives unique numbers of the tracking form, dated on the day of the report', () => {
    const pattern = new RegExp(CASE_NUMBER_PATTERN)
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length)
    for (const r of rows) {
      expect(r.number).toMatch(pattern)
      expect(r.number.slice(0, 6)).toBe(new Date(r.created_at.getTime() + 8 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', ''))
    }
  })

  it('writes exactly what the plan makes for the seed (deterministic)', async () => {
    const inputs = await loadCaseInputs(t.database.db, SEED)
    const plan = (seed: number) => planCases(inputs, { cases: CASES, now: NOW.getTime(), seed, firstId: rows[0]!.id }).next(10)
    const a = plan(SEED)
    const b = plan(SEED)
    expect(a.map((c) => [c.number, c.state, c.events.length])).toEqual(b.map((c) => [c.number, c.state, c.events.length]))
    expect(a.map((c) => [c.id, c.number, c.state, c.events.length, c.category, c.gridCode])).toEqual(rows.slice(0, 10).map((r) => [r.id, r.number, r.state, r.version, r.category, r.grid_code]))
    expect(plan(SEED + 1).map((c) => c.number)).not.toEqual(a.map((c) => c.number))
  })

  it('refuses a city that already has cases', async () => {
    await expect(seedDemoCases(t.database, { cases: 10, now: NOW })).rejects.toThrow(/already has cases/)
  })

  it('leaves the sweep exactly the open cases past due without an automatic urge', async () => {
    const due = rows.filter((r) => isOpenState(r.state) && r.auto_level === 0 && r.due_at! <= NOW).map((r) => r.id)
    const red = rows.filter((r) => isOpenState(r.state) && r.auto_level <= 1 && r.red_at! <= NOW).map((r) => r.id)
    expect(due.length).toBeGreaterThan(0)
    const swept = await sweepOverdue(t.database.db, { now: NOW })
    expect(swept.overdue).toBe(due.length)
    expect(swept.red).toBe(red.length)
    const urged = await sql<{ case_id: number; card: string }>`
      SELECT case_id::int AS case_id, card FROM case_event WHERE action = 'urge' AND at = ${NOW} ORDER BY case_id, seq`.execute(t.database.db)
    expect(urged.rows.filter((u) => u.card === 'yellow').map((u) => u.case_id)).toEqual(due)
    expect(urged.rows.filter((u) => u.card === 'red').map((u) => u.case_id)).toEqual(red)
    expect(await sweepOverdue(t.database.db, { now: NOW })).toMatchObject({ overdue: 0, red: 0 })
  })
})

// The full-size seed, measured: skipped unless FRONTLINE_MEASURE_DEMO_CASES is set (to a count, or 1
// for the default 200,000). About 40 s on the in-memory PGlite of the tests; asserts no duration.
describe.skipIf(!process.env.FRONTLINE_MEASURE_DEMO_CASES)('a full-size demo case seed on pglite', () => {
  it('seeds and reports its timings', async () => {
    const wanted = Number(process.env.FRONTLINE_MEASURE_DEMO_CASES)
    const cases = wanted > 1 ? wanted : DEMO_CASES
    const t = await openTestDatabase('pglite')
    try {
      const r = await seedDemoCases(t.database, { cases })
      console.log(`demo cases: ${r.cases} cases, ${r.events} events in ${r.ms} ms`, r.timings)
      expect(r.cases).toBe(cases)
    } finally {
      await t.close()
    }
  }, 900_000)
})
