// Idempotency keys for writes from mobile and public clients (a phone on a weak network sends a
// report again when it did not see the answer). The key is claimed in the same transaction as the
// write and holds the answer: the same key with the same body gives the first answer again and
// writes nothing; the same key with another body is refused (422 idempotency_key_reused). A failed
// write rolls back the claim too, so the client may retry with the same key.
import crypto from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError } from '../../infra/http/errors.ts'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,100}$/

/** A stable hash of a JSON body (object keys sorted at every level). */
export function bodyHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v
  return crypto.createHash('sha256').update(JSON.stringify(canonical(body ?? null))).digest('hex')
}

/** The key from a header value, checked (400 when malformed). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined
  const v = Array.isArray(header) ? header[0] : header
  if (v === undefined || !KEY_PATTERN.test(v))
    throw new AppError('validation_failed', 'Idempotency-Key must be 8–100 letters, digits or ._:-', [{ field: 'Idempotency-Key', location: 'headers', message: 'malformed', problem: 'malformed' }])
  return v
}

export interface Answer<T> {
  status: number
  body: T
  /** True when this is the stored answer of an earlier request. */
  replayed: boolean
}

/** Writes the key with its answer inside the write's own transaction (see idempotent). */
export type ClaimKey<T> = (trx: Transaction<DB>, answer: T) => Promise<void>

class KeyTaken extends Error {}

/**
 * Runs `write` once per (owner, key). The write runs in its own transaction as usual and calls
 * `claim` inside it once its rows are written: the key and the answer commit with the write, or not
 * at all. A request that finds the key already stored gets its answer (same body) or a refusal
 * (another body); one that loses a race to a concurrent twin rolls back and gets the twin's answer.
 * Without a key, `write` simply runs (claim does nothing).
 */
export async function idempotent<T>(db: Kysely<DB>, owner: string, key: string | undefined, body: unknown, status: number, write: (claim: ClaimKey<T>) => Promise<T>): Promise<Answer<T>> {
  if (!key) return { status, body: await write(async () => undefined), replayed: false }
  const hash = bodyHash(body)
  const stored = async (): Promise<Answer<T> | undefined> => {
    const row = (await sql<{ request_hash: string; status: number; response: T }>`
      SELECT request_hash, status, response FROM idempotency_key WHERE owner = ${owner} AND key = ${key}`.execute(db)).rows[0]
    if (!row) return undefined
    if (row.request_hash !== hash)
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with another request body', [
        { field: 'Idempotency-Key', location: 'headers', message: 'used before with a different body', problem: 'key_reused' },
      ])
    return { status: row.status, body: row.response, replayed: true }
  }
  const before = await stored()
  if (before) return before
  try {
    const result = await write(async (trx, answer) => {
      const claimed = await sql<{ key: string }>`
        INSERT INTO idempotency_key (owner, key, request_hash, status, response)
        VALUES (${owner}, ${key}, ${hash}, ${status}, ${JSON.stringify(answer)}::jsonb)
        ON CONFLICT (owner, key) DO NOTHING RETURNING key`.execute(trx)
      if (!claimed.rows[0]) throw new KeyTaken()
    })
    return { status, body: result, replayed: false }
  } catch (err) {
    if (!(err instanceof KeyTaken)) throw err
    const after = await stored()
    if (!after) throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed; retry')
    return after
  }
}

/** Forgets keys older than `days` (run by the sweep job). */
export async function pruneIdempotencyKeys(db: Kysely<DB>, days = 7): Promise<number> {
  const r = await sql`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(days => ${days})`.execute(db)
  return Number(r.numAffectedRows ?? 0)
}
