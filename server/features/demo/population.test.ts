// The demo population in a demo-seeded database, on each backend: what it writes matches what it
// reports, ID numbers and phones are sealed as the registry stores them, every building lies in its
// grid, registry_total is exact, the output is the generator's (deterministic), and a failure
// leaves nothing behind.
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/helpers.ts'
import { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { isListCode, validateListFields } from '../../../shared/registry/lists.ts'
import { parseCreditCode, parseIdNumber, parsePhone } from '../../../shared/validation/index.ts'
import { maskIdNumber, maskPhone } from '../privacy/mask.ts'
import { loadGrids, seedDemoPopulation, type PopulationResult } from './population.ts'
import { generateGrid, newContext, type Secrets } from './population/generate.ts'
import { planGrids } from './population/plan.ts'
import { emptyRows, col } from './population/tables.ts'

const KEY = { id: 'test', key: Buffer.alloc(32, 7) }
const cipher = new FieldCipher([KEY])
const TODAY = '2026-11-26'
const RESIDENTS = 3_000
const SEED = 42

const count = async (t: TestDatabase, table: string, where = 'true') =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${sql.raw(where)}`.execute(t.database.db)).rows[0]!.n

const triggersEnabled = async (t: TestDatabase) =>
  (
    await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
      WHERE NOT g.tgisinternal AND g.tgenabled = 'O' AND c.relname IN ('person', 'person_list', 'building', 'household', 'organization', 'facility', 'concern')`.execute(t.database.db)
  ).rows[0]!.n

/** Every constraint and index of the registry tables, as definitions. */
const constraintsAndIndexes = async (t: TestDatabase) =>
  (
    await sql<{ d: string }>`
      SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS d FROM pg_constraint c
      WHERE c.conrelid::regclass::text IN ('building', 'room', 'household', 'person', 'person_residence', 'person_list', 'rental', 'tenancy', 'organization', 'facility', 'concern')
      UNION ALL
      SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
      WHERE i.indrelid::regclass::text IN ('building', 'room', 'household', 'person', 'person_residence', 'person_list', 'rental', 'tenancy', 'organization', 'facility', 'concern')
      ORDER BY 1`.execute(t.database.db)
  ).rows.map((r) => r.d)

