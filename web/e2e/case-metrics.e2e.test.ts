// The case metrics page in Debian Chromium against the real server: a grid worker of 南关街社区
// reports cases (one resolved on the spot), the community takes one on and closes it, one stays open;
// a city admin opens /cases/metrics (the city, the last twelve months), reads the key figures, finds
// every figure linked to the cases behind it, drills into 城中区 from the table and comes back by the
// breadcrumb; on a phone the areas below are cards, without sideways scrolling. Every wait is on
// state, never on time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import * as ui from './ui.ts'
import { loggedInContext } from './session.ts'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createTestAccount, loginAs, type Caller } from '../../test/helpers.ts'

/** 城中区, 南关街社区 (人民街街道) and its first grid. */
const DISTRICT = '630103'
const COMMUNITY = '630103001003'
const GRID = '630103001003001'

describe('case metrics in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let context: BrowserContext | undefined
  let page: Page
  let errors: string[] = []

  const api = async (who: Caller, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300)
    return JSON.parse(text) as Record<string, unknown>
  }

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
    const db = server.db.database.db
    const point = (await sql<{ lon: number; lat: number }>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM current_area WHERE code = ${GRID}) x`.execute(db)).rows[0]!
    const location = { lon: Number(point.lon), lat: Number(point.lat) }
    const worker = await loginAs(server.db, (await createTestAccount(server.db, { role: 'grid_worker', scopeCode: GRID })).username)
    const community = await loginAs(server.db, (await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY })).username)
    const report = (body: Record<string, unknown>) => api(worker, 'POST', '/cases', { category: 'environment.garbage', description: '南关街口有一堆暴露垃圾', location, ...body })
    const step = async (id: number, body: Record<string, unknown>) => {
      const c = await api(community, 'GET', `/cases/${id}`)
      await api(community, 'POST', `/cases/${id}/actions`, { version: c.version, ...body })
    }
    // Resolved on the spot by the grid worker (first line).
    await report({ description: '楼道堆放杂物，已当场劝离清理', resolvedOnSpot: { result: '已当场清理' } })
    // Taken on and closed by the community.
    const closed = (await report({ description: '路灯不亮' , category: 'component.streetlight' })) as { id: number }
    await step(closed.id, { action: 'accept' })
    await step(closed.id, { action: 'close', result: '已更换灯泡' })
    // Still open.
    await report({ description: '井盖缺损', category: 'component.manhole' })
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
  })

  const newPage = async (width: number) => {
    ;({ context } = await loggedInContext(browser, server, 'city_admin', { viewport: { width, height: 900 }, locale: 'zh-CN' }))
    page = await context.newPage()
    errors = []
    page.on('pageerror', (e) => errors.push(e.message))
  }
  const close = async () => {
    await context?.close()
    context = undefined
  }
  const loaded = (code: string) => page.locator(`[data-testid="metrics-page"][data-area-code="${code}"][data-loaded="true"]`)

  it('shows the city\'s key figures, links each to its cases, drills into 城中区 and back', async () => {
    await newPage(1280)
    try {
      await page.goto(`${server.url}/cases/metrics`)
      const metrics = page.locator('[data-testid="metrics-page"][data-loaded="true"]')
      await metrics.waitFor({ timeout: 30_000 })
      const city = (await metrics.getAttribute('data-area-code'))!
      expect(city).not.toBe(DISTRICT)

      // The key figures: numbers, not dashes, where cases were closed.
      for (const id of ['firstLine', 'onTime', 'rework', 'time', 'satisfaction']) await page.getByTestId(`metrics-kpi-${id}`).waitFor()
      expect(await page.getByTestId('metrics-kpi-firstLine').getByTestId('metrics-kpi-value').textContent()).toMatch(/^\d+(\.\d)?%$/)
      expect(await page.getByTestId('metrics-kpi-onTime').getByTestId('metrics-kpi-value').textContent()).toMatch(/^\d+(\.\d)?%$/)
      expect(await page.getByTestId('metrics-kpi-time').getByTestId('metrics-kpi-value').textContent()).toMatch(/\d/)
      expect(Number(await page.getByTestId('metrics-count-reported').getAttribute('data-value'))).toBeGreaterThanOrEqual(3)
      expect(Number(await page.getByTestId('metrics-count-closed').getAttribute('data-value'))).toBeGreaterThanOrEqual(2)
      expect(Number(await page.getByTestId('metrics-count-open').getAttribute('data-value'))).toBeGreaterThanOrEqual(1)

      // Every figure opens the cases behind it: the inbox of the area, the metric, the period.
      const firstLine = page.locator(`[data-testid="metrics-link"][data-metric="first_line"][data-area="${city}"]`).first()
      const href = new URL((await firstLine.getAttribute('href'))!, server.url)
      expect(href.pathname).toBe('/cases')
      expect(href.searchParams.get('box')).toBe('all')
      expect(href.searchParams.get('area')).toBe(city)
      expect(href.searchParams.get('metric')).toBe('first_line')
      expect(Date.parse(href.searchParams.get('from')!)).toBeLessThan(Date.parse(href.searchParams.get('to')!))
      for (const metric of ['on_time', 'late', 'reworked', 'rated', 'satisfied', 'closed', 'open', 'overdue']) {
        expect(await page.locator(`[data-testid="metrics-link"][data-metric="${metric}"][data-area="${city}"]`).count(), metric).toBeGreaterThan(0)
      }

      // The districts as a table with a chart; 城中区 holds the cases.
      const row = page.locator(`[data-testid="metrics-child-row"][data-code="${DISTRICT}"]`)
      await row.waitFor({ timeout: 30_000 })
      await page.locator('[data-testid="metrics-chart"][data-ready="true"]').waitFor({ timeout: 30_000 })
      expect(await row.locator(`[data-testid="metrics-link"][data-metric="reported"]`).textContent()).not.toBe('0')

      // Drilled into 城中区, and back up by the breadcrumb.
      await ui.clickUntil(row.locator('td').first(), loaded(DISTRICT))
      expect(new URL(page.url()).searchParams.get('area')).toBe(DISTRICT)
      expect(await page.getByTestId('metrics-title').textContent()).toContain('城中区')
      expect(Number(await page.getByTestId('metrics-count-reported').getAttribute('data-value'))).toBeGreaterThanOrEqual(3)
      await ui.clickUntil(page.locator(`[data-testid="metrics-crumb"][data-code="${city}"]`), loaded(city))
      expect(new URL(page.url()).searchParams.get('area')).toBeNull()
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('shows the areas below as cards on a phone, without sideways scrolling', async () => {
    await newPage(390)
    try {
      await page.goto(`${server.url}/cases/metrics?area=${DISTRICT}`)
      await loaded(DISTRICT).waitFor({ timeout: 30_000 })
      await page.getByTestId('metrics-child-card').first().waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('metrics-children-table').count()).toBe(0)
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
      // A card drills down too.
      const card = page.getByTestId('metrics-child-card').first()
      const code = (await card.getAttribute('data-code'))!
      await ui.clickUntil(card.getByTestId('metrics-child-drill'), loaded(code))
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
