// Writing and reading the audit trail. Appends are serialized (one chain, one writer at a time) by a
// transaction-scoped advisory lock, so two requests can never take the same position in the chain.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { ChainVerifier, chainNext, type AuditFields, type AuditRecord, type ChainVerdict } from './audit-chain.ts'

export type AuditInput = Omit<AuditFields, 'occurredAt' | 'detail' | 'target' | 'source'> &
  Partial<Pick<AuditFields, 'detail' | 'target' | 'source'>>

interface Row {
  seq: number
  occurred_at: Date | string
  actor: string
  action: string
  target: string | null
  source: string | null
  outcome: AuditRecord['outcome']
  detail: Record<string, unknown> | string
  prev_hash: string
  hash: string
}

const toRecord = (r: Row): AuditRecord => ({
  seq: Number(r.seq),
  occurredAt: new Date(r.occurred_at).toISOString(),
  actor: r.actor,
  action: r.action,
  target: r.target,
  source: r.source,
  outcome: r.outcome,
  detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
})

/** Appends one record to the chain, inside `trx` (its lock is held until that transaction ends). */
export async function appendAuditIn(trx: Transaction<DB>, input: AuditInput): Promise<AuditRecord> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('frontline.audit_event'))`.execute(trx)
  const last = (await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`.execute(trx)).rows[0]
  const record = chainNext(last ? { seq: Number(last.seq), hash: last.hash } : undefined, {
    occurredAt: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    source: input.source ?? null,
    outcome: input.outcome,
    detail: input.detail ?? {},
  })
  await sql`
    INSERT INTO audit_event (seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash)
    VALUES (${record.seq}, ${record.occurredAt}, ${record.actor}, ${record.action}, ${record.target}, ${record.source},
            ${record.outcome}, ${JSON.stringify(record.detail)}::jsonb, ${record.prevHash}, ${record.hash})`.execute(trx)
  return record
}

/** Appends one record in a transaction of its own. */
export async function appendAudit(db: Kysely<DB>, input: AuditInput): Promise<AuditRecord> {
  return db.transaction().execute((trx) => appendAuditIn(trx, input))
}

/** Recomputes the whole chain, a page at a time; names the first altered, missing or moved record. */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 2000): Promise<ChainVerdict> {
  const verifier = new ChainVerifier()
  let after = 0
  for (;;) {
    const page = await sql<Row>`
      SELECT seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash
      FROM audit_event WHERE seq > ${after} ORDER BY seq LIMIT ${pageSize}`.execute(db)
    if (page.rows.length === 0) break
    if (!verifier.feed(page.rows.map(toRecord))) break
    after = Number(page.rows[page.rows.length - 1]!.seq)
  }
  return verifier.verdict()
}

/** The most recent records, newest first (for tests and the command line until the auditor's view exists). */
export async function latestAuditEvents(db: Kysely<DB>, limit = 20): Promise<AuditRecord[]> {
  const r = await sql<Row>`
    SELECT seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash
    FROM audit_event ORDER BY seq DESC LIMIT ${limit}`.execute(db)
  return r.rows.map(toRecord)
}
