// The registry at city scale (issue 4), each figure against a baseline measured in the same run:
//   import   — N residents from CSV, validated, encrypted and grid-assigned (importPeopleCsv, one
//              transaction), against a bare COPY of the same rows, as the import wrote them, into a
//              table shaped like person with its indexes (LIKE person INCLUDING ALL) — the cost of the
//              write itself; and, as a floor, against a COPY of the raw CSV into a table of text
//              columns without indexes;
//   totals   — the area dashboard's counts (maintained totals) for the city, a district, a street and
//              a community: p95, against a plain GROUP BY over the person table;
//   search   — by name prefix (city and community scope) and by exact ID number: p95, against the
//              plain name-prefix query without scope, masking or audit.
// N = BENCH_RESIDENTS (default 2,000,000). Run: npm run bench -- registry (DATABASE_URL for PostgreSQL).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { BENCH_BACKENDS, fmt, openSeeded, quantile, report, timeRuns } from './lib.ts'
import { TEST_DATA_KEY } from '../test/helpers.ts'
import { FieldCipher, parseDataKey } from '../server/infra/crypto/field-cipher.ts'
import { importPeopleCsv } from '../server/features/registry/people-import-stream.ts'
import { PERSON_COPY_COLUMNS } from '../server/features/registry/people-import.ts'
import { areaTotals } from '../server/features/registry/totals.ts'
import { searchPeople } from '../server/features/registry/person.service.ts'
import type { RegistryContext } from '../server/features/registry/registry-context.ts'
import { ScopeGuard } from '../server/features/accounts/index.ts'
import { ROLE_PERMISSIONS, type Role } from '../shared/roles.ts'
import { makeIdNumber } from '../shared/validation/id-number.ts'
import type { AppDatabase } from '../server/db-schema.ts'

const N = Number(process.env.BENCH_RESIDENTS ?? 2_000_000)
const COUNTIES = ['630102', '630103', '630104', '630105', '630106', '630121', '630123']
const SURNAMES = '王李张刘陈杨赵黄周吴马徐孙胡朱高林何郭罗'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰红梅建国海燕鹏'
const HEADER = '姓名,公民身份号码,民族,联系电话,人口类别,现住址,所属网格'

/** Writes N valid people, spread over `grids`, with distinct ID numbers. */
async function writeCsv(file: string, grids: string[]): Promise<void> {
  const out = fs.createWriteStream(file)
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r)))
  await write(`${HEADER}\n`)
  let chunk = ''
  const base = Date.UTC(1935, 0, 1)
  for (let i = 0; i < N; i++) {
    const county = COUNTIES[i % 7]!
    const k = Math.floor(i / 7)
    const day = new Date(base + (k % 29_000) * 86_400_000).toISOString().slice(0, 10)
    const id = makeIdNumber(county, day, Math.floor(k / 29_000) % 1000)
    const name = `${SURNAMES[i % 20]}${GIVEN[(i >> 3) % 30]}${i % 3 === 0 ? '' : GIVEN[(i >> 7) % 30]}`
    const phone = i % 5 === 0 ? '' : `13${String(100_000_000 + ((i * 7_919) % 899_999_999)).padStart(9, '0')}`
    chunk += `${name},${id},${i % 10 === 0 ? '回族' : '汉族'},${phone},${i % 4 === 0 ? '流动人口' : '户籍人口'},南关街${i % 500}号${(i >> 9) % 30}号楼,${grids[i % grids.length]}\n`
    if (chunk.length > 1 << 20) {
      await write(chunk)
      chunk = ''
    }
  }
  await write(chunk)
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
}

/**
 * The bare baseline: the rows the import wrote, exported with COPY TO and COPY'd again into a table
 * like person (indexes included; no triggers, no foreign keys, no validation, no encryption).
 */
