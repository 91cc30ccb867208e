// Retention of the audit trail on a real database: records older than the retention are removed,
// oldest first, only through audit_prune(); the verifier then starts at the anchor and still names the
// first altered, missing or moved record; nothing younger than 185 days can be removed; a prune
// refuses to erase records that do not verify. The steps of the main story build on each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/helpers.ts'
import { allAudit, appendAuditAt, daysAgo, reinsertAudit } from '../../../test/audit-fixtures.ts'
import type { DB } from '../../db-schema.ts'
import { appendAudit, latestAuditEvents, pruneAudit, startAuditRetention, verifyAuditChain } from './index.ts'
import { GENESIS_HASH } from './audit-chain.ts'

const anchorRow = async (db: Kysely<DB>) =>
  (await sql<{ seq: number; hash: string; removed: number }>`SELECT seq, hash, removed FROM audit_anchor`.execute(db)).rows.map((r) => ({
    seq: Number(r.seq),
    hash: r.hash,
    removed: Number(r.removed),
  }))[0]

/** Runs `fn` with the append-only guard switched off, as an owner going around the rules could. */
async function bypassingGuard(db: Kysely<DB>, fn: () => Promise<void>): Promise<void> {
  await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete`.execute(db)
  try {
    await fn()
  } finally {
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete`.execute(db)
  }
}

