// The audit trail on a real database: boundary imports leave records (success and failure, none for a
// dry run), the table refuses updates and deletes, and the verifier names the first altered or
// removed record even when someone with owner rights goes around the append-only rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, type TestApp } from '../../../test/helpers.ts'
import { boxPolygon, createSquareCity } from '../../../test/fixtures.ts'
import { appendAudit, latestAuditEvents, verifyAuditChain } from './index.ts'

describe.each(BACKENDS)('audit trail on %s', (backend) => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(backend, { as: 'city_admin' })
  })
  afterAll(async () => t?.close())

  const importGrids = (community: string, grids: { code: string; box: [number, number, number, number] }[], query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${community}/import${query}`,
      payload: { type: 'FeatureCollection', features: grids.map((g) => ({ type: 'Feature', properties: { code: g.code, name: '网格' }, geometry: boxPolygon(g.box) })) },
    })

  it('records an applied import with the change, and a rejected one as a failure; a dry run leaves no record', async () => {
    const c = await createSquareCity(t.database.db, { rows: 1, cols: 2 })
    const grids = c.grids.map((code, i) => ({ code, box: c.gridBox(i) }))
    const before = (await latestAuditEvents(t.database.db, 1))[0]?.seq ?? 0

    expect((await importGrids(c.community, grids, '?dryRun=true')).statusCode).toBe(200)
    expect((await latestAuditEvents(t.database.db, 1))[0]?.seq ?? 0).toBe(before)

    const ok = await importGrids(c.community, grids)
    expect(ok.statusCode, ok.body).toBe(200)
    const [applied] = await latestAuditEvents(t.database.db, 1)
    expect(applied).toMatchObject({ seq: before + 1, action: 'area.import', target: `area:${c.community}`, outcome: 'success', source: '127.0.0.1' })
    expect(applied!.detail).toMatchObject({ changeId: ok.json().changeId, updated: c.grids })

    const [w, s, e, n] = c.gridBox(1)
    const bad = await importGrids(c.community, [grids[0]!, { code: c.grids[1]!, box: [w, s, e - 0.002, n] }])
    expect(bad.statusCode).toBe(422)
    const [failed] = await latestAuditEvents(t.database.db, 1)
    expect(failed).toMatchObject({ seq: before + 2, action: 'area.import', outcome: 'failure', detail: { code: 'coverage_violation', problems: 1 } })
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: before + 2 })
  })

  it('refuses updates, deletes and truncation', async () => {
    await appendAudit(t.database.db, { actor: 'system', action: 'test.append', outcome: 'success' })
    await expect(sql`UPDATE audit_event SET actor = 'x'`.execute(t.database.db)).rejects.toThrow(/append-only/)
    await expect(sql`DELETE FROM audit_event`.execute(t.database.db)).rejects.toThrow(/append-only/)
    await expect(sql`TRUNCATE audit_event`.execute(t.database.db)).rejects.toThrow(/append-only/)
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true)
  })

  it('keeps one gapless chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => appendAudit(t.database.db, { actor: `u${i}`, action: 'test.concurrent', outcome: 'success' })))
    const verdict = await verifyAuditChain(t.database.db)
    expect(verdict.ok).toBe(true)
    const max = await sql<{ n: number; m: number }>`SELECT count(*)::int AS n, max(seq)::int AS m FROM audit_event`.execute(t.database.db)
    expect(max.rows[0]!.n).toBe(max.rows[0]!.m)
    expect(verdict.checked).toBe(max.rows[0]!.n)
  })

  it('names the first altered record, then the first missing one, when the rule is bypassed', async () => {
    for (let i = 0; i < 5; i++) await appendAudit(t.database.db, { actor: 'system', action: 'test.tamper', outcome: 'success', detail: { i } })
    const rows = await latestAuditEvents(t.database.db, 5)
    const victim = rows[2]!.seq
    // Someone with owner rights switches the guard off and edits history.
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete`.execute(t.database.db)
    try {
      await sql`UPDATE audit_event SET detail = '{"i": 99}'::jsonb WHERE seq = ${victim}`.execute(t.database.db)
      expect((await verifyAuditChain(t.database.db)).firstBad).toMatchObject({ seq: victim, problem: 'tampered' })
      await sql`DELETE FROM audit_event WHERE seq = ${victim - 1}`.execute(t.database.db)
      expect((await verifyAuditChain(t.database.db)).firstBad).toMatchObject({ seq: victim - 1, problem: 'missing' })
    } finally {
      await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete`.execute(t.database.db)
    }
  })
})
