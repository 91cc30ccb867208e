// The registry's spreadsheet import and export in Debian Chromium against the real server: a community
// work station uploads a CSV with two bad rows (a wrong check digit, an unknown grid), reads the
// report naming both with their rows, cannot import all rows, imports the valid ones and finds one of
// them by the exact ID number; the template downloads; a binary file named .xlsx and a sheet without
// 公民身份号码 are rejected with the reason; the search is exported to Excel, masked, and in full after
// re-authentication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core'
import * as ui from './ui.ts'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createTestAccount, loginAs, type Caller, type TestAccount } from '../../test/helpers.ts'
import { TOTP_PERIOD, totpCode } from '../../server/features/accounts/totp.ts'
import { readSheet } from '../../server/features/registry/sheets/index.ts'
import { makeIdNumber } from '../../shared/validation/id-number.ts'

/** 南关街社区 (城中区 人民街街道) and its first grid. */
const COMMUNITY = '630103001003'
const GRID = '630103001003001'

// Fresh valid ID numbers: a birth date and sequence of this process, unique within the file.
const pid = process.pid
const birthDate = `19${String(40 + (pid % 50)).padStart(2, '0')}-${String(1 + (pid % 12)).padStart(2, '0')}-${String(1 + (pid % 28)).padStart(2, '0')}`
let serial = Math.floor(pid / 7) % 500
const freshId = () => makeIdNumber('630103', birthDate, serial++ % 1000)
const mistyped = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`

describe('registry import and export in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let context: BrowserContext | undefined
  let page: Page
  let errors: string[] = []

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const newPage = async (opts: { cookie?: string } = {}) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
    if (opts.cookie) {
      const [pair] = opts.cookie.split(';')
      const i = pair!.indexOf('=')
      await context.addCookies([{ name: pair!.slice(0, i), value: pair!.slice(i + 1), url: server.url, httpOnly: true, sameSite: 'Strict' }])
    }
    page = await context.newPage()
    errors = []
    page.on('pageerror', (e) => errors.push(e.message))
  }
  const close = async () => {
    await context?.close()
    context = undefined
  }

  // A TOTP code is accepted once per account and 30-second step.
  const lastStep = new Map<string, number>()
  const freshCode = async (secret: string): Promise<string> => {
    const last = lastStep.get(secret)
    let now = Date.now()
    if (last !== undefined && Math.floor(now / 1000 / TOTP_PERIOD) <= last) {
      await new Promise((r) => setTimeout(r, (last + 1) * TOTP_PERIOD * 1000 - now + 300))
      now = Date.now()
    }
    lastStep.set(secret, Math.floor(now / 1000 / TOTP_PERIOD))
    return totpCode(secret, now)
  }

  const logIn = async (a: TestAccount) => {
    await page.getByTestId('login-username').fill(a.username)
    await page.getByTestId('login-password').fill(a.password)
    await page.getByTestId('login-submit').click()
    await expect.poll(() => page.getByTestId('login-step').getAttribute('data-stage'), { timeout: 30_000 }).toBe('totp')
    await page.getByTestId('totp-code').fill(await freshCode(a.totpSecret))
    await page.getByTestId('totp-submit').click()
    await page.getByTestId('user-menu').waitFor({ timeout: 30_000 })
  }

  const clickUntil = ui.clickUntil

  const report = () => page.getByTestId('import-report')
  const reportStatus = () => report().getAttribute('data-status')

  /** Puts a file into the drop zone's file input. */
  const upload = async (name: string, mimeType: string, buffer: Buffer) => {
    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles({ name, mimeType, buffer })
  }

  const problemsShown = () =>
    page.getByTestId('import-problem').evaluateAll((rows) =>
      rows.map((r) => ({
        row: r.getAttribute('data-row'),
        field: r.getAttribute('data-field'),
        problem: r.getAttribute('data-problem'),
        column: r.querySelector('[data-testid="import-problem-column"]')?.textContent ?? '',
        text: r.querySelector('[data-testid="import-problem-text"]')?.textContent ?? '',
      })),
    )

  const contentOf = async (download: Download): Promise<Buffer> => {
    const stream = await download.createReadStream()
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
    return Buffer.concat(chunks)
  }

  const registerByApi = async (caller: Caller, over: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/api/v1/registry/people`, {
      method: 'POST',
      headers: { ...caller.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '马丽', idNumber: freshId(), ethnicity: '回族', residenceCategory: '户籍人口', address: '南关街8号1单元102室', gridCode: GRID, phone: '13709710003', ...over }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { id: number; name: string }
  }

  it('imports a community\'s spreadsheet: the report names the bad rows, only the valid rows are imported, and they are found', async () => {
    const staff = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY, displayName: '南关街工作站' })
    const ids = Array.from({ length: 6 }, freshId)
    const street = `导入测试巷${pid}`
    // Header row 1; data rows 2–7. Row 4: a mistyped ID number; row 6: a grid that does not exist.
    const rows = [
      ['马文', ids[0]!, '回族', '户籍人口', `${street}1号`, GRID],
      ['韩梅', ids[1]!, '汉族', '流动人口', `${street}2号`, GRID],
      ['冶青', mistyped(ids[2]!), '回族', '户籍人口', `${street}3号`, GRID],
      ['卓玛', ids[3]!, '藏族', '户籍人口', `${street}4号`, GRID],
      ['李强', ids[4]!, '汉族', '户籍人口', `${street}5号`, '630103001003999'],
      ['王芳', ids[5]!, '汉族', '户籍人口', `${street}6号`, GRID],
    ]
    const csv = '\uFEFF' + ['姓名,公民身份号码,民族,人口类别,现住址,所属网格', ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n'

    await newPage()
    try {
      await page.goto(`${server.url}/registry`)
      await page.getByTestId('login-form').waitFor({ timeout: 30_000 })
      await logIn(staff)
      await page.getByTestId('people-search').waitFor({ timeout: 30_000 })
      // The search page leads to the import.
      await clickUntil(page.getByTestId('people-import'), page.getByTestId('import-page'))
      expect(new URL(page.url()).pathname).toBe('/registry/import')
      const needs = (await page.getByTestId('import-needs').textContent()) ?? ''
      for (const column of ['姓名', '公民身份号码', '现住址', '所属网格', '经度']) expect(needs).toContain(column)

      await upload('南关街人口.csv', 'text/csv', Buffer.from(csv, 'utf8'))
      await report().waitFor({ timeout: 30_000 })
      const jobId = Number(await report().getAttribute('data-job-id'))
      expect(new URL(page.url()).searchParams.get('job')).toBe(String(jobId))
      await expect.poll(reportStatus, { timeout: 60_000 }).toBe('validated')

      // The counts, and the columns as read.
      expect(await page.getByTestId('import-rows-total').getAttribute('data-value')).toBe('6')
      expect(await page.getByTestId('import-rows-valid').getAttribute('data-value')).toBe('4')
      expect(await page.getByTestId('import-rows-invalid').getAttribute('data-value')).toBe('2')
      const fields = await page.getByTestId('import-column').evaluateAll((tags) => tags.map((t) => t.getAttribute('data-field')))
      expect(fields).toEqual(['name', 'idNumber', 'ethnicity', 'residenceCategory', 'address', 'gridCode'])

      // Both problems, named with their rows and columns, in words.
      await expect.poll(async () => (await problemsShown()).length, { timeout: 30_000 }).toBe(2)
      const problems = await problemsShown()
      expect(problems).toEqual([
        { row: '4', field: 'idNumber', problem: 'bad_check_digit', column: '公民身份号码', text: '校验位不对，请核对号码是否输错' },
        { row: '6', field: 'gridCode', problem: 'unknown_grid', column: '所属网格', text: '不是您辖区内的网格编码' },
      ])
      const counts = await page.getByTestId('import-count').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')).sort())
      expect(counts).toEqual(['bad_check_digit', 'unknown_grid'])

      // "Import all" is not possible while rows are invalid, and the page says why.
      expect(await page.getByTestId('import-apply-all').isDisabled()).toBe(true)
      expect(await page.getByTestId('import-all-blocked').textContent()).toContain('2 行有问题')

      // Only the four valid rows, confirmed.
      await clickUntil(page.getByTestId('import-apply-valid'), page.getByTestId('import-confirm-ok'))
      expect(await page.getByTestId('import-confirm-text').textContent()).toContain('4 行')
      await page.getByTestId('import-confirm-ok').click()
      await expect.poll(reportStatus, { timeout: 60_000 }).toBe('done')
      expect(await page.getByTestId('import-done-title').textContent()).toBe('已导入 4 人')
      expect(await page.getByTestId('import-done').getAttribute('data-written')).toBe('4')
      // The recent imports list it as done.
      const recent = page.locator(`[data-testid="import-recent-row"][data-job-id="${jobId}"]`)
      await expect.poll(() => recent.getAttribute('data-status'), { timeout: 30_000 }).toBe('done')

      // An imported person is found by the exact ID number.
      await clickUntil(page.getByTestId('import-to-people').locator('button'), page.getByTestId('people-search'))
      await page.getByTestId('people-search-input').fill(ids[3]!)
      const found = page.getByTestId('person-row')
      await expect.poll(() => found.count(), { timeout: 30_000 }).toBe(1)
      expect(await found.getByTestId('person-name').textContent()).toBe('卓玛')
      expect(await found.getByTestId('person-id-masked').textContent()).toBe(masked(ids[3]!))
      // The skipped row (unknown grid) was not written.
      const skipped = await page.request.get(`${server.url}/api/v1/registry/people?q=${ids[4]}`)
      expect(skipped.status()).toBe(200)
      expect((await skipped.json()).items).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('rejects a binary file named .xlsx and a sheet without 公民身份号码, saying why, and reopens reports from the list', async () => {
    const staff = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY })
    const caller = await loginAs(server.db, staff.username)
    await newPage({ cookie: caller.cookie })
    try {
      await page.goto(`${server.url}/registry/import`)
      await page.getByTestId('import-upload').waitFor({ timeout: 30_000 })
      // The template is an XLSX with the expected headers.
      const [template] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('import-template').click()])
      expect(template.suggestedFilename()).toBe('实有人口导入模板.xlsx')
      const templateSheet = await readSheet(await contentOf(template))
      expect(templateSheet.headers).toEqual(expect.arrayContaining(['*姓名', '*公民身份号码', '*现住址', '所属网格', '经度', '纬度']))

      const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13 + pid) % 256))
      await upload('花名册.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', binary)
      await report().waitFor({ timeout: 30_000 })
      const binaryJob = Number(await report().getAttribute('data-job-id'))
      await expect.poll(reportStatus, { timeout: 60_000 }).toBe('rejected')
      const fileProblem = page.locator('[data-testid="import-file-problem"][data-code="not_a_spreadsheet"]')
      await fileProblem.waitFor({ timeout: 30_000 })
      expect(await fileProblem.textContent()).toContain('不是电子表格：请上传 Excel 工作簿（.xlsx）或 CSV 文件')
      expect(await page.getByTestId('import-rejected').textContent()).toContain('无法导入此文件')
      // Nothing was read, so no column is said to be missing.
      expect(await page.locator('[data-testid="import-file-problem"][data-code="missing_column"]').count()).toBe(0)

      // Another file: the header has no ID number column.
      await clickUntil(page.getByTestId('import-rejected-upload'), page.getByTestId('import-upload'))
      await upload('缺列.csv', 'text/csv', Buffer.from('\uFEFF姓名,现住址,所属网格\r\n马文,南关街1号,630103001003001\r\n', 'utf8'))
      await expect.poll(async () => Number(await report().getAttribute('data-job-id').catch(() => null)), { timeout: 30_000 }).toBeGreaterThan(binaryJob)
      await expect.poll(reportStatus, { timeout: 60_000 }).toBe('rejected')
      const missing = page.locator('[data-testid="import-file-problem"][data-code="missing_column"]')
      await missing.waitFor({ timeout: 30_000 })
      expect(await missing.textContent()).toContain('缺少必填列“公民身份号码”')

      // The first report again, from the recent imports.
      const row = page.locator(`[data-testid="import-recent-row"][data-job-id="${binaryJob}"]`)
      await clickUntil(row, page.locator(`[data-testid="import-report"][data-job-id="${binaryJob}"]`))
      expect(new URL(page.url()).searchParams.get('job')).toBe(String(binaryJob))
      await page.locator('[data-testid="import-file-problem"][data-code="not_a_spreadsheet"]').waitFor({ timeout: 30_000 })
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('exports the search to Excel: masked, and in full with a reason after re-authentication', async () => {
    const staff = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY })
    const caller = await loginAs(server.db, staff.username)
    const id = freshId()
    await registerByApi(caller, { idNumber: id, name: '马晓燕', phone: '13709710004' })
    await newPage({ cookie: caller.cookie })
    try {
      await page.goto(`${server.url}/registry`)
      await page.getByTestId('people-search').waitFor({ timeout: 30_000 })
      await page.getByTestId('people-search-input').fill(id)
      await expect.poll(() => page.getByTestId('person-row').count(), { timeout: 30_000 }).toBe(1)

      // Masked: the search's filters (here the exact ID number) select the one person.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('people-export').click()])
      expect(download.suggestedFilename()).toMatch(/^实有人口-\d{4}-\d{2}-\d{2}\.xlsx$/)
      const file = await contentOf(download)
      expect(file.subarray(0, 2).toString('latin1')).toBe('PK')
      const sheet = await readSheet(file)
      expect(sheet.format).toBe('xlsx')
      const idColumn = sheet.headers.indexOf('公民身份号码')
      expect(sheet.rows.map((r) => r.cells[idColumn])).toEqual([masked(id)])

      // In full: which fields and why, then password and code, then the file.
      const unmask = page.getByRole('menuitem', { name: /包含完整身份证号/ })
      await clickUntil(page.getByTestId('people-export-more'), unmask)
      await clickUntil(unmask, page.getByTestId('export-reason'))
      await page.getByTestId('export-reason').fill('核对社区人口底册')
      await page.getByTestId('export-submit').click()
      await page.getByTestId('reauth-password').waitFor({ timeout: 30_000 })
      await page.getByTestId('reauth-password').fill(staff.password)
      await page.getByTestId('reauth-code').fill(await freshCode(staff.totpSecret))
      const fullDownload = page.waitForEvent('download', { timeout: 60_000 })
      await page.getByTestId('reauth-submit').click()
      const full = await contentOf(await fullDownload)
      expect(full.subarray(0, 2).toString('latin1')).toBe('PK')
      const fullSheet = await readSheet(full)
      expect(fullSheet.rows.map((r) => r.cells[fullSheet.headers.indexOf('公民身份号码')])).toEqual([id])
      expect(fullSheet.rows.map((r) => r.cells[fullSheet.headers.indexOf('联系电话')])).toEqual(['13709710004'])
      // The dialog closes and nothing of the file stays in the page.
      await page.getByTestId('export-reason').waitFor({ state: 'detached', timeout: 30_000 })
      expect(await page.content()).not.toContain('13709710004')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