describe.each(BACKENDS)('audit retention on %s', (backend) => {
  let t: TestDatabase
  let db: Kysely<DB>

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    db = t.database.db
    const existing = await latestAuditEvents(db, 1)
    expect(existing, 'this file needs a trail that starts empty (the demo snapshot has none)').toEqual([])
    // 1–6: 400 days old; 7–10: 250; 11–14: 190; 15–17: 10 days old.
    const ages = [...Array(6).fill(400), ...Array(4).fill(250), ...Array(4).fill(190), ...Array(3).fill(10)] as number[]
    for (const [i, days] of ages.entries()) {
      await appendAuditAt(db, daysAgo(days, i), { actor: 'system', action: 'test.retention', outcome: 'success', target: `n:${i + 1}`, detail: { i: i + 1 } })
    }
  })
  afterAll(async () => t?.close())

  it('refuses a retention under 185 days; the database refuses any cutoff younger than that, and any other delete', async () => {
    await expect(pruneAudit(db, 184)).rejects.toThrow(/at least 185 days/)
    await expect(pruneAudit(db, 100)).rejects.toThrow(RangeError)
    // A "now" in the future would reach records younger than 185 days: refused too.
    await expect(pruneAudit(db, 185, daysAgo(-30))).rejects.toThrow(/younger than 185 days/)
    await expect(sql`SELECT * FROM audit_prune(now() - interval '100 days')`.execute(db)).rejects.toThrow(/185 days/)
    await expect(sql`SELECT * FROM audit_prune(NULL)`.execute(db)).rejects.toThrow(/185 days/)
    await expect(sql`DELETE FROM audit_event WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`UPDATE audit_event SET actor = 'x' WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`INSERT INTO audit_anchor (id, seq, hash, occurred_at) VALUES (1, 5, ${GENESIS_HASH}, now())`.execute(db)).rejects.toThrow(/audit_prune/)
    expect((await allAudit(db)).map((r) => r.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1))
    expect(await anchorRow(db)).toBeUndefined()
  })

  it('reports in a dry run what would be removed, and changes nothing', async () => {
    const r = await pruneAudit(db, 300, new Date(), { dryRun: true })
    expect(r).toMatchObject({ dryRun: true, retentionDays: 300, removed: 6, firstSeq: 7, anchor: { seq: 6 } })
    expect((await allAudit(db)).length).toBe(17)
    expect(await anchorRow(db)).toBeUndefined()
  })

  it('removes the oldest records, keeps the anchor, records the prune; the verifier starts at the anchor', async () => {
    const six = (await allAudit(db))[5]!
    const r = await pruneAudit(db, 300)
    expect(r).toMatchObject({ dryRun: false, removed: 6, anchor: { seq: 6, hash: six.hash }, firstSeq: 7 })
    expect(await anchorRow(db)).toEqual({ seq: 6, hash: six.hash, removed: 6 })
    const [prune] = await latestAuditEvents(db, 1)
    expect(prune).toMatchObject({ seq: 18, actor: 'system', action: 'audit.prune', outcome: 'success', detail: { removed: 6, retentionDays: 300, anchor: { seq: 6, hash: six.hash } } })
    expect((await allAudit(db))[0]!.seq).toBe(7)
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 12, firstSeq: 7, anchor: { seq: 6, hash: six.hash } })
    // Nothing more is past 300 days: a second run removes and records nothing.
    expect(await pruneAudit(db, 300)).toMatchObject({ removed: 0, anchor: null, firstSeq: 7 })
    expect((await latestAuditEvents(db, 1))[0]!.seq).toBe(18)
  })

  it('moves the anchor forward with the next prune', async () => {
    const ten = (await allAudit(db)).find((x) => x.seq === 10)!
    expect(await pruneAudit(db, 200)).toMatchObject({ removed: 4, anchor: { seq: 10, hash: ten.hash }, firstSeq: 11 })
    expect(await anchorRow(db)).toEqual({ seq: 10, hash: ten.hash, removed: 10 })
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 9, firstSeq: 11, anchor: { seq: 10 } })
  })

  it('still names the first altered, missing or moved record after a prune', async () => {
    const records = await allAudit(db)
    const first = records[0]!
    const second = records[1]!
    expect(first.seq).toBe(11)

    await bypassingGuard(db, async () => {
      // The first retained record altered.
      await sql`UPDATE audit_event SET detail = '{"i": 99}'::jsonb WHERE seq = 11`.execute(db)
      expect((await verifyAuditChain(db)).firstBad).toMatchObject({ seq: 11, problem: 'tampered' })
      await sql`UPDATE audit_event SET detail = ${JSON.stringify(first.detail)}::jsonb WHERE seq = 11`.execute(db)
      expect((await verifyAuditChain(db)).ok).toBe(true)

      // A record in the middle deleted.
      await sql`DELETE FROM audit_event WHERE seq = 12`.execute(db)
      expect((await verifyAuditChain(db))).toMatchObject({ ok: false, checked: 1, firstBad: { seq: 12, problem: 'missing' } })
      await reinsertAudit(db, second)

      // The head deleted without audit_prune(): the anchor does not account for it.
      await sql`DELETE FROM audit_event WHERE seq = 11`.execute(db)
      expect((await verifyAuditChain(db))).toMatchObject({ ok: false, checked: 0, firstSeq: 12, firstBad: { seq: 11, problem: 'missing' } })
      await reinsertAudit(db, first)
      expect((await verifyAuditChain(db)).ok).toBe(true)
    })

    // The head deleted by someone who sets the prune flag by hand (but cannot move the anchor with it).
    await t.database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('frontline.audit_prune_through', '11', true)`.execute(trx)
      await sql`DELETE FROM audit_event WHERE seq = 11`.execute(trx)
    })
    expect((await verifyAuditChain(db)).firstBad).toMatchObject({ seq: 11, problem: 'missing' })
    await reinsertAudit(db, first)

    // The anchor forged, removed or moved behind the guard's back.
    await sql`ALTER TABLE audit_anchor DISABLE TRIGGER audit_anchor_guard`.execute(db)
    try {
      await sql`UPDATE audit_anchor SET hash = ${GENESIS_HASH}`.execute(db)
      expect((await verifyAuditChain(db)).firstBad).toMatchObject({ seq: 11, problem: 'broken_link' })
      await sql`DELETE FROM audit_anchor`.execute(db)
      expect((await verifyAuditChain(db)).firstBad).toMatchObject({ seq: 1, problem: 'missing', message: 'record 1–10 is missing' })
      await sql`INSERT INTO audit_anchor (id, seq, hash, occurred_at, removed) VALUES (1, 12, ${second.hash}, now(), 12)`.execute(db)
      expect((await verifyAuditChain(db)).firstBad).toMatchObject({ seq: 11, problem: 'reordered' })
      // Put back: the anchor is record 10, whose hash record 11 links to.
      await sql`UPDATE audit_anchor SET seq = 10, hash = ${first.prevHash}, removed = 10`.execute(db)
    } finally {
      await sql`ALTER TABLE audit_anchor ENABLE TRIGGER audit_anchor_guard`.execute(db)
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, firstSeq: 11 })
    // Nor can the anchor be moved through the guard, or moved back even by audit_prune's flag.
    await expect(sql`UPDATE audit_anchor SET seq = 11`.execute(db)).rejects.toThrow(/audit_prune/)
    await expect(sql`DELETE FROM audit_anchor`.execute(db)).rejects.toThrow(/audit_prune/)
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('frontline.audit_prune_through', '1', true)`.execute(trx)
        await sql`UPDATE audit_anchor SET seq = 5`.execute(trx)
      }),
    ).rejects.toThrow(/forward/)
  })

  it('refuses to remove records that do not verify, records the refusal, and prunes once they are put right', async () => {
    const records = await allAudit(db)
    const thirteen = records.find((x) => x.seq === 13)!
    await bypassingGuard(db, async () => {
      await sql`UPDATE audit_event SET actor = 'forger' WHERE seq = 13`.execute(db)
    })
    const refused = await pruneAudit(db, 185)
    expect(refused).toMatchObject({ removed: 0, anchor: null, refused: { seq: 13, problem: 'tampered' } })
    expect((await allAudit(db))[0]!.seq).toBe(11)
    const [failure] = await latestAuditEvents(db, 1)
    expect(failure).toMatchObject({ action: 'audit.prune', outcome: 'failure', detail: { problem: 'tampered', seq: 13 } })
    // A dry run says the same and records nothing.
    expect(await pruneAudit(db, 185, new Date(), { dryRun: true })).toMatchObject({ removed: 0, refused: { seq: 13 } })
    expect((await latestAuditEvents(db, 1))[0]!.seq).toBe(failure!.seq)

    await bypassingGuard(db, async () => {
      await sql`UPDATE audit_event SET actor = ${thirteen.actor} WHERE seq = 13`.execute(db)
    })
    expect(await pruneAudit(db, 185)).toMatchObject({ removed: 4, anchor: { seq: 14 }, firstSeq: 15 })
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, firstSeq: 15, anchor: { seq: 14 } })
    // The youngest records (10 days) and the prune records stay.
    expect((await allAudit(db)).map((r) => r.action)).toEqual([
      'test.retention',
      'test.retention',
      'test.retention',
      'audit.prune',
      'audit.prune',
      'audit.prune',
      'audit.prune',
    ])
  })

  it('keeps the chain going when a prune removes every record', async () => {
    const other = await openTestDatabase(backend)
    try {
      const odb = other.database.db
      const old = []
      for (let i = 0; i < 3; i++) old.push(await appendAuditAt(odb, daysAgo(400, i), { actor: 'system', action: 'test.all_old', outcome: 'success' }))
      const r = await pruneAudit(odb, 185, new Date(), { actor: 'ops', source: 'cli' })
      expect(r).toMatchObject({ removed: 3, anchor: { seq: 3, hash: old[2]!.hash }, firstSeq: 4 })
      const rest = await allAudit(odb)
      expect(rest).toHaveLength(1)
      expect(rest[0]).toMatchObject({ seq: 4, prevHash: old[2]!.hash, actor: 'ops', source: 'cli', action: 'audit.prune' })
      await appendAudit(odb, { actor: 'system', action: 'test.after', outcome: 'success' })
      expect(await verifyAuditChain(odb)).toMatchObject({ ok: true, checked: 2, firstSeq: 4, anchor: { seq: 3 } })
    } finally {
      await other.close()
    }
  })

  it('runs the retention job at start and stops cleanly; failures are logged, not thrown', async () => {
    const logs: { level: string; msg: string }[] = []
    const log = {
      info: (_o: object, msg: string) => void logs.push({ level: 'info', msg }),
      error: (_o: object, msg: string) => void logs.push({ level: 'error', msg }),
    }
    const before = (await latestAuditEvents(db, 1))[0]!.seq
    await appendAuditAt(db, daysAgo(10), { actor: 'system', action: 'test.job', outcome: 'success' })
    const stop = startAuditRetention(t.database, log, { intervalMs: 3_600_000 })
    await stop()
    // Nothing is past the default retention (185 days): nothing removed, nothing logged or recorded.
    expect(logs).toEqual([])
    expect((await latestAuditEvents(db, 1))[0]!.seq).toBe(before + 1)

    const broken = { ...t.database, db: null as unknown as Kysely<DB> }
    const stopBroken = startAuditRetention(broken, log)
    await stopBroken()
    expect(logs).toEqual([{ level: 'error', msg: 'audit retention failed' }])
  })
})
