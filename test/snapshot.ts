// Migrated, demo-seeded databases for tests, built once per change of migrations or seed code:
//   PGlite     — a gzipped data dir in .cache/test-snapshots/, loaded per test file in ~4 s
//   PostgreSQL — a template database, copied per test file with CREATE DATABASE … TEMPLATE
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { PROJECT_ROOT } from '../server/config.ts'
import { openDatabase } from '../server/infra/db/database.ts'
import { migrate, migrationsFingerprint } from '../server/infra/db/migrate.ts'
import type { AppDatabase, DB } from '../server/db-schema.ts'

const SNAPSHOT_DIR = path.join(PROJECT_ROOT, '.cache', 'test-snapshots')

/** A hash of everything that shapes the snapshot: migrations, the demo seed code and its data. */
export function snapshotKey(): string {
  const h = crypto.createHash('sha256').update(migrationsFingerprint())
  const demoDir = path.join(PROJECT_ROOT, 'server', 'features', 'demo')
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) return walk(p)
      return e.name.endsWith('.test.ts') ? [] : [p]
    })
  for (const f of walk(demoDir).sort()) h.update(path.relative(demoDir, f)).update(fs.readFileSync(f))
  return h.digest('hex').slice(0, 12)
}

async function seed(database: AppDatabase): Promise<void> {
  await migrate(database)
  const { seedDemoCity } = await import('../server/features/demo/index.ts')
  await seedDemoCity(database)
  // PGlite has no autovacuum: without statistics its planner picks poor plans.
  await database.exec('ANALYZE')
}

/** Path of the PGlite snapshot, building it when missing. */
export async function ensurePgliteSnapshot(): Promise<string> {
  const file = path.join(SNAPSHOT_DIR, `pglite-${snapshotKey()}.tar.gz`)
  if (fs.existsSync(file)) return file
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true })
  const t0 = performance.now()
  const database = await openDatabase<DB>({})
  await seed(database)
  const blob = await database.pglite!.dumpDataDir('gzip')
  await database.close()
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()))
  fs.renameSync(tmp, file)
  console.log(`[test] built PGlite snapshot in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return file
}

export function adminUrl(databaseUrl: string, database = 'postgres'): string {
  const u = new URL(databaseUrl)
  u.pathname = `/${database}`
  return u.toString()
}

/** Name of the PostgreSQL template database, building it when missing. */
export async function ensurePostgresTemplate(databaseUrl: string): Promise<string> {
  const name = `frontline_tpl_${snapshotKey()}`
  const admin = new pg.Client({ connectionString: adminUrl(databaseUrl) })
  await admin.connect()
  try {
    // Templates of earlier migrations or seed code are of no further use.
    const stale = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'frontline\\_tpl\\_%' AND datname <> $1", [name])
    for (const { datname } of stale.rows as { datname: string }[]) {
      await admin.query(`ALTER DATABASE ${datname} WITH is_template false`)
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    }
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name])
    if (exists.rowCount) return name
    await admin.query(`DROP DATABASE IF EXISTS ${name}`)
    await admin.query(`CREATE DATABASE ${name}`)
    const database = await openDatabase<DB>({ databaseUrl: adminUrl(databaseUrl, name), poolSize: 2 })
    try {
      await seed(database)
    } finally {
      await database.close()
    }
    await admin.query(`ALTER DATABASE ${name} WITH is_template true`)
    return name
  } finally {
    await admin.end()
  }
}

/** A private copy of a PostgreSQL template database; close() drops it. */
export async function openPostgresCopy(
  databaseUrl: string,
  template: string,
  prefix = 'frontline_t',
): Promise<{ database: AppDatabase; close(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl(databaseUrl) })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  const database = await openDatabase<DB>({ databaseUrl: adminUrl(databaseUrl, name), poolSize: 4 })
  return {
    database,
    async close() {
      await database.close()
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
