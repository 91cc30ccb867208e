#!/usr/bin/env node
// `npm test`: type-check, then every test (unit, integration on PGlite — and on PostgreSQL when
// DATABASE_URL is set — and browser tests in Debian Chromium) in one Vitest run.
import { spawnSync } from 'node:child_process'

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

console.log(process.env.DATABASE_URL ? 'Backends: PGlite and PostgreSQL (DATABASE_URL)' : 'Backend: PGlite (set DATABASE_URL to also test PostgreSQL)')
run('node_modules/.bin/tsc', ['-p', 'tsconfig.json', '--noEmit'])
run('node_modules/.bin/vitest', ['run', ...process.argv.slice(2)])
