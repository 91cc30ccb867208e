// The command line: help for every command, clear refusals of bad arguments (no database needed).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from './config.ts'

const frontline = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'frontline.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', FRONTLINE_DATA_DIR: '/nonexistent/frontline-cli-test' },
    timeout: 60_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('frontline command', () => {
  it('lists its commands', () => {
    const r = frontline('--help')
    expect(r.code).toBe(0)
    for (const c of ['serve', 'migrate', 'seed-demo', 'coverage', 'export', 'import', 'import-people', 'audit-verify', 'audit-prune', 'reset-credentials']) expect(r.out).toContain(c)
  })

  it.each(['serve', 'migrate', 'seed-demo', 'coverage', 'export', 'import', 'import-people', 'audit-verify', 'audit-prune', 'reset-credentials'])('explains %s with --help', (command) => {
    const r = frontline(command, '--help')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`Usage: frontline ${command}`)
    expect(r.out).toContain('--help')
  })

  it('refuses an unknown command, an unknown option and missing arguments with exit code 2', () => {
    expect(frontline('frobnicate').code).toBe(2)
    const badOption = frontline('coverage', '--tolerence', '5')
    expect(badOption.code).toBe(2)
    expect(badOption.err).toMatch(/tolerence/)
    expect(frontline('export').code).toBe(2)
    const missingFile = frontline('import', '630102001001', '/nonexistent/grids.geojson')
    expect(missingFile.code).toBe(2)
    expect(missingFile.err).toMatch(/Cannot read/)
  })

  it('refuses invalid configuration naming the variable', () => {
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'frontline.js'), 'migrate'], {
      encoding: 'utf8',
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: '' },
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/PORT/)
  })
})
