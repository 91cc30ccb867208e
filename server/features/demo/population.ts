// The demo city's residents: a realistic registry for Xining's 2,879 grids — buildings and rooms,
// households and people (names, ID numbers, phones encrypted as the registry stores them), residence
// history, special and care lists, rentals, organizations, facilities and concerns. Deterministic
// for a seed, a resident count and a reference date (only AES-GCM's random IVs differ), and written
// with COPY in one transaction: a failure leaves nothing behind. Method and figures: the module
// folder population/ (plan → points → generate → seal → COPY).
import { sql, type Kysely } from 'kysely'
import type { AppDatabase, DB } from '../../db-schema.ts'
import os from 'node:os'
import type { DataKey, FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { bulkTransaction, type CopyFn } from '../../infra/db/copy.ts'
import { DEMO_CITY_CODE } from './seed-demo.ts'
import { generateGrid, newContext, type Secrets } from './population/generate.ts'
import type { GridInfo } from './population/model.ts'
import { planGrids } from './population/plan.ts'
import { locate, type PointStats } from './population/points.ts'
import { inlineSealer, sealRows, workerSealer, type Sealer } from './population/crypto.ts'
import { emptyRows, ID_TABLES, TABLE_ORDER, target, type IdTable, type Rows, type TableName } from './population/tables.ts'

/** The demo city's population (Xining: about 2.0 million in the four districts and three counties of the demo). */
export const DEMO_RESIDENTS = 2_000_000

/** People generated and written per round (a round's rows are held in memory until written). */
const BATCH_PERSONS = 100_000

export interface PopulationOptions {
  residents: number
  onProgress?: (done: number, total: number, step: string) => void
  /** Default 1. */
  seed?: number
  /** The reference date 'YYYY-MM-DD': ages and every date are counted back from it. Default: today in China. */
  today?: string
  /**
   * The data keys `cipher` was made from. When given, encryption (AES-GCM, HMAC blind indexes,
   * masks) runs in worker threads, overlapping the writes; without them it runs in this thread.
   */
  dataKeys?: readonly DataKey[]
  /** Worker threads for encryption (with dataKeys). Default: the CPUs less one, at least one. */
  threads?: number
  /**
   * 'bulk' (default): for the load, the registry tables' foreign keys, secondary indexes and
   * counting triggers are set aside and restored at the end of the same transaction — indexes
   * rebuilt, foreign keys validated over all rows at once, registry_total added in one statement
   * through the same metric functions. Per row, a foreign key costs a lookup and a row lock, an
   * index an insert, and the counting triggers turn rows into jsonb (geometry included): 2–5×
   * the row itself on PGlite. The tables are locked exclusively until the commit.
   * 'plain': every constraint, index and trigger works row by row (other sessions may read meanwhile).
   */
  load?: 'bulk' | 'plain'
}

export interface PopulationResult {
  residents: number
  buildings: number
  rooms: number
  households: number
  persons: number
  residences: number
  listEntries: number
  rentals: number
  tenancies: number
  organizations: number
  facilities: number
  concerns: number
  points: PointStats
  /** Milliseconds per step (plan, points, generate, seal, one per table written, analyze). */
  timings: Record<string, number>
  ms: number
}

/** Today's date in China (UTC+8). */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The demo city's current grids, with their community, street and district. */
export async function loadGrids(db: Kysely<DB>): Promise<GridInfo[]> {
  const r = await sql<{
    code: string
    name: string
    kind: 'urban' | 'rural' | null
    community_code: string
    community_name: string
    committee: string | null
    street_code: string
    street_name: string
    district_code: string
    district_name: string
  }>`
    SELECT g.code, g.name, coalesce(g.kind, c.kind) AS kind,
           c.code AS community_code, c.name AS community_name, c.responsible_unit AS committee,
           s.code AS street_code, s.name AS street_name, d.code AS district_code, d.name AS district_name
    FROM current_area g
    JOIN area c ON c.code = g.parent_code
    JOIN area s ON s.code = c.parent_code
    JOIN area d ON d.code = s.parent_code
    WHERE g.level = 'grid' AND g.path LIKE ${`${DEMO_CITY_CODE}.%`}
    ORDER BY g.code`.execute(db)
  return r.rows.map((x) => ({
    code: x.code,
    name: x.name,
    kind: x.kind === 'rural' ? 'rural' : 'urban',
    industrial: x.community_code.slice(9, 12) === '498',
    serial: Number(x.code.slice(12)),
    communityCode: x.community_code,
    communityName: x.community_name,
    committee: x.committee ?? x.community_name,
    streetCode: x.street_code,
    streetName: x.street_name,
    districtCode: x.district_code,
    districtName: x.district_name,
  }))
}

const REGISTRY_TABLES = ['building', 'room', 'household', 'person', 'person_residence', 'person_list', 'rental', 'tenancy', 'organization', 'facility', 'concern'] as const

/**
 * Fills the registry of the seeded demo city with `residents` people and everything around them.
 * Refuses a city that already has people or buildings. One transaction: on any error nothing is kept.
 */
export async function seedDemoPopulation(database: AppDatabase, cipher: FieldCipher, options: PopulationOptions): Promise<PopulationResult> {
  const started = performance.now()
  const seed = options.seed ?? 1
  const today = options.today ?? chinaToday()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`demo population: today must be YYYY-MM-DD, got ${JSON.stringify(today)}`)
  if (!Number.isInteger(options.residents) || options.residents < 0) throw new Error(`demo population: residents must be a whole number ≥ 0`)
  const todayMs = Date.parse(`${today}T00:00:00Z`)
  const pool = options.dataKeys ? await workerSealer(cipher, options.dataKeys, options.threads ?? Math.max(1, os.availableParallelism() - 1)) : undefined
  const seal: Sealer = pool?.seal ?? inlineSealer(cipher)
  const bulk = (options.load ?? 'bulk') === 'bulk'
  const timings: Record<string, number> = {}
  const time = async <T>(step: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now()
    try {
      return await f()
    } finally {
      timings[step] = (timings[step] ?? 0) + (performance.now() - t0)
    }
  }
  const total = options.residents
  const progress = (done: number, step: string) => options.onProgress?.(done, total, step)

  const result = await bulkTransaction(database, async (tx, copy) => {
    await sql`SET LOCAL jit = off`.execute(tx)
    // No one else writes these tables meanwhile: the reserved ids stay ours.
    await sql.raw(`LOCK TABLE ${REGISTRY_TABLES.join(', ')} IN SHARE ROW EXCLUSIVE MODE`).execute(tx)
    const existing = await sql<{ n: number }>`
      SELECT ((SELECT count(*) FROM (SELECT 1 FROM person WHERE grid_code LIKE ${`${DEMO_CITY_CODE.slice(0, 4)}%`} LIMIT 1) p)
            + (SELECT count(*) FROM (SELECT 1 FROM building WHERE grid_code LIKE ${`${DEMO_CITY_CODE.slice(0, 4)}%`} LIMIT 1) b))::int AS n`.execute(tx)
    if (existing.rows[0]!.n > 0) throw new Error('demo population: the demo city already has people or buildings; seed it only once')

    progress(0, 'plan')
    const grids = await loadGrids(tx)
    if (grids.length === 0) throw new Error('demo population: the demo city has no grids; seed the demo city first')
    const plans = await time('plan', () => planGrids(grids, options.residents, seed))
    progress(0, 'points')
    const points = await time('points', () => locate(tx, plans, seed))

    const first = {} as Record<IdTable, number>
    for (const t of ID_TABLES) first[t] = await reserveFirstId(tx, t)
    const marks = await lastIds(tx)
    const setAside = bulk ? await time('set aside', () => setAsideConstraints(tx)) : undefined
    const ctx = newContext(seed, todayMs, first)
    const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as Record<TableName, number>
    let done = 0

    // Rounds of whole grids, about BATCH_PERSONS people each, every table in order of reference.
    // The next round is generated and its encryption started before this one is written, so
    // encryption in worker threads overlaps the writes.
    let i = 0
    const prepare = (): Round | undefined => {
      if (i >= plans.length) return undefined
      const rows = emptyRows()
      const secrets: Secrets = { personIds: [], personPhones: [], organizationPhones: [] }
      let persons = 0
      const t0 = performance.now()
      for (; i < plans.length && persons < BATCH_PERSONS; i++) persons += generateGrid(plans[i]!, ctx, rows, secrets).persons
      const t1 = performance.now()
      timings.generate = (timings.generate ?? 0) + (t1 - t0)
      const sealed = sealRows(rows, secrets, seal).then(() => {
        timings.seal = (timings.seal ?? 0) + (performance.now() - t1)
      })
      // An unawaited rejection is handled where the round is awaited.
      sealed.catch(() => undefined)
      return { rows, persons, sealed }
    }
    let round = prepare()
    while (round) {
      await time('seal (waited for)', () => round!.sealed)
      const current = round
      round = prepare()
      for (const [k, t] of TABLE_ORDER.entries()) {
        progress(done + Math.floor((current.persons * k) / TABLE_ORDER.length), stepName(t))
        counts[t] += await time(`copy ${t}`, () => writeRows(copy, t, current.rows))
      }
      done += current.persons
    }
    for (const t of ID_TABLES) await setLastId(tx, t, ctx.nextId[t] - 1, first[t])
    if (setAside) {
      progress(done, 'indexes')
      await time('indexes', () => restoreIndexes(tx, setAside))
      progress(done, 'foreign keys')
      await time('foreign keys', () => restoreForeignKeys(tx, setAside))
      progress(done, 'totals')
      await time('totals', () => addTotals(tx, first, marks))
      await setCountingTriggers(tx, true)
    }

    progress(done, 'analyze')
    await time('analyze', () => sql.raw(`ANALYZE ${REGISTRY_TABLES.join(', ')}, registry_total`).execute(tx))
    return { counts, points }
  }).finally(() => pool?.close())

  const c = result.counts
  return {
    residents: options.residents,
    buildings: c.building,
    rooms: c.room,
    households: c.household,
    persons: c.person,
    residences: c.person_residence,
    listEntries: c.person_list,
    rentals: c.rental,
    tenancies: c.tenancy,
    organizations: c.organization,
    facilities: c.facility,
    concerns: c.concern,
    points: result.points,
    timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    ms: Math.round(performance.now() - started),
  }
}

