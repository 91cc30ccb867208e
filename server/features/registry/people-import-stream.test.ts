// The streamed CSV import (command line, benchmark): the same checks as an upload, all-or-nothing by
// default, and only the valid rows with valid_only.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, openTestDatabase, TEST_DATA_KEY, type TestDatabase } from '../../../test/helpers.ts'
import { FieldCipher, parseDataKey } from '../../infra/crypto/field-cipher.ts'
import { makeIdNumber } from '../../../shared/validation/id-number.ts'
import { importPeopleCsv } from './people-import-stream.ts'

const GRID = '630103001003001'

describe.each(BACKENDS)('streamed CSV import on %s', (backend) => {
  let t: TestDatabase
  let file: string
  const cipher = new FieldCipher([parseDataKey(TEST_DATA_KEY)])
  beforeAll(async () => {
    t = await openTestDatabase(backend)
    const lines = ['\ufeff姓名,身份证号,民族,人口类别,现住址,网格编码']
    for (let i = 0; i < 30; i++) lines.push(`流水${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]},${makeIdNumber('630105', '1966-06-06', 600 + i)},汉族,户籍人口,南关街${i}号,${GRID}`)
    lines[5] = lines[5]!.replace(',汉族,', ',火星族,')
    lines[9] = lines[9]!.replace(GRID, '999999999999999')
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-import-')), 'people.csv')
    fs.writeFileSync(file, `${lines.join('\n')}\n`)
  }, 300_000)
  afterAll(async () => t?.close())

  const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(t.database.db)).rows[0]!.n
  const opts = { scopeCode: '630100', actor: 'system', batchSize: 7 }

  it('checks without writing, refuses a file with invalid rows as a whole, and writes the valid rows on request', async () => {
    const before = await count()
    const dry = await importPeopleCsv(t.database, cipher, file, { ...opts, mode: 'all', dryRun: true })
    expect(dry).toMatchObject({ rows: 30, valid: 28, invalid: 2, written: 0, problemCounts: { not_a_code: 1, unknown_grid: 1 } })
    expect(dry.problems.map((p) => p.row)).toEqual([6, 10])
    const all = await importPeopleCsv(t.database, cipher, file, { ...opts, mode: 'all', dryRun: false })
    expect(all.written).toBe(0)
    expect(await count()).toBe(before)
    const valid = await importPeopleCsv(t.database, cipher, file, { ...opts, mode: 'valid_only', dryRun: false })
    expect(valid).toMatchObject({ written: 28, invalid: 2 })
    expect(await count()).toBe(before + 28)
    const sample = (await sql<{ id_cipher: string; residences: number }>`
      SELECT id_cipher, (SELECT count(*)::int FROM person_residence r WHERE r.person_id = p.id) AS residences FROM person p WHERE import_id = ${valid.importId} LIMIT 1`.execute(t.database.db)).rows[0]!
    expect(cipher.decrypt(sample.id_cipher, 'person.id_number')).toMatch(/^630105196606066\d{2}[\dX]$/)
    expect(sample.residences).toBe(1)
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM registry_total_drift()`.execute(t.database.db)).rows[0]!.n).toBe(0)
  })
})
