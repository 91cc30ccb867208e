// The `frontline` command line: serve, migrate, seed the demo city, check coverage, import/export GeoJSON.
// Every command validates the configuration once and has --help.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig, PROJECT_ROOT, type Config } from './config.ts'
import { openDatabase, pgliteDataDirExists } from './infra/db/database.ts'
import { migrate } from './infra/db/migrate.ts'
import type { AppDatabase, DB } from './db-schema.ts'
import { createProgress } from './infra/progress.ts'

interface Command {
  summary: string
  usage: string
  options: Record<string, { type: 'string' | 'boolean'; description: string }>
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[]; config: Config }): Promise<number>
}

const commands: Record<string, Command> = {
  serve: {
    summary: 'Start the server (and the web app) on PORT (default 3000)',
    usage: 'frontline serve [--demo] [--port N] [--host H]',
    options: {
      demo: { type: 'boolean', description: 'Seed the Xining demo city on first start' },
      port: { type: 'string', description: 'Port to listen on (overrides PORT)' },
      host: { type: 'string', description: 'Address to bind (overrides HOST, default 127.0.0.1)' },
    },
    async run({ values, config }) {
      const cfg = { ...config }
      if (typeof values.port === 'string') cfg.port = Number(values.port)
      if (typeof values.host === 'string') cfg.host = values.host
      const started = performance.now()
      const database = await openAndMigrate(cfg)
      const { cipherFromConfig } = await import('./infra/crypto/field-cipher.ts')
      const { ensureDataKey } = await import('./infra/crypto/data-key-check.ts')
      const cipher = cipherFromConfig(cfg)
      await ensureDataKey(database.db, cipher)
      // Imports that ran when the server last stopped were rolled back by the database: say so.
      const { markInterruptedImports } = await import('./features/registry/import.service.ts')
      const interrupted = await markInterruptedImports(database.db)
      if (interrupted > 0) console.log(`${interrupted} import(s) were interrupted by the last stop; nothing of them was written.`)
      if (values.demo) await ensureDemo(database, cfg)
      // A new installation gets the default case configuration (categories, limits, calendar).
      const { ensureCaseDefaults } = await import('./features/cases/index.ts')
      await ensureCaseDefaults(database.db)
      await ensureWebBuild(cfg)
      const { buildApp } = await import('./app.ts')
      const app = await buildApp({ config: cfg, database, cipher })
      const { startAuditRetention } = await import('./features/audit/index.ts')
      const stopRetention = startAuditRetention(database, app.log)
      const { startCaseSweep } = await import('./features/cases/sweep.ts')
      const stopSweep = startCaseSweep(database, app.log)
      const close = async () => {
        await app.close()
        await stopSweep()
        await stopRetention()
        await database.close()
        process.exit(0)
      }
      process.once('SIGINT', close)
      process.once('SIGTERM', close)
      const address = await app.listen({ port: cfg.port, host: cfg.host })
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      console.log(`\nFrontline is ready in ${seconds} s on ${database.backend}: ${address.replace('127.0.0.1', 'localhost')}`)
      console.log(`API documentation: ${address.replace('127.0.0.1', 'localhost')}/api/docs`)
      return -1 // keep running
    },
  },
  migrate: {
    summary: 'Apply pending database migrations',
    usage: 'frontline migrate',
    options: {},
    async run({ config }) {
      const database = await openAndMigrate(config)
      await database.close()
      return 0
    },
  },
  'seed-demo': {
    summary: 'Seed the Xining demo city (7 districts, 80 streets, 1,100 communities, grids)',
    usage: 'frontline seed-demo',
    options: {},
    async run({ config }) {
      const database = await openAndMigrate(config)
      try {
        const { cipherFromConfig } = await import('./infra/crypto/field-cipher.ts')
        const { ensureDataKey } = await import('./infra/crypto/data-key-check.ts')
        await ensureDataKey(database.db, cipherFromConfig(config))
        await ensureDemo(database, config)
      } finally {
        await database.close()
      }
      return 0
    },
  },
  coverage: {
    summary: 'Report gaps and overlaps between sibling areas in a subtree (exit 1 if any)',
    usage: 'frontline coverage [CODE] [--tolerance M2] [--json]',
    options: {
      tolerance: { type: 'string', description: 'Smallest piece reported, in m² (default 1)' },
      json: { type: 'boolean', description: 'Print the issues as GeoJSON' },
    },
    async run({ values, positionals, config }) {
      const { checkCoverage, summarize, DEFAULT_TOLERANCE_M2, getAreaPath } = await import('./features/areas/index.ts')
      const database = await openAndMigrate(config)
      try {
        const root = positionals[0] ?? '630100'
        const rootPath = await getAreaPath(database.db, root)
        if (!rootPath) {
          console.error(`No area ${root}`)
          return 2
        }
        const tolerance = values.tolerance ? Number(values.tolerance) : DEFAULT_TOLERANCE_M2
        if (!Number.isFinite(tolerance) || tolerance < 0) {
          console.error('--tolerance must be a number ≥ 0')
          return 2
        }
        const t0 = performance.now()
        const result = await checkCoverage(database.db, { rootPath }, tolerance)
        const ms = performance.now() - t0
        const s = summarize(result.issues)
        if (values.json) {
          console.log(JSON.stringify({ type: 'FeatureCollection', features: result.issues.map(({ geometry, ...p }) => ({ type: 'Feature', geometry, properties: p })) }))
        } else {
          console.log(`Checked ${result.parentsChecked} parents, ${result.areasChecked} areas under ${root} in ${ms.toFixed(0)} ms (tolerance ${tolerance} m²)`)
          console.log(`gaps: ${s.gaps} (${s.gapM2} m²), overlaps: ${s.overlaps} (${s.overlapM2} m²), outside parent: ${s.outside} (${s.outsideM2} m²)`)
          for (const i of result.issues) console.log(`  ${i.kind.padEnd(8)} ${i.parentCode}  ${i.areaCodes.join(',')}  ${i.areaM2} m²`)
        }
        return result.issues.length > 0 ? 1 : 0
      } finally {
        await database.close()
      }
    },
  },
  export: {
    summary: 'Write a subtree as GeoJSON (stdout or --out FILE)',
    usage: 'frontline export CODE [--levels grid,community] [--out FILE]',
    options: {
      levels: { type: 'string', description: 'Only these levels, comma-separated' },
      out: { type: 'string', description: 'File to write (default: standard output)' },
    },
    async run({ values, positionals, config }) {
      const code = positionals[0]
      if (!code) {
        console.error('Missing CODE. Usage: frontline export CODE [--levels …] [--out FILE]')
        return 2
      }
      const { exportSubtree } = await import('./features/areas/index.ts')
      const database = await openAndMigrate(config)
      try {
        const levels = typeof values.levels === 'string' ? (values.levels.split(',') as never[]) : undefined
        const text = await exportSubtree(database.db, code, levels)
        if (text === undefined) {
          console.error(`No area ${code}`)
          return 2
        }
        if (typeof values.out === 'string') fs.writeFileSync(values.out, text)
        else process.stdout.write(text)
        return 0
      } finally {
        await database.close()
      }
    },
  },
  import: {
    summary: 'Import a GeoJSON FeatureCollection of boundaries below an area (atomic; validated)',
    usage: 'frontline import CODE FILE [--replace] [--dry-run] [--tolerance M2]',
    options: {
      replace: { type: 'boolean', description: 'Retire current children the file leaves out' },
      'dry-run': { type: 'boolean', description: 'Validate everything, change nothing' },
      tolerance: { type: 'string', description: 'Smallest gap/overlap that counts, in m² (default 1)' },
    },
    async run({ values, positionals, config }) {
      const [code, file] = positionals
      if (!code || !file) {
        console.error('Usage: frontline import CODE FILE [--replace] [--dry-run]')
        return 2
      }
      let body: unknown
      try {
        body = JSON.parse(fs.readFileSync(file, 'utf8'))
      } catch (err) {
        console.error(`Cannot read ${file} as JSON: ${(err as Error).message}`)
        return 2
      }
      const { importBoundaries } = await import('./features/areas/index.ts')
      const { AppError } = await import('./infra/http/errors.ts')
      const database = await openAndMigrate(config)
      try {
        const result = await importBoundaries(database.db, code, body, {
          dryRun: Boolean(values['dry-run']),
          mode: values.replace ? 'replace' : 'upsert',
          toleranceM2: values.tolerance ? Number(values.tolerance) : undefined,
          actor: 'system',
          source: 'cli',
          afterChange: (await import('./features/registry/index.ts')).reassignRegistry,
        })
        console.log(JSON.stringify(result, null, 2))
        return 0
      } catch (err) {
        if (err instanceof AppError) {
          console.error(`${err.code}: ${err.message}`)
          for (const d of err.details) {
            console.error(`  ${d.feature !== undefined ? `feature ${d.feature} ` : ''}${d.areaCode ?? ''} ${d.field ?? ''} ${d.problem ?? ''}: ${d.message}`)
          }
          return 1
        }
        throw err
      } finally {
        await database.close()
      }
    },
  },
  'import-people': {
    summary: 'Import a CSV of people (UTF-8, Chinese headers) into the registry: checked row by row, written in one transaction',
    usage: 'frontline import-people FILE [--scope CODE] [--dry-run] [--valid-only]',
    options: {
      scope: { type: 'string', description: 'Area the rows must lie in (default: the city 630100)' },
      'dry-run': { type: 'boolean', description: 'Check every row and report; write nothing' },
      'valid-only': { type: 'boolean', description: 'Write the valid rows and skip the others (default: all rows or none)' },
    },
    async run({ values, positionals, config }) {
      const file = positionals[0]
      if (!file || !fs.existsSync(file)) {
        console.error('Usage: frontline import-people FILE [--scope CODE] [--dry-run] [--valid-only]')
        return 2
      }
      const database = await openAndMigrate(config)
      try {
        const { cipherFromConfig } = await import('./infra/crypto/field-cipher.ts')
        const { ensureDataKey } = await import('./infra/crypto/data-key-check.ts')
        const { importPeopleCsv } = await import('./features/registry/people-import-stream.ts')
        const cipher = cipherFromConfig(config)
        await ensureDataKey(database.db, cipher)
        const progress = createProgress('Importing people')
        const started = performance.now()
        const result = await importPeopleCsv(database, cipher, file, {
          scopeCode: typeof values.scope === 'string' ? values.scope : '630100',
          actor: 'system',
          mode: values['valid-only'] ? 'valid_only' : 'all',
          dryRun: Boolean(values['dry-run']),
          onProgress: (rows) => progress.update(rows, rows, 'rows'),
        }).finally(() => progress.stop())
        for (const p of result.fileProblems) console.error(`  ${p.code}: ${p.message}`)
        for (const p of result.problems.slice(0, 50)) console.error(`  row ${p.row} ${p.field ?? ''} ${p.problem}: ${p.message}`)
        console.log(
          `${result.rows} rows, ${result.valid} valid, ${result.invalid} invalid; ${result.written} written in ${((performance.now() - started) / 1000).toFixed(1)} s` +
            (Object.keys(result.problemCounts).length > 0 ? `; problems: ${JSON.stringify(result.problemCounts)}` : ''),
        )
        return result.invalid > 0 && !values['valid-only'] ? 1 : 0
      } finally {
        await database.close()
      }
    },
  },
  'audit-verify': {
    summary: 'Recompute the audit trail\'s hash chain; name the first altered or missing record (exit 1 if any)',
    usage: 'frontline audit-verify',
    options: {},
    async run({ config }) {
      const { verifyAuditChain } = await import('./features/audit/index.ts')
      const database = await openAndMigrate(config)
      try {
        const verdict = await verifyAuditChain(database.db)
        const start =
          verdict.firstSeq === null
            ? 'the trail is empty'
            : `the first retained record is ${verdict.firstSeq}` +
              (verdict.anchor ? ` (records up to ${verdict.anchor.seq} were removed by the retention rule)` : '')
        if (verdict.ok) {
          console.log(`Audit trail intact: ${verdict.checked} records verified; ${start}.`)
          return 0
        }
        console.error(`Audit trail broken at record ${verdict.firstBad!.seq} (${verdict.firstBad!.problem}): ${verdict.firstBad!.message}. ${verdict.checked} records before it are intact; ${start}.`)
        return 1
      } finally {
        await database.close()
      }
    },
  },
  'reset-credentials': {
    summary: 'Give an account a new temporary password and clear its second factor (recovery of any account, also the admin duties)',
    usage: 'frontline reset-credentials USERNAME',
    options: {},
    async run({ positionals, config }) {
      const username = positionals[0]
      if (!username || positionals.length > 1) {
        console.error('Usage: frontline reset-credentials USERNAME')
        return 2
      }
      const { resetCredentialsFromCli } = await import('./features/accounts/account.service.ts')
      const database = await openAndMigrate(config)
      try {
        const temporary = await resetCredentialsFromCli(database.db, username)
        if (temporary === null) {
          console.error(`No account ${username}`)
          return 1
        }
        console.log(`${username}: temporary password ${temporary}`)
        console.log('The user must change it and enrol a new second factor at the next login. Recorded in the audit trail.')
        return 0
      } finally {
        await database.close()
      }
    },
  },
  'audit-prune': {
    summary: 'Remove audit records older than the retention of the security policy (≥ 185 days), oldest first',
    usage: 'frontline audit-prune [--dry-run]',
    options: {
      'dry-run': { type: 'boolean', description: 'Report what would be removed; change nothing' },
    },
    async run({ values, config }) {
      const { pruneAudit } = await import('./features/audit/index.ts')
      const { getSecurityPolicy } = await import('./features/accounts/security-policy.ts')
      const database = await openAndMigrate(config)
      try {
        const { retentionDays } = (await getSecurityPolicy(database.db, true)).audit
        const dryRun = Boolean(values['dry-run'])
        const r = await pruneAudit(database.db, retentionDays, new Date(), { dryRun, actor: 'system', source: 'cli' })
        if (r.refused) {
          console.error(`Refused: ${r.refused.message} (record ${r.refused.seq}, ${r.refused.problem}); nothing was removed. Run frontline audit-verify.`)
          return 1
        }
        const what = `${r.removed} records written before ${r.cutoff} (retention ${retentionDays} days)`
        if (r.removed === 0) console.log(`Nothing to remove: no records written before ${r.cutoff} (retention ${retentionDays} days).`)
        else console.log(`${dryRun ? 'Would remove' : 'Removed'} ${what}; the trail ${dryRun ? 'would start' : 'now starts'} at record ${r.firstSeq} (anchor: record ${r.anchor!.seq}).`)
        return 0
      } finally {
        await database.close()
      }
    },
  },
}

