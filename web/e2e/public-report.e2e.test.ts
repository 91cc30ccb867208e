// The public pages in Debian Chromium against the real server, on a phone-sized screen and without
// logging in: a resident reports a problem (category in two steps, a description, a photo, a mistyped
// phone number refused as it is typed, the point tapped on the map inside a grid of 南关街社区 — the
// page opened at ?lon=&lat= from the grid's boundary), reads the tracking number and follows it
// ("已收到"); the community's staff take the case on and close it through the API; the resident reloads,
// sees "已办结" and the result, rates it five stars and is thanked (the form gone). Also: an unknown
// number, a number typed without its dash in lower case, the language switch, and no sideways
// scrolling. Every wait is on state, never on time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import * as ui from './ui.ts'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createTestAccount, loginAs, type Caller } from '../../test/helpers.ts'

/** 南关街社区 (城中区 人民街街道) and its first grid. */
const COMMUNITY = '630103001003'
const GRID = '630103001003001'
const PHONE = { width: 390, height: 844 }
const RESULT = '已联系环卫工人清运，现场已清理干净'

describe('the public report pages in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let context: BrowserContext | undefined
  let page: Page
  let errors: string[] = []
  let staff: Caller

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
    const account = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY, displayName: '南关街工作站' })
    staff = await loginAs(server.db, account.username)
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
  })

  /** A phone-sized page with no session at all. */
  const newPage = async () => {
    context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })
    page = await context.newPage()
    errors = []
    page.on('pageerror', (e) => errors.push(e.message))
  }
  const close = async () => {
    await context?.close()
    context = undefined
  }

  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

  /** A point inside the grid, from its current boundary. */
  const pointInGrid = async (code: string): Promise<{ lon: number; lat: number }> => {
    const r = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM current_area WHERE code = ${code}) x`.execute(server.db.database.db)
    const row = r.rows[0]
    if (!row) throw new Error(`no grid ${code}`)
    return { lon: Number(row.lon), lat: Number(row.lat) }
  }

  /** A step of the workflow as the community's staff, against the version read. */
  const act = async (id: number, body: Record<string, unknown>) => {
    const view = await fetch(`${server.url}/api/v1/cases/${id}`, { headers: staff.headers })
    expect(view.status, await view.clone().text()).toBe(200)
    const { version } = (await view.json()) as { version: number }
    const res = await fetch(`${server.url}/api/v1/cases/${id}/actions`, {
      method: 'POST',
      headers: { ...staff.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ version, ...body }),
    })
    expect(res.status, `${String(body.action)}: ${await res.clone().text()}`).toBe(200)
  }

  const problemOf = (field: string) => page.getByTestId(`report-${field}-problem`)

  it('a resident reports from a phone, follows the report, and rates it once it is closed', async () => {
    const point = await pointInGrid(GRID)
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#7f1d1d' } }).png().toBuffer()
    await newPage()
    try {
      await page.goto(`${server.url}/report?lon=${point.lon}&lat=${point.lat}`)
      await page.getByTestId('report-form').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('report-privacy').textContent()).toContain('隐私说明')

      // What: a category in two steps, a description with its counter, a photo shown from the device.
      await ui.chooseOption(page, 'report-group', '环境秩序')
      await ui.chooseOption(page, 'report-category', '暴露垃圾')
      await page.getByTestId('report-description').fill('南关街口有一堆暴露垃圾，已经三天没人清理')
      await page.getByTestId('report-photo-input').setInputFiles({ name: 'garbage.png', mimeType: 'image/png', buffer: photo })
      await expect.poll(() => page.getByTestId('report-photos').getAttribute('data-count'), { timeout: 30_000 }).toBe('1')
      expect(await page.getByTestId('report-photo').getAttribute('data-status')).toBe('done')
      expect(await page.getByTestId('report-photo').locator('img').getAttribute('src')).toMatch(/^blob:/)

      // Who: a mistyped mobile number is refused as it is typed, the corrected one accepted.
      await page.getByTestId('report-contactName').fill('王先生')
      await page.getByTestId('report-contactPhone').fill('12812345678')
      await expect.poll(() => problemOf('contactPhone').textContent(), { timeout: 10_000 }).toContain('不是有效的手机号')
      await page.getByTestId('report-contactPhone').fill('13812345678')
      await expect.poll(() => problemOf('contactPhone').count(), { timeout: 10_000 }).toBe(0)

      // Where: the page opened on the point; a tap on the map just below it moves the marker there.
      const location = page.getByTestId('report-location')
      expect(Number(await location.getAttribute('data-lon'))).toBeCloseTo(point.lon, 6)
      await page.locator('[data-testid="report-map"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
      await page.getByTestId('report-marker').waitFor({ timeout: 30_000 })
      await page.getByTestId('report-map').scrollIntoViewIfNeeded()
      for (let attempt = 1; ; attempt++) {
        const at = await page.evaluate((p) => window.__frontlineMap!.project([p.lon, p.lat]), point)
        await page.getByTestId('report-map').click({ position: { x: at.x, y: at.y + 4 } })
        try {
          await expect.poll(async () => Number(await location.getAttribute('data-lat')), { timeout: 5_000 }).toBeLessThan(point.lat)
          break
        } catch (err) {
          if (attempt >= 3) throw err
        }
      }
      expect(Math.abs(Number(await location.getAttribute('data-lon')) - point.lon)).toBeLessThan(0.0005)
      expect(Math.abs(Number(await location.getAttribute('data-lat')) - point.lat)).toBeLessThan(0.0005)
      expect(await sideways()).toBeLessThanOrEqual(0)

      // Sent: the tracking number, large, with its link.
      await ui.clickUntil(page.getByTestId('report-submit'), page.getByTestId('report-number'))
      const number = ((await page.getByTestId('report-number').textContent()) ?? '').trim()
      expect(number).toMatch(/^\d{6}-[A-Z2-9]{6}$/)
      expect(await page.getByTestId('report-track-link').getAttribute('href')).toBe(`/track/${number}`)
      expect(await sideways()).toBeLessThanOrEqual(0)
      const stored = (
        await sql<{ id: number; grid_code: string; holder_code: string; contact_name: string | null; anonymous: boolean }>`
          SELECT id::int AS id, grid_code, holder_code, contact_name, anonymous FROM civic_case WHERE number = ${number}`.execute(server.db.database.db)
      ).rows[0]!
      expect(stored).toMatchObject({ grid_code: GRID, holder_code: COMMUNITY, contact_name: '王先生', anonymous: false })
      const photos = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_photo WHERE case_id = ${stored.id}`.execute(server.db.database.db)
      expect(photos.rows[0]!.n).toBe(1)

      // Followed: received, in plain language.
      await ui.clickUntil(page.getByTestId('report-track-link'), page.getByTestId('track-status'))
      expect(new URL(page.url()).pathname).toBe(`/track/${number}`)
      expect(await page.getByTestId('track-status').textContent()).toContain('已收到')
      expect(await page.getByTestId('track-step').count()).toBeGreaterThanOrEqual(1)
      expect(await page.getByTestId('rating-form').count()).toBe(0)
      expect(await sideways()).toBeLessThanOrEqual(0)

      // The community takes it on and closes it with a result.
      await act(stored.id, { action: 'accept' })
      await act(stored.id, { action: 'close', result: RESULT })

      // Reloaded: resolved, the result shown, and the rating form.
      await page.reload()
      await page.locator('[data-testid="track-status"][data-status="resolved"]').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('track-status').textContent()).toContain('已办结')
      expect(await page.getByTestId('track-result').textContent()).toBe(RESULT)
      await page.getByTestId('rating-form').waitFor({ timeout: 30_000 })
      const stars = page.getByTestId('rating-stars')
      for (let attempt = 1; ; attempt++) {
        await stars.locator('li').nth(4).locator('div[role="radio"]').click({ timeout: 5_000 }).catch(() => undefined)
        try {
          await expect.poll(() => stars.getAttribute('data-value'), { timeout: 5_000 }).toBe('5')
          break
        } catch (err) {
          if (attempt >= 3) throw err
        }
      }
      await page.getByTestId('rating-comment').fill('处理得很快，谢谢')
      await ui.clickUntil(page.getByTestId('rating-submit'), page.getByTestId('rating-thanks'))
      expect(await page.getByTestId('rating-form').count()).toBe(0)
      expect(await page.getByTestId('track-rating').getAttribute('data-rating')).toBe('5')
      const rated = await sql<{ rating: number | null; rating_comment: string | null }>`SELECT rating, rating_comment FROM civic_case WHERE id = ${stored.id}`.execute(server.db.database.db)
      expect(rated.rows[0]).toEqual({ rating: 5, rating_comment: '处理得很快，谢谢' })
      expect(await sideways()).toBeLessThanOrEqual(0)

      // The device remembers the number.
      await page.goto(`${server.url}/track`)
      await page.getByTestId('track-recent').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('track-recent-item').first().textContent()).toBe(number)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('names an unknown number "not found", reads a number typed loosely, and speaks English on request', async () => {
    await newPage()
    try {
      await page.goto(`${server.url}/track/261126-ZZZZZZ`)
      await page.getByTestId('track-not-found').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('track-not-found').textContent()).toContain('未找到')
      expect(await sideways()).toBeLessThanOrEqual(0)

      // A half-typed number is refused at once; one without its dash, in lower case, is looked up.
      await page.goto(`${server.url}/track`)
      await page.getByTestId('track-input').fill('261126-ab')
      await ui.clickUntil(page.getByTestId('track-submit'), page.getByTestId('track-input-problem'))
      await page.getByTestId('track-input').fill('261126 yyyyyy')
      await ui.clickUntil(page.getByTestId('track-submit'), page.getByTestId('track-not-found'))
      expect(new URL(page.url()).pathname).toBe('/track/261126-YYYYYY')

      // The language switch.
      await ui.clickUntil(page.getByTestId('language-switch').getByText('EN'), page.locator('[data-testid="language-switch"][data-lang="en-US"]'))
      await expect.poll(() => page.getByTestId('track-not-found').textContent(), { timeout: 10_000 }).toContain('Report not found')

      // The report page in English, without a session, without sideways scrolling.
      await ui.clickUntil(page.getByTestId('public-go-report'), page.getByTestId('report-form'))
      expect(await page.getByTestId('report-submit').textContent()).toContain('Send')
      // Sent empty: every missing answer is named under its field.
      await page.getByTestId('report-submit').click()
      await expect.poll(() => problemOf('category').textContent(), { timeout: 10_000 }).toContain('Choose the kind of problem')
      expect(await problemOf('description').textContent()).toContain('Describe the problem')
      expect(await problemOf('location').textContent()).toContain('Mark the place on the map')
      expect(await sideways()).toBeLessThanOrEqual(0)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