interface Round {
  rows: Rows
  persons: number
  sealed: Promise<void>
}

/** Tables whose statement-level triggers keep registry_total. */
const COUNTED_TABLES = ['person', 'person_list', 'building', 'household', 'organization', 'facility', 'concern'] as const

async function setCountingTriggers(tx: Kysely<DB>, enabled: boolean): Promise<void> {
  for (const t of COUNTED_TABLES) await sql.raw(`ALTER TABLE ${t} ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER USER`).execute(tx)
}

interface SetAside {
  /** Definitions of the dropped secondary indexes (CREATE INDEX statements, names included). */
  indexes: string[]
  /** The dropped foreign keys: table, name and definition. */
  foreignKeys: { table: string; name: string; def: string }[]
}

/**
 * Drops the registry tables' foreign keys and their indexes that back no constraint (primary keys
 * and UNIQUE constraints stay), and switches their counting triggers off; everything comes back,
 * under the same names, by restoreIndexes and restoreForeignKeys. DDL is transactional: a failed
 * load rolls all of it back.
 */
async function setAsideConstraints(tx: Kysely<DB>): Promise<SetAside> {
  const tables = sql.join(REGISTRY_TABLES.map((t) => sql.lit(t)))
  const fks = await sql<{ table: string; name: string; def: string }>`
    SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.conrelid::regclass::text IN (${tables})
    ORDER BY 1, 2`.execute(tx)
  const indexes = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid::regclass::text IN (${tables})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1`.execute(tx)
  for (const f of fks.rows) await sql.raw(`ALTER TABLE ${f.table} DROP CONSTRAINT ${f.name}`).execute(tx)
  for (const i of indexes.rows) await sql.raw(`DROP INDEX ${i.name}`).execute(tx)
  await setCountingTriggers(tx, false)
  return { indexes: indexes.rows.map((i) => i.def), foreignKeys: fks.rows }
}

async function restoreIndexes(tx: Kysely<DB>, s: SetAside): Promise<void> {
  // Index builds sort in memory up to this much (PGlite's default is 64 MB).
  await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(tx)
  for (const def of s.indexes) await sql.raw(def).execute(tx)
}

/** Adds the foreign keys back: each validates all rows in one join. */
async function restoreForeignKeys(tx: Kysely<DB>, s: SetAside): Promise<void> {
  for (const f of s.foreignKeys) await sql.raw(`ALTER TABLE ${f.table} ADD CONSTRAINT ${f.name} ${f.def}`).execute(tx)
}

/** The largest id of each table without reserved ids, before the load: its rows are those after. */
async function lastIds(tx: Kysely<DB>): Promise<Record<'person_list' | 'organization' | 'facility' | 'concern', number>> {
  const r = await sql<{ person_list: number; organization: number; facility: number; concern: number }>`
    SELECT (SELECT coalesce(max(id), 0) FROM person_list)::int8 AS person_list,
           (SELECT coalesce(max(id), 0) FROM organization)::int8 AS organization,
           (SELECT coalesce(max(id), 0) FROM facility)::int8 AS facility,
           (SELECT coalesce(max(id), 0) FROM concern)::int8 AS concern`.execute(tx)
  return r.rows[0]!
}

/**
 * Adds the loaded rows to registry_total, as the triggers would have: the same metric functions,
 * given the columns they read (a jsonb of the whole row would convert every geometry to GeoJSON).
 * registry_total_drift() checks the result against whole rows.
 */
async function addTotals(tx: Kysely<DB>, first: Record<IdTable, number>, marks: Awaited<ReturnType<typeof lastIds>>): Promise<void> {
  await sql`
    INSERT INTO registry_total AS t (grid_code, metric, n)
    SELECT grid_code, metric, sum(n)::int8 FROM (
      SELECT p.grid_code, m AS metric, count(*) AS n FROM person p, unnest(registry_person_metrics(p)) m
      WHERE p.id >= ${first.person} GROUP BY 1, 2
      UNION ALL
      SELECT l.grid_code, m, count(*) FROM person_list l,
        unnest(registry_row_metrics('person_list', jsonb_build_object('ended_at', l.ended_at, 'list_code', l.list_code))) m
      WHERE l.id > ${marks.person_list} GROUP BY 1, 2
      UNION ALL
      SELECT b.grid_code, m, count(*) FROM building b, unnest(registry_row_metrics('building', jsonb_build_object('status', b.status))) m
      WHERE b.id >= ${first.building} GROUP BY 1, 2
      UNION ALL
      SELECT h.grid_code, m, count(*) FROM household h, unnest(registry_row_metrics('household', jsonb_build_object('status', h.status))) m
      WHERE h.id >= ${first.household} GROUP BY 1, 2
      UNION ALL
      SELECT o.grid_code, m, count(*) FROM organization o,
        unnest(registry_row_metrics('organization', jsonb_build_object('status', o.status, 'kind', o.kind))) m
      WHERE o.id > ${marks.organization} GROUP BY 1, 2
      UNION ALL
      SELECT f.grid_code, m, count(*) FROM facility f,
        unnest(registry_row_metrics('facility', jsonb_build_object('status', f.status, 'state', f.state))) m
      WHERE f.id > ${marks.facility} GROUP BY 1, 2
      UNION ALL
      SELECT c.grid_code, m, count(*) FROM concern c, unnest(registry_row_metrics('concern', jsonb_build_object('status', c.status))) m
      WHERE c.id > ${marks.concern} GROUP BY 1, 2
    ) x
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (grid_code, metric) DO UPDATE SET n = t.n + EXCLUDED.n`.execute(tx)
}

function stepName(t: TableName): string {
  switch (t) {
    case 'building':
    case 'room':
      return 'buildings'
    case 'household':
    case 'person':
    case 'person_residence':
      return 'people'
    case 'person_list':
      return 'lists'
    case 'rental':
    case 'tenancy':
      return 'rentals'
    case 'organization':
      return 'organizations'
    case 'facility':
      return 'facilities'
    case 'concern':
      return 'concerns'
  }
}

async function writeRows(copy: CopyFn, table: TableName, rows: Rows): Promise<number> {
  const list = rows[table]
  if (list.length === 0) return 0
  const n = await copy(target(table), list)
  // Free the round's rows as soon as they are written.
  rows[table] = []
  return n
}

/** The first id of a block this transaction will write explicitly (the table is locked). */
async function reserveFirstId(tx: Kysely<DB>, table: IdTable): Promise<number> {
  const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int8 AS id`.execute(tx)
  return Number(r.rows[0]!.id)
}

/** Moves the table's sequence past the ids written. */
async function setLastId(tx: Kysely<DB>, table: IdTable, last: number, first: number): Promise<void> {
  if (last < first) return
  await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), ${last})`.execute(tx)
}
