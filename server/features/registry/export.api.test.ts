// Exporting people to Excel through the real app: masked by default, formulas neutralised, headers the
// import reads again; unmasked columns only with the right, a reason and a fresh re-authentication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, createTestAccount, loginAs, type Caller, type TestApp } from '../../../test/helpers.ts'
import { makeIdNumber } from '../../../shared/validation/id-number.ts'
import { PERSON_COLUMNS, mapHeaders, readSheet } from './sheets/index.ts'

const COMMUNITY = '630103001003'
const GRID = '630103001003001'

describe.each(BACKENDS)('people export on %s', (backend) => {
  let t: TestApp
  let staff: Caller
  let fresh: Caller
  let worker: Caller
  const ids = [makeIdNumber('630103', '1971-03-04', 511), makeIdNumber('630103', '1985-11-30', 522)]

  beforeAll(async () => {
    t = await buildTestApp(backend)
    const a = await createTestAccount(t, { role: 'community_staff', scopeCode: COMMUNITY })
    const w = await createTestAccount(t, { role: 'grid_worker', scopeCode: GRID })
    staff = await loginAs(t, a.username, { reauth: true })
    fresh = await loginAs(t, a.username)
    worker = await loginAs(t, w.username)
    for (const [i, idNumber] of ids.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/people',
        headers: staff.headers,
        payload: { name: i === 0 ? '导出甲' : '导出乙', idNumber, phone: '13600001111', ethnicity: '回族', residenceCategory: 'registered', address: '南关街3号', gridCode: GRID, workplace: i === 0 ? '=HYPERLINK("http://x","点我")' : '西宁市第一中学' },
      })
      expect(res.statusCode, res.body).toBe(201)
    }
  }, 300_000)
  afterAll(async () => t?.close())

  const exportAs = (caller: Caller, body: object) => t.app.inject({ method: 'POST', url: '/api/v1/registry/people/export', headers: caller.headers, payload: body })

  it('exports masked, neutralises formulas, and writes the headers the import reads', async () => {
    const res = await exportAs(staff, { filters: { q: '导出' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const sheet = await readSheet(res.rawPayload)
    expect(sheet.rows).toHaveLength(2)
    const col = (h: string) => sheet.headers.indexOf(h)
    const idCells = sheet.rows.map((r) => r.cells[col('公民身份号码')])
    expect(idCells.sort()).toEqual(ids.map((id) => `${id.slice(0, 6)}********${id.slice(14)}`).sort())
    expect(sheet.rows.map((r) => r.cells[col('联系电话')])).toEqual(['136****1111', '136****1111'])
    expect(sheet.rows.map((r) => r.cells[col('民族')])).toEqual(['回族', '回族'])
    const formula = sheet.rows.map((r) => r.cells[col('工作单位')]).find((c) => c?.includes('HYPERLINK'))
    expect(formula?.startsWith("'=")).toBe(true)
    expect(sheet.problems.filter((p) => p.code === 'formula')).toEqual([])
    expect(mapHeaders(sheet.headers, PERSON_COLUMNS).problems.filter((p) => p.level !== 'warning')).toEqual([])
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.export'`.execute(t.database.db)
    expect(audit.rows[0]!.n).toBeGreaterThan(0)
  })

  it('unmasks only with the right, a reason and a fresh re-authentication', async () => {
    expect((await exportAs(worker, { filters: {}, unmask: ['idNumber'], reason: '核对户籍信息' })).statusCode).toBe(403)
    expect((await exportAs(staff, { filters: { q: '导出' }, unmask: ['idNumber'] })).statusCode).toBe(400)
    expect((await exportAs(fresh, { filters: { q: '导出' }, unmask: ['idNumber'], reason: '核对户籍信息' })).json().error.code).toBe('reauth_required')
    const res = await exportAs(staff, { filters: { q: '导出' }, unmask: ['idNumber', 'phone'], reason: '核对户籍信息' })
    expect(res.statusCode).toBe(200)
    const sheet = await readSheet(res.rawPayload)
    const col = sheet.headers.indexOf('公民身份号码')
    expect(sheet.rows.map((r) => r.cells[col]).sort()).toEqual([...ids].sort())
    const audit = await sql<{ detail: { reason?: string; unmasked: string[] } }>`
      SELECT detail FROM audit_event WHERE action = 'person.export' ORDER BY seq DESC LIMIT 1`.execute(t.database.db)
    expect(audit.rows[0]!.detail).toMatchObject({ reason: '核对户籍信息', unmasked: ['idNumber', 'phone'] })
  })

  it('exports nothing outside the scope and refuses filters that widen it', async () => {
    const otherCommunity = (await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'community' AND code <> ${COMMUNITY} ORDER BY code LIMIT 1`.execute(t.database.db)).rows[0]!.code
    const other = await createTestAccount(t, { role: 'community_staff', scopeCode: otherCommunity })
    const caller = await loginAs(t, other.username)
    const res = await exportAs(caller, { filters: { q: '导出' } })
    expect(res.statusCode).toBe(200)
    expect((await readSheet(res.rawPayload)).rows).toHaveLength(0)
    expect((await exportAs(caller, { filters: { areaCode: COMMUNITY } })).statusCode).toBe(404)
    expect((await exportAs(caller, { filters: { gridCode: GRID } })).statusCode).toBe(400)
  })
})
