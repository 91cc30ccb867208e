// Cases through the real app on both backends: a grid worker's report placed in its grid and sent to
// the community; a case resolved on the spot; the whole way up and out (accept, escalate, return,
// dispatch, extension, feedback, rework, verify, close, rating) with its timeline; steps refused for
// the state, the party or a stale version, and nothing changed; two people acting at once; cases
// outside the scope answered 404 and audited; idempotency keys; photos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import sharp from 'sharp'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'

const COMMUNITY = '630103001003'
const STREET = '630103001'
const DISTRICT = '630103'
const GRID = '630103001003001'
const DEPARTMENT = '630103-urban_mgmt'

interface LonLat {
  lon: number
  lat: number
}

describe.each(BACKENDS)('cases on %s', (backend) => {
  let t: TestApp
  let worker: Caller
  let community: Caller
  let street: Caller
  let district: Caller
  let handler: Caller
  let otherCommunity: Caller
  let otherHandler: Caller
  let inGrid: LonLat
  let inOtherCommunity: LonLat
  const offMap: LonLat = { lon: 116.4, lat: 39.9 }

  const pointIn = async (code: string): Promise<LonLat> =>
    (await sql<LonLat>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM current_area WHERE code = ${code}`.execute(t.database.db)).rows[0]!

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const db = t.database.db
    const other = (await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'community' AND code LIKE '630104%' ORDER BY code LIMIT 1`.execute(db)).rows[0]!.code
    const make = async (role: Parameters<typeof createTestAccount>[1]['role'], scopeCode: string) => {
      const a = await createTestAccount(t, { role, scopeCode })
      return { a, caller: await loginAs(t, a.username) }
    }
    worker = (await make('grid_worker', GRID)).caller
    community = (await make('community_staff', COMMUNITY)).caller
    street = (await make('street_staff', STREET)).caller
    district = (await make('district_staff', DISTRICT)).caller
    otherCommunity = (await make('community_staff', other)).caller
    const h = await make('department_handler', DISTRICT)
    await sql`INSERT INTO department_member (account_id, department_code) VALUES (${h.a.id}, ${DEPARTMENT})`.execute(db)
    handler = h.caller
    const h2 = await make('department_handler', DISTRICT)
    await sql`INSERT INTO department_member (account_id, department_code) VALUES (${h2.a.id}, '630103-police')`.execute(db)
    otherHandler = h2.caller
    inGrid = await pointIn(GRID)
    inOtherCommunity = await pointIn(`${other}001`)
  }, 300_000)
  afterAll(async () => t?.close())

  const call = (caller: Caller | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { ...(caller?.headers ?? {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) })

  const report = async (body: Record<string, unknown> = {}, who = worker) => {
    const res = await call(who, 'POST', '/cases', { category: 'environment.garbage', description: '南关街口有一堆暴露垃圾', location: inGrid, ...body })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: number; number: string; state: string }
  }
  const view = async (id: number, who = community) => {
    const res = await call(who, 'GET', `/cases/${id}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const act = (who: Caller, id: number, body: Record<string, unknown>) => call(who, 'POST', `/cases/${id}/actions`, body)
  const step = async (who: Caller, id: number, body: Record<string, unknown>) => {
    const v = await view(id, who)
    const res = await act(who, id, { version: v.version, ...body })
    expect(res.statusCode, `${body.action}: ${res.body}`).toBe(200)
    return res.json()
  }
  const fingerprint = async () =>
    (
      await sql<{ f: string }>`SELECT concat_ws('/', (SELECT count(*) FROM civic_case), (SELECT coalesce(sum(version), 0) FROM civic_case),
        (SELECT count(*) FROM case_event), (SELECT count(*) FROM case_copy), (SELECT count(*) FROM idempotency_key),
        (SELECT count(*) FROM case_photo WHERE case_id IS NOT NULL)) AS f`.execute(t.database.db)
    ).rows[0]!.f

  it("places a grid worker's report in its grid, sends it to the community with the accept step's clock running, and shows it in the community's inbox", async () => {
    const r = await report({ urgency: 'urgent' })
    expect(r.state).toBe('reported')
    expect(r.number).toMatch(/^[0-9]{6}-[A-Z2-9]{6}$/)
    const c = await view(r.id)
    expect(c).toMatchObject({ state: 'reported', gridCode: GRID, holder: { code: COMMUNITY, level: 'community' }, source: 'grid_worker', step: 'accept', lamp: 'green', parties: ['holder'] })
    expect(c.category).toMatchObject({ code: 'environment.garbage', nameZh: '暴露垃圾' })
    expect(c.limit.unit).toBe('working_days')
    expect(new Date(c.dueAt).getTime()).toBeGreaterThan(new Date(c.warnAt).getTime())
    expect(c.actions).toEqual(expect.arrayContaining(['accept', 'reject', 'escalate']))
    expect(c.actions).not.toContain('return')
    const inbox = await call(community, 'GET', '/cases?box=new')
    expect(inbox.json().items.map((i: { id: number }) => i.id)).toContain(r.id)
    const counts = await call(community, 'GET', '/cases/inbox')
    expect(counts.json().counts.new).toBeGreaterThanOrEqual(1)
    const timeline = (await call(community, 'GET', `/cases/${r.id}/timeline`)).json().events
    expect(timeline).toMatchObject([{ seq: 1, action: 'report', toState: 'reported', party: 'reporter', toHolder: COMMUNITY }])
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.report' AND target = ${`case:${r.id}`} AND outcome = 'success'`.execute(t.database.db)
    expect(audit.rows[0]!.n).toBe(1)
  })

  it('closes a case a grid worker resolved on the spot, at grid level, with how', async () => {
    const r = await report({ resolvedOnSpot: { result: '已协调环卫工人清运' } })
    expect(r.state).toBe('closed')
    const c = await view(r.id)
    expect(c).toMatchObject({ state: 'closed', closedLevel: 'grid', result: '已协调环卫工人清运', lamp: 'none', step: null })
  })

  it('refuses bad reports with every problem named, and writes nothing', async () => {
    const before = await fingerprint()
    const bad = async (body: Record<string, unknown>, who: Caller = worker) => {
      const res = await call(who, 'POST', '/cases', body)
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400)
      expect(res.statusCode).toBeLessThan(500)
      return res.json().error as { code: string; details: { field: string; problem?: string }[] }
    }
    let e = await bad({ category: 'nonsense.thing', description: '  ', location: offMap })
    expect(e.code).toBe('validation_failed')
    expect(e.details.map((d) => d.problem).sort()).toEqual(['outside_city', 'required', 'unknown_category'])
    e = await bad({ category: 'environment', description: 'x', location: inGrid })
    expect(e.details.map((d) => d.problem)).toEqual(['unknown_category'])
    e = await bad({ category: 'environment.garbage', description: '垃圾\u202e堆', location: inOtherCommunity })
    expect(e.details.map((d) => d.problem).sort()).toEqual(['bidi_control', 'outside_scope'])
    e = await bad({ category: 'environment.garbage', description: '垃圾', location: inGrid, state: 'closed', holderCode: '630100' })
    expect(e.code).toBe('validation_failed')
    expect(JSON.stringify(e.details)).toContain('state')
    // Refused by the request schema before any handler ran: audited too, with the fields, never the values.
    const refused = await sql<{ detail: { problems: { field: string }[] } }>`
      SELECT detail FROM audit_event WHERE action = 'request.refused' AND target = 'route:POST /api/v1/cases' ORDER BY seq DESC LIMIT 1`.execute(t.database.db)
    expect(refused.rows[0]!.detail.problems.map((p) => p.field).sort()).toEqual(['/holderCode', '/state'])
    expect(JSON.stringify(refused.rows[0]!.detail)).not.toContain('630100')
    e = await bad({ category: 'environment.garbage', description: '垃圾', location: inGrid, resolvedOnSpot: { result: '处理了' } }, community)
    expect(e.details.map((d) => d.problem)).toEqual(['not_your_part'])
    e = await bad({ category: 'environment.garbage', description: '垃圾' })
    expect(e.details.map((d) => d.problem)).toEqual(['required'])
    e = await bad({ category: 'environment.garbage', description: '垃圾', gridCode: '630103001003999' })
    expect(e.details.map((d) => d.problem)).toEqual(['unknown_grid'])
    e = await bad({ category: 'environment.garbage', description: '垃圾', location: inGrid, photos: ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.jpg'] })
    expect(e.details.map((d) => d.problem)).toEqual(['unknown_photo'])
    expect(await fingerprint()).toBe(before)
    const failures = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.report' AND outcome = 'failure'`.execute(t.database.db)
    expect(failures.rows[0]!.n).toBeGreaterThanOrEqual(5)
  })

  it('takes a case up and out: accept, escalate, return, escalate, dispatch, extension, feedback, rework, feedback, verify, rating — each step in the timeline', async () => {
    const { id } = await report()
    await step(community, id, { action: 'accept' })
    await step(community, id, { action: 'escalate', reason: '需街道协调城管' })
    let c = await view(id, street)
    expect(c).toMatchObject({ state: 'reported', holder: { code: STREET }, parties: ['holder'] })
    expect(c.actions).toContain('return')
    // The street sends it back; the community escalates again.
    await step(street, id, { action: 'return', reason: '请社区先行处置' })
    c = await view(id)
    expect(c).toMatchObject({ state: 'accepted', holder: { code: COMMUNITY } })
    await step(community, id, { action: 'escalate', reason: '社区无法清运，需城管' })
    await step(street, id, { action: 'accept' })
    // Streets dispatch to the district's departments; a department of another district is out of reach.
    const far = await act(street, id, { version: (await view(id, street)).version, action: 'dispatch', department: '630102-urban_mgmt' })
    expect(far.statusCode).toBe(400)
    expect(far.json().error.details[0].problem).toBe('out_of_reach')
    await step(street, id, { action: 'dispatch', department: DEPARTMENT })
    c = await view(id, handler)
    expect(c).toMatchObject({ state: 'dispatched', department: { code: DEPARTMENT }, parties: ['department'] })
    expect(c.limit).toMatchObject({ unit: 'working_hours' })
    // The department asks for a day more; the street grants it: the deadline moves.
    const dueBefore = c.dueAt
    await step(handler, id, { action: 'request_extension', amount: 4, reason: '需调用清运车辆' })
    expect((await view(id, street)).actions).toEqual(expect.arrayContaining(['grant_extension', 'refuse_extension']))
    await step(street, id, { action: 'grant_extension' })
    c = await view(id, street)
    expect(new Date(c.dueAt).getTime()).toBeGreaterThan(new Date(dueBefore).getTime())
    expect(c.limit.extension).toBe(4)
    await step(handler, id, { action: 'feedback', result: '已清运' })
    c = await view(id, street)
    expect(c).toMatchObject({ state: 'to_verify', step: 'verify' })
    await step(street, id, { action: 'rework', reason: '现场仍有残留' })
    expect((await view(id, street)).reworkCount).toBe(1)
    await step(handler, id, { action: 'feedback', result: '已彻底清理并冲洗' })
    await step(street, id, { action: 'verify' })
    c = await view(id, street)
    expect(c).toMatchObject({ state: 'closed', closedLevel: 'street', result: '已彻底清理并冲洗', lamp: 'none' })
    // The reporting grid worker rates it, once.
    await step(worker, id, { action: 'rate', rating: 5, comment: '处理及时' })
    const again = await act(worker, id, { version: (await view(id, worker)).version, action: 'rate', rating: 4 })
    expect(again.statusCode).toBe(422)
    const events = (await call(street, 'GET', `/cases/${id}/timeline`)).json().events as { seq: number; action: string; actor: string }[]
    expect(events.map((e) => e.action)).toEqual([
      'report', 'accept', 'escalate', 'return', 'escalate', 'accept', 'dispatch', 'request_extension', 'grant_extension', 'feedback', 'rework', 'feedback', 'verify', 'rate',
    ])
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
  })

  it('refuses a step not allowed in the state, one that is not the caller\'s part, a stale version and a missing reason — and changes nothing', async () => {
    const { id } = await report()
    const c = await view(id)
    const before = await fingerprint()
    let res = await act(community, id, { version: c.version, action: 'verify' })
    expect(res.statusCode).toBe(422)
    expect(res.json().error.details[0].problem).toBe('not_allowed_in_state')
    res = await act(street, id, { version: c.version, action: 'accept' })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.details[0].problem).toBe('not_your_part')
    res = await act(community, id, { version: c.version + 7, action: 'accept' })
    expect(res.statusCode).toBe(409)
    res = await act(community, id, { version: c.version, action: 'reject' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(['/reason'])
    res = await act(community, id, { version: c.version, action: 'escalate', reason: '上报', state: 'closed' })
    expect(res.statusCode).toBe(400)
    res = await act(worker, id, { version: c.version, action: 'accept' })
    expect(res.statusCode).toBe(403)
    // A department sees only what was dispatched to it.
    expect((await call(handler, 'GET', `/cases/${id}`)).statusCode).toBe(404)
    expect(await fingerprint()).toBe(before)
  })

  it('lets only one of two people acting at once succeed', async () => {
    const { id } = await report()
    const c = await view(id)
    const other = await loginAs(t, (await createTestAccount(t, { role: 'community_staff', scopeCode: COMMUNITY })).username)
    const results = await Promise.all([
      act(community, id, { version: c.version, action: 'accept' }),
      act(other, id, { version: c.version, action: 'reject', reason: '不属于受理范围' }),
    ])
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes[0]).toBe(200)
    // The loser read the old version: refused as stale (409), or — if the winner had already
    // committed when it read — because the case is no longer in a state that allows its step (422).
    expect([409, 422]).toContain(codes[1])
    let events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_event WHERE case_id = ${id}`.execute(t.database.db)
    expect(events.rows[0]!.n).toBe(2)
    // Two steps that leave the state as it is, on the same version (of another case): exactly one applies.
    const second = (await report()).id
    const v = (await view(second)).version
    const copies = await Promise.all([
      act(community, second, { version: v, action: 'copy', target: STREET }),
      act(other, second, { version: v, action: 'copy', target: DISTRICT }),
    ])
    expect(copies.map((r) => r.statusCode).sort()).toEqual([200, 409])
    events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_event WHERE case_id = ${second}`.execute(t.database.db)
    expect(events.rows[0]!.n).toBe(2)
  })

  it('answers 404 for a case outside the scope, like a missing one, and audits the attempt', async () => {
    const { id } = await report()
    const res = await call(otherCommunity, 'GET', `/cases/${id}`)
    expect(res.statusCode).toBe(404)
    expect((await call(otherCommunity, 'GET', '/cases/999999999')).statusCode).toBe(404)
    expect((await act(otherCommunity, id, { version: 1, action: 'accept' })).statusCode).toBe(404)
    expect((await call(otherHandler, 'GET', `/cases/${id}`)).statusCode).toBe(404)
    const denied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE target = ${`case:${id}`} AND outcome = 'denied'`.execute(t.database.db)
    expect(denied.rows[0]!.n).toBeGreaterThanOrEqual(2)
    // Lists never show it.
    const list = await call(otherCommunity, 'GET', '/cases?box=all')
    expect(list.json().items.map((i: { id: number }) => i.id)).not.toContain(id)
    // The district above sees it and may urge; the community holding it may not urge itself.
    const v = await view(id, district)
    expect(v.parties).toEqual(['supervisor'])
    await step(district, id, { action: 'urge', card: 'yellow', reason: '请尽快受理' })
    expect((await view(id)).supervision).toBe('yellow')
    expect((await act(community, id, { version: (await view(id)).version, action: 'urge', card: 'red', reason: 'x' })).statusCode).toBe(403)
  })

  it('creates one case for one idempotency key and body, and refuses the key with another body', async () => {
    const key = `k-${backend}-${Date.now()}`
    const body = { category: 'component.streetlight', description: '路灯不亮', location: inGrid }
    const first = await call(worker, 'POST', '/cases', body, { 'idempotency-key': key })
    const second = await call(worker, 'POST', '/cases', body, { 'idempotency-key': key })
    expect(first.statusCode, first.body).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(second.json()).toEqual(first.json())
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM civic_case WHERE number = ${first.json().number}`.execute(t.database.db)
    expect(n.rows[0]!.n).toBe(1)
    const before = await fingerprint()
    const other = await call(worker, 'POST', '/cases', { ...body, description: '另一盏路灯不亮' }, { 'idempotency-key': key })
    expect(other.statusCode).toBe(422)
    expect(other.json().error.code).toBe('idempotency_key_reused')
    expect((await call(worker, 'POST', '/cases', body, { 'idempotency-key': 'x' })).statusCode).toBe(400)
    expect(await fingerprint()).toBe(before)
    // Twins sent at once: one case.
    const key2 = `k2-${backend}-${Date.now()}`
    const twins = await Promise.all([0, 1, 2].map(() => call(worker, 'POST', '/cases', body, { 'idempotency-key': key2 })))
    expect(new Set(twins.map((r) => r.json().number)).size).toBe(1)
  })

  it('takes photos checked by content and re-encoded, attaches them to a report, and refuses a disguised file', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } }).png().toBuffer()
    const upload = (data: Buffer, filename: string, type: string) => {
      const boundary = '----frontline'
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ])
      return t.app.inject({ method: 'POST', url: '/api/v1/case-photos', headers: { ...worker.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
    }
    const ok = await upload(png, 'scene.jpg', 'image/jpeg')
    expect(ok.statusCode, ok.body).toBe(201)
    const photo = ok.json()
    expect(photo).toMatchObject({ width: 64, height: 48 })
    expect(photo.name).toMatch(/^[A-Za-z0-9_-]{26,}\.jpg$/)
    const disguised = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'scene.jpg', 'image/jpeg')
    expect(disguised.statusCode).toBe(415)
    expect(disguised.json().error.details[0].problem).toBe('unsupported_type')
    // Too large: refused while it streams in, nothing stored.
    const photosBefore = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_photo`.execute(t.database.db)).rows[0]!.n
    const huge = await upload(Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024, 1)]), 'big.png', 'image/png')
    expect(huge.statusCode).toBe(413)
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_photo`.execute(t.database.db)).rows[0]!.n).toBe(photosBefore)
    const { id } = await report({ photos: [photo.name] })
    const c = await view(id)
    expect(c.photos.map((p: { name: string }) => p.name)).toEqual([photo.name])
    const img = await t.app.inject({ method: 'GET', url: c.photos[0].url, headers: community.headers })
    expect(img.statusCode).toBe(200)
    expect(img.headers['content-type']).toBe('image/jpeg')
    expect(img.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8')
    expect((await t.app.inject({ method: 'GET', url: c.photos[0].url, headers: otherCommunity.headers })).statusCode).toBe(404)
    // A photo attached once cannot be attached again.
    const again = await call(worker, 'POST', '/cases', { category: 'environment.garbage', description: '又一堆', location: inGrid, photos: [photo.name] })
    expect(again.statusCode).toBe(400)
  })

  it('copies a case to another level and lists it in their copied box', async () => {
    const { id } = await report()
    await step(community, id, { action: 'copy', target: STREET })
    const copied = await call(street, 'GET', '/cases?box=copied')
    expect(copied.json().items.map((i: { id: number }) => i.id)).toContain(id)
    const bad = await act(community, id, { version: (await view(id)).version, action: 'copy', target: '999999999' })
    expect(bad.statusCode).toBe(400)
  })

  it('suggests a report nearby of the same kind as a duplicate, and merges it', async () => {
    const a = await report({ description: '垃圾桶满溢' })
    const b = await report({ description: '垃圾桶满溢，无人清理' })
    const near = await call(community, 'GET', `/cases/${b.id}/nearby`)
    expect(near.statusCode).toBe(200)
    expect(near.json().duplicates.map((d: { id: number }) => d.id)).toContain(a.id)
    await step(community, b.id, { action: 'merge', mergeInto: a.id, reason: '重复上报' })
    expect(await view(b.id)).toMatchObject({ state: 'merged', mergedInto: a.id })
  })
})
