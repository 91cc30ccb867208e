// The command line's audit commands on a real database: audit-prune (dry run, then for real) with the
// retention of the security policy, and audit-verify naming where the retained trail starts.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS } from '../../../test/helpers.ts'
import { adminUrl, openPostgresCopy } from '../../../test/snapshot.ts'
import { allAudit, appendAuditAt, daysAgo } from '../../../test/audit-fixtures.ts'
import { openDatabase, type Backend } from '../../infra/db/database.ts'
import type { AppDatabase, DB } from '../../db-schema.ts'
import { PROJECT_ROOT } from '../../config.ts'

/** A database the CLI can open from another process: a PGlite folder, or a PostgreSQL copy. */
async function openShared(backend: Backend): Promise<{ env: Record<string, string>; open(): Promise<AppDatabase>; release(d: AppDatabase): Promise<void>; close(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-audit-cli-'))
    const dataDir = path.join(dir, 'db')
    const snapshot = new Blob([fs.readFileSync(inject('pgliteSnapshot'))])
    const first = await openDatabase<DB>({ dataDir, loadDataDir: snapshot })
    await first.close()
    return {
      env: { DATABASE_URL: '', FRONTLINE_DATA_DIR: dataDir },
      // One process at a time may hold a PGlite folder: the test opens it between CLI runs only.
      open: () => openDatabase<DB>({ dataDir }),
      release: (d) => d.close(),
      close: async () => fs.rmSync(dir, { recursive: true, force: true }),
    }
  }
  const copy = await openPostgresCopy(process.env.DATABASE_URL!, inject('postgresTemplate'))
  const name = (await sql<{ n: string }>`SELECT current_database() AS n`.execute(copy.database.db)).rows[0]!.n
  return {
    env: { DATABASE_URL: adminUrl(process.env.DATABASE_URL!, name) },
    open: async () => copy.database,
    release: async () => undefined,
    close: () => copy.close(),
  }
}

const frontline = (env: Record<string, string>, ...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'frontline.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    timeout: 180_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe.each(BACKENDS)('audit commands on %s', (backend) => {
  let shared: Awaited<ReturnType<typeof openShared>>

  beforeAll(async () => {
    shared = await openShared(backend)
    const d = await shared.open()
    try {
      expect(await allAudit(d.db)).toEqual([])
      for (let i = 0; i < 4; i++) await appendAuditAt(d.db, daysAgo(400, i), { actor: 'system', action: 'test.cli', outcome: 'success', detail: { i } })
      for (let i = 0; i < 2; i++) await appendAuditAt(d.db, daysAgo(30, i), { actor: 'system', action: 'test.cli', outcome: 'success', detail: { i } })
    } finally {
      await shared.release(d)
    }
  })
  afterAll(async () => shared?.close())

  it('explains audit-prune with --help', () => {
    const help = frontline(shared.env, 'audit-prune', '--help')
    expect(help.code).toBe(0)
    expect(help.out).toContain('Usage: frontline audit-prune [--dry-run]')
  })

  // Each command opens the database in a process of its own (PGlite + PostGIS: seconds each).
  it('prunes past the retention of the security policy (dry run first), and audit-verify names the new start', { timeout: 600_000 }, async () => {
    const dry = frontline(shared.env, 'audit-prune', '--dry-run')
    expect(dry.code, dry.err).toBe(0)
    expect(dry.out).toMatch(/Would remove 4 records written before .* \(retention 185 days\); the trail would start at record 5 \(anchor: record 4\)/)

    const run = frontline(shared.env, 'audit-prune')
    expect(run.code, run.err).toBe(0)
    expect(run.out).toMatch(/Removed 4 records .*; the trail now starts at record 5 \(anchor: record 4\)/)

    const after = frontline(shared.env, 'audit-verify')
    expect(after.code, after.err).toBe(0)
    expect(after.out).toContain('3 records verified; the first retained record is 5 (records up to 4 were removed by the retention rule).')

    const d = await shared.open()
    try {
      const rest = await allAudit(d.db)
      expect(rest.map((r) => r.seq)).toEqual([5, 6, 7])
      expect(rest[2]).toMatchObject({ actor: 'system', source: 'cli', action: 'audit.prune', detail: { removed: 4, retentionDays: 185, anchor: { seq: 4 } } })
    } finally {
      await shared.release(d)
    }
  })
})
