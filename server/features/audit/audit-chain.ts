// The hash chain of the audit trail, as pure functions: each record's hash is SHA-256 over the hash
// of the record before it and a canonical form of its own fields, so changing, removing, inserting or
// reordering any record breaks the chain from that record on, and the verifier names the first.
import crypto from 'node:crypto'

export const GENESIS_HASH = '0'.repeat(64)

export type AuditOutcome = 'success' | 'failure' | 'denied'

export interface AuditFields {
  occurredAt: string
  actor: string
  action: string
  target: string | null
  source: string | null
  outcome: AuditOutcome
  detail: Record<string, unknown>
}

export interface AuditRecord extends AuditFields {
  seq: number
  prevHash: string
  hash: string
}

/** JSON with object keys sorted at every depth: one text for one value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** The hash of a record at `seq` that follows `prevHash`. */
export function hashRecord(seq: number, prevHash: string, fields: AuditFields): string {
  const body = canonicalJson({
    seq,
    occurredAt: fields.occurredAt,
    actor: fields.actor,
    action: fields.action,
    target: fields.target,
    source: fields.source,
    outcome: fields.outcome,
    detail: fields.detail,
  })
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex')
}

/**
 * The canonical form hashRecord() hashes, split around the value of `seq` (which the database assigns
 * when it appends): before + String(seq) + after === the canonical body. The record's own seq key sits
 * after "detail" in key order, and a quote inside a string value is escaped, so its text is the last
 * `"seq":` of the body that is not inside a string.
 */
export function canonicalAround(fields: AuditFields): [string, string] {
  const marker = '"seq":-1'
  const body = canonicalJson({
    seq: -1,
    occurredAt: fields.occurredAt,
    actor: fields.actor,
    action: fields.action,
    target: fields.target,
    source: fields.source,
    outcome: fields.outcome,
    detail: fields.detail,
  })
  const i = body.lastIndexOf(marker)
  return [body.slice(0, i + '"seq":'.length), body.slice(i + marker.length)]
}

/** Builds the next record of a chain whose last record is `last` (or none). */
export function chainNext(last: Pick<AuditRecord, 'seq' | 'hash'> | undefined, fields: AuditFields): AuditRecord {
  const seq = (last?.seq ?? 0) + 1
  const prevHash = last?.hash ?? GENESIS_HASH
  return { ...fields, seq, prevHash, hash: hashRecord(seq, prevHash, fields) }
}

export type ChainProblem = 'missing' | 'reordered' | 'broken_link' | 'tampered'

export interface ChainVerdict {
  ok: boolean
  checked: number
  /** The first record where the chain breaks, and why. */
  firstBad?: { seq: number; problem: ChainProblem; message: string }
}

/**
 * Where a retained chain starts once older records were removed by the retention rule: the seq and
 * hash of the last removed record (table audit_anchor). The first retained record is seq + 1 and
 * links to this hash.
 */
export interface ChainAnchor {
  seq: number
  hash: string
}

/**
 * Verifies records in the order given (expected: ascending seq, from 1, or from the anchor's seq + 1).
 * Feed it page by page with the state it returns so a long chain never has to sit in memory at once.
 */
export class ChainVerifier {
  private expectedSeq: number
  private prevHash: string
  private checked = 0
  private bad: ChainVerdict['firstBad']

  /** `anchor`: the last removed record, when a prefix of the chain was pruned; none = from genesis. */
  constructor(anchor?: ChainAnchor | null) {
    this.expectedSeq = anchor ? anchor.seq + 1 : 1
    this.prevHash = anchor ? anchor.hash : GENESIS_HASH
  }

  /** seq of the next record expected. */
  get nextSeq(): number {
    return this.expectedSeq
  }

  /** Checks the next records; returns false once a break is found (later records are not checked). */
  feed(records: AuditRecord[]): boolean {
    for (const r of records) {
      if (this.bad) return false
      if (r.seq > this.expectedSeq) {
        this.bad = { seq: this.expectedSeq, problem: 'missing', message: `record ${this.expectedSeq}${r.seq - this.expectedSeq > 1 ? `–${r.seq - 1}` : ''} is missing` }
      } else if (r.seq < this.expectedSeq) {
        const message =
          this.checked === 0
            ? `record ${r.seq} lies before the start of the retained chain (record ${this.expectedSeq})`
            : `record ${r.seq} appears again after ${this.expectedSeq - 1}`
        this.bad = { seq: r.seq, problem: 'reordered', message }
      } else if (r.prevHash !== this.prevHash) {
        const before = this.checked === 0 && r.seq > 1 ? `the last removed record ${r.seq - 1} (the anchor)` : 'the record before it'
        this.bad = { seq: r.seq, problem: 'broken_link', message: `record ${r.seq} does not follow ${before}` }
      } else if (hashRecord(r.seq, r.prevHash, r) !== r.hash) {
        this.bad = { seq: r.seq, problem: 'tampered', message: `record ${r.seq} was altered after it was written` }
      }
      if (this.bad) return false
      this.checked++
      this.expectedSeq = r.seq + 1
      this.prevHash = r.hash
    }
    return true
  }

  /** The verdict so far. */
  verdict(): ChainVerdict {
    return this.bad ? { ok: false, checked: this.checked, firstBad: this.bad } : { ok: true, checked: this.checked }
  }
}

/** Verifies a whole chain held in memory (starting at `anchor` when a prefix was pruned). */
export function verifyChain(records: AuditRecord[], anchor?: ChainAnchor | null): ChainVerdict {
  const v = new ChainVerifier(anchor)
  v.feed(records)
  return v.verdict()
}
