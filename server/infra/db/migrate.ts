// Forward-only SQL migrations, one set for PGlite and PostgreSQL. Files in server/migrations are
// applied in name order, each in its own transaction, and recorded in `schema_migration`.
// Applied files are frozen: a changed checksum stops the start instead of silently diverging.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import type { Database } from './database.ts'

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations')

export interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

/** Lists the migration files in apply order. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8')
      return { name, sql: text, checksum: crypto.createHash('sha256').update(text).digest('hex') }
    })
}

/** A hash of every migration, used to key cached test snapshots. */
export function migrationsFingerprint(dir = MIGRATIONS_DIR): string {
  const h = crypto.createHash('sha256')
  for (const m of readMigrations(dir)) h.update(m.name).update(m.checksum)
  return h.digest('hex').slice(0, 16)
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(database: Database<any>, dir = MIGRATIONS_DIR): Promise<string[]> {
  await database.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  const rows = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM schema_migration`.execute(
    database.db,
  )
  const applied = new Map(rows.rows.map((r) => [r.name, r.checksum]))
  const done: string[] = []
  for (const m of readMigrations(dir)) {
    const known = applied.get(m.name)
    if (known !== undefined) {
      if (known !== m.checksum) {
        throw new Error(`Migration ${m.name} was changed after it was applied; add a new migration instead.`)
      }
      continue
    }
    const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`
    await database.exec(
      `BEGIN;\n${m.sql}\n;INSERT INTO schema_migration (name, checksum) VALUES (${quoted(m.name)}, ${quoted(m.checksum)});\nCOMMIT;`,
    )
    done.push(m.name)
  }
  return done
}