/** Opens the configured database (creating the embedded one on first start) and migrates it. */
export async function openAndMigrate(config: Config): Promise<AppDatabase> {
  let database: AppDatabase
  if (config.databaseUrl) {
    database = await openDatabase<DB>({ databaseUrl: config.databaseUrl })
  } else {
    const fresh = !pgliteDataDirExists(config.dataDir)
    if (fresh) console.log(`First start: creating the embedded database in ${config.dataDir} (about 20 s)…`)
    database = await openDatabase<DB>({ dataDir: config.dataDir })
  }
  const applied = await migrate(database)
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`)
  return database
}

/** Residents generated for the demo city (FRONTLINE_DEMO_RESIDENTS, default 2,000,000). */
function demoResidents(): number {
  const raw = process.env.FRONTLINE_DEMO_RESIDENTS
  if (raw === undefined || raw === '') return 2_000_000
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 5_000_000) throw new Error(`FRONTLINE_DEMO_RESIDENTS: a whole number from 0 to 5000000, not "${raw}"`)
  return n
}

/** Cases generated for the demo city (FRONTLINE_DEMO_CASES, default 200,000: a year of reports). */
function demoCases(): number {
  const raw = process.env.FRONTLINE_DEMO_CASES
  if (raw === undefined || raw === '') return 200_000
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 2_000_000) throw new Error(`FRONTLINE_DEMO_CASES: a whole number from 0 to 2000000, not "${raw}"`)
  return n
}

/**
 * Seeds the demo city unless it is there already; then, each only where it is still empty (a demo
 * made before them gets them at its next start), its residents and a year of its cases.
 */
async function ensureDemo(database: AppDatabase, config: Config): Promise<void> {
  const { sql } = await import('kysely')
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM area WHERE code = '630100'`.execute(database.db)
  const { seedDemoCity, ensureDemoAccounts, formatDemoAccounts } = await import('./features/demo/index.ts')
  const { cipherFromConfig, loadOrCreateDataKeyFile, parseDataKey } = await import('./infra/crypto/field-cipher.ts')
  const residents = demoResidents()
  const cases = demoCases()
  if ((r.rows[0]?.n ?? 0) > 0) {
    // A demo database made before accounts existed gets its demo accounts (never one with accounts of its own).
    if (await ensureDemoAccounts(database)) console.log(`\n${formatDemoAccounts()}\n`)
  } else {
    const progress = createProgress('Seeding the Xining demo city')
    try {
      const s = await seedDemoCity(database, { onProgress: progress.update })
      // PGlite has no autovacuum: without statistics its planner picks poor plans.
      await database.exec('ANALYZE')
      progress.stop()
      console.log(
        `Demo city: ${s.districts} districts, ${s.streets} streets/towns, ${s.communities} communities/villages, ${s.grids} grids (${s.urbanGrids} urban) in ${(s.ms / 1000).toFixed(1)} s`,
      )
      console.log(`\n${formatDemoAccounts(s.grids)}\n`)
    } catch (err) {
      progress.stop()
      throw err
    }
  }
  // Residents: only into a registry that is still empty (a demo made before the registry gets them).
  const people = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM person LIMIT 1) p`.execute(database.db)
  if (residents > 0 && (people.rows[0]?.n ?? 0) === 0) {
    const { seedDemoPopulation } = await import('./features/demo/population.ts')
    const key = config.dataKey ? parseDataKey(config.dataKey) : loadOrCreateDataKeyFile(config.dataKeyFile)
    const progress = createProgress(`Generating ${residents.toLocaleString('en')} residents`)
    try {
      const p = await seedDemoPopulation(database, cipherFromConfig(config), { residents, dataKeys: [key], onProgress: progress.update })
      progress.stop()
      console.log(
        `Demo residents: ${p.persons.toLocaleString('en')} people in ${p.households.toLocaleString('en')} households, ${p.buildings.toLocaleString('en')} buildings, ` +
          `${p.listEntries.toLocaleString('en')} list entries, ${p.organizations.toLocaleString('en')} organizations, ${p.facilities.toLocaleString('en')} facilities in ${(p.ms / 1000).toFixed(1)} s`,
      )
    } catch (err) {
      progress.stop()
      throw err
    }
  }
  // Cases: a year of them, only while there are none (the time-limit sweep urges the overdue ones after start).
  const anyCase = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM civic_case LIMIT 1) c`.execute(database.db)
  if (cases > 0 && (anyCase.rows[0]?.n ?? 0) === 0) {
    // A demo made before cases existed has no case configuration yet.
    const { ensureCaseDefaults } = await import('./features/cases/index.ts')
    await ensureCaseDefaults(database.db)
    const { seedDemoCases } = await import('./features/demo/demo-cases.ts')
    const progress = createProgress(`Generating ${cases.toLocaleString('en')} cases`)
    try {
      const c = await seedDemoCases(database, { cases, onProgress: progress.update })
      progress.stop()
      const share = c.closed > 0 ? ((100 * c.firstLine) / c.closed).toFixed(1) : '0'
      console.log(
        `Demo cases: ${c.cases.toLocaleString('en')} cases of the last year with ${c.events.toLocaleString('en')} events, ${share} % of the closed ones resolved at the front line, ` +
          `${c.open.toLocaleString('en')} still open, in ${(c.ms / 1000).toFixed(1)} s`,
      )
    } catch (err) {
      progress.stop()
      throw err
    }
  }
}

