// The demo city seed on a real database: hierarchy, codes, names, exact tiling at every level,
// determinism, and the repair of county outlines. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase, type Backend } from '../../infra/db/database.ts'
import { migrate } from '../../infra/db/migrate.ts'
import type { AppDatabase, DB } from '../../db-schema.ts'
import { impliedParentCode, levelOfCode } from '../../../shared/area-codes.ts'
import { GRID, seedDemoCity, repairCounties, type SeedDemoResult, type CountyFeature } from './seed-demo.ts'
import { chineseNumeral, committeeDisplayName, gridName } from './names.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, checkDemoAccounts, formatDemoAccounts } from './demo-accounts.ts'
import { ROLES, ROLE_SCOPE_LEVELS, type Role } from '../../../shared/roles.ts'
import { verifyPassword } from '../accounts/password.ts'

const BACKENDS: Backend[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])]
const TIMEOUT = 180_000

interface FreshDatabase {
  database: AppDatabase
  close(): Promise<void>
}

let pgliteMigrated: Uint8Array<ArrayBuffer> | undefined

/**
 * A migrated, empty database of its own. PGlite: in memory, from a migrated snapshot made on first
 * use. PostgreSQL: a new database on DATABASE_URL's server, dropped on close.
 */
async function freshDatabase(backend: Backend): Promise<FreshDatabase> {
  if (backend === 'pglite') {
    if (!pgliteMigrated) {
      const first = await openDatabase<DB>({})
      await migrate(first)
      pgliteMigrated = new Uint8Array(await (await first.pglite!.dumpDataDir('gzip')).arrayBuffer())
      await first.close()
    }
    const database = await openDatabase<DB>({ loadDataDir: new Blob([pgliteMigrated]) })
    return { database, close: () => database.close() }
  }
  const url = new URL(process.env.DATABASE_URL!)
  const name = `frontline_demo_${crypto.randomBytes(5).toString('hex')}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`CREATE DATABASE ${name}`)
  const own = new URL(url)
  own.pathname = `/${name}`
  const database = await openDatabase<DB>({ databaseUrl: own.toString(), poolSize: 2 })
  await migrate(database)
  return {
    database,
    async close() {
      await database.close()
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

interface CoverageProblem {
  problem: 'gap' | 'overlap' | 'outside'
  code: string
  m2: number
}

/**
 * Every piece of gap (parent minus the union of its children), overlap (two siblings) and spill
 * (child outside its parent) larger than `toleranceM2`, for the whole city. Overlays run at the
 * seed's precision grid (GRID, 0.1 mm): the floating overlay can fail on near-degenerate input, and
 * PGlite's PostGIS then drops the row silently (electric-sql/pglite#916) — so each query returns one
 * row per area it checked, and the row counts are asserted too.
 */
async function coverageProblems(database: AppDatabase, toleranceM2 = 1): Promise<{ problems: CoverageProblem[]; checked: Record<string, number> }> {
  // One transaction = one connection, so the indexed temp copy is visible to every query.
  return database.db.transaction().execute(async (tx) => {
    await sql`CREATE TEMP TABLE cov ON COMMIT DROP AS
              SELECT code, parent_code, geom FROM current_area
              WHERE path = '630100' OR path LIKE '630100.%'`.execute(tx)
    await sql`CREATE INDEX ON cov (parent_code)`.execute(tx)
    await sql`ANALYZE cov`.execute(tx)
    const pieces = (geom: string) =>
      sql.raw(`(SELECT coalesce(json_agg(round(ST_Area(d.geom::geography)::numeric, 3)), '[]')
                FROM ST_Dump(ST_CollectionExtract(${geom}, 3)) d WHERE ST_Area(d.geom::geography) > ${toleranceM2})`)
    const gaps = await sql<{ code: string; m2: number[] }>`
      SELECT p.code, ${pieces(`ST_Difference(p.geom, k.geom, ${GRID})`)} AS m2
      FROM cov p
      JOIN (SELECT parent_code, ST_Union(geom, ${sql.raw(String(GRID))} ORDER BY code) AS geom FROM cov GROUP BY parent_code) k
        ON k.parent_code = p.code`.execute(tx)
    const overlaps = await sql<{ code: string; m2: number[] }>`
      SELECT p.code, (SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT json_array_elements(${pieces(`ST_Intersection(a.geom, b.geom, ${GRID})`)}) AS x
        FROM cov a JOIN cov b ON b.parent_code = a.parent_code AND a.code < b.code AND ST_Intersects(a.geom, b.geom)
        WHERE a.parent_code = p.code) s) AS m2
      FROM cov p WHERE EXISTS (SELECT 1 FROM cov c WHERE c.parent_code = p.code)`.execute(tx)
    const spills = await sql<{ code: string; m2: number[] }>`
      SELECT c.code, ${pieces(`ST_Difference(c.geom, p.geom, ${GRID})`)} AS m2
      FROM cov c JOIN cov p ON p.code = c.parent_code`.execute(tx)
    const problems: CoverageProblem[] = []
    for (const [problem, rows] of [['gap', gaps.rows], ['overlap', overlaps.rows], ['outside', spills.rows]] as const) {
      for (const r of rows) for (const m2 of r.m2) problems.push({ problem, code: r.code, m2 })
    }
    return { problems, checked: { parents: gaps.rows.length, siblings: overlaps.rows.length, children: spills.rows.length } }
  })
}

/** md5 of a canonical text of every area row and geometry (WKB) of the city. */
async function cityHash(database: AppDatabase): Promise<string> {
  const r = await sql<{ h: string }>`
    SELECT md5(string_agg(concat_ws('|', code, parent_code, level, name, path, responsible_unit, kind,
                                    md5(ST_AsBinary(geom)), area_m2::text), E'\n' ORDER BY code)) AS h
    FROM current_area`.execute(database.db)
  return r.rows[0]!.h
}

describe('demo naming rules', () => {
  it('strips committee suffixes to display names', () => {
    expect(committeeDisplayName('北关社区居民委员会')).toBe('北关社区')
    expect(committeeDisplayName('南关街社区居委会')).toBe('南关街社区')
    expect(committeeDisplayName('安宁路居委会')).toBe('安宁路社区')
    expect(committeeDisplayName('友谊村村民委员会')).toBe('友谊村')
    expect(committeeDisplayName('韵家口村民委员会')).toBe('韵家口村')
    expect(committeeDisplayName('红星村委会')).toBe('红星村')
    expect(committeeDisplayName('巴音牧委会')).toBe('巴音牧业村')
    expect(committeeDisplayName('萨尔斯堡社区')).toBe('萨尔斯堡社区')
    expect(committeeDisplayName('东川工业园虚拟社区')).toBe('东川工业园虚拟社区')
  })

  it('writes ordinals in Chinese numerals', () => {
    const cases: [number, string][] = [
      [1, '一'], [9, '九'], [10, '十'], [11, '十一'], [12, '十二'], [20, '二十'], [21, '二十一'],
      [99, '九十九'], [100, '一百'], [101, '一百零一'], [110, '一百一十'], [111, '一百一十一'], [999, '九百九十九'],
    ]
    for (const [n, zh] of cases) expect(chineseNumeral(n), String(n)).toBe(zh)
    expect(() => chineseNumeral(0)).toThrow()
    expect(gridName('友谊村', 12)).toBe('友谊村第十二网格')
  })
})

describe.each(BACKENDS)('seedDemoCity on %s', (backend) => {
  let first: FreshDatabase
  let result: SeedDemoResult
  let db: AppDatabase['db']
  const progress: [number, number, string][] = []

  beforeAll(async () => {
    first = await freshDatabase(backend)
    db = first.database.db
    result = await seedDemoCity(first.database, { onProgress: (done, total, step) => progress.push([done, total, step]) })
  }, TIMEOUT)

  afterAll(async () => {
    await first?.close()
  })

  it('creates the whole hierarchy and reports it', () => {
    expect(result).toMatchObject({ districts: 7, streets: 80, communities: 1100, urbanGrids: 1037 })
    expect(result.grids).toBe(1037 + 307 * (1 + 2 + 3)) // villages by area tercile: 1, 2 or 3 grids
    expect(progress.map(([d]) => d)).toEqual(progress.map((_, i) => i + 1))
    expect(progress.every(([, total]) => total === progress.length)).toBe(true)
  })

  it('stores codes, levels, parents and paths consistently', async () => {
    const rows = await db.selectFrom('area').select(['code', 'parent_code', 'level', 'path', 'name', 'kind', 'responsible_unit']).execute()
    const byCode = new Map(rows.map((r) => [r.code, r]))
    const count = (level: string) => rows.filter((r) => r.level === level).length
    expect([count('city'), count('district'), count('street'), count('community'), count('grid')]).toEqual([
      1, 7, 80, 1100, result.grids,
    ])
    for (const r of rows) {
      expect(levelOfCode(r.code), r.code).toBe(r.level)
      if (r.level === 'city') {
        expect(r).toMatchObject({ code: '630100', parent_code: null, path: '630100', name: '西宁市', responsible_unit: '西宁市综治中心' })
        continue
      }
      expect(r.parent_code, r.code).toBe(impliedParentCode(r.code))
      const parent = byCode.get(r.parent_code!)
      expect(parent, r.code).toBeDefined()
      expect(r.path).toBe(`${parent!.path}.${r.code}`)
    }
    const north = byCode.get('630102001001')!
    expect(north).toMatchObject({ name: '北关社区', kind: 'urban', responsible_unit: '北关社区居民委员会' })
    expect(byCode.get('630102')!.responsible_unit).toBe('城东区综治指挥中心')
    expect(byCode.get('630102001')!.responsible_unit).toBe('东关大街街道综治工作中心')
    expect(byCode.get('630102003203')).toMatchObject({ name: '友谊村', kind: 'rural' })
  })

  it('gives every community grids: 1037 urban grids, ≥ 3 per urban community, 1–3 per village', async () => {
    const r = await sql<{ code: string; kind: string; name: string; grids: number; kinds: number }>`
      SELECT c.code, c.kind, c.name, count(g.code)::int AS grids,
             count(DISTINCT g.kind) FILTER (WHERE g.kind IS DISTINCT FROM c.kind)::int AS kinds
      FROM area c LEFT JOIN area g ON g.parent_code = c.code
      WHERE c.level = 'community' GROUP BY c.code, c.kind, c.name`.execute(db)
    const urban = r.rows.filter((c) => c.kind === 'urban')
    const rural = r.rows.filter((c) => c.kind === 'rural')
    expect(urban.length + rural.length).toBe(1100)
    expect(urban.reduce((s, c) => s + c.grids, 0)).toBe(1037)
    expect(urban.filter((c) => c.grids < 3)).toEqual([])
    expect(rural.filter((c) => c.grids < 1 || c.grids > 3)).toEqual([])
    expect(r.rows.filter((c) => c.kinds > 0)).toEqual([]) // grids inherit their community's kind
  })

  it('numbers grids 001… west→east within rows north→south and names them in Chinese', async () => {
    const r = await sql<{ code: string; parent_code: string; name: string; unit: string; community: string; x: number; y: number }>`
      SELECT g.code, g.parent_code, g.name, g.responsible_unit AS unit, c.name AS community,
             ST_X(ST_Centroid(g.geom)) AS x, ST_Y(ST_Centroid(g.geom)) AS y
      FROM current_area g JOIN area c ON c.code = g.parent_code
      WHERE g.level = 'grid' ORDER BY g.code`.execute(db)
    const byCommunity = new Map<string, typeof r.rows>()
    for (const g of r.rows) {
      expect(g.code).toMatch(/^\d{15}$/)
      expect(g.name).toMatch(/^[\u4e00-\u9fff]+$/)
      expect(g.name).toBe(gridName(g.community, Number(g.code.slice(12))))
      expect(g.unit).toBe(`${g.community}综治工作站`)
      byCommunity.set(g.parent_code, [...(byCommunity.get(g.parent_code) ?? []), g])
    }
    for (const [community, grids] of byCommunity) {
      const n = grids.length
      expect(grids.map((g) => Number(g.code.slice(12))), community).toEqual(grids.map((_, i) => i + 1))
      // The rule, recomputed: round(√n) bands of equal size by latitude, north first; west→east inside.
      const perBand = Math.ceil(n / Math.max(1, Math.round(Math.sqrt(n))))
      const band = new Map([...grids].sort((a, b) => b.y - a.y || a.x - b.x).map((g, i) => [g.code, Math.floor(i / perBand)]))
      const expected = [...grids].sort((a, b) => band.get(a.code)! - band.get(b.code)! || a.x - b.x).map((g) => g.code)
      expect(grids.map((g) => g.code), community).toEqual(expected)
    }
  })

  it('writes one valid MultiPolygon per area under one seed change, with its geodesic area', async () => {
    const r = await sql<{ areas: number; current: number; bad: number; changes: number; area_off: number; seed_root: string }>`
      SELECT (SELECT count(*)::int FROM area) AS areas,
             (SELECT count(*)::int FROM current_area) AS current,
             (SELECT count(*)::int FROM area_boundary
              WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom) OR GeometryType(geom) <> 'MULTIPOLYGON' OR ST_SRID(geom) <> 4326) AS bad,
             (SELECT count(DISTINCT change_id)::int FROM area_boundary) AS changes,
             (SELECT count(*)::int FROM area_boundary WHERE abs(area_m2 - ST_Area(geom::geography)) > 1e-6 * area_m2) AS area_off,
             (SELECT string_agg(root_code || ':' || kind, ',') FROM boundary_change) AS seed_root`.execute(db)
    expect(r.rows[0]).toEqual({ areas: r.rows[0]!.current, current: 1188 + result.grids, bad: 0, changes: 1, area_off: 0, seed_root: '630100:seed' })
  })

  it('tiles every parent exactly: no gap, overlap or spill above 1 m² at any level', async () => {
    const parents = 1 + 7 + 80 + 1100
    const { problems, checked } = await coverageProblems(first.database, 1)
    expect(checked).toEqual({ parents, siblings: parents, children: parents - 1 + result.grids })
    expect(problems).toEqual([])
  }, TIMEOUT)

  it('creates one demo account per role and one active grid worker for every grid, scoped as the roles allow', async () => {
    expect(() => checkDemoAccounts()).not.toThrow()
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES))
    const accounts = await sql<{ username: string; role: Role; scope_code: string; level: string; status: string; phone: string | null;
      must_change_password: boolean; totp_secret: string | null; password_hash: string }>`
      SELECT a.username, a.role, a.scope_code, s.level, a.status, a.phone, a.must_change_password, a.totp_secret, a.password_hash
      FROM account a JOIN area s ON s.code = a.scope_code ORDER BY a.username`.execute(db)
    const rows = accounts.rows
    expect(rows).toHaveLength(result.accounts)
    expect(result.accounts).toBe(result.grids + ROLES.length - 1)
    // One account per role; grid workers: one per grid.
    const perRole = new Map<string, number>()
    for (const r of rows) perRole.set(r.role, (perRole.get(r.role) ?? 0) + 1)
    for (const role of ROLES) expect(perRole.get(role), role).toBe(role === 'grid_worker' ? result.grids : 1)
    for (const a of DEMO_ACCOUNTS) {
      expect(rows.find((r) => r.username === a.username), a.username).toMatchObject({ role: a.role, scope_code: a.scopeCode, status: 'active' })
    }
    // Scopes obey ROLE_SCOPE_LEVELS; ready for a first login with TOTP enrolment; phones are fake mobiles.
    expect(rows.filter((r) => !ROLE_SCOPE_LEVELS[r.role].includes(r.level as never))).toEqual([])
    expect(rows.filter((r) => r.must_change_password || r.totp_secret !== null || r.status !== 'active')).toEqual([])
    expect(rows.filter((r) => !/^1[3-9]\d{9}$/.test(r.phone ?? ''))).toEqual([])
    // One hash of the one demo password.
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(1)
    expect(await verifyPassword(rows[0]!.password_hash, DEMO_PASSWORD)).toBe(true)

    const grids = await sql<{ code: string; name: string; workers: number; active: number; username: string | null; display_name: string | null; scope_code: string | null }>`
      SELECT g.code, g.name, count(ga.account_id)::int AS workers,
             count(*) FILTER (WHERE a.status = 'active' AND a.role = 'grid_worker')::int AS active,
             min(a.username) AS username, min(a.display_name) AS display_name, min(a.scope_code) AS scope_code
      FROM area g LEFT JOIN grid_assignment ga ON ga.grid_code = g.code LEFT JOIN account a ON a.id = ga.account_id
      WHERE g.level = 'grid' GROUP BY g.code, g.name`.execute(db)
    expect(grids.rows).toHaveLength(result.grids)
    expect(grids.rows.filter((g) => g.workers !== 1 || g.active !== 1)).toEqual([])
    for (const g of grids.rows) {
      expect(g).toMatchObject({ username: `gw${g.code}`, display_name: `网格员 ${g.name}`, scope_code: g.code })
    }
    expect(grids.rows.find((g) => g.code === '630103001003001')?.name).toBe('南关街社区第一网格')
    expect(formatDemoAccounts(result.grids)).toContain(DEMO_PASSWORD)
  })

  it('refuses to seed the city twice', async () => {
    await expect(seedDemoCity(first.database)).rejects.toThrow(/already exists/)
  })

  it('is deterministic: a second fresh database gets the identical city', async () => {
    const second = await freshDatabase(backend)
    try {
      await seedDemoCity(second.database)
      expect(await cityHash(second.database)).toBe(await cityHash(first.database))
    } finally {
      await second.close()
    }
  }, TIMEOUT)

  it('repairs county outlines: makes valid, removes overlaps, fills holes between neighbours', async () => {
    // Four boxes around a hole, two of them overlapping, plus a bow-tie; unit u = 0.005°.
    const u = 0.005
    const ring = (pts: [number, number][]) => pts.map(([x, y]) => [101 + x * u, 36 + y * u])
    const box = (x0: number, y0: number, x1: number, y1: number, repeat = false): CountyFeature['geometry'] => ({
      type: 'Polygon',
      coordinates: [ring([[x0, y0], [x1, y0], ...(repeat ? ([[x1, y0]] as [number, number][]) : []), [x1, y1], [x0, y1], [x0, y0]])],
    })
    const features: CountyFeature[] = [
      { code: '000001', geometry: box(0, 0, 3, 1) }, // bottom
      { code: '000002', geometry: box(0, 1, 1, 3) }, // left
      { code: '000003', geometry: box(1, 2, 3, 3, true) }, // top, with a repeated point
      { code: '000004', geometry: box(2, 0.9, 3, 2) }, // right, overlapping the bottom by 0.1 u
      { code: '000005', geometry: { type: 'Polygon', coordinates: [ring([[5, 0], [6, 1], [6, 0], [5, 1], [5, 0]])] } },
    ]
    const rollback = new Error('rollback')
    let checked = false
    await db
      .transaction()
      .execute(async (tx) => {
        const stats = await repairCounties(tx, features)
        expect(stats).toMatchObject({ counties: 5, invalidInputs: 1, repeatedPointsRemoved: 1, overlaps: 1, holesFilled: 1, holesKept: 0 })
        // The overlap strip is 1 u × 0.1 u ≈ 447 m × 56 m; the hole 1 u × 1 u ≈ 447 m × 555 m.
        expect(stats.overlapM2Removed).toBeGreaterThan(24_000)
        expect(stats.overlapM2Removed).toBeLessThan(26_000)
        expect(stats.holeM2Filled).toBeGreaterThan(240_000)
        expect(stats.holeM2Filled).toBeLessThan(260_000)
        const g = await sql<{ overlaps: number; invalid: number; holes: number; grew: string }>`
          SELECT (SELECT count(*)::int FROM demo_geom a JOIN demo_geom b ON a.code < b.code
                  AND '630100' NOT IN (a.code, b.code) AND ST_Area(ST_Intersection(a.geom, b.geom)) > 0) AS overlaps,
                 (SELECT count(*)::int FROM demo_geom WHERE NOT ST_IsValid(geom) OR GeometryType(geom) <> 'MULTIPOLYGON') AS invalid,
                 (SELECT sum(ST_NumInteriorRings(d.geom))::int FROM demo_geom c, ST_Dump(c.geom) d WHERE c.code = '630100') AS holes,
                 -- the hole touches the left and the right box along 1 u of latitude (the longest
                 -- shared borders); the tie goes to the lower code
                 (SELECT string_agg(code, ',' ORDER BY code) FROM demo_geom
                  WHERE code <> '630100' AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(101 + 1.5 * ${u}, 36 + 1.5 * ${u}), 4326))) AS grew`.execute(tx)
        expect(g.rows[0]).toEqual({ overlaps: 0, invalid: 0, holes: 0, grew: '000002' })
        checked = true
        throw rollback
      })
      .catch((err) => {
        if (err !== rollback) throw err
      })
    expect(checked).toBe(true)
  })
})
