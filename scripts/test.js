#!/usr/bin/env node
// `npm test`: type-check, then every test (unit, integration on PGlite — and on PostgreSQL when
// DATABASE_URL is set — and browser tests in Debian Chromium) in one Vitest run, then a scan of the
// app logs the tests wrote (.cache/test-logs) for personal data and secrets: each hit counts as a
// failed test. Ends with one plain line "Tests: N passed, N failed" for tools that read the closing line.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { scanLogDir } from './log-scan.js'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1

console.log(process.env.DATABASE_URL ? 'Backends: PGlite and PostgreSQL (DATABASE_URL)' : 'Backend: PGlite (set DATABASE_URL to also test PostgreSQL)')
const tsc = run('node_modules/.bin/tsc', ['-p', 'tsconfig.json', '--noEmit'])
if (tsc !== 0) process.exit(tsc)

const report = '.cache/vitest-report.json'
const testLogs = '.cache/test-logs'
fs.mkdirSync('.cache', { recursive: true })
fs.rmSync(report, { force: true })
fs.rmSync(testLogs, { recursive: true, force: true })
fs.mkdirSync(testLogs, { recursive: true })
const status = run('node_modules/.bin/vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)])

// Personal data in the test-run logs (test/test-logs.ts writes them; scripts/log-scan.js says what is looked for).
const scan = scanLogDir(testLogs)
if (scan.hits.length > 0) {
  console.log(`\nPersonal data or secrets in the app logs of this run (${scan.hits.length}):`)
  for (const h of scan.hits) console.log(`  ${h.file}:${h.line}  ${h.kind}  ${h.masked}`)
} else {
  console.log(`\nApp logs of this run: ${scan.files} files, ${scan.lines} lines, no personal data or secrets found.`)
}

if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'))
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests + scan.hits.length} failed${skipped ? `, ${skipped} skipped` : ''}`)
}
process.exit(status !== 0 ? status : scan.hits.length > 0 ? 1 : 0)