describe.each(BACKENDS)('demo population on %s', (backend) => {
  let before: string[]
  let t: TestDatabase
  let result: PopulationResult
  const progress: string[] = []

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    before = await constraintsAndIndexes(t)
    // Encryption in a worker thread, bulk load (the defaults of a full seed).
    result = await seedDemoPopulation(t.database, cipher, {
      residents: RESIDENTS,
      seed: SEED,
      today: TODAY,
      dataKeys: [KEY],
      threads: 1,
      onProgress: (_done, _total, step) => {
        if (progress.at(-1) !== step) progress.push(step)
      },
    })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('writes what it reports, everywhere in the city', async () => {
    expect(result.persons).toBe(RESIDENTS)
    const tables: [string, number][] = [
      ['building', result.buildings],
      ['room', result.rooms],
      ['household', result.households],
      ['person', result.persons],
      ['person_residence', result.residences],
      ['person_list', result.listEntries],
      ['rental', result.rentals],
      ['tenancy', result.tenancies],
      ['organization', result.organizations],
      ['facility', result.facilities],
      ['concern', result.concerns],
    ]
    for (const [table, n] of tables) {
      expect(n, table).toBeGreaterThan(0)
      expect(await count(t, table), table).toBe(n)
    }
    // 3,000 residents over 2,879 grids: every urban grid has people, most villages too.
    const empty = await sql<{ urban: number; peopled: number }>`
      SELECT count(*) FILTER (WHERE a.kind = 'urban' AND NOT EXISTS (SELECT 1 FROM person p WHERE p.grid_code = a.code))::int AS urban,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM person p WHERE p.grid_code = a.code))::int AS peopled
      FROM current_area g JOIN area a ON a.code = g.code
      WHERE g.level = 'grid' AND g.path LIKE '630100.%'`.execute(t.database.db)
    expect(empty.rows[0]).toEqual({ urban: 0, peopled: expect.any(Number) })
    expect(empty.rows[0]!.peopled).toBeGreaterThan(2_000)
    expect(progress).toEqual(expect.arrayContaining(['plan', 'points', 'buildings', 'people', 'lists', 'organizations', 'facilities', 'concerns', 'analyze']))
    expect(result.points.refilled).toBe(0)
  })

  it('seals ID numbers and phones as the registry stores them', async () => {
    const rows = (
      await sql<{
        id_cipher: string
        id_index: string
        id_masked: string
        birth_date: string
        sex: string
        phone_cipher: string | null
        phone_index: string | null
        phone_masked: string | null
      }>`SELECT id_cipher, id_index, id_masked, birth_date::text AS birth_date, sex, phone_cipher, phone_index, phone_masked FROM person`.execute(t.database.db)
    ).rows
    expect(rows.length).toBe(RESIDENTS)
    const problems: string[] = []
    for (const r of rows) {
      const id = cipher.decrypt(r.id_cipher, 'person.id_number')
      const parsed = parseIdNumber(id, { today: TODAY })
      if (!parsed.ok) problems.push(`invalid ID number (${parsed.problems.join(', ')})`)
      else if (parsed.birthDate !== r.birth_date || (parsed.sex === 'male' ? '1' : '2') !== r.sex) problems.push('ID number does not match birth date or sex')
      if (cipher.blindIndex(id, 'person.id_number') !== r.id_index) problems.push('wrong blind index')
      if (maskIdNumber(id) !== r.id_masked) problems.push('wrong mask')
      if (r.phone_cipher !== null) {
        const phone = cipher.decrypt(r.phone_cipher, 'person.phone')
        if (!parsePhone(phone).ok) problems.push('invalid phone')
        if (cipher.blindIndex(phone, 'person.phone') !== r.phone_index || maskPhone(phone) !== r.phone_masked) problems.push('wrong phone index or mask')
      }
    }
    expect(problems.slice(0, 5)).toEqual([])
    expect(new Set(rows.map((r) => r.id_index)).size).toBe(rows.length)
    const orgPhones = (await sql<{ phone_cipher: string }>`SELECT phone_cipher FROM organization WHERE phone_cipher IS NOT NULL`.execute(t.database.db)).rows
    expect(orgPhones.length).toBeGreaterThan(0)
    for (const o of orgPhones) expect(parsePhone(cipher.decrypt(o.phone_cipher, 'organization.phone')).ok).toBe(true)
  })

  it('places every building and facility inside its grid, and everyone in their building’s grid', async () => {
    const db = t.database.db
    const outside = await sql<{ buildings: number; facilities: number; organizations: number }>`
      SELECT (SELECT count(*) FROM building b JOIN current_area g ON g.code = b.grid_code WHERE NOT ST_Contains(g.geom, b.location))::int AS buildings,
             (SELECT count(*) FROM facility f JOIN current_area g ON g.code = f.grid_code WHERE NOT ST_Contains(g.geom, f.location))::int AS facilities,
             (SELECT count(*) FROM organization o JOIN current_area g ON g.code = o.grid_code WHERE NOT ST_Contains(g.geom, o.location))::int AS organizations`.execute(db)
    expect(outside.rows[0]).toEqual({ buildings: 0, facilities: 0, organizations: 0 })
    const mismatched = await sql<{ persons: number; households: number; residences: number; rentals: number }>`
      SELECT (SELECT count(*) FROM person p JOIN room r ON r.id = p.room_id JOIN building b ON b.id = r.building_id WHERE b.grid_code <> p.grid_code)::int AS persons,
             (SELECT count(*) FROM household h JOIN room r ON r.id = h.room_id JOIN building b ON b.id = r.building_id WHERE b.grid_code <> h.grid_code)::int AS households,
             (SELECT count(*) FROM person_residence x JOIN person p ON p.id = x.person_id WHERE x.grid_code <> p.grid_code OR x.room_id <> p.room_id)::int AS residences,
             (SELECT count(*) FROM rental x JOIN room r ON r.id = x.room_id JOIN building b ON b.id = r.building_id WHERE b.grid_code <> x.grid_code)::int AS rentals`.execute(db)
    expect(mismatched.rows[0]).toEqual({ persons: 0, households: 0, residences: 0, rentals: 0 })
    // Tenants live in the rented home; one current stay per active person.
    const tenancy = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM tenancy y JOIN rental x ON x.id = y.rental_id JOIN person p ON p.id = y.person_id WHERE p.room_id <> x.room_id`.execute(db)
    expect(tenancy.rows[0]!.n).toBe(0)
    expect(await count(t, 'person_residence', 'valid_to IS NULL')).toBe(await count(t, 'person', "status = 'active'"))
  })

  it('keeps list fields, credit codes and registry totals valid', async () => {
    const db = t.database.db
    const entries = (await sql<{ list_code: string; fields: unknown }>`SELECT list_code, fields FROM person_list`.execute(db)).rows
    const bad = entries.filter((e) => {
      const fields = typeof e.fields === 'string' ? JSON.parse(e.fields) : e.fields
      return !isListCode(e.list_code) || !validateListFields(e.list_code, fields).ok
    })
    expect(bad).toEqual([])
    const codes = (await sql<{ credit_code: string }>`SELECT credit_code FROM organization WHERE credit_code IS NOT NULL`.execute(db)).rows.map((r) => r.credit_code)
    expect(codes.length).toBeGreaterThan(0)
    expect(codes.filter((c) => !parseCreditCode(c).ok)).toEqual([])
    expect(await count(t, 'registry_total_drift()')).toBe(0)
    const total = await sql<{ n: number }>`SELECT coalesce(sum(n), 0)::int AS n FROM registry_total WHERE metric = 'person'`.execute(db)
    expect(total.rows[0]!.n).toBe(await count(t, 'person', "status = 'active'"))
    // The counting triggers are on again, the foreign keys and indexes back as they were.
    expect(await triggersEnabled(t)).toBe(21)
    expect(await constraintsAndIndexes(t)).toEqual(before)
    expect(before.filter((d) => d.includes('FOREIGN KEY')).length).toBeGreaterThanOrEqual(15)
  })

  it('writes exactly what the generator makes for the seed (deterministic)', async () => {
    const db = t.database.db
    const stored = (await sql<{ name: string; id_cipher: string }>`SELECT name, id_cipher FROM person ORDER BY id`.execute(db)).rows
    const fromDb = crypto.createHash('sha256')
    for (const r of stored) fromDb.update(`${r.name}|${cipher.decrypt(r.id_cipher, 'person.id_number')}\n`)
    // The same seed, count and date without a database: the same people.
    const plans = planGrids(await loadGrids(db), RESIDENTS, SEED)
    for (const p of plans) p.facilityPoints = Array.from({ length: p.facilities }, () => [0, 0] as [number, number])
    const ctx = newContext(SEED, Date.parse(`${TODAY}T00:00:00Z`), { building: 1, room: 1, household: 1, person: 1, rental: 1 })
    const rows = emptyRows()
    const secrets: Secrets = { personIds: [], personPhones: [], organizationPhones: [] }
    for (const p of plans) generateGrid(p, ctx, rows, secrets)
    const pure = crypto.createHash('sha256')
    rows.person.forEach((r, i) => pure.update(`${r[col('person', 'name')] as string}|${secrets.personIds[i]}\n`))
    expect(fromDb.digest('hex')).toBe(pure.digest('hex'))
  })

  it('refuses a city that already has people', async () => {
    await expect(seedDemoPopulation(t.database, cipher, { residents: 10, today: TODAY })).rejects.toThrow(/already has people/)
    expect(await count(t, 'person')).toBe(RESIDENTS)
  })
})

describe.each(BACKENDS)('demo population failures and trigger counting on %s', (backend) => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await openTestDatabase(backend)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('leaves nothing when it fails midway, then counts through the triggers', async () => {
    const constraints = await constraintsAndIndexes(t)
    const failing = seedDemoPopulation(t.database, cipher, {
      residents: 1_500,
      today: TODAY,
      onProgress: (_d, _t, step) => {
        if (step === 'lists') throw new Error('interrupted')
      },
    })
    await expect(failing).rejects.toThrow('interrupted')
    for (const table of ['building', 'room', 'household', 'person', 'person_residence', 'person_list', 'registry_total']) expect(await count(t, table), table).toBe(0)
    expect(await triggersEnabled(t)).toBe(21)
    // The foreign keys and indexes set aside for the load are all back.
    expect(await constraintsAndIndexes(t)).toEqual(constraints)

    const r = await seedDemoPopulation(t.database, cipher, { residents: 1_500, today: TODAY, load: 'plain' })
    expect(r.persons).toBe(1_500)
    expect(await count(t, 'registry_total_drift()')).toBe(0)
    expect(await count(t, 'registry_total')).toBeGreaterThan(0)
  })

  it('refuses data keys that are not the cipher’s', async () => {
    await expect(
      seedDemoPopulation(t.database, cipher, { residents: 10, today: TODAY, dataKeys: [{ id: 'test', key: Buffer.alloc(32, 8) }], threads: 1 }),
    ).rejects.toThrow(/not the cipher’s keys/)
  })
})
