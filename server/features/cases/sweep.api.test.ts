// The time-limit sweep and the metrics on both backends: overdue cases get the system's yellow card
// once, and its red card once at twice the limit; two sweeps at once and a sweep interrupted between
// batches act once per case; the job's lease keeps a second runner out; an extension granted moves
// the deadline. Metrics count what they say, for the area and its children, and each figure opens as
// the list of its cases. The public channel: report, follow, rate — and its bad inputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'
import { runSweepJob, sweepOverdue, takeLease } from './sweep.ts'

const COMMUNITY = '630103001003'
const STREET = '630103001'
const GRID = '630103001003001'
const DAY = 86_400_000

interface LonLat {
  lon: number
  lat: number
}

describe.each(BACKENDS)('the sweep, metrics and the public channel on %s', (backend) => {
  let t: TestApp
  let worker: Caller
  let community: Caller
  let street: Caller
  let inGrid: LonLat
  const started = new Date()

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const as = async (role: Parameters<typeof createTestAccount>[1]['role'], scopeCode: string) => loginAs(t, (await createTestAccount(t, { role, scopeCode })).username)
    worker = await as('grid_worker', GRID)
    community = await as('community_staff', COMMUNITY)
    street = await as('street_staff', STREET)
    inGrid = (await sql<LonLat>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${GRID}`.execute(t.database.db)).rows[0]!
  }, 300_000)
  afterAll(async () => t?.close())

  const call = (caller: Caller | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { ...(caller?.headers ?? {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const report = async (body: Record<string, unknown> = {}) => {
    const res = await call(worker, 'POST', '/cases', { category: 'environment.garbage', description: '暴露垃圾', location: inGrid, ...body })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: number; number: string }
  }
  const view = async (id: number, who = community) => (await call(who, 'GET', `/cases/${id}`)).json()
  const step = async (who: Caller, id: number, body: Record<string, unknown>) => {
    const res = await call(who, 'POST', `/cases/${id}/actions`, { version: (await view(id, who)).version, ...body })
    expect(res.statusCode, `${body.action}: ${res.body}`).toBe(200)
  }
  const urges = async (id: number) =>
    (await sql<{ card: string; party: string }>`SELECT card, party FROM case_event WHERE case_id = ${id} AND action = 'urge' ORDER BY seq`.execute(t.database.db)).rows

  it('urges an overdue case once with a yellow card, and once more with a red card at twice the limit', async () => {
    const { id } = await report()
    const c = await view(id)
    const due = new Date(c.dueAt)
    // Before the deadline: nothing.
    await sweepOverdue(t.database.db, { now: new Date(due.getTime() - 1000) })
    expect(await urges(id)).toEqual([])
    await sweepOverdue(t.database.db, { now: new Date(due.getTime() + 1000) })
    expect(await urges(id)).toEqual([{ card: 'yellow', party: 'system' }])
    let v = await view(id)
    expect(v).toMatchObject({ supervision: 'yellow', everOverdue: true })
    // Again, and again: nothing more until twice the limit.
    await sweepOverdue(t.database.db, { now: new Date(due.getTime() + 2000) })
    await sweepOverdue(t.database.db, { now: new Date(due.getTime() + 3000) })
    expect(await urges(id)).toHaveLength(1)
    const red = (await sql<{ red_at: Date }>`SELECT red_at FROM civic_case WHERE id = ${id}`.execute(t.database.db)).rows[0]!.red_at
    await sweepOverdue(t.database.db, { now: new Date(red.getTime() + 1000) })
    await sweepOverdue(t.database.db, { now: new Date(red.getTime() + 5000) })
    expect(await urges(id)).toEqual([{ card: 'yellow', party: 'system' }, { card: 'red', party: 'system' }])
    v = await view(id)
    expect(v.supervision).toBe('red')
    // A new step starts a new clock: the community accepts, nothing is overdue in it yet.
    await step(community, id, { action: 'accept' })
    v = await view(id)
    expect(v).toMatchObject({ supervision: 'none', lamp: 'green', everOverdue: true })
  })

  it('acts once per case when two sweeps run at once, and when a sweep stops between batches and runs again', async () => {
    const ids = await Promise.all([0, 1, 2, 3, 4, 5].map(() => report()))
    const now = new Date(Date.now() + 30 * DAY)
    // Interrupted: one batch of two, then stopped.
    const first = await sweepOverdue(t.database.db, { now, batch: 2, maxBatches: 1 })
    expect(first.overdue).toBe(2)
    const both = await Promise.all([sweepOverdue(t.database.db, { now, batch: 2 }), sweepOverdue(t.database.db, { now, batch: 3 })])
    expect(both[0].overdue + both[1].overdue + first.overdue).toBeGreaterThanOrEqual(6)
    for (const { id } of ids) expect((await urges(id)).filter((u) => u.card === 'yellow')).toHaveLength(1)
    const seqs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM civic_case c WHERE c.version <> (SELECT max(seq) FROM case_event e WHERE e.case_id = c.id)`.execute(t.database.db)
    expect(seqs.rows[0]!.n).toBe(0)
  })

  it('lets one runner hold the job at a time; the lease expires for a crashed runner', async () => {
    expect(await takeLease(t.database.db, 'case_sweep', 'runner-a', 60)).toBe(true)
    expect(await takeLease(t.database.db, 'case_sweep', 'runner-b', 60)).toBe(false)
    expect(await runSweepJob(t.database.db, 'runner-b')).toBeNull()
    // runner-a crashed: its lease runs out.
    await sql`UPDATE job_lease SET lease_until = now() - interval '1 second' WHERE name = 'case_sweep'`.execute(t.database.db)
    const r = await runSweepJob(t.database.db, 'runner-b')
    expect(r).not.toBeNull()
    const lease = (await sql<{ holder: string; last_finished: Date | null }>`SELECT holder, last_finished FROM job_lease WHERE name = 'case_sweep'`.execute(t.database.db)).rows[0]!
    expect(lease.holder).toBe('runner-b')
    expect(lease.last_finished).not.toBeNull()
  })

  it('moves the deadline when an extension is granted, and urges only past the new one', async () => {
    const { id } = await report()
    await step(community, id, { action: 'accept' })
    const before = await view(id)
    await step(community, id, { action: 'request_extension', amount: 2, reason: '需协调物业' })
    await step(street, id, { action: 'grant_extension' })
    const after = await view(id)
    expect(new Date(after.dueAt).getTime()).toBeGreaterThan(new Date(before.dueAt).getTime())
    await sweepOverdue(t.database.db, { now: new Date(new Date(before.dueAt).getTime() + 1000) })
    expect((await urges(id)).filter((u) => u.party === 'system')).toEqual([])
    await sweepOverdue(t.database.db, { now: new Date(new Date(after.dueAt).getTime() + 1000) })
    expect((await urges(id)).filter((u) => u.party === 'system')).toHaveLength(1)
  })

  it("counts an area's metrics and its children's, and lists the cases behind each figure", async () => {
    const from = started.toISOString()
    // Three closed by the community (one of them overdue first), one escalated and closed by the street, one open.
    const closedHere = await Promise.all([report(), report(), report()])
    for (const { id } of closedHere) {
      await step(community, id, { action: 'accept' })
      await step(community, id, { action: 'close', result: '已处理' })
    }
    await sql`UPDATE civic_case SET ever_overdue = true WHERE id = ${closedHere[0]!.id}`.execute(t.database.db)
    const up = await report()
    await step(community, up.id, { action: 'escalate', reason: '需街道' })
    await step(street, up.id, { action: 'accept' })
    await step(street, up.id, { action: 'close', result: '街道已协调' })
    await step(worker, up.id, { action: 'rate', rating: 5 })
    await step(worker, closedHere[1]!.id, { action: 'rate', rating: 2 })
    const res = await call(street, 'GET', `/cases/metrics?area=${COMMUNITY}&from=${encodeURIComponent(from)}`)
    expect(res.statusCode, res.body).toBe(200)
    const m = res.json()
    // Every case this file reported so far is in the period; count what the database says.
    const all = (await sql<{ reported: number; closed: number; first_line: number; on_time: number }>`
      SELECT count(*)::int AS reported, count(*) FILTER (WHERE state = 'closed')::int AS closed,
        count(*) FILTER (WHERE state = 'closed' AND closed_level IN ('grid', 'community'))::int AS first_line,
        count(*) FILTER (WHERE state = 'closed' AND NOT ever_overdue)::int AS on_time
      FROM civic_case WHERE created_at >= ${started} AND grid_code LIKE ${`${COMMUNITY}%`}`.execute(t.database.db)).rows[0]!
    expect(m).toMatchObject({ reported: all.reported, closed: all.closed, firstLine: all.first_line, onTime: all.on_time, rated: 2, satisfied: 1, averageRating: 3.5 })
    expect(m.closed).toBeGreaterThanOrEqual(4)
    expect(m.firstLineRate).toBeCloseTo(all.first_line / all.closed)
    const grid = m.children.find((c: { area: { code: string } }) => c.area.code === GRID)
    expect(grid.reported).toBe(m.reported)
    expect(m.children.filter((c: { reported: number }) => c.reported > 0)).toHaveLength(1)
    // The cases behind "closed at the front line" and behind "late".
    const list = async (metric: string) =>
      ((await call(street, 'GET', `/cases?box=all&area=${COMMUNITY}&metric=${metric}&from=${encodeURIComponent(from)}&limit=200`)).json().items as { id: number }[]).map((i) => i.id)
    expect((await list('first_line')).length).toBe(m.firstLine)
    expect(await list('late')).toContain(closedHere[0]!.id)
    expect(await list('first_line')).not.toContain(up.id)
    // Outside the scope: 404; a bad period: 400.
    expect((await call(community, 'GET', `/cases/metrics?area=630104`)).statusCode).toBe(404)
    expect((await call(street, 'GET', `/cases/metrics?area=${COMMUNITY}&from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z`)).statusCode).toBe(400)
  })

  it('takes a resident’s report without an account, gives a tracking number, tells the status in plain language and takes one rating', async () => {
    const categories = (await call(null, 'GET', '/public/categories')).json().categories as { code: string; subcategories: { code: string }[] }[]
    expect(categories.map((c) => c.code)).not.toContain('emergency')
    const res = await call(null, 'POST', '/public/reports', { category: 'component.streetlight', description: '小区门口路灯坏了', location: inGrid, anonymous: false, contactName: '王女士', contactPhone: '13912345678' })
    expect(res.statusCode, res.body).toBe(201)
    const { number } = res.json()
    let status = (await call(null, 'GET', `/public/reports/${number}`)).json()
    expect(status).toMatchObject({ number, status: 'received', canRate: false, result: null })
    expect(JSON.stringify(status)).not.toContain('1391234')
    // Staff see a masked contact only.
    const id = (await sql<{ id: number }>`SELECT id::int AS id FROM civic_case WHERE number = ${number}`.execute(t.database.db)).rows[0]!.id
    const staffView = await view(id)
    expect(staffView.contact).toEqual({ name: '王**', phone: '139****5678' })
    expect(staffView.source).toBe('public_web')
    await step(community, id, { action: 'accept' })
    await step(community, id, { action: 'close', result: '已更换灯泡' })
    status = (await call(null, 'GET', `/public/reports/${number}`)).json()
    expect(status).toMatchObject({ status: 'resolved', result: '已更换灯泡', canRate: true })
    expect(status.steps.map((s: { text: { en: string } }) => s.text.en)).toEqual(['Your report was submitted', 'Taken on', 'Resolved'])
    const rated = await call(null, 'POST', `/public/reports/${number}/rating`, { rating: 4, comment: '修得很快' })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json()).toMatchObject({ rating: 4, canRate: false })
    expect((await call(null, 'POST', `/public/reports/${number}/rating`, { rating: 5 })).statusCode).toBe(422)
  })

  it('refuses bad public reports and hides internal cases from the public', async () => {
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM civic_case`.execute(t.database.db)).rows[0]!.n
    const before = await count()
    const bad = async (body: Record<string, unknown>) => {
      const res = await call(null, 'POST', '/public/reports', body)
      expect(res.statusCode, res.body).toBe(400)
      return (res.json().error.details as { problem?: string; field: string }[]).map((d) => d.problem ?? d.field).sort()
    }
    expect(await bad({ category: 'emergency.fire', description: '着火了', location: inGrid })).toEqual(['unknown_category'])
    expect(await bad({ category: 'component.streetlight', description: '路灯', location: { lon: 116.4, lat: 39.9 } })).toEqual(['outside_city'])
    expect(await bad({ category: 'component.streetlight', description: '路灯' })).toEqual(['required'])
    const phone = await call(null, 'POST', '/public/reports', { category: 'component.streetlight', description: '路灯', location: inGrid, contactPhone: '12345' })
    expect(phone.statusCode).toBe(400)
    expect(phone.json().error.details.map((d: { field: string }) => d.field)).toEqual(['/contactPhone'])
    expect((await call(null, 'POST', '/public/reports', { category: 'component.streetlight', description: '路灯', location: inGrid, gridCode: GRID })).statusCode).toBe(400)
    expect(await count()).toBe(before)
    const internal = await report()
    expect((await call(null, 'GET', `/public/reports/${internal.number}`)).statusCode).toBe(404)
    expect((await call(null, 'GET', '/public/reports/000000-AAAAAA')).statusCode).toBe(404)
    expect((await call(null, 'GET', '/public/reports/not-a-number')).statusCode).toBe(400)
  })
})
