// COPY inside a transaction, on both backends: values round-trip, and a COPY takes part in the
// transaction of the Kysely queries around it (a throw or a constraint violation rolls back both).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/helpers.ts'
import { bulkTransaction, copyText, type CopyValue } from './copy.ts'

describe('copyText', () => {
  it('escapes backslash, tab, newline and carriage return; null is \\N', () => {
    expect(copyText(null)).toBe('\\N')
    expect(copyText('')).toBe('')
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e')
    expect(copyText('\\N')).toBe('\\\\N')
    expect(copyText('西宁 𠮷')).toBe('西宁 𠮷')
    expect(copyText(12)).toBe('12')
    expect(copyText(-1.5)).toBe('-1.5')
    expect(copyText(true)).toBe('t')
    expect(copyText(false)).toBe('f')
    expect(copyText(new Date(Date.UTC(2024, 1, 29, 12, 30, 0, 5)))).toBe('2024-02-29T12:30:00.005Z')
    expect(() => copyText(Number.NaN)).toThrow(/finite/)
  })
})

interface ScratchRow {
  id: number
  label: string | null
  n: number | null
  flag: boolean | null
  at: Date | null
}

const COLUMNS = ['id', 'label', 'n', 'flag', 'at']

describe.each(BACKENDS)('bulkTransaction on %s', (backend) => {
  let t: TestDatabase
  let db: Kysely<any>
  let serial = 0
  /** A fresh scratch table per test: unique id, a check on n. */
  const scratch = async () => {
    const table = `copy_scratch_${++serial}`
    await sql
      .raw(`CREATE TABLE ${table} (id integer PRIMARY KEY, label text, n double precision CHECK (n IS NULL OR n >= 0), flag boolean, at timestamptz)`)
      .execute(db)
    return table
  }
  const rowsOf = async (table: string) =>
    (await sql<ScratchRow>`SELECT id, label, n, flag, at FROM ${sql.table(table)} ORDER BY id`.execute(db)).rows

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    db = t.database.db
  })
  afterAll(async () => {
    await t?.close()
  })

  it('round-trips tabs, newlines, backslashes, unicode, empty strings and nulls', async () => {
    const table = await scratch()
    const values: CopyValue[][] = [
      [1, 'tab\there', 0, true, new Date('2024-02-29T12:30:00.005Z')],
      [2, 'line\nbreak\r\nwindows', 1.25, false, null],
      [3, 'back\\slash \\N \\t \\\\ \\.', null, null, null],
      [4, '\\N', 3, null, null],
      [5, '', 4, null, null],
      [6, null, 5, null, null],
      [7, '西宁市城东区 东关大街12号 阿依古丽·买买提 𠅤𪚥 🏔️', 6, true, null],
      [8, '\\.', 7, null, null],
      [9, 'ends with backslash \\', 8, null, null],
    ]
    const written = await bulkTransaction(t.database, async (_tx, copy) => copy({ table, columns: COLUMNS }, values))
    expect(written).toBe(values.length)
    const rows = await rowsOf(table)
    expect(rows.map((r) => [r.id, r.label, r.n, r.flag, r.at === null ? null : new Date(r.at).toISOString()])).toEqual(
      values.map((v) => [v[0], v[1], v[2], v[3], v[4] instanceof Date ? v[4].toISOString() : v[4]]),
    )
  })

  it('runs COPY in the same transaction as the Kysely queries, and commits both', async () => {
    const table = await scratch()
    const seen = await bulkTransaction(t.database, async (tx, copy) => {
      await sql`INSERT INTO ${sql.table(table)} (id, label) VALUES (0, 'kysely')`.execute(tx)
      await copy({ table, columns: ['id', 'label'] }, [[1, 'copy'], [2, 'copy']])
      // The transaction sees its own copied rows.
      return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx)).rows[0]!.n
    })
    expect(seen).toBe(3)
    expect((await rowsOf(table)).map((r) => r.label)).toEqual(['kysely', 'copy', 'copy'])
  })

  it('rolls back the copied rows and the Kysely writes when fn throws after the COPY', async () => {
    const table = await scratch()
    await expect(
      bulkTransaction(t.database, async (tx, copy) => {
        await sql`INSERT INTO ${sql.table(table)} (id, label) VALUES (0, 'kysely')`.execute(tx)
        const n = await copy({ table, columns: ['id', 'label'] }, function* () {
          for (let i = 1; i <= 1000; i++) yield [i, `row ${i}`]
        }())
        expect(n).toBe(1000)
        await sql`INSERT INTO ${sql.table(table)} (id, label) VALUES (5000, 'kysely after')`.execute(tx)
        throw new Error('boom after copy')
      }),
    ).rejects.toThrow('boom after copy')
    expect(await rowsOf(table)).toEqual([])
    // The database is usable afterwards (the connection went back clean).
    await sql`INSERT INTO ${sql.table(table)} (id) VALUES (1)`.execute(db)
    expect((await rowsOf(table)).length).toBe(1)
  })

  it('rolls back everything and surfaces the error when a COPY violates a constraint', async () => {
    const table = await scratch()
    const err = await bulkTransaction(t.database, async (tx, copy) => {
      await sql`INSERT INTO ${sql.table(table)} (id, label) VALUES (0, 'kysely')`.execute(tx)
      await copy({ table, columns: ['id', 'label'] }, [[1, 'first copy'], [2, 'first copy']])
      // id 2 again: a primary-key violation in the middle of the second COPY.
      await copy({ table, columns: ['id', 'label'] }, [[3, 'second'], [2, 'duplicate'], [4, 'second']])
      return 'not reached'
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as { code?: string }).code).toBe('23505')
    expect(await rowsOf(table)).toEqual([])

    const check = await bulkTransaction(t.database, async (_tx, copy) => copy({ table, columns: ['id', 'n'] }, [[1, 1], [2, -1]])).catch(
      (e: unknown) => e,
    )
    expect((check as { code?: string }).code).toBe('23514')
    expect(await rowsOf(table)).toEqual([])
  })

  it('rolls back when an async row source fails midway, with the source error', async () => {
    const table = await scratch()
    async function* failing() {
      for (let i = 1; i <= 50_000; i++) {
        if (i === 40_000) throw new Error('source failed')
        yield [i, `x`.repeat(40)] as CopyValue[]
      }
    }
    await expect(bulkTransaction(t.database, async (_tx, copy) => copy({ table, columns: ['id', 'label'] }, failing()))).rejects.toThrow(
      'source failed',
    )
    expect(await rowsOf(table)).toEqual([])
    await sql`INSERT INTO ${sql.table(table)} (id) VALUES (1)`.execute(db)
    expect((await rowsOf(table)).length).toBe(1)
  })

  it('writes large copies in several pieces and statements, all counted', async () => {
    const table = await scratch()
    // ~70 MB of text: more than one CopyData piece on PostgreSQL and more than one COPY statement on PGlite.
    const filler = '网格化社会治理 grid governance\\'.repeat(40)
    const total = 70_000
    const n = await bulkTransaction(t.database, async (_tx, copy) =>
      copy({ table, columns: ['id', 'label', 'n'] }, function* () {
        for (let i = 1; i <= total; i++) yield [i, `${i}|${filler}`, i]
      }()),
    )
    expect(n).toBe(total)
    const r = await sql<{ n: number; sum: number; ok: number }>`
      SELECT count(*)::int AS n, sum(n)::float8 AS sum,
             count(*) FILTER (WHERE label = id::text || '|' || ${filler})::int AS ok
      FROM ${sql.table(table)}`.execute(db)
    expect(r.rows[0]).toEqual({ n: total, sum: (total * (total + 1)) / 2, ok: total })
  })

  it('refuses a nested transaction on the bound Kysely', async () => {
    await expect(bulkTransaction(t.database, async (tx) => tx.transaction().execute(async () => 1))).rejects.toThrow(/already inside a transaction/)
  })

  it('refuses rows of the wrong width and names that are not identifiers', async () => {
    const table = await scratch()
    await expect(bulkTransaction(t.database, async (_tx, copy) => copy({ table, columns: ['id', 'label'] }, [[1]]))).rejects.toThrow(
      /row 1 has 1 values for 2 columns/,
    )
    await expect(bulkTransaction(t.database, async (_tx, copy) => copy({ table: `${table}; DROP TABLE x`, columns: ['id'] }, [[1]]))).rejects.toThrow(
      /not an identifier/,
    )
    expect(await rowsOf(table)).toEqual([])
  })
})
