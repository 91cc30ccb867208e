#!/usr/bin/env node
// `npm test`: type-check, then every test (unit, integration on PGlite — and on PostgreSQL when
// DATABASE_URL is set — and browser tests in Debian Chromium) in one Vitest run. Ends with one plain
// line "Tests: N passed, N failed" for tools that read the closing line.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1

console.log(process.env.DATABASE_URL ? 'Backends: PGlite and PostgreSQL (DATABASE_URL)' : 'Backend: PGlite (set DATABASE_URL to also test PostgreSQL)')
const tsc = run('node_modules/.bin/tsc', ['-p', 'tsconfig.json', '--noEmit'])
if (tsc !== 0) process.exit(tsc)

const report = '.cache/vitest-report.json'
fs.mkdirSync('.cache', { recursive: true })
fs.rmSync(report, { force: true })
const status = run('node_modules/.bin/vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)])
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'))
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`)
}
process.exit(status)
