// The auditor's query on a real database: every filter alone and combined, prefixes (with LIKE's own
// wildcards taken literally), the time window, keyset paging, and hostile values that must stay data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/helpers.ts'
import { appendAuditAt } from '../../../test/audit-fixtures.ts'
import { queryAuditEvents, type AuditEventFilter } from './index.ts'
import type { AuditRecord } from './audit-chain.ts'

describe.each(BACKENDS)('audit query on %s', (backend) => {
  let t: TestDatabase
  const written: AuditRecord[] = []
  // A unique actor prefix per run so the records of this file are told apart from any others.
  const who = (n: number) => `qa${process.pid}u${n}`
  const base = Date.parse('2031-03-01T08:00:00.000Z')
  const at = (minutes: number) => new Date(base + minutes * 60_000)

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    const rows: [number, string, string, string | null, AuditRecord['outcome']][] = [
      // minute, actor, action, target, outcome
      [0, who(1), 'qtest.alpha', 'area:630102001', 'success'],
      [1, who(1), 'qtest.beta', 'area:630102002', 'failure'],
      [2, who(2), 'qtest.alpha', 'area:630103001', 'denied'],
      [3, who(2), 'qtest_x.alpha', 'doc:50%off', 'success'],
      [4, who(3), 'qtestyx.alpha', 'doc:50xoff', 'success'],
      [5, who(1), 'qtest.alpha.deep', null, 'success'],
      [6, who(3), 'qtest.gamma', 'area:630102001', 'success'],
    ]
    for (const [m, actor, action, target, outcome] of rows) {
      written.push(await appendAuditAt(t.database.db, at(m), { actor, action, target, outcome, source: '10.0.0.1', detail: { m } }))
    }
  })
  afterAll(async () => t?.close())

  const seqs = async (filter: AuditEventFilter) => (await queryAuditEvents(t.database.db, filter)).items.map((e) => e.seq)
  const s = (...minutes: number[]) => minutes.map((m) => written[m]!.seq)
  const mine = { from: at(0).toISOString(), to: at(60).toISOString() }

  it('returns records newest first, shaped as AuditEventView', async () => {
    const page = await queryAuditEvents(t.database.db, { ...mine })
    expect(page.items.map((e) => e.seq)).toEqual(s(6, 5, 4, 3, 2, 1, 0))
    expect(page.nextBefore).toBeNull()
    expect(page.items[6]).toEqual({
      seq: written[0]!.seq,
      occurredAt: at(0).toISOString(),
      actor: who(1),
      action: 'qtest.alpha',
      target: 'area:630102001',
      source: '10.0.0.1',
      outcome: 'success',
      detail: { m: 0 },
      hash: written[0]!.hash,
    })
  })

  it('filters by actor, outcome and exact action or target', async () => {
    expect(await seqs({ actor: who(1) })).toEqual(s(5, 1, 0))
    expect(await seqs({ actor: who(2), ...mine })).toEqual(s(3, 2))
    expect(await seqs({ ...mine, outcome: 'failure' })).toEqual(s(1))
    expect(await seqs({ ...mine, outcome: 'denied' })).toEqual(s(2))
    expect(await seqs({ ...mine, action: 'qtest.alpha' })).toEqual(s(2, 0))
    expect(await seqs({ ...mine, target: 'area:630102001' })).toEqual(s(6, 0))
    expect(await seqs({ actor: who(1), action: 'qtest.beta', outcome: 'failure', target: 'area:630102002' })).toEqual(s(1))
    expect(await seqs({ actor: who(1), action: 'qtest.beta', outcome: 'success' })).toEqual([])
  })

  it('matches an action prefix ending in .* and a target prefix ending in *, taking % and _ literally', async () => {
    expect(await seqs({ ...mine, action: 'qtest.*' })).toEqual(s(6, 5, 2, 1, 0))
    expect(await seqs({ ...mine, action: 'qtest.alpha.*' })).toEqual(s(5))
    // "_" is a LIKE wildcard: qtest_x.* must not match qtestyx.alpha.
    expect(await seqs({ ...mine, action: 'qtest_x.*' })).toEqual(s(3))
    expect(await seqs({ ...mine, target: 'area:630102*' })).toEqual(s(6, 1, 0))
    expect(await seqs({ ...mine, target: 'area:6301*' })).toEqual(s(6, 2, 1, 0))
    // "%" likewise: doc:50%* must not match doc:50xoff.
    expect(await seqs({ ...mine, target: 'doc:50%*' })).toEqual(s(3))
    expect(await seqs({ ...mine, target: 'doc:50%off' })).toEqual(s(3))
    // A * inside an exact value is just a character.
    expect(await seqs({ ...mine, action: 'qtest.*a' })).toEqual([])
  })

  it('keeps records from `from` (inclusive) to `to` (exclusive)', async () => {
    expect(await seqs({ from: at(2).toISOString(), to: at(5).toISOString() })).toEqual(s(4, 3, 2))
    expect(await seqs({ from: at(2), to: at(2) })).toEqual([])
    expect(await seqs({ actor: who(3), from: at(5).toISOString() })).toEqual(s(6))
    expect(await seqs({ actor: who(3), to: at(5).toISOString() })).toEqual(s(4))
    // Any offset names the same instant.
    expect(await seqs({ from: '2031-03-01T16:02:00+08:00', to: '2031-03-01T16:03:00+08:00' })).toEqual(s(2))
  })

  it('pages with the keyset cursor: no record twice, none left out, null at the end', async () => {
    const seen: number[] = []
    let before: number | undefined
    let pages = 0
    for (;;) {
      const page = await queryAuditEvents(t.database.db, { ...mine, limit: 3, before })
      pages++
      seen.push(...page.items.map((e) => e.seq))
      if (page.nextBefore === null) break
      expect(page.items).toHaveLength(3)
      expect(page.nextBefore).toBe(page.items[2]!.seq)
      before = page.nextBefore
    }
    expect(pages).toBe(3)
    expect(seen).toEqual(s(6, 5, 4, 3, 2, 1, 0))
    // An exact page is not followed by an empty one.
    const exact = await queryAuditEvents(t.database.db, { actor: who(2), limit: 2 })
    expect(exact.nextBefore).toBeNull()
    expect(await seqs({ ...mine, before: written[3]!.seq })).toEqual(s(2, 1, 0))
  })

  it('refuses a limit outside 1–500 or an invalid time, and defaults to 50', async () => {
    await expect(queryAuditEvents(t.database.db, { limit: 0 })).rejects.toThrow(RangeError)
    await expect(queryAuditEvents(t.database.db, { limit: 501 })).rejects.toThrow(RangeError)
    await expect(queryAuditEvents(t.database.db, { limit: 2.5 })).rejects.toThrow(RangeError)
    await expect(queryAuditEvents(t.database.db, { from: 'yesterday' })).rejects.toThrow(RangeError)
    for (let i = 0; i < 52; i++) await appendAuditAt(t.database.db, at(100 + i), { actor: who(9), action: 'qtest.many', outcome: 'success' })
    const page = await queryAuditEvents(t.database.db, { actor: who(9) })
    expect(page.items).toHaveLength(50)
    expect(page.nextBefore).not.toBeNull()
  })

  it('treats hostile values as plain data', async () => {
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(t.database.db)).rows[0]!.n
    expect(await seqs({ actor: "x'; DROP TABLE audit_event;--" })).toEqual([])
    expect(await seqs({ action: "x'; DROP TABLE audit_event;--" })).toEqual([])
    expect(await seqs({ target: "' OR 1=1 --*" })).toEqual([])
    expect(await seqs({ target: '%*' })).toEqual([])
    const after = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(t.database.db)).rows[0]!.n
    expect(after).toBe(before)
  })

  it('answers prefix and exact filters from the indexes', async () => {
    await sql`ANALYZE audit_event`.execute(t.database.db)
    const plans = await t.database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx)
      const plan = async (q: ReturnType<typeof sql>) =>
        (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${q}`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n')
      return {
        action: await plan(sql`SELECT seq FROM audit_event WHERE action LIKE ${'qtest\\_x.%'}`),
        target: await plan(sql`SELECT seq FROM audit_event WHERE target LIKE ${'area:630102%'}`),
      }
    })
    expect(plans.action).toMatch(/audit_event_action_idx/)
    expect(plans.action).toMatch(/Index Cond/)
    expect(plans.target).toMatch(/audit_event_target_idx/)
    expect(plans.target).toMatch(/Index Cond/)
  })
})
