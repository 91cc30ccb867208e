// Spreadsheet imports through the real app on both backends: a report of every wrong row and field
// before anything is written; "all" refused while rows are invalid; "valid only" writes exactly the
// valid rows; a file that cannot be read is rejected with its reason; an import that fails part-way
// leaves no row behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import ExcelJS from 'exceljs'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'
import { makeIdNumber } from '../../../shared/validation/id-number.ts'
import { importSettled } from './import.service.ts'

const COMMUNITY = '630103001003'
const GRID = '630103001003001'
const HEADER = '姓名,公民身份号码,性别,民族,联系电话,人口类别,现住址,所属网格,户号,与户主关系'

let serial = 0
const SURNAMES = '王李张刘陈杨赵黄周吴马'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英'
/** A name of two or three Chinese characters, distinct enough across a file. */
const nameOf = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / 11) % GIVEN.length]}${GIVEN[Math.floor(i / 231) % GIVEN.length]}`
/** A valid, fresh ID number: birth dates spread over days so sequences never repeat in a run. */
function freshId(): string {
  serial++
  const day = new Date(Date.UTC(1950, 0, 1) + (serial % 20000) * 86_400_000).toISOString().slice(0, 10)
  return makeIdNumber('630104', day, (Math.floor(serial / 20000) * 7 + 500 + process.pid) % 1000)
}

function row(i: number, over: Partial<Record<'name' | 'id' | 'sex' | 'eth' | 'phone' | 'cat' | 'addr' | 'grid' | 'hh' | 'rel', string>> = {}): string {
  const id = over.id ?? freshId()
  const sex = Number(id[16]) % 2 === 1 ? '男' : '女'
  const v = { name: nameOf(i), id, sex, eth: '汉族', phone: '', cat: '户籍人口', addr: `南关街${i}号`, grid: GRID, hh: '', rel: '', ...over }
  return [v.name, v.id, v.sex, v.eth, v.phone, v.cat, v.addr, v.grid, v.hh, v.rel].join(',')
}

describe.each(BACKENDS)('imports on %s', (backend) => {
  let t: TestApp
  let staff: Caller
  let otherGrid: string

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const a = await createTestAccount(t, { role: 'community_staff', scopeCode: COMMUNITY })
    staff = await loginAs(t, a.username)
    otherGrid = (await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'grid' AND code NOT LIKE ${`${COMMUNITY}%`} ORDER BY code LIMIT 1`.execute(t.database.db)).rows[0]!.code
  }, 300_000)
  afterAll(async () => t?.close())

  const upload = async (body: Buffer | string, filename = 'people.csv', type = 'text/csv') => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/registry/imports?filename=${encodeURIComponent(filename)}`,
      headers: { ...staff.headers, 'content-type': type },
      payload: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    })
    return res
  }
  const settle = async (id: number) => {
    await importSettled(id)
    const res = await t.app.inject({ url: `/api/v1/registry/imports/${id}`, headers: staff.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const apply = (id: number, mode: 'all' | 'valid_only') =>
    t.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${id}/apply`, headers: staff.headers, payload: { mode } })
  const people = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(t.database.db)).rows[0]!.n
  const drift = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM registry_total_drift()`.execute(t.database.db)).rows[0]!.n

  it('reports every wrong row and field before writing, refuses "all", and writes exactly the valid rows with "valid only"', async () => {
    const dupId = freshId()
    const lines = [
      HEADER,
      row(1, { hh: 'HH-77', rel: '户主' }),
      row(2, { hh: 'HH-77', rel: '配偶', phone: '13912340000' }),
      row(3), // replaced below by a row with a wrong check character
      row(4, { id: dupId }),
      row(5, { id: dupId }),
      row(6, { grid: otherGrid }),
      row(7, { id: makeIdNumber('630104', '2001-02-28', 301).replace('20010228', '20010230') }),
      row(8, { eth: '火星族', phone: '123' }),
      row(9, { name: '' }),
      row(10, { sex: '女', id: makeIdNumber('630104', '1980-01-01', 311) }),
    ]
    // Row 4 of the sheet (index 3): a wrong check character, for sure.
    const good = freshId()
    lines[3] = row(3, { id: good.slice(0, 17) + (good[17] === '0' ? '1' : '0') })
    const before = await people()
    const res = await upload(`\ufeff${lines.join('\r\n')}\r\n`)
    expect(res.statusCode, res.body).toBe(202)
    const job = await settle(res.json().id)
    expect(job.status).toBe('validated')
    expect(job).toMatchObject({ rowsTotal: 10, rowsValid: 3, rowsInvalid: 7 })
    const byRow = (r: number) => job.problems.filter((p: { row: number }) => p.row === r).map((p: { field: string; problem: string }) => `${p.field}:${p.problem}`)
    expect(byRow(4)).toEqual(['idNumber:bad_check_digit'])
    expect(byRow(6)).toEqual(['idNumber:duplicate_in_file'])
    expect(byRow(7)).toEqual(['gridCode:unknown_grid'])
    expect(byRow(8)).toContain('idNumber:bad_date')
    expect(byRow(9)).toEqual(expect.arrayContaining(['ethnicity:not_a_code', 'phone:wrong_length']))
    expect(byRow(9).every((x: string) => /^(ethnicity|phone):/.test(x))).toBe(true)
    expect(byRow(10)).toEqual(['name:required'])
    expect(byRow(11)).toEqual(['sex:sex_mismatch'])
    expect(job.columns.map((c: { field: string | null }) => c.field)).toEqual(['name', 'idNumber', 'sex', 'ethnicity', 'phone', 'residenceCategory', 'address', 'gridCode', 'householdNo', 'relation'])
    // The whole report pages through GET …/problems.
    const all = (await t.app.inject({ url: `/api/v1/registry/imports/${job.id}/problems?limit=3`, headers: staff.headers })).json()
    expect(all.total).toBe(job.problems.length)
    expect(all.items).toHaveLength(3)
    expect(await people()).toBe(before)

    const refused = await apply(job.id, 'all')
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.details[0].problem).toBe('has_invalid_rows')
    expect(await people()).toBe(before)

    const started = await apply(job.id, 'valid_only')
    expect(started.statusCode, started.body).toBe(202)
    const done = await settle(job.id)
    expect(done, JSON.stringify(done.error)).toMatchObject({ status: 'done', rowsWritten: 3 })
    expect(await people()).toBe(before + 3)
    const written = await sql<{ household_id: number | null; relation: string | null; grid_code: string; residences: number }>`
      SELECT household_id, relation, grid_code, (SELECT count(*)::int FROM person_residence r WHERE r.person_id = p.id) AS residences
      FROM person p WHERE import_id = ${job.id} ORDER BY id`.execute(t.database.db)
    expect(written.rows.map((r) => r.grid_code)).toEqual([GRID, GRID, GRID])
    expect(written.rows[0]!.household_id).not.toBeNull()
    expect(written.rows[0]!.household_id).toBe(written.rows[1]!.household_id)
    expect(written.rows.map((r) => r.relation)).toEqual(['02', '10', null])
    expect(written.rows.every((r) => r.residences === 1)).toBe(true)
    expect(await drift()).toBe(0)
    // A second apply of a finished import is refused.
    expect((await apply(job.id, 'valid_only')).statusCode).toBe(409)
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'registry.import.apply' AND target = ${`import:${job.id}`} AND outcome = 'success'`.execute(t.database.db)
    expect(audit.rows[0]!.n).toBe(1)
  })

  it('rejects files that cannot be read as a people sheet, with the reason, and writes nothing', async () => {
    const before = await people()
    const empty = await upload(Buffer.alloc(0), 'empty.csv')
    expect(empty.statusCode).toBe(400)
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))
    const renamed = await settle((await upload(binary, 'people.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).json().id)
    expect(renamed.status).toBe('rejected')
    expect(renamed.fileProblems.map((p: { code: string }) => p.code)).toContain('not_a_spreadsheet')
    const wrongHeaders = await settle((await upload(`名字,电话号码,地址\n张三,13900000000,某地\n`)).json().id)
    expect(wrongHeaders.status).toBe('rejected')
    expect(wrongHeaders.fileProblems).toContainEqual(expect.objectContaining({ code: 'missing_column' }))
    const headerOnly = await settle((await upload(`${HEADER}\n`)).json().id)
    expect(headerOnly.status).toBe('rejected')
    expect((await apply(renamed.id, 'valid_only')).statusCode).toBe(409)
    expect(await people()).toBe(before)
  })

  it('marks formulas and merged cells of a workbook as invalid rows', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('人口')
    ws.addRow(HEADER.split(','))
    ws.addRow(row(1).split(','))
    const formulaRow = ws.addRow(row(2).split(','))
    formulaRow.getCell(1).value = { formula: 'CONCATENATE("张","三")', result: '张三' }
    ws.addRow(row(3).split(','))
    ws.addRow(row(4).split(','))
    ws.mergeCells('G4:G5')
    const file = Buffer.from(await wb.xlsx.writeBuffer())
    const job = await settle((await upload(file, 'people.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).json().id)
    expect(job.status).toBe('validated')
    expect(job.problemCounts.formula).toBe(1)
    expect(job.problemCounts.merged_cells).toBeGreaterThanOrEqual(1)
    expect(job.rowsValid).toBe(1)
  })

  it('leaves no row behind when an import fails part-way through', async () => {
    const ids = Array.from({ length: 6_200 }, () => freshId())
    const csv = [HEADER, ...ids.map((id, i) => row(i, { id }))].join('\n')
    const job = await settle((await upload(csv)).json().id)
    expect(job).toMatchObject({ status: 'validated', rowsValid: 6_200, rowsInvalid: 0 })
    // Someone registers the person of the last row meanwhile: the import's first batch is written,
    // the second finds the duplicate, and the whole transaction rolls back.
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/people',
      headers: staff.headers,
      payload: { name: '后来者', idNumber: ids.at(-1), ethnicity: '01', residenceCategory: 'registered', address: '南关街1号', gridCode: GRID },
    })
    expect(late.statusCode, late.body).toBe(201)
    const before = await people()
    const totalsBefore = (await sql<{ s: number }>`SELECT coalesce(sum(n), 0)::int AS s FROM registry_total`.execute(t.database.db)).rows[0]!.s
    expect((await apply(job.id, 'all')).statusCode).toBe(202)
    const failed = await settle(job.id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/invalid/)
    expect(await people()).toBe(before)
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM person WHERE import_id = ${job.id}`.execute(t.database.db)).rows[0]!.n).toBe(0)
    expect((await sql<{ s: number }>`SELECT coalesce(sum(n), 0)::int AS s FROM registry_total`.execute(t.database.db)).rows[0]!.s).toBe(totalsBefore)
    // The valid rows can still be imported.
    expect((await apply(job.id, 'valid_only')).statusCode).toBe(202)
    expect(await settle(job.id)).toMatchObject({ status: 'done', rowsWritten: 6_199 })
    expect(await drift()).toBe(0)
  })

  it('keeps imports to their area: another community cannot see the job', async () => {
    const job = await settle((await upload(`${HEADER}\n${row(1)}\n`)).json().id)
    const other = await createTestAccount(t, { role: 'community_staff', scopeCode: otherGrid.slice(0, 12) })
    const res = await t.app.inject({ url: `/api/v1/registry/imports/${job.id}`, headers: (await loginAs(t, other.username)).headers })
    expect(res.statusCode).toBe(404)
  })
})