async function bareCopyOfPeople(database: AppDatabase, importId: number): Promise<number> {
  const cols = PERSON_COPY_COLUMNS.join(', ')
  const select = `SELECT ${cols} FROM person WHERE import_id = ${Number(importId)}`
  await database.exec('DROP TABLE IF EXISTS bench_person; CREATE TABLE bench_person (LIKE person INCLUDING ALL)')
  let ms: number
  if (database.backend === 'pglite') {
    const out = await database.pglite!.query(`COPY (${select}) TO '/dev/blob'`)
    const blob = out.blob!
    const t0 = performance.now()
    await database.pglite!.query(`COPY bench_person (${cols}) FROM '/dev/blob'`, [], { blob })
    ms = performance.now() - t0
  } else {
    const { from, to } = await import('pg-copy-streams')
    const { pipeline } = await import('node:stream/promises')
    const client = await database.pgPool!.connect()
    try {
      const chunks: Buffer[] = []
      const source = client.query(to(`COPY (${select}) TO STDOUT`))
      for await (const c of source) chunks.push(c as Buffer)
      const { Readable } = await import('node:stream')
      const t0 = performance.now()
      await pipeline(Readable.from(chunks), client.query(from(`COPY bench_person (${cols}) FROM STDIN`)))
      ms = performance.now() - t0
    } finally {
      client.release()
    }
  }
  await database.exec('DROP TABLE bench_person')
  return ms
}

