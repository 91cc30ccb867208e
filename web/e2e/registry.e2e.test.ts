// The registry's pages in Debian Chromium against the real server: a community work station logs in,
// registers a person (a mistyped ID number refused as it is typed, then the birth date and sex read
// off the corrected one, a grid picked), finds them by the exact ID number, puts them on a care list
// with the list's own fields and takes them off it with a reason (in the history), and opens the
// community's dashboard down to a grid. Also: showing the ID number after re-authentication, an edit
// meeting someone else's change, and the search on a phone-sized screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import * as ui from './ui.ts'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createTestAccount, loginAs, type Caller, type TestAccount } from '../../test/helpers.ts'
import { TOTP_PERIOD, totpCode } from '../../server/features/accounts/totp.ts'
import { makeIdNumber } from '../../shared/validation/id-number.ts'

/** 南关街社区 (城中区 人民街街道) and its first grid. */
const COMMUNITY = '630103001003'
const GRID = '630103001003001'

let serial = 300 + (process.pid % 300)
/** A fresh valid ID number of a woman born on 1990-02-28 (unique within this file). */
const freshId = () => makeIdNumber('630103', '1990-02-28', (serial++ * 2) % 1000)
/** The same number with a wrong check character. */
const mistyped = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`

describe('registry in Chromium', () => {
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

  const newPage = async (opts: { width?: number; cookie?: string } = {}) => {
    context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: 'zh-CN' })
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

  /** The visible options of the open Ant Design select. */
  const options = () => page.locator('.ant-select-dropdown:visible .ant-select-item-option')

  const chooseOption = (testId: string, text: string) => ui.chooseOption(page, testId, text)

  /** Picks an area in an area picker by typing its code. */
  const pickArea = async (testId: string, code: string) => {
    for (let attempt = 1; ; attempt++) {
      await page.getByTestId(testId).locator('input').fill(code)
      const option = options().filter({ hasText: code }).first()
      await option.waitFor({ timeout: 30_000 })
      await option.click()
      try {
        await expect.poll(() => page.getByTestId(testId).textContent(), { timeout: 5_000 }).toContain(code)
        return
      } catch (err) {
        if (attempt >= 3) throw err
      }
    }
  }

  const clickUntil = ui.clickUntil

  const explain = (testId: string) => page.getByTestId(testId).locator('.ant-form-item-explain')
  const explainText = async (testId: string) => ((await explain(testId).count()) > 0 ? ((await explain(testId).textContent()) ?? '') : '')

  /** Registers a person through the API (for tests not about the form). */
  const registerByApi = async (caller: Caller, over: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/api/v1/registry/people`, {
      method: 'POST',
      headers: { ...caller.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '马丽', idNumber: freshId(), ethnicity: '回族', residenceCategory: '户籍人口', address: '南关街8号1单元102室', gridCode: GRID, phone: '13709710001', ...over }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { id: number; version: number; name: string }
  }

  it('lets a community work station register a person, find them, put them on a list and off it, and read the dashboard', async () => {
    const staff = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY, displayName: '南关街工作站' })
    await newPage()
    try {
      await page.goto(`${server.url}/registry/people/new`)
      await page.getByTestId('login-form').waitFor({ timeout: 30_000 })
      await logIn(staff)
      await page.getByTestId('register-form').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toBe('/registry/people/new')
      // The menu offers the registry's pages to a role that reads it.
      expect(await page.getByTestId('main-nav').textContent()).toContain('人口')
      expect(await page.getByTestId('main-nav').textContent()).toContain('看板')

      await page.getByTestId('person-name').fill('卓玛')
      // A mistyped ID number: the problem shows under the field as it is typed.
      const id = freshId()
      await page.getByTestId('person-idNumber').pressSequentially(mistyped(id), { delay: 15 })
      await expect.poll(() => explainText('person-idNumber-item'), { timeout: 30_000 }).toBe('校验位不对，请核对号码是否输错')
      expect(await page.getByTestId('derived-from-id').count()).toBe(0)
      // Fixed: the problem goes, the birth date and sex appear.
      await page.getByTestId('person-idNumber').fill(id)
      await expect.poll(() => page.getByTestId('derived-birth-date').textContent(), { timeout: 30_000 }).toBe('1990-02-28')
      expect(await page.getByTestId('derived-sex').textContent()).toBe('女')
      await expect.poll(() => explainText('person-idNumber-item'), { timeout: 30_000 }).toBe('')

      // A phone number one digit short is refused too, then corrected.
      await page.getByTestId('person-phone').fill('1391234567')
      await expect.poll(() => explainText('person-phone-item'), { timeout: 30_000 }).toContain('位数不对')
      await page.getByTestId('person-phone').fill('13912345678')
      await chooseOption('person-ethnicity', '藏族')
      await chooseOption('person-residenceCategory', '流动人口')
      await page.getByTestId('person-address').fill('南关街12号3号楼2单元301室')
      await pickArea('person-grid', GRID)
      await page.getByTestId('register-submit').click()

      // The person's page: the ID number masked, the facts derived by the server.
      await page.getByTestId('person-page').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toMatch(/^\/registry\/people\/\d+$/)
      const personId = Number(await page.getByTestId('person-page').getAttribute('data-person-id'))
      expect(await page.getByTestId('person-id-masked').textContent()).toBe(masked(id))
      expect(await page.getByTestId('basic-birth-date').textContent()).toBe('1990-02-28')
      expect(await page.getByTestId('basic-grid').getAttribute('data-code')).toBe(GRID)
      expect(await page.content()).not.toContain(id)

      // The search finds them by the exact ID number.
      await page.getByTestId('nav-registry').click()
      await page.getByTestId('people-search').waitFor({ timeout: 30_000 })
      await page.getByTestId('people-search-input').fill(id)
      await expect
        .poll(async () => page.getByTestId('person-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-person-id'))), { timeout: 30_000 })
        .toEqual([String(personId)])
      expect(await page.getByTestId('person-row').getByTestId('person-id-masked').textContent()).toBe(masked(id))
      await page.getByTestId('person-row').click()
      await page.getByTestId('person-page').waitFor({ timeout: 30_000 })

      // On the list of elderly people living alone, with its own fields.
      await clickUntil(page.getByTestId('tab-lists'), page.getByTestId('list-add'))
      await clickUntil(page.getByTestId('list-add'), page.getByTestId('list-choose'))
      await chooseOption('list-choose', '独居老人')
      await page.getByTestId('list-field-emergencyContact').fill('王芳')
      await page.getByTestId('list-field-emergencyPhone').fill('12345')
      await expect.poll(() => explainText('list-field-emergencyPhone-item'), { timeout: 30_000 }).toBe('不是有效的电话号码')
      await page.getByTestId('list-field-emergencyPhone').fill('0971-6123456')
      await page.getByTestId('list-field-needsCare').getByText('是').click()
      await page.getByTestId('list-add-submit').click()
      const entry = page.locator('[data-testid="list-entry"][data-list="elderly_alone"]')
      await expect.poll(() => entry.getAttribute('data-open'), { timeout: 30_000 }).toBe('true')
      expect(await entry.getByTestId('list-entry-emergencyContact').textContent()).toBe('王芳')
      expect(await entry.getByTestId('list-entry-emergencyPhone').textContent()).toBe('0971-***3456')
      expect(await entry.getByTestId('list-entry-needsCare').textContent()).toBe('是')
      expect(await page.getByTestId('list-tags').textContent()).toContain('独居老人')

      // Taken off the list with a reason: the entry stays, ended, and the history says so.
      await clickUntil(entry.getByTestId('list-end'), page.getByTestId('list-end-reason'))
      await page.getByTestId('list-end-reason').fill('已入住养老院')
      await page.getByTestId('list-end-submit').click()
      await expect.poll(() => entry.getAttribute('data-open'), { timeout: 30_000 }).toBe('false')
      expect(await entry.getByTestId('list-entry-end-reason').textContent()).toContain('已入住养老院')
      await clickUntil(page.getByTestId('tab-changes'), page.getByTestId('change-timeline'))
      const ended = page.locator('[data-testid="change-entry"][data-action="list.end"]')
      await expect.poll(() => ended.count(), { timeout: 30_000 }).toBe(1)
      expect(await ended.getByTestId('change-title').textContent()).toBe('移出名单：独居老人')
      expect(await ended.getByTestId('change-reason').textContent()).toBe('原因：已入住养老院')
      expect(await page.locator('[data-testid="change-entry"][data-action="list.add"]').count()).toBe(1)
      expect(await page.locator('[data-testid="change-entry"][data-action="create"]').count()).toBe(1)

      // The community's dashboard: the population and a row per grid; a grid opens its own.
      await page.getByTestId('nav-dashboard').click()
      await page.getByTestId('area-dashboard').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('area-dashboard').getAttribute('data-area-code')).toBe(COMMUNITY)
      await expect.poll(async () => Number(await page.getByTestId('stat-person').getAttribute('data-value')), { timeout: 30_000 }).toBeGreaterThanOrEqual(1)
      expect(Number(await page.getByTestId('stat-floating').getAttribute('data-value'))).toBeGreaterThanOrEqual(1)
      const rows = page.getByTestId('dashboard-child-row')
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1)
      const gridRow = page.locator(`[data-testid="dashboard-child-row"][data-code="${GRID}"]`)
      expect(Number(await gridRow.getByTestId('child-person').textContent())).toBeGreaterThanOrEqual(1)
      expect(await page.getByTestId('dashboard-title').textContent()).toContain('南关街社区')
      await gridRow.click()
      await expect.poll(() => page.getByTestId('area-dashboard').getAttribute('data-area-code'), { timeout: 30_000 }).toBe(GRID)
      expect(new URL(page.url()).searchParams.get('area')).toBe(GRID)
      await expect.poll(() => page.getByTestId('dashboard-title').textContent(), { timeout: 30_000 }).toContain('网格')
      expect(await rows.count()).toBe(0)
      // Back up along the breadcrumb, which starts at the user's scope.
      const crumb = page.locator(`[data-testid="dashboard-crumb"][data-code="${COMMUNITY}"]`)
      await crumb.waitFor({ timeout: 30_000 })
      await crumb.click()
      await expect.poll(() => page.getByTestId('area-dashboard').getAttribute('data-area-code'), { timeout: 30_000 }).toBe(COMMUNITY)
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('shows the ID number and phone after re-authentication, and an edit that meets someone else\'s change', async () => {
    const staff = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY })
    const caller = await loginAs(server.db, staff.username)
    const id = freshId()
    const person = await registerByApi(caller, { idNumber: id, name: '马丽', phone: '13709710002' })
    await newPage({ cookie: caller.cookie })
    try {
      await page.goto(`${server.url}/registry/people/${person.id}`)
      await page.getByTestId('person-page').waitFor({ timeout: 30_000 })

      // A reason, then password and code (the session was never re-authenticated), then the values.
      await clickUntil(page.getByTestId('reveal-open'), page.getByTestId('reveal-reason'))
      await page.getByTestId('reveal-reason').fill('核实户籍信息')
      await page.getByTestId('reveal-submit').click()
      await page.getByTestId('reauth-password').waitFor({ timeout: 30_000 })
      await page.getByTestId('reauth-password').fill(staff.password)
      await page.getByTestId('reauth-code').fill(await freshCode(staff.totpSecret))
      await page.getByTestId('reauth-submit').click()
      await expect.poll(() => page.getByTestId('reveal-id-number').textContent(), { timeout: 30_000 }).toContain(id)
      expect(await page.getByTestId('reveal-phone').textContent()).toContain('13709710002')
      await page.getByTestId('reveal-close').click()
      // Once closed, the values are gone from the page (and were never in the query cache).
      await expect.poll(async () => (await page.content()).includes(id), { timeout: 30_000 }).toBe(false)

      // Edit in place: saved against the version read.
      await clickUntil(page.getByTestId('person-edit'), page.getByTestId('person-workplace'))
      await page.getByTestId('person-workplace').fill('城中区人民医院')
      await page.getByTestId('person-save').click()
      await page.getByTestId('person-saved').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('basic-version').getAttribute('data-version')).toBe('2')

      // Someone else saves meanwhile: saving again says so, and the current record is a click away.
      const patched = await fetch(`${server.url}/api/v1/registry/people/${person.id}`, {
        method: 'PATCH',
        headers: { ...caller.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ version: 2, religion: '伊斯兰教' }),
      })
      expect(patched.status).toBe(200)
      await clickUntil(page.getByTestId('person-edit'), page.getByTestId('person-workplace'))
      await page.getByTestId('person-workplace').fill('城中区第二医院')
      await page.getByTestId('person-save').click()
      await page.getByTestId('person-conflict').waitFor({ timeout: 30_000 })
      await page.getByTestId('person-reload').click()
      await expect.poll(() => page.getByTestId('person-religion').inputValue(), { timeout: 30_000 }).toBe('伊斯兰教')
      expect(await page.getByTestId('person-workplace').inputValue()).toBe('城中区人民医院')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('shows the search as cards on a phone, without sideways scrolling', async () => {
    const worker = await createTestAccount(server.db, { role: 'grid_worker', scopeCode: COMMUNITY })
    const caller = await loginAs(server.db, worker.username)
    const person = await registerByApi(caller, { name: '李秀英' })
    await newPage({ width: 390, cookie: caller.cookie })
    try {
      await page.goto(`${server.url}/registry`)
      await page.getByTestId('people-search').waitFor({ timeout: 30_000 })
      await page.getByTestId('people-search-input').fill('李秀')
      const card = page.locator(`[data-testid="person-card"][data-person-id="${person.id}"]`)
      await card.waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('people-table').count()).toBe(0)
      expect(await card.getByTestId('person-name').textContent()).toBe('李秀英')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      const box = await card.boundingBox()
      expect(box && box.x + box.width).toBeLessThanOrEqual(390)
      // Digits still being typed are not searched yet; the hint says what is missing.
      await page.getByTestId('people-search-input').fill('630103')
      await expect.poll(() => page.getByTestId('people-search-hint').getAttribute('data-kind'), { timeout: 30_000 }).toBe('partialNumber')
      await card.waitFor({ state: 'detached', timeout: 30_000 })
      // A card opens the person.
      await page.getByTestId('people-search-input').fill('李秀英')
      await card.click()
      await page.getByTestId('person-page').waitFor({ timeout: 30_000 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
