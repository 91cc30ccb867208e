// The case pages in Debian Chromium against the real server: a grid worker of 南关街社区's first grid
// reports exposed garbage (category chosen in the Cascader, the description checked as typed, the
// point clicked on the map of the grids, a photo uploaded and a refused file named with the server's
// reason) and lands on the case's page; the community's work station finds it in its "new" box by
// its number, accepts it, meets someone else's step while closing it (409: reload), then closes it
// with a result; the timeline reads report → accept → copy → close; the grid worker rates it. Also:
// the inbox as cards and the case's page on a 390 px phone, without sideways scrolling. Every wait
// is on state, never on time.
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
/** A department the community's cases can be copied to (demo departments). */
const DEPARTMENT = '630103-urban_mgmt'

describe('case pages in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let worker: Caller
  let staff: Caller
  const contexts: BrowserContext[] = []
  let errors: string[] = []
  /** The case reported in the first test, handled in the next ones. */
  let reported: { id: number; number: string } | undefined

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
    const w = await createTestAccount(server.db, { role: 'grid_worker', scopeCode: GRID, displayName: '南关街网格员' })
    const s = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY, displayName: '南关街工作站' })
    ;[worker, staff] = await Promise.all([loginAs(server.db, w.username), loginAs(server.db, s.username)])
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined)
    await browser?.close()
    await server?.close()
  })

  /** A page logged in as `who` (the session cookie put into a new context), on a screen of `width`. */
  const pageAs = async (who: Caller, width = 1280, height = 900): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' })
    contexts.push(context)
    const [pair] = who.cookie.split(';')
    const i = pair!.indexOf('=')
    await context.addCookies([{ name: pair!.slice(0, i), value: pair!.slice(i + 1), url: server.url, httpOnly: true, sameSite: 'Strict' }])
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    return page
  }

  /** A point inside the grid, from its current boundary. */
  const pointInGrid = async (code: string): Promise<{ lon: number; lat: number }> => {
    const r = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM current_area WHERE code = ${code}) x`.execute(server.db.database.db)
    const row = r.rows[0]
    if (!row) throw new Error(`no grid ${code}`)
    return { lon: Number(row.lon), lat: Number(row.lat) }
  }

  const explainText = async (page: Page, testId: string) => {
    const explain = page.getByTestId(testId).locator('.ant-form-item-explain')
    return (await explain.count()) > 0 ? ((await explain.textContent()) ?? '') : ''
  }

  /** Chooses category → subcategory in the report form's Cascader. */
  const chooseCategory = async (page: Page, category: string, subcategory: string) => {
    const item = page.getByTestId('case-category-item')
    const menuItem = (text: string) => page.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item').filter({ hasText: text }).first()
    for (let attempt = 1; ; attempt++) {
      try {
        if ((await page.locator('.ant-cascader-dropdown:visible').count()) === 0) await item.locator('.ant-select').first().click({ timeout: 10_000 })
        await menuItem(category).click({ timeout: 10_000 })
        await menuItem(subcategory).click({ timeout: 10_000 })
        await expect.poll(() => item.textContent(), { timeout: 5_000 }).toContain(subcategory)
        return
      } catch (err) {
        if (attempt >= 4) throw err
      }
    }
  }

  /** Opens a step's dialog from the action bar. */
  const openStep = (page: Page, action: string) => ui.clickUntil(page.getByTestId(`case-action-${action}`), page.getByTestId(`case-action-dialog-${action}`))

  /** Sends the open dialog and waits for it to close (the step done). */
  const sendStep = async (page: Page, action: string) => {
    await page.getByTestId('case-action-submit').click()
    await page.getByTestId(`case-action-dialog-${action}`).waitFor({ state: 'detached', timeout: 30_000 })
  }

  const pageState = (page: Page) => page.getByTestId('case-page').getAttribute('data-state')

  // The map is drawn in software (SwiftShader): on a busy machine this one needs more than the default time.
  it('a grid worker reports a case with a point on the map and a photo, and lands on its page', async () => {
    errors = []
    const page = await pageAs(worker)
    const point = await pointInGrid(GRID)
    await page.goto(`${server.url}/cases`)
    // A grid worker's inbox opens on what they reported.
    await expect.poll(() => page.getByTestId('case-inbox').getAttribute('data-box'), { timeout: 30_000 }).toBe('mine')
    await ui.clickUntil(page.getByTestId('case-report-new'), page.getByTestId('case-report-form'))

    await chooseCategory(page, '环境秩序', '暴露垃圾')
    // The description is required: a cleared one is named as such at once.
    await page.getByTestId('case-description').fill('x')
    await page.getByTestId('case-description').fill('')
    await expect.poll(() => explainText(page, 'case-description-item'), { timeout: 30_000 }).toContain('请描述事件')
    await page.getByTestId('case-description').fill('南关街口有一堆暴露垃圾，已堆放两天')
    await expect.poll(() => explainText(page, 'case-description-item'), { timeout: 30_000 }).toBe('')

    // The point: the map brought onto the grid (as a user pans), then clicked there.
    await page.locator('[data-testid="case-location-map"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
    await page.evaluate(
      (p) =>
        new Promise<void>((resolve) => {
          const map = window.__frontlineMap!
          map.once('idle', () => resolve())
          map.jumpTo({ center: [p.lon, p.lat], zoom: 16 })
        }),
      point,
    )
    const picker = page.getByTestId('case-location')
    for (let attempt = 1; ; attempt++) {
      const at = await page.evaluate((p) => window.__frontlineMap!.project([p.lon, p.lat]), point)
      await page.getByTestId('case-location-map').click({ position: { x: at.x, y: at.y } })
      try {
        await expect.poll(() => picker.getAttribute('data-lon'), { timeout: 5_000 }).not.toBe('')
        break
      } catch (err) {
        if (attempt >= 3) throw err
      }
    }
    expect(Math.abs(Number(await picker.getAttribute('data-lon')) - point.lon)).toBeLessThan(0.0005)
    await expect.poll(() => picker.getAttribute('data-grid'), { timeout: 30_000 }).toBe(GRID)

    // A photo (a small PNG), and a file that is no image: refused with the server's reason, then removed.
    const photos = page.getByTestId('case-photos')
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 180, g: 40, b: 40 } } }).png().toBuffer()
    await photos.locator('input[type="file"]').setInputFiles({ name: 'garbage.png', mimeType: 'image/png', buffer: png })
    await expect.poll(() => photos.getAttribute('data-count'), { timeout: 30_000 }).toBe('1')
    await photos.locator('input[type="file"]').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') })
    const refusal = page.getByTestId('case-photos-error')
    await refusal.waitFor({ timeout: 30_000 })
    expect(await refusal.getAttribute('data-problem')).toBe('not_an_image')
    expect(await refusal.textContent()).toContain('不是图片')
    for (let attempt = 1; (await refusal.count()) > 0; attempt++) {
      await photos.locator('.ant-upload-list-item-error').hover()
      await photos.locator('.ant-upload-list-item-error .anticon-delete').click({ force: true, timeout: 5_000 }).catch(() => undefined)
      if (attempt >= 4) break
      await refusal.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined)
    }
    expect(await refusal.count()).toBe(0)
    expect(await photos.getAttribute('data-count')).toBe('1')

    await page.getByTestId('case-report-submit').click()
    await page.getByTestId('case-page').waitFor({ timeout: 30_000 })
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\/\d+$/)
    const id = Number(await page.getByTestId('case-page').getAttribute('data-case-id'))
    const number = (await page.getByTestId('case-number').textContent())!.trim()
    reported = { id, number }
    expect(await pageState(page)).toBe('reported')
    expect(await page.getByTestId('case-grid').getAttribute('data-code')).toBe(GRID)
    expect(await page.getByTestId('case-holder').getAttribute('data-code')).toBe(COMMUNITY)
    expect(await page.getByTestId('case-description').textContent()).toContain('暴露垃圾')
    await expect.poll(() => page.getByTestId('case-details').getByTestId('case-photo').count(), { timeout: 30_000 }).toBe(1)
    // The lamp counts down the acceptance time.
    expect(await page.getByTestId('case-lamp').getAttribute('data-kind')).toBe('left')
    await expect.poll(() => page.getByTestId('case-timeline').getAttribute('data-actions'), { timeout: 30_000 }).toBe('report')
    // A grid worker has no steps to take on a case being handled.
    expect(await page.getByTestId('case-actions').count()).toBe(0)
    expect(errors).toEqual([])
  }, 240_000)

  it('the community finds it among the new reports, accepts it, meets someone else\'s step, closes it with a result', async () => {
    expect(reported).toBeDefined()
    const { id, number } = reported!
    errors = []
    const page = await pageAs(staff)
    await page.goto(`${server.url}/cases`)
    // New reports wait: the inbox opens on them, with their count.
    await expect.poll(() => page.getByTestId('case-inbox').getAttribute('data-box'), { timeout: 30_000 }).toBe('new')
    expect(Number(await page.getByTestId('case-box-count-new').getAttribute('data-count'))).toBeGreaterThanOrEqual(1)
    await page.getByTestId('case-search').fill(number)
    await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 30_000 }).toBe(number)
    const row = page.locator(`[data-testid="case-row"][data-number="${number}"]`)
    await row.waitFor({ timeout: 30_000 })
    // The search narrows the list to this case (the unfiltered list may show first, or reload meanwhile).
    await expect.poll(() => page.getByTestId('case-row').count(), { timeout: 30_000 }).toBe(1)
    await row.waitFor({ timeout: 30_000 })
    await ui.clickUntil(row, page.locator(`[data-testid="case-page"][data-case-id="${id}"]`))
    expect(await page.getByTestId('case-actions').getAttribute('data-actions')).toContain('accept')

    // Accepted (立案), with no note.
    await openStep(page, 'accept')
    await sendStep(page, 'accept')
    await expect.poll(() => pageState(page), { timeout: 30_000 }).toBe('accepted')

    // Closing it while someone else copies it to a department: the step meets the newer version.
    await openStep(page, 'close')
    await page.getByTestId('case-action-result').fill('已联系环卫清运')
    const version = Number(await page.getByTestId('case-page').getAttribute('data-version'))
    const copy = await fetch(`${server.url}/api/v1/cases/${id}/actions`, {
      method: 'POST',
      headers: { ...staff.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'copy', version, target: DEPARTMENT }),
    })
    expect(copy.status, await copy.clone().text()).toBe(200)
    await page.getByTestId('case-action-submit').click()
    await page.getByTestId('case-action-stale').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('case-action-stale').textContent()).toContain('此事件已被他人处理，请刷新')
    await page.getByTestId('case-action-reload').click()
    await page.getByTestId('case-action-dialog-close').waitFor({ state: 'detached', timeout: 30_000 })
    await expect.poll(async () => Number(await page.getByTestId('case-page').getAttribute('data-version')), { timeout: 30_000 }).toBe(version + 1)

    // Closed again on the version read, the result required.
    await openStep(page, 'close')
    await page.getByTestId('case-action-submit').click()
    await expect.poll(() => explainText(page, 'case-action-result-item'), { timeout: 30_000 }).toContain('请写明处理结果')
    await page.getByTestId('case-action-result').fill('已联系环卫清运，现场已清理干净')
    await sendStep(page, 'close')
    await expect.poll(() => pageState(page), { timeout: 30_000 }).toBe('closed')
    expect(await page.getByTestId('case-result').textContent()).toContain('现场已清理干净')
    await expect.poll(() => page.getByTestId('case-timeline').getAttribute('data-actions'), { timeout: 30_000 }).toBe('report accept copy close')
    expect(await page.locator('[data-testid="case-event"][data-action="close"] [data-testid="case-event-result"]').textContent()).toContain('现场已清理干净')
    expect(await page.getByTestId('case-lamp').getAttribute('data-lamp')).toBe('none')
    expect(errors).toEqual([])
  }, 180_000)

  it('the grid worker rates the closed case', async () => {
    expect(reported).toBeDefined()
    errors = []
    const page = await pageAs(worker)
    await page.goto(`${server.url}/cases/${reported!.id}`)
    await expect.poll(() => pageState(page), { timeout: 30_000 }).toBe('closed')
    await openStep(page, 'rate')
    const stars = page.getByTestId('case-action-rating-item').locator('.ant-rate-star')
    await expect.poll(async () => {
      await stars.nth(4).click()
      return page.getByTestId('case-action-rating-item').locator('.ant-rate-star-full').count()
    }, { timeout: 30_000 }).toBe(5)
    await page.getByTestId('case-action-comment').fill('处理及时')
    await sendStep(page, 'rate')
    await expect.poll(() => page.getByTestId('case-rating').getAttribute('data-rating'), { timeout: 30_000 }).toBe('5')
    expect(await page.getByTestId('case-rating').textContent()).toContain('处理及时')
    // Rated once: the step is gone.
    await expect.poll(() => page.getByTestId('case-page').getAttribute('data-actions'), { timeout: 30_000 }).not.toContain('rate')
    await expect.poll(() => page.getByTestId('case-timeline').getAttribute('data-actions'), { timeout: 30_000 }).toBe('report accept copy close rate')
    expect(errors).toEqual([])
  }, 120_000)

  it('shows the inbox as cards and the case on a phone, without sideways scrolling', async () => {
    expect(reported).toBeDefined()
    errors = []
    const page = await pageAs(worker, 390, 844)
    await page.goto(`${server.url}/cases`)
    await page.getByTestId('case-cards').waitFor({ timeout: 30_000 })
    await page.locator(`[data-testid="case-card"][data-number="${reported!.number}"]`).waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('case-table').count()).toBe(0)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    await ui.clickUntil(page.locator(`[data-testid="case-card"][data-number="${reported!.number}"]`), page.getByTestId('case-page'))
    await page.getByTestId('case-timeline').waitFor({ timeout: 30_000 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(errors).toEqual([])
  }, 120_000)
})
