// Setting the case tables' secondary indexes and foreign keys aside for a bulk load and bringing them
// back, under the same names, in the same transaction (DDL is transactional: a failed load rolls it
// all back). Primary keys and the UNIQUE number stay: they check every row as it comes.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../../db-schema.ts'

export const CASE_LOAD_TABLES = ['civic_case', 'case_event', 'case_copy'] as const

export interface SetAside {
  /** Definitions of the dropped indexes (CREATE INDEX statements, names included). */
  indexes: string[]
  /** The dropped foreign keys: table, name and definition. */
  foreignKeys: { table: string; name: string; def: string }[]
}

/** Drops the case tables' foreign keys (those they hold) and their indexes that back no constraint. */
export async function setAside(tx: Kysely<DB>): Promise<SetAside> {
  const tables = sql.join(CASE_LOAD_TABLES.map((t) => sql.lit(t)))
  const fks = await sql<{ table: string; name: string; def: string }>`
    SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.conrelid::regclass::text IN (${tables})
    ORDER BY 1, 2`.execute(tx)
  const indexes = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid::regclass::text IN (${tables})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1`.execute(tx)
  for (const f of fks.rows) await sql.raw(`ALTER TABLE ${f.table} DROP CONSTRAINT ${f.name}`).execute(tx)
  for (const i of indexes.rows) await sql.raw(`DROP INDEX ${i.name}`).execute(tx)
  return { indexes: indexes.rows.map((i) => i.def), foreignKeys: fks.rows }
}

export async function restoreIndexes(tx: Kysely<DB>, s: SetAside): Promise<void> {
  // Index builds sort in memory up to this much (PGlite's default is 64 MB).
  await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(tx)
  for (const def of s.indexes) await sql.raw(def).execute(tx)
}

/** Adds the foreign keys back: each validates all rows in one join. */
export async function restoreForeignKeys(tx: Kysely<DB>, s: SetAside): Promise<void> {
  for (const f of s.foreignKeys) await sql.raw(`ALTER TABLE ${f.table} ADD CONSTRAINT ${f.name} ${f.def}`).execute(tx)
}