/** Builds the web app with Vite when dist/web is missing (first start after install). */
async function ensureWebBuild(config: Config): Promise<void> {
  if (fs.existsSync(path.join(config.webDist, 'index.html'))) return
  if (config.webDist !== path.join(PROJECT_ROOT, 'dist', 'web')) return
  console.log('Building the web app (first start only)…')
  const { build } = await import('vite')
  await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' })
}

function printHelp(): void {
  console.log('frontline — grid-based community governance\n\nUsage: frontline <command> [options]\n\nCommands:')
  for (const [name, c] of Object.entries(commands)) console.log(`  ${name.padEnd(10)} ${c.summary}`)
  console.log('\nRun `frontline <command> --help` for a command\'s options.')
  console.log('Environment: DATABASE_URL (PostgreSQL; default embedded PGlite), FRONTLINE_DATA_DIR (default ./data), PORT, HOST, LOG_LEVEL,')
  console.log('  FRONTLINE_BODY_LIMIT, FRONTLINE_RATE_LIMIT, FRONTLINE_LOGIN_RATE_LIMIT, FRONTLINE_TRUST_PROXY, FRONTLINE_COOKIE_SECURE (see README)')
}

function printCommandHelp(name: string, c: Command): void {
  console.log(`${c.summary}\n\nUsage: ${c.usage}\n`)
  const entries = Object.entries(c.options)
  if (entries.length > 0) {
    console.log('Options:')
    for (const [opt, o] of entries) {
      const flag = `--${opt}${o.type === 'string' ? ' VALUE' : ''}`
      console.log(`  ${flag.padEnd(20)} ${o.description}`)
    }
  }
  console.log(`  ${'--help'.padEnd(20)} Show this help`)
  void name
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp()
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    console.error(`Unknown command: ${name}\n`)
    printHelp()
    return 2
  }
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (err) {
    console.error(`${(err as Error).message}\n`)
    printCommandHelp(name, command)
    return 2
  }
  if (parsed.values.help) {
    printCommandHelp(name, command)
    return 0
  }
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      return 2
    }
    throw err
  }
  return command.run({ values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals, config })
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err)
    process.exit(1)
  },
)
