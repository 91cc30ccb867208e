// Writing and reading the audit trail. Appends are serialized (one chain, one writer at a time) by a
// transaction-scoped advisory lock, so two requests can never take the same position in the chain.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { AuditEventPage, AuditEventView } from '../../../shared/api-types.ts'
import { MIN_AUDIT_RETENTION_DAYS } from '../accounts/security-policy.ts'
import { ChainVerifier, canonicalAround, type AuditFields, type AuditRecord, type ChainAnchor, type ChainVerdict } from './audit-chain.ts'

export type AuditInput = Omit<AuditFields, 'occurredAt' | 'detail' | 'target' | 'source'> &
  Partial<Pick<AuditFields, 'detail' | 'target' | 'source'>>

/** An audit_event row as the drivers return it. */
export interface AuditRow {
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

/** A stored row as a chain record. */
export const toRecord = (r: AuditRow): AuditRecord => ({
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
export async function appendAuditIn(trx: Kysely<DB>, input: AuditInput): Promise<AuditRecord> {
  const fields = {
    occurredAt: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    source: input.source ?? null,
    outcome: input.outcome,
    detail: input.detail ?? {},
  }
  // The database numbers the record and hashes it (audit_append, migration 0005) in one statement;
  // it gets the canonical form in two parts around the seq. verifyAuditChain recomputes it in code.
  const [before, after] = canonicalAround(fields)
  const r = await sql<{ new_seq: number | string; prev_hash: string; new_hash: string }>`
    SELECT new_seq, prev_hash, new_hash FROM audit_append(
      ${fields.occurredAt}::timestamptz, ${fields.actor}, ${fields.action}, ${fields.target}, ${fields.source},
      ${fields.outcome}, ${JSON.stringify(fields.detail)}::jsonb, ${before}, ${after})`.execute(trx)
  const row = r.rows[0]!
  return { ...fields, seq: Number(row.new_seq), prevHash: row.prev_hash, hash: row.new_hash }
}

/** Appends one record in a transaction of its own. */
export async function appendAudit(db: Kysely<DB>, input: AuditInput): Promise<AuditRecord> {
  // One statement is one transaction: the chain lock is held only while this record is written.
  return appendAuditIn(db, input)
}

/** The verdict of the stored chain, with where the retained chain starts. */
export interface AuditChainVerdict extends ChainVerdict {
  /** seq of the oldest retained record, or null when the trail is empty. */
  firstSeq: number | null
  /** The last record removed by the retention rule (audit_anchor), or null if none was ever removed. */
  anchor: ChainAnchor | null
}

/** Serializes appends and prunes: one chain, one writer at a time (held until the transaction ends). */
async function lockChain(trx: Kysely<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('frontline.audit_event'))`.execute(trx)
}

/** The anchor left by the last prune (seq and hash of the last removed record), if any. */
async function readAnchor(db: Kysely<DB>): Promise<ChainAnchor | null> {
  const row = (await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_anchor WHERE id = 1`.execute(db)).rows[0]
  return row ? { seq: Number(row.seq), hash: row.hash } : null
}

async function firstRetainedSeq(db: Kysely<DB>): Promise<number | null> {
  const row = (await sql<{ seq: number | null }>`SELECT min(seq) AS seq FROM audit_event`.execute(db)).rows[0]
  return row?.seq === null || row?.seq === undefined ? null : Number(row.seq)
}

/** Feeds records after the verifier's position (up to `through`, if given) page by page. */
async function feedChain(db: Kysely<DB>, verifier: ChainVerifier, through: number | null, pageSize: number): Promise<void> {
  // Starts below the expected seq too, so a record left before the anchor is reported as out of place.
  let after = 0
  for (;;) {
    const upper = through ?? Number.MAX_SAFE_INTEGER
    const page = await sql<AuditRow>`
      SELECT seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash
      FROM audit_event WHERE seq > ${after} AND seq <= ${upper} ORDER BY seq LIMIT ${pageSize}`.execute(db)
    if (page.rows.length === 0) break
    if (!verifier.feed(page.rows.map(toRecord))) break
    after = Number(page.rows[page.rows.length - 1]!.seq)
  }
}

/**
 * Recomputes the retained chain, a page at a time, from the anchor (or from record 1 when nothing was
 * ever pruned); names the first altered, missing or moved record. Reads one consistent snapshot.
 */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 2000): Promise<AuditChainVerdict> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const anchor = await readAnchor(trx)
      const firstSeq = await firstRetainedSeq(trx)
      const verifier = new ChainVerifier(anchor)
      await feedChain(trx, verifier, null, pageSize)
      return { ...verifier.verdict(), firstSeq, anchor }
    })
}

