// The city admin's case configuration in Debian Chromium against the real server: the handle limit of
// a subcategory changed (its sentence follows), a holiday of 2027 added (a Saturday refused as typed,
// in the form and in the list), saved as the next version (checked through the API); a save meeting
// someone else's (the conflict, then "load the current one"); a department added, switched off and
// staffed by account number; the page on a phone; and a community work station refused. Every wait
// is on state, never on time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import * as ui from './ui.ts'
import { loggedInContext } from './session.ts'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createTestAccount, type Caller } from '../../test/helpers.ts'
import type { Role } from '../../shared/roles.ts'

/** 南关街社区 (城中区 人民街街道). */
const COMMUNITY = '630103001003'

interface ConfigDoc {
  version: number
  updatedAt: string
  updatedBy: string | null
  settings: { yellowShare: number; periods: number[][]; utcOffsetMinutes: number }
  calendarDays: { date: string; kind: string; name: string }[]
  limits: { category: string | null; level: string | null; step: string; urgency: string | null; amount: number; unit: string }[]
  [k: string]: unknown
}

describe('case configuration in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let context: BrowserContext | undefined
  let page: Page
  let caller: Caller
  let errors: string[] = []

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const open = async (who: Role | { role: Role; scopeCode: string } = 'city_admin', width = 1400) => {
    const opened = await loggedInContext(browser, server, who, { viewport: { width, height: 900 }, locale: 'zh-CN' })
    context = opened.context
    caller = opened.caller
    page = await context.newPage()
    errors = []
    page.on('pageerror', (e) => errors.push(e.message))
  }
  const close = async () => {
    await context?.close()
    context = undefined
  }

  const readConfig = async (as: Caller = caller): Promise<ConfigDoc> => {
    const res = await fetch(`${server.url}/api/v1/case-config`, { headers: as.headers })
    expect(res.status).toBe(200)
    return (await res.json()) as ConfigDoc
  }
  /** The input of an Ant Design field with the test id (on the input itself or on its wrapper). */
  const input = (scope: Page | Locator, testId: string) => scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
  const version = async () => Number(await page.getByTestId('config-version').getAttribute('data-version'))
  const pending = () => page.getByTestId('config-pending').getAttribute('data-count')
  const openTab = (tab: 'categories' | 'limits' | 'escalations' | 'calendar' | 'settings' | 'departments') => ui.clickUntil(page.getByTestId(`tab-${tab}`), page.getByTestId(`${tab}-tab`))
  const openPage = async () => {
    await page.goto(`${server.url}/admin/case-config`)
    await page.getByTestId('case-config').waitFor({ timeout: 30_000 })
  }

  it('changes the handle limit of a subcategory and adds a holiday of 2027 (a Saturday refused as typed), saved as the next version', async () => {
    await open()
    try {
      await openPage()
      const before = await readConfig()
      expect(await version()).toBe(before.version)
      expect(await page.getByTestId('main-nav').textContent()).toContain('事件配置')
      expect(await pending()).toBe('0')
      expect(await page.getByTestId('config-save').isDisabled()).toBe(true)

      // 时限: 环境秩序·暴露垃圾, handled in 4 working hours at every level → 6.
      await openTab('limits')
      const garbage = page.locator('[data-testid="limit-row"][data-category="environment.garbage"][data-step="handle"][data-level=""][data-urgency=""]')
      expect(await garbage.getByTestId('limit-sentence').textContent()).toBe('环境秩序·暴露垃圾 在各级 处置 4 工作小时')
      await input(garbage, 'limit-amount').fill('6')
      await expect.poll(() => garbage.getByTestId('limit-sentence').textContent(), { timeout: 10_000 }).toBe('环境秩序·暴露垃圾 在各级 处置 6 工作小时')
      await expect.poll(pending).toBe('1')

      // 工作日历: 2027 has no days yet.
      await openTab('calendar')
      await ui.chooseOption(page, 'calendar-year', '2027')
      await page.getByTestId('calendar-empty-year').waitFor({ timeout: 10_000 })
      // A holiday on Saturday 2 January is refused as it is typed …
      await input(page, 'day-new-date').fill('2027-01-02')
      await input(page, 'day-new-name').fill('元旦')
      await page.getByTestId('day-new-problems').waitFor({ timeout: 10_000 })
      expect(await page.getByTestId('day-new-problems').locator('li').getAttribute('data-problem')).toBe('holiday_on_weekend')
      expect(await page.getByTestId('day-new-problems').textContent()).toContain('周末')
      expect(await page.getByTestId('day-add').isDisabled()).toBe(true)
      // … Friday 1 January is taken.
      await input(page, 'day-new-date').fill('2027-01-01')
      await page.getByTestId('day-new-problems').waitFor({ state: 'detached', timeout: 10_000 })
      const added = page.locator('[data-testid="day-row"][data-date="2027-01-01"]')
      await ui.clickUntil(page.getByTestId('day-add'), added)
      expect(await added.getByTestId('day-weekday').textContent()).toBe('周五')
      expect(await input(added, 'day-name').inputValue()).toBe('元旦')
      expect(await page.locator('[data-testid="calendar-month-view"] td[data-date="2027-01-01"]').getAttribute('data-kind')).toBe('holiday')
      await expect.poll(pending).toBe('2')

      // Moved onto the Saturday in the list, the day is flagged at its row and saving waits.
      const day = page.locator(`[data-testid="day-row"][data-key="${await added.getAttribute('data-key')}"]`)
      await input(day, 'day-date').fill('2027-01-02')
      await input(day, 'day-date').press('Enter')
      await day.getByTestId('row-problems').waitFor({ timeout: 10_000 })
      expect(await day.getByTestId('row-problems').locator('li').getAttribute('data-problem')).toBe('holiday_on_weekend')
      expect(await page.getByTestId('tab-calendar').getAttribute('data-problems')).toBe('1')
      expect(await page.getByTestId('config-problem-count').getAttribute('data-count')).toBe('1')
      expect(await page.getByTestId('config-save').isDisabled()).toBe(true)
      await input(day, 'day-date').fill('2027-01-01')
      await input(day, 'day-date').press('Enter')
      await page.getByTestId('config-problem-count').waitFor({ state: 'detached', timeout: 10_000 })
      expect(await day.getByTestId('row-problems').count()).toBe(0)

      // Saved as a whole: the next version, with both changes.
      expect(await page.getByTestId('config-save').textContent()).toContain('2')
      await ui.clickUntil(page.getByTestId('config-save'), page.getByTestId('config-saved'))
      await expect.poll(version, { timeout: 10_000 }).toBe(before.version + 1)
      await expect.poll(pending).toBe('0')
      const after = await readConfig()
      expect(after.version).toBe(before.version + 1)
      expect(after.limits.find((l) => l.category === 'environment.garbage' && l.step === 'handle' && l.level === null && l.urgency === null)).toMatchObject({ amount: 6, unit: 'working_hours' })
      expect(after.calendarDays).toContainEqual({ date: '2027-01-01', kind: 'holiday', name: '元旦' })
      expect(after.calendarDays.some((d) => d.date === '2027-01-02')).toBe(false)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it("meets someone else's save with the conflict, and loads the current configuration", async () => {
    await open()
    try {
      await openPage()
      const before = await readConfig()
      await openTab('settings')
      expect(await input(page, 'settings-yellow').inputValue()).toBe(String(before.settings.yellowShare * 100))

      // Another admin saves a yellow share of 80 % meanwhile.
      const { version: v, updatedAt: _a, updatedBy: _b, ...config } = before
      const put = await fetch(`${server.url}/api/v1/case-config`, {
        method: 'PUT',
        headers: { ...caller.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ version: v, config: { ...config, settings: { ...config.settings, yellowShare: 0.8 } } }),
      })
      expect(put.status, await put.clone().text()).toBe(200)

      // This page still has the old version: its save is a conflict, with the current one a click away.
      await input(page, 'settings-yellow').fill('70')
      await expect.poll(pending).toBe('1')
      await ui.clickUntil(page.getByTestId('config-save'), page.getByTestId('config-conflict'))
      expect(await page.getByTestId('config-save').isDisabled()).toBe(true)
      await ui.clickUntil(page.getByTestId('config-reload'), page.locator(`[data-testid="config-version"][data-version="${v + 1}"]`))
      await page.getByTestId('config-conflict').waitFor({ state: 'detached', timeout: 10_000 })
      await expect.poll(() => input(page, 'settings-yellow').inputValue()).toBe('80')
      await expect.poll(pending).toBe('0')
      expect((await readConfig()).settings.yellowShare).toBe(0.8)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('adds a department, switches it off and puts a department handler in it (named by account number)', async () => {
    const handler = await createTestAccount(server.db, { role: 'department_handler', scopeCode: '630103', displayName: '供热办处置员' })
    const staff = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY })
    await open()
    try {
      await page.goto(`${server.url}/admin/case-config?tab=departments`)
      await page.locator('[data-testid="department-row"]').first().waitFor({ timeout: 30_000 })

      await ui.clickUntil(page.getByTestId('department-add'), input(page, 'department-key'))
      await ui.searchAndChoose(page, 'department-area', '城中区', '城中区')
      await input(page, 'department-key').fill('heating')
      await input(page, 'department-name-input').fill('城中区供热办')
      await input(page, 'department-name-en-input').fill('Chengzhong Heating Office')
      await ui.searchAndChoose(page, 'department-categories', '水电', '水电气暖')
      const row = page.locator('[data-testid="department-row"][data-code="630103-heating"]')
      // The multiple select stays open over the buttons: a click on the title closes it.
      await page.locator('.ant-modal-title').click()
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0)
      await ui.clickUntil(page.getByTestId('department-create-submit'), row)
      expect(await row.textContent()).toContain('民生服务·水电气暖')

      // Switched off at once (no document save).
      await ui.clickUntil(row.getByTestId('department-active'), page.locator('[data-testid="department-row"][data-code="630103-heating"][data-active="false"]'))
      expect(await pending()).toBe('0')

      // A community work station's account is refused; the handler is taken.
      await ui.clickUntil(row.getByTestId('department-add-member'), input(page, 'member-account-id'))
      await input(page, 'member-account-id').fill(String(staff.id))
      await page.getByTestId('member-submit').click()
      await expect.poll(() => page.getByTestId('member-dialog').textContent(), { timeout: 10_000 }).toContain('只有“职能部门处置人员”')
      await input(page, 'member-account-id').fill(String(handler.id))
      await ui.clickUntil(page.getByTestId('member-submit'), row.locator(`[data-account-id="${handler.id}"]`))
      expect(await row.getByTestId('department-members').textContent()).toContain('供热办处置员')

      const listed = (await (await fetch(`${server.url}/api/v1/departments`, { headers: caller.headers })).json()) as { departments: { code: string; active: boolean; members: { accountId: number }[] }[] }
      expect(listed.departments.find((d) => d.code === '630103-heating')).toMatchObject({ active: false, members: [{ accountId: handler.id }] })
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('opens every tab on a phone without breaking', async () => {
    await open('city_admin', 390)
    try {
      await openPage()
      // Tabs that do not fit fold into a menu: each is opened by its address (?tab=).
      for (const tab of ['categories', 'limits', 'escalations', 'calendar', 'settings', 'departments'] as const) {
        await page.goto(`${server.url}/admin/case-config?tab=${tab}`)
        await page.getByTestId(`${tab}-tab`).waitFor({ timeout: 30_000 })
      }
      await page.locator('[data-testid="department-row"]').first().waitFor({ timeout: 30_000 })
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('is refused to a community work station', async () => {
    await open({ role: 'community_staff', scopeCode: COMMUNITY })
    try {
      await page.goto(`${server.url}/admin/case-config`)
      await page.getByTestId('forbidden').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('case-config').count()).toBe(0)
      expect(await page.getByTestId('main-nav').textContent()).not.toContain('事件配置')
      const res = await fetch(`${server.url}/api/v1/case-config`, { headers: caller.headers })
      expect(res.status).toBe(403)
    } finally {
      await close()
    }
  })
})
