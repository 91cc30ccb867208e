// One handle on the database, whichever backend serves it: embedded PGlite + PostGIS (the default)
// or PostgreSQL + PostGIS (when DATABASE_URL is set). Everything above this file speaks Kysely/SQL.
import fs from 'node:fs'
import path from 'node:path'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { PGlite as PGliteType } from '@electric-sql/pglite'

export type Backend = 'pglite' | 'postgres'

export interface Database<DB = unknown> {
  readonly backend: Backend
  readonly db: Kysely<DB>
  /** Runs a script of one or more SQL statements without parameters (migrations, seeding). */
  exec(sqlText: string): Promise<void>
  /** The embedded engine, when the backend is PGlite (for dumps and COPY from blobs). */
  readonly pglite?: PGliteType
  /** The connection pool, when the backend is PostgreSQL (for COPY inside a transaction: copy.ts). */
  readonly pgPool?: pg.Pool
  close(): Promise<void>
}

export interface OpenOptions {
  databaseUrl?: string
  /** PGlite folder; `undefined` with `loadDataDir` opens an in-memory copy of a snapshot. */
  dataDir?: string
  /** A gzipped PGlite data dir (from `dumpDataDir`) to start from instead of an empty cluster. */
  loadDataDir?: Blob
  /** Pool size for PostgreSQL. */
  poolSize?: number
}

const INT8_OID = 20
const NUMERIC_OID = 1700
const toNumber = (v: string) => Number(v)

/** Opens the configured backend; PGlite loads PostGIS into the process (slow the first time). */
export async function openDatabase<DB>(options: OpenOptions): Promise<Database<DB>> {
  if (options.databaseUrl) return openPostgres<DB>(options.databaseUrl, options.poolSize ?? 10)
  return openPglite<DB>(options)
}

async function openPostgres<DB>(connectionString: string, max: number): Promise<Database<DB>> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID || oid === NUMERIC_OID ? toNumber : pg.types.getTypeParser(oid, format),
  }
  // JIT compilation costs seconds on the large spatial queries (coverage, seeding) and saves nothing
  // on the short ones an application runs: measured 24 s → 4 s for the demo seed.
  const pool = new pg.Pool({ connectionString, max, types, options: '-c jit=off' })
  // An idle connection can be cut by the server (restart, administrator, DROP DATABASE … FORCE). The
  // pool drops that client and opens a new one when needed; without a listener the error would
  // crash the process.
  pool.on('error', () => undefined)
  // Fail fast with a clear message when the server is unreachable.
  const client = await pool.connect()
  client.release()
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  return {
    backend: 'postgres',
    db,
    pgPool: pool,
    async exec(sqlText) {
      const c = await pool.connect()
      try {
        await c.query(sqlText)
      } catch (err) {
        // A failed multi-statement script may leave an open, aborted transaction on this connection.
        await c.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        c.release()
      }
    },
    async close() {
      await db.destroy()
    },
  }
}

async function openPglite<DB>(options: OpenOptions): Promise<Database<DB>> {
  const [{ PGlite }, { postgis }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
  ])
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true })
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { postgis },
    parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  return {
    backend: 'pglite',
    db,
    pglite,
    async exec(sqlText) {
      try {
        await pglite.exec(sqlText)
      } catch (err) {
        if (pglite.isInTransaction?.()) await pglite.exec('ROLLBACK').catch(() => undefined)
        throw err
      }
    },
    async close() {
      await db.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}

/** True when the folder already holds a PGlite cluster (second and later starts). */
export function pgliteDataDirExists(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'))
}