/** The floor: the CSV's rows as they are, COPY'd into a plain table of text columns. */
async function bareCopy(database: AppDatabase, file: string): Promise<number> {
  await database.exec('DROP TABLE IF EXISTS bench_raw_people; CREATE TABLE bench_raw_people (name text, id_number text, ethnicity text, phone text, category text, address text, grid text)')
  const t0 = performance.now()
  if (database.backend === 'pglite') {
    await database.pglite!.query(`COPY bench_raw_people FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([fs.readFileSync(file)]) })
  } else {
    const { from } = await import('pg-copy-streams')
    const { pipeline } = await import('node:stream/promises')
    const client = await database.pgPool!.connect()
    try {
      await pipeline(fs.createReadStream(file), client.query(from('COPY bench_raw_people FROM STDIN WITH (FORMAT csv, HEADER true)')))
    } finally {
      client.release()
    }
  }
  const ms = performance.now() - t0
  await database.exec('DROP TABLE bench_raw_people')
  return ms
}

function context(database: AppDatabase, cipher: FieldCipher, role: Role, scopeCode: string, scopePath: string): RegistryContext {
  const principal = {
    accountId: 1, username: 'bench', displayName: 'bench', role, scopeCode, scopePath,
    permissions: ROLE_PERMISSIONS[role], via: 'session' as const, sessionId: null, tokenId: null, reauthAt: null,
  }
  // Audit records are not part of what is measured here (bench/access.bench.ts measures their cost).
  const audit = async () => undefined
  return { db: database.db, principal, scope: new ScopeGuard(database.db, principal, audit), cipher, source: '127.0.0.1', audit }
}

export async function run(): Promise<void> {
  const cipher = new FieldCipher([parseDataKey(TEST_DATA_KEY)])
  console.log(`\nRegistry at ${N.toLocaleString('en')} residents`)
  for (const backend of BENCH_BACKENDS) {
    const { database, close } = await openSeeded(backend)
    try {
      const grids = (await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'grid' ORDER BY code`.execute(database.db)).rows.map((r) => r.code)
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-')), 'people.csv')
      await writeCsv(file, grids)
      const bare = await bareCopy(database, file)
      const t0 = performance.now()
      const result = await importPeopleCsv(database, cipher, file, { scopeCode: '630100', actor: 'bench', mode: 'all', dryRun: false, batchSize: 20_000 })
      const imported = performance.now() - t0
      fs.rmSync(path.dirname(file), { recursive: true, force: true })
      if (result.written !== N) throw new Error(`import wrote ${result.written} of ${N}: ${JSON.stringify(result.problemCounts)}`)
      const barePeople = await bareCopyOfPeople(database, result.importId!)
      await database.exec('ANALYZE')
      console.log(`\n[${backend}] import of ${N.toLocaleString('en')} people: ${(N / (imported / 1000)).toFixed(0)} rows/s; bare COPY of the written rows ${(N / (barePeople / 1000)).toFixed(0)} rows/s; raw CSV COPY ${(N / (bare / 1000)).toFixed(0)} rows/s`)
      console.log(`[${backend}] import phases: check ${fmt(result.timings.check)} ms, write (encrypt + COPY) ${fmt(result.timings.write)} ms, finish (residences) ${fmt(result.timings.finish)} ms`)
      report(`[${backend}] import (validate+encrypt+place+write)`, imported, 'bare COPY of the same rows into a person-like table', barePeople)
      report(`[${backend}] import (validate+encrypt+place+write)`, imported, 'raw CSV COPY into text columns (floor)', bare)

      // Dashboard counts: maintained totals vs GROUP BY over people.
      const city = context(database, cipher, 'city_admin', '630100', '630100')
      const areas = (await sql<{ code: string; level: string }>`
        SELECT DISTINCT ON (level) code, level FROM current_area WHERE code LIKE '630103%' AND level IN ('district', 'street', 'community') ORDER BY level, code`.execute(database.db)).rows
      const groupBy = await timeRuns(
        () => sql`SELECT substr(grid_code, 1, 6) AS d, residence_category, count(*) FROM person WHERE grid_code LIKE '6301%' AND status = 'active' GROUP BY 1, 2`.execute(database.db),
        5,
      )
      for (const code of ['630100', ...areas.map((a) => a.code)]) {
        const times = await timeRuns(() => areaTotals(city, code), 30, 3)
        report(`[${backend}] totals p95 ${code}`, quantile(times, 0.95), 'GROUP BY over people (city, p95)', quantile(groupBy, 0.95))
      }

      // Search: name prefix (city, community), exact ID number.
      const community = areas.find((a) => a.level === 'community')!.code
      const communityPath = (await sql<{ path: string }>`SELECT path FROM area WHERE code = ${community}`.execute(database.db)).rows[0]!.path
      const local = context(database, cipher, 'community_staff', community, communityPath)
      const plain = await timeRuns(() => sql`SELECT id, name FROM person WHERE name LIKE ${'王伟%'} ORDER BY id DESC LIMIT 50`.execute(database.db), 30, 3)
      const names = ['王伟', '李芳', '张娜', '刘敏', '陈静', '马强']
      let k = 0
      const byName = await timeRuns(() => searchPeople(city, { q: names[k++ % names.length]!, limit: 50 }), 30, 3)
      const byNameLocal = await timeRuns(() => searchPeople(local, { q: names[k++ % names.length]!, limit: 50 }), 30, 3)
      const someIds = Array.from({ length: 40 }, (_, i) => makeIdNumber(COUNTIES[(i * 7919) % 7]!, new Date(Date.UTC(1935, 0, 1) + ((i * 4_999) % 29_000) * 86_400_000).toISOString().slice(0, 10), 0))
      const byId = await timeRuns(() => searchPeople(city, { idNumber: someIds[k++ % someIds.length]!, limit: 50 }), 30, 3)
      const base = quantile(plain, 0.95)
      report(`[${backend}] search p95 name prefix, city`, quantile(byName, 0.95), 'plain name-prefix query (p95)', base)
      report(`[${backend}] search p95 name prefix, community`, quantile(byNameLocal, 0.95), 'plain name-prefix query (p95)', base)
      report(`[${backend}] search p95 exact ID number`, quantile(byId, 0.95), 'plain name-prefix query (p95)', base)
      console.log(`[${backend}] medians: totals(city) ${fmt(quantile(await timeRuns(() => areaTotals(city, '630100'), 10), 0.5))} ms, GROUP BY ${fmt(quantile(groupBy, 0.5))} ms`)
    } finally {
      await close()
    }
  }
}