/** The most recent records, newest first (for tests and the command line). */
export async function latestAuditEvents(db: Kysely<DB>, limit = 20): Promise<AuditRecord[]> {
  const r = await sql<AuditRow>`
    SELECT seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash
    FROM audit_event ORDER BY seq DESC LIMIT ${limit}`.execute(db)
  return r.rows.map(toRecord)
}

// ——— The auditor's query ———

export interface AuditEventFilter {
  /** Exact account name (or "anonymous", "system"). */
  actor?: string
  /** Exact action, or every action under a prefix when it ends with ".*" (e.g. "auth.*"). */
  action?: string
  /** Exact target, or every target starting with the text before a final "*" (e.g. "area:630102*"). */
  target?: string
  outcome?: AuditRecord['outcome']
  /** Records written at or after this time (ISO 8601, or a Date). */
  from?: string | Date
  /** Records written before this time (exclusive). */
  to?: string | Date
  /** Keyset cursor: records with seq below this one (the `nextBefore` of the previous page). */
  before?: number
  /** Records per page, 1–500 (default 50). */
  limit?: number
}

export const AUDIT_PAGE_DEFAULT = 50
export const AUDIT_PAGE_MAX = 500

/** A LIKE pattern matching every text that starts with `prefix` (its own wildcards escaped). */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`

const toView = (r: AuditRow): AuditEventView => {
  const { prevHash: _prevHash, ...view } = toRecord(r)
  return view
}

/**
 * One page of the audit trail, newest first, matching every filter given. Each filter is a plain
 * comparison on an indexed column (actor, action and target with occurred_at; occurred_at; seq), with
 * every value a bound parameter. Prefixes use LIKE on text_pattern_ops indexes (migration 0004).
 */
export async function queryAuditEvents(db: Kysely<DB>, filter: AuditEventFilter = {}): Promise<AuditEventPage> {
  const limit = filter.limit ?? AUDIT_PAGE_DEFAULT
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) {
    throw new RangeError(`limit must be an integer from 1 to ${AUDIT_PAGE_MAX}`)
  }
  let q = db
    .selectFrom('audit_event')
    .select(['seq', 'occurred_at', 'actor', 'action', 'target', 'source', 'outcome', 'detail', 'prev_hash', 'hash'])
  if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor)
  if (filter.action !== undefined) {
    q = filter.action.endsWith('.*')
      ? q.where('action', 'like', likePrefix(filter.action.slice(0, -1)))
      : q.where('action', '=', filter.action)
  }
  if (filter.target !== undefined) {
    q = filter.target.endsWith('*')
      ? q.where('target', 'like', likePrefix(filter.target.slice(0, -1)))
      : q.where('target', '=', filter.target)
  }
  if (filter.outcome !== undefined) q = q.where('outcome', '=', filter.outcome)
  const time = (v: string | Date, name: string): Date => {
    const d = new Date(v)
    if (Number.isNaN(d.getTime())) throw new RangeError(`${name} is not a valid time`)
    return d
  }
  if (filter.from !== undefined) q = q.where('occurred_at', '>=', time(filter.from, 'from'))
  if (filter.to !== undefined) q = q.where('occurred_at', '<', time(filter.to, 'to'))
  if (filter.before !== undefined) q = q.where('seq', '<', filter.before)
  const rows = (await q.orderBy('seq', 'desc').limit(limit + 1).execute()) as AuditRow[]
  const more = rows.length > limit
  const items = rows.slice(0, limit).map(toView)
  return { items, nextBefore: more ? items[items.length - 1]!.seq : null }
}

// ——— Retention ———

export interface PruneOptions {
  /** Report what would be removed; change nothing and record nothing. */
  dryRun?: boolean
  /** Who prunes, for the audit record (default "system"). */
  actor?: string
  /** From where (default "system"; the command line passes "cli"). */
  source?: string
}

export interface PruneResult {
  dryRun: boolean
  retentionDays: number
  /** Records written before this time are past the retention. */
  cutoff: string
  /** Records removed (or, in a dry run, that would be removed). */
  removed: number
  /** The last removed record (the new start of the chain), or null when nothing was removed. */
  anchor: ChainAnchor | null
  /** seq of the oldest retained record afterwards (for a dry run: the one that would be), or null. */
  firstSeq: number | null
  /** Set when the prune was refused because the records to remove do not verify (nothing removed). */
  refused?: NonNullable<ChainVerdict['firstBad']>
}

/**
 * Removes the audit records older than `retentionDays` (at least MIN_AUDIT_RETENTION_DAYS), oldest
 * first, through the database function audit_prune(), and records the prune (`audit.prune`, with the
 * count and the new anchor) after it in the same transaction. The records to be removed are verified
 * first: when any of them does not verify, nothing is removed (pruning must not erase the evidence of
 * tampering) and the refusal is recorded as a failure. The database itself refuses to remove anything
 * younger than 185 days, whatever it is asked.
 */
export async function pruneAudit(
  db: Kysely<DB>,
  retentionDays: number,
  now: Date = new Date(),
  options: PruneOptions = {},
): Promise<PruneResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_AUDIT_RETENTION_DAYS) {
    throw new RangeError(`The audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days (got ${retentionDays})`)
  }
  const cutoffDate = new Date(now.getTime() - retentionDays * 86_400_000)
  if (Number.isNaN(cutoffDate.getTime())) throw new RangeError('now is not a valid time')
  if (cutoffDate.getTime() > Date.now() - MIN_AUDIT_RETENTION_DAYS * 86_400_000) {
    throw new RangeError(`Audit records younger than ${MIN_AUDIT_RETENTION_DAYS} days cannot be removed (cutoff ${cutoffDate.toISOString()})`)
  }
  const cutoff = cutoffDate.toISOString()
  const actor = options.actor ?? 'system'
  const source = options.source ?? 'system'
  const dryRun = options.dryRun ?? false
  return db.transaction().execute(async (trx) => {
    await lockChain(trx)
    const anchor = await readAnchor(trx)
    // The same prefix audit_prune() removes: every record up to the first one written at or after cutoff.
    const bound = (
      await sql<{ through: number | null; first: number | null }>`
        SELECT coalesce((SELECT min(seq) - 1 FROM audit_event WHERE occurred_at >= ${cutoff}::timestamptz),
                        (SELECT max(seq) FROM audit_event)) AS through,
               (SELECT min(seq) FROM audit_event) AS first`.execute(trx)
    ).rows[0]
    const through = bound?.through === null || bound?.through === undefined ? null : Number(bound.through)
    const first = bound?.first === null || bound?.first === undefined ? null : Number(bound.first)
    const base = { dryRun, retentionDays, cutoff }
    if (through === null || first === null || through < first) {
      return { ...base, removed: 0, anchor: null, firstSeq: first }
    }

    const verifier = new ChainVerifier(anchor)
    await feedChain(trx, verifier, through, 2000)
    const verdict = verifier.verdict()
    if (!verdict.ok || verifier.nextSeq !== through + 1) {
      const refused = verdict.firstBad ?? {
        seq: verifier.nextSeq,
        problem: 'missing' as const,
        message: `record ${verifier.nextSeq} is missing`,
      }
      if (!dryRun) {
        await appendAuditIn(trx, {
          actor,
          source,
          action: 'audit.prune',
          outcome: 'failure',
          detail: { retentionDays, cutoff, problem: refused.problem, seq: refused.seq, message: refused.message },
        })
      }
      return { ...base, removed: 0, anchor: null, firstSeq: first, refused }
    }

    if (dryRun) {
      const last = (await sql<{ hash: string }>`SELECT hash FROM audit_event WHERE seq = ${through}`.execute(trx)).rows[0]!
      return { ...base, removed: verdict.checked, anchor: { seq: through, hash: last.hash }, firstSeq: through + 1 }
    }

    const pruned = (
      await sql<{ removed: number; anchor_seq: number | null; anchor_hash: string | null }>`
        SELECT removed, anchor_seq, anchor_hash FROM audit_prune(${cutoff}::timestamptz)`.execute(trx)
    ).rows[0]
    if (!pruned || pruned.anchor_seq === null || pruned.anchor_hash === null || Number(pruned.anchor_seq) !== through) {
      throw new Error(`audit_prune() removed a different prefix than expected (through ${through}, got ${pruned?.anchor_seq ?? 'none'})`)
    }
    const newAnchor = { seq: Number(pruned.anchor_seq), hash: pruned.anchor_hash }
    const removed = Number(pruned.removed)
    await appendAuditIn(trx, {
      actor,
      source,
      action: 'audit.prune',
      outcome: 'success',
      detail: { retentionDays, cutoff, removed, anchor: newAnchor },
    })
    return { ...base, removed, anchor: newAnchor, firstSeq: await firstRetainedSeq(trx) }
  })
}
