// First start (fresh data dir → ready to serve the demo city) and warm start, on PGlite, each against
// the bare engine doing the least it must: opening a fresh PGlite with PostGIS, or reopening a data dir.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PROJECT_ROOT } from '../server/config.ts'
import { openDatabase } from '../server/infra/db/database.ts'
import { report } from './lib.ts'

/** Starts `frontline serve --demo` on a data dir and resolves with the ms until it reports ready. */
function timeServe(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'frontline.js'), 'serve', '--demo', '--port', '0'], {
      // The city and its accounts; the 2-million-resident seed is measured on its own (docs/demo-city.md).
      env: { ...process.env, DATABASE_URL: '', FRONTLINE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', FRONTLINE_DEMO_RESIDENTS: process.env.FRONTLINE_DEMO_RESIDENTS ?? '0', FRONTLINE_DEMO_CASES: process.env.FRONTLINE_DEMO_CASES ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes('Frontline is ready')) {
        const ms = performance.now() - t0
        child.kill('SIGTERM')
        child.once('exit', () => resolve(ms))
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (d) => (out += d.toString()))
    child.once('exit', (code) => {
      if (!out.includes('Frontline is ready')) reject(new Error(`serve exited with ${code}:\n${out}`))
    })
  })
}

async function bareOpen(dataDir: string, createExtension: boolean): Promise<number> {
  const t0 = performance.now()
  const db = await openDatabase({ dataDir })
  if (createExtension) await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  const ms = performance.now() - t0
  await db.close()
  return ms
}

/** Prints first-start and warm-start figures. */
export async function run(): Promise<void> {
  console.log('\n== Start on PGlite ==')
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-start-'))
  try {
    const bareFresh = await bareOpen(path.join(base, 'bare'), true)
    const bareWarm = await bareOpen(path.join(base, 'bare'), false)
    const first = await timeServe(path.join(base, 'app'))
    const warm = await timeServe(path.join(base, 'app'))
    report('  first start (fresh data dir → ready)', first, 'fresh PGlite + CREATE EXTENSION postgis', bareFresh)
    report('  warm start (existing data dir → ready)', warm, 'reopening a PGlite data dir', bareWarm)
  } finally {
    fs.rmSync(base, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
