// Bulk writes: COPY FROM STDIN (text format) inside one transaction together with ordinary Kysely
// queries, on both backends. An import or a seed writes millions of rows this way and stays atomic:
// when `fn` throws, the copied rows and the Kysely writes roll back together.
//
//   PostgreSQL  one dedicated pool client: BEGIN, Kysely bound to that client, COPY through
//               pg-copy-streams (pieces of ~1 MB, with backpressure), COMMIT or ROLLBACK, release.
//   PGlite      one session: PGlite's own transaction (it holds PGlite's transaction lock, so no
//               other caller interleaves), Kysely bound to that transaction, and COPY … FROM
//               '/dev/blob' with the encoded rows as a Blob (one statement per ~64 MB of text).
//
// The Kysely handed to `fn` is bound to the transaction and refuses to open another one. Inside
// `fn`, use it (never the database's own `db`: on PGlite that would wait for this transaction to end).
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Transaction as PGliteTransaction } from '@electric-sql/pglite'
import type { Database } from './database.ts'

export type CopyValue = string | number | boolean | null | Date
export interface CopyTarget {
  table: string
  columns: string[]
}
/** Writes `rows` (one value per column, in the order of `columns`) with COPY; resolves to the number of rows written. */
export type CopyFn = (target: CopyTarget, rows: Iterable<CopyValue[]> | AsyncIterable<CopyValue[]>) => Promise<number>

/** Encoded text handed to PostgreSQL at a time (a CopyData message). */
const PIECE_CHARS = 1 << 20
/** Text per COPY statement on PGlite: the Blob and PGlite's copy of it are held in memory at once. */
const PGLITE_STATEMENT_BYTES = 64 << 20

const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** COPY text-format encoding of one value: backslash, tab, newline and carriage return escaped; null → \N. */
export function copyText(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N'
  switch (typeof v) {
    case 'string':
      return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : v
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`COPY: not a finite number: ${v}`)
      return String(v)
    case 'boolean':
      return v ? 't' : 'f'
    default:
      if (v instanceof Date) return v.toISOString()
      throw new Error(`COPY: unsupported value of type ${typeof v}`)
  }
}

/**
 * Runs fn in ONE transaction in which Kysely queries (tx) and COPY FROM STDIN (copy) both take part;
 * commits when fn resolves, rolls back when it throws (and rethrows).
 */
export async function bulkTransaction<DB, T>(database: Database<DB>, fn: (tx: Kysely<DB>, copy: CopyFn) => Promise<T>): Promise<T> {
  if (database.backend === 'pglite') {
    if (!database.pglite) throw new Error('bulkTransaction: the PGlite database has no engine handle')
    return pgliteBulk(database.pglite, fn)
  }
  if (!database.pgPool) throw new Error('bulkTransaction: the PostgreSQL database has no pool')
  return postgresBulk(database.pgPool, fn)
}

function copyStatement(target: CopyTarget, source: string): string {
  if (target.columns.length === 0) throw new Error('COPY: no columns')
  return `COPY ${quoteName(target.table)} (${target.columns.map(quoteIdentifier).join(', ')}) FROM ${source}`
}

function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`COPY: not an identifier: ${JSON.stringify(name)}`)
  return `"${name}"`
}

/** `table` or `schema.table`. */
function quoteName(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.')
}

/** Turns rows into COPY text, in pieces of about PIECE_CHARS characters. */
class RowEncoder {
  rows = 0
  private lines: string[] = []
  private chars = 0

  constructor(private readonly width: number) {}

  /** Adds a row; returns a piece when one is full. */
  add(row: CopyValue[]): Buffer | undefined {
    if (row.length !== this.width) throw new Error(`COPY: row ${this.rows + 1} has ${row.length} values for ${this.width} columns`)
    let line = copyText(row[0]!)
    for (let i = 1; i < row.length; i++) line += '\t' + copyText(row[i]!)
    line += '\n'
    this.lines.push(line)
    this.chars += line.length
    this.rows++
    return this.chars >= PIECE_CHARS ? this.take() : undefined
  }

  /** The text encoded since the last piece (undefined when there is none). */
  take(): Buffer | undefined {
    if (this.lines.length === 0) return undefined
    const piece = Buffer.from(this.lines.join(''), 'utf8')
    this.lines = []
    this.chars = 0
    return piece
  }
}

function isSyncIterable<T>(x: Iterable<T> | AsyncIterable<T>): x is Iterable<T> {
  return typeof (x as Iterable<T>)[Symbol.iterator] === 'function'
}

/** The encoded pieces of `rows` (a sync source is read without an await per row). */
async function* encodedPieces(encoder: RowEncoder, rows: Iterable<CopyValue[]> | AsyncIterable<CopyValue[]>): AsyncGenerator<Buffer> {
  if (isSyncIterable(rows)) {
    for (const row of rows) {
      const piece = encoder.add(row)
      if (piece) yield piece
    }
  } else {
    for await (const row of rows) {
      const piece = encoder.add(row)
      if (piece) yield piece
    }
  }
  const last = encoder.take()
  if (last) yield last
}

