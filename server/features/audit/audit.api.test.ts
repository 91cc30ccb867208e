// The auditor's API over HTTP: GET /audit/events (filters, keyset paging) and GET /audit/verify, each
// recorded in the trail; only the auditor role may call them; bad filters are refused with every field
// named and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, cityCaller, type Caller, type TestApp } from '../../../test/helpers.ts'
import { appendAudit, latestAuditEvents } from './index.ts'
import type { AuditEventPage, AuditVerdictView } from '../../../shared/api-types.ts'
import type { Role } from '../../../shared/roles.ts'

describe.each(BACKENDS)('audit API on %s', (backend) => {
  let t: TestApp
  let auditor: Caller
  const actor = `api${process.pid}`

  beforeAll(async () => {
    t = await buildTestApp(backend)
    auditor = await cityCaller(t, 'auditor')
    for (let i = 0; i < 5; i++) {
      await appendAudit(t.database.db, { actor, action: i % 2 ? 'auth.login' : 'area.import', target: `area:63010${i}`, outcome: i === 4 ? 'failure' : 'success', detail: { i } })
    }
  })
  afterAll(async () => t?.close())

  const get = (url: string, caller: Caller | null = auditor) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: caller?.headers ?? {} })
  const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(t.database.db)).rows[0]!.n

  it('lets the auditor read the trail, filtered and paged, newest first; the read is recorded', async () => {
    const all = await get(`/audit/events?actor=${actor}`)
    expect(all.statusCode, all.body).toBe(200)
    const page = all.json() as AuditEventPage
    expect(page.items.map((e) => e.detail.i)).toEqual([4, 3, 2, 1, 0])
    expect(page.nextBefore).toBeNull()
    expect(page.items[0]).toMatchObject({ actor, action: 'area.import', target: 'area:630104', outcome: 'failure', source: null })
    expect(page.items[0]!.hash).toMatch(/^[0-9a-f]{64}$/)

    const [read] = await latestAuditEvents(t.database.db, 1)
    expect(read).toMatchObject({ action: 'audit.read', outcome: 'success', source: '127.0.0.1', detail: { filter: { actor, limit: 50 }, returned: 5 } })
    expect(read!.actor).not.toBe('anonymous')

    const logins = (await get(`/audit/events?actor=${actor}&action=auth.*`)).json() as AuditEventPage
    expect(logins.items.map((e) => e.detail.i)).toEqual([3, 1])
    const failures = (await get(`/audit/events?actor=${actor}&outcome=failure&target=area%3A63010*`)).json() as AuditEventPage
    expect(failures.items.map((e) => e.detail.i)).toEqual([4])

    const first = (await get(`/audit/events?actor=${actor}&limit=2`)).json() as AuditEventPage
    expect(first.items.map((e) => e.detail.i)).toEqual([4, 3])
    const second = (await get(`/audit/events?actor=${actor}&limit=2&before=${first.nextBefore}`)).json() as AuditEventPage
    expect(second.items.map((e) => e.detail.i)).toEqual([2, 1])
    expect(second.nextBefore).toBe(second.items[1]!.seq)

    const from = page.items[3]!.occurredAt
    const windowed = (await get(`/audit/events?actor=${actor}&from=${encodeURIComponent(from)}&to=${encodeURIComponent('2100-01-01T00:00:00+08:00')}`)).json() as AuditEventPage
    expect(windowed.items.map((e) => e.detail.i)).toEqual(page.items.filter((e) => e.occurredAt >= from).map((e) => e.detail.i))
  })

  it('lets the auditor verify the chain; the verification is recorded with its verdict', async () => {
    const r = await get('/audit/verify')
    expect(r.statusCode, r.body).toBe(200)
    const verdict = r.json() as AuditVerdictView
    expect(verdict).toEqual({ ok: true, checked: verdict.checked, firstSeq: 1 })
    expect(verdict.checked).toBeGreaterThanOrEqual(5)
    const [rec] = await latestAuditEvents(t.database.db, 1)
    expect(rec).toMatchObject({ action: 'audit.verify', outcome: 'success', detail: { ok: true, checked: verdict.checked, firstSeq: 1, anchor: null } })

    // Someone goes around the append-only rule: the verifier names the record, the record says failure.
    const victim = (await latestAuditEvents(t.database.db, 50)).find((e) => e.actor === actor && e.detail.i === 2)!
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete`.execute(t.database.db)
    try {
      await sql`UPDATE audit_event SET outcome = 'denied' WHERE seq = ${victim.seq}`.execute(t.database.db)
      const broken = (await get('/audit/verify')).json() as AuditVerdictView
      expect(broken).toMatchObject({ ok: false, firstSeq: 1, firstBad: { seq: victim.seq, problem: 'tampered' } })
      const [failed] = await latestAuditEvents(t.database.db, 1)
      expect(failed).toMatchObject({ action: 'audit.verify', outcome: 'failure', detail: { ok: false, firstBad: { seq: victim.seq } } })
    } finally {
      await sql`UPDATE audit_event SET outcome = ${victim.outcome} WHERE seq = ${victim.seq}`.execute(t.database.db)
      await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete`.execute(t.database.db)
    }
    expect(((await get('/audit/verify')).json() as AuditVerdictView).ok).toBe(true)
  })

  it.each<Role>(['security_admin', 'system_admin', 'city_admin', 'grid_worker'])('refuses %s (403 forbidden)', async (role) => {
    const caller = await cityCaller(t, role)
    for (const url of ['/audit/events', '/audit/verify']) {
      const r = await get(url, caller)
      expect(r.statusCode, `${role} ${url}`).toBe(403)
      expect(r.json().error.code).toBe('forbidden')
    }
  })

  it('refuses anonymous callers (401 unauthenticated)', async () => {
    for (const url of ['/audit/events', '/audit/verify']) {
      const r = await get(url, null)
      expect(r.statusCode).toBe(401)
      expect(r.json().error.code).toBe('unauthenticated')
    }
  })

  it('refuses bad filters with 400 validation_failed naming each field, and changes nothing', async () => {
    const before = await count()
    const cases: [string, string[]][] = [
      [`action=${encodeURIComponent("x';DROP TABLE audit_event;--")}`, ['/action']],
      ['action=auth.lo*', ['/action']],
      ['action=Auth.login', ['/action']],
      ['limit=0', ['/limit']],
      ['limit=501', ['/limit']],
      ['limit=ten', ['/limit']],
      ['from=yesterday', ['/from']],
      ['from=2026-01-01T00:00:00', ['/from']],
      ['to=2026-13-01T00:00:00Z', ['/to']],
      ['before=0', ['/before']],
      ['before=-5', ['/before']],
      ['outcome=ok', ['/outcome']],
      [`actor=${'a'.repeat(201)}`, ['/actor']],
      [`target=${'t'.repeat(201)}`, ['/target']],
      ['sort=seq', ['/sort']],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', ['/to']],
      ['limit=0&from=yesterday&sort=seq&outcome=ok', ['/limit', '/from', '/sort', '/outcome']],
    ]
    for (const [query, fields] of cases) {
      const r = await get(`/audit/events?${query}`)
      expect(r.statusCode, query).toBe(400)
      const error = r.json().error
      expect(error.code, query).toBe('validation_failed')
      expect(error.details.map((d: { field: string }) => d.field).sort(), query).toEqual([...fields].sort())
      expect(error.details.every((d: { location?: string }) => d.location === 'querystring'), query).toBe(true)
    }
    expect(await count()).toBe(before)
  })

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
    const events = doc.paths['/api/v1/audit/events'].get
    expect(events.tags).toEqual(['audit'])
    expect(events.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['action', 'actor', 'before', 'from', 'limit', 'outcome', 'target', 'to'])
    expect(Object.keys(events.responses).sort()).toEqual(['200', '400', '401', '403'])
    expect(Object.keys(doc.paths['/api/v1/audit/verify'].get.responses).sort()).toEqual(['200', '401', '403'])
  })
})
