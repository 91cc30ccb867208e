// Audit records written at a chosen time, for tests of the auditor's query and of retention (the
// application itself always writes the current time). Same chain rule as appendAuditIn: after the
// last record, or after the retention anchor when the trail is empty.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../server/db-schema.ts'
import { chainNext, type AuditRecord } from '../server/features/audit/audit-chain.ts'
import type { AuditInput } from '../server/features/audit/index.ts'
import { toRecord, type AuditRow } from '../server/features/audit/audit.repository.ts'

export const DAY_MS = 86_400_000

/** A time `days` days before now (plus `seconds`, to order records written "the same day"). */
export const daysAgo = (days: number, seconds = 0): Date => new Date(Date.now() - days * DAY_MS + seconds * 1000)

/** Appends one record to the chain as if it had been written at `occurredAt`. */
export async function appendAuditAt(db: Kysely<DB>, occurredAt: Date, input: AuditInput): Promise<AuditRecord> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('frontline.audit_event'))`.execute(trx)
    const last =
      (await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`.execute(trx)).rows[0] ??
      (await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_anchor WHERE id = 1`.execute(trx)).rows[0]
    const record = chainNext(last ? { seq: Number(last.seq), hash: last.hash } : undefined, {
      occurredAt: occurredAt.toISOString(),
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
  })
}

/** Puts back a record exactly as it was (after a test removed it behind the triggers' back). */
export async function reinsertAudit(db: Kysely<DB>, r: AuditRecord): Promise<void> {
  await sql`
    INSERT INTO audit_event (seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash)
    VALUES (${r.seq}, ${r.occurredAt}, ${r.actor}, ${r.action}, ${r.target}, ${r.source},
            ${r.outcome}, ${JSON.stringify(r.detail)}::jsonb, ${r.prevHash}, ${r.hash})`.execute(db)
}

/** Every stored record, oldest first. */
export async function allAudit(db: Kysely<DB>): Promise<AuditRecord[]> {
  const r = await sql<AuditRow>`SELECT seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash FROM audit_event ORDER BY seq`.execute(db)
  return r.rows.map(toRecord)
}