function checkCount(target: CopyTarget, sent: number, reported: number | undefined): number {
  if (reported !== undefined && reported !== sent) {
    throw new Error(`COPY ${target.table}: sent ${sent} rows, the database reports ${reported}`)
  }
  return sent
}

// ---- PostgreSQL -----------------------------------------------------------------------------

class NestedTransactionError extends Error {
  constructor() {
    super('bulkTransaction: already inside a transaction; use the tx given to fn as it is')
    this.name = 'NestedTransactionError'
  }
}

/** A Kysely driver over one already-checked-out client that is in a transaction opened by us. */
class SingleClientPostgresDriver extends PostgresDriver {
  override async beginTransaction(): Promise<void> {
    throw new NestedTransactionError()
  }
}

function singleClientDialect(client: pg.PoolClient): Dialect {
  // Kysely's pool interface: connect() hands out this client; release and end do nothing (the
  // client goes back to the real pool in postgresBulk).
  const pool = {
    connect: async () => ({ query: client.query.bind(client), release: () => undefined }),
    end: async () => undefined,
  }
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new SingleClientPostgresDriver({ pool: pool as never }),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  }
}

async function postgresBulk<DB, T>(pool: pg.Pool, fn: (tx: Kysely<DB>, copy: CopyFn) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  // A broken connection must not go back to the pool.
  let broken: Error | undefined
  const onError = (err: Error) => {
    broken = err
  }
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const db = new Kysely<DB>({ dialect: singleClientDialect(client) })
    const copy: CopyFn = async (target, rows) => {
      const stream = client.query(copyFrom(copyStatement(target, 'STDIN')))
      const encoder = new RowEncoder(target.columns.length)
      await pipeline(Readable.from(encodedPieces(encoder, rows), { objectMode: false }), stream)
      return checkCount(target, encoder.rows, stream.rowCount)
    }
    try {
      const result = await fn(db, copy)
      const commit = await client.query('COMMIT')
      // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK.
      if ((commit as unknown as { command?: string }).command === 'ROLLBACK') {
        throw new Error('bulkTransaction: the transaction was aborted by an earlier error and has been rolled back')
      }
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken ??= e
      })
      throw err
    } finally {
      await db.destroy()
    }
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}

// ---- PGlite ---------------------------------------------------------------------------------

class PGliteTransactionConnection implements DatabaseConnection {
  constructor(private readonly tx: PGliteTransaction) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const r = await this.tx.query<R>(compiled.sql, compiled.parameters as unknown[], { rowMode: 'object' })
    return { numAffectedRows: r.affectedRows != null ? BigInt(r.affectedRows) : undefined, rows: r.rows ?? [] }
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by PGlite')
  }
}

/** A Kysely driver bound to an open PGlite transaction. */
class PGliteTransactionDriver implements Driver {
  private readonly connection: PGliteTransactionConnection
  constructor(tx: PGliteTransaction) {
    this.connection = new PGliteTransactionConnection(tx)
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection
  }
  async beginTransaction(): Promise<void> {
    throw new NestedTransactionError()
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

async function pgliteBulk<DB, T>(pglite: NonNullable<Database['pglite']>, fn: (tx: Kysely<DB>, copy: CopyFn) => Promise<T>): Promise<T> {
  return pglite.transaction(async (ptx) => {
    const db = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new PGliteTransactionDriver(ptx),
        createQueryCompiler: () => new PostgresQueryCompiler(),
        createIntrospector: (k) => new PostgresIntrospector(k),
      },
    })
    const copy: CopyFn = async (target, rows) => {
      const statement = copyStatement(target, `'/dev/blob'`)
      const encoder = new RowEncoder(target.columns.length)
      let pieces: Buffer[] = []
      let bytes = 0
      // The row counts PGlite reports, summed over the statements (undefined when it reports none).
      let reported: number | undefined = 0
      const flush = async () => {
        if (pieces.length === 0) return
        const blob = new Blob(pieces as unknown as BlobPart[])
        pieces = []
        bytes = 0
        const r = await ptx.query(statement, [], { blob })
        reported = reported === undefined || r.affectedRows == null ? undefined : reported + r.affectedRows
      }
      for await (const piece of encodedPieces(encoder, rows)) {
        pieces.push(piece)
        bytes += piece.length
        if (bytes >= PGLITE_STATEMENT_BYTES) await flush()
      }
      await flush()
      return checkCount(target, encoder.rows, reported)
    }
    try {
      return await fn(db, copy)
    } finally {
      await db.destroy()
    }
  })
}
