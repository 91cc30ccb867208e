// The web app in Debian Chromium against the real server and a private copy of the demo city:
// map and tree, details, language switch, coverage report, import with problems and a round trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createSquareCity } from '../../test/fixtures.ts'
import { cityCaller, type Caller } from '../../test/helpers.ts'
import { loggedInContext } from './session.ts'

describe('web app in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  /** The API headers of the account the last page was opened as. */
  let caller: Caller

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** Opens a page logged in as a city admin of the demo city (or of `scopeCode`, e.g. a fixture's city). */
  const open = async (path: string, locale = 'zh-CN', scopeCode?: string) => {
    const who = scopeCode ? { role: 'city_admin' as const, scopeCode } : 'city_admin'
    ;({ context, caller } = await loggedInContext(browser, server, who, { viewport: { width: 1280, height: 800 }, locale }))
    page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}${path}`)
    return errors
  }
  const close = () => context?.close()
  /** GET from the API as the demo city's admin, or as `as`. */
  const api = async (url: string, as?: Caller) => fetch(url, { headers: (as ?? (await cityCaller(server.db, 'city_admin'))).headers })

  it('shows the demo city: tree, map layers from vector tiles, and an area with its parent chain', async () => {
    const errors = await open('/?area=630102001')
    try {
      await expect.poll(() => page.getByTestId('detail-name').textContent(), { timeout: 30_000 }).toContain('东关大街街道')
      const details = page.getByTestId('area-details')
      expect(await details.getAttribute('data-area-code')).toBe('630102001')
      expect(await page.getByTestId('detail-code').textContent()).toContain('630102001')
      const parents = await page.getByTestId('detail-parent-link').allTextContents()
      expect(parents.join(' ')).toContain('西宁市')
      expect(parents.join(' ')).toContain('城东区')
      expect(await page.getByTestId('detail-responsible-unit').textContent()).toContain('东关大街街道综治工作中心')
      await expect.poll(() => page.getByTestId('area-tree').textContent(), { timeout: 30_000 }).toContain('西宁市')

      // The map drew district features from the server's vector tiles.
      await page.waitForFunction(
        () => {
          const m = window.__frontlineMap
          return !!m && m.querySourceFeatures('areas', { sourceLayer: 'district' }).length > 0
        },
        undefined,
        { timeout: 60_000 },
      )
      const names = await page.evaluate(() =>
        window.__frontlineMap!.querySourceFeatures('areas', { sourceLayer: 'district' }).map((f) => f.properties?.name),
      )
      expect(names).toContain('城东区')

      // Clicking a parent in the chain selects it and the URL follows.
      await page.getByTestId('detail-parent-link').filter({ hasText: '城东区' }).click()
      await expect.poll(() => page.getByTestId('area-details').getAttribute('data-area-code')).toBe('630102')
      expect(page.url()).toContain('area=630102')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('finds an area by name in the search box', async () => {
    await open('/')
    try {
      await page.getByTestId('area-search-input').locator('input').fill('湟源')
      const option = page.getByTestId('area-search-option').filter({ hasText: '湟源县' }).first()
      await option.click({ timeout: 30_000 })
      await expect.poll(() => page.getByTestId('area-details').getAttribute('data-area-code'), { timeout: 30_000 }).toBe('630123')
    } finally {
      await close()
    }
  })

  it('switches between 简体中文 and English, and remembers the choice', async () => {
    await open('/')
    try {
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
      expect(await page.getByTestId('main-nav').textContent()).toContain('地图')
      await page.getByTestId('language-switch').getByText('English').click()
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US')
      expect(await page.getByTestId('main-nav').textContent()).toContain('Coverage check')
      await page.reload()
      await expect.poll(() => page.getByTestId('main-nav').textContent(), { timeout: 30_000 }).toContain('Coverage check')
      expect(await page.evaluate(() => localStorage.getItem('frontline.lang'))).toBe('en-US')
    } finally {
      await close()
    }
  })

  it('reports full coverage for the demo city', async () => {
    await open('/coverage?root=630100')
    try {
      await page.getByTestId('coverage-ok').waitFor({ timeout: 90_000 })
      expect(await page.getByTestId('coverage-summary').getAttribute('data-issues')).toBe('0')
      expect(await page.getByTestId('coverage-parents-checked').textContent()).toMatch(/1,?188/)
    } finally {
      await close()
    }
  })

  it('validates an uploaded GeoJSON: a gap is listed and nothing changes; the exported grids come back unchanged', async () => {
    const community = '630102001001'
    const exported = await (await api(`${server.url}/api/v1/areas/${community}/export?levels=grid`)).json()
    const history = async () => (await (await api(`${server.url}/api/v1/areas/${exported.features[0].properties.code}/history`)).json()).items.length
    const versionsBefore = await history()

    // Shrink the first grid: move every vertex 30 % towards the grid's first vertex.
    const broken = structuredClone(exported)
    const geom = broken.features[0].geometry
    const rings: number[][][] = geom.type === 'Polygon' ? geom.coordinates : geom.coordinates[0]
    const [ox, oy] = rings[0]![0]!
    rings[0] = rings[0]!.map(([x, y]) => [ox! + (x! - ox!) * 0.7, oy! + (y! - oy!) * 0.7])

    await open(`/import?root=${community}`)
    try {
      const upload = async (name: string, body: { features: unknown[] }, replaces = false) => {
        await page.getByTestId('import-file').locator('input[type=file]').setInputFiles({
          name,
          mimeType: 'application/geo+json',
          buffer: Buffer.from(JSON.stringify(body)),
        })
        await page.getByTestId('parse-ok').filter({ hasText: name }).waitFor({ timeout: 30_000 })
        // Replacing a list that is not empty asks first: wait for the question (it may come late on a
        // busy machine), answer it, and wait until it is gone before touching anything else.
        if (replaces) {
          // A click during the dialog's opening animation can be lost on a busy machine: click until it closes.
          const confirm = page.locator('.ant-modal-confirm .ant-btn-primary')
          await confirm.waitFor({ timeout: 30_000 })
          for (let attempt = 1; ; attempt++) {
            await confirm.click({ timeout: 10_000 }).catch(() => undefined)
            try {
              await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden', timeout: 5_000 })
              break
            } catch (err) {
              if (attempt >= 5) throw err
            }
          }
        } else {
          const confirm = page.locator('.ant-modal-confirm .ant-btn-primary')
          if (await confirm.isVisible()) await confirm.click()
        }
        await expect.poll(() => page.getByTestId('feature-row').count(), { timeout: 30_000 }).toBe(body.features.length)
      }
      await upload('broken.geojson', broken)
      await page.getByTestId('import-validate').click()
      const result = page.getByTestId('import-result')
      await result.waitFor({ timeout: 60_000 })
      await expect.poll(() => result.getAttribute('data-state')).toBe('failed')
      expect(await page.getByTestId('import-problems').textContent()).toMatch(/gap|缝隙|空隙/)
      expect(await history()).toBe(versionsBefore)

      await upload('exported.geojson', exported, true)
      await page.getByTestId('import-validate').click()
      await expect.poll(() => page.getByTestId('import-result').getAttribute('data-state'), { timeout: 60_000 }).toBe('passed')
      expect(await page.getByTestId('import-result').textContent()).toContain(String(exported.features.length))
      expect(await history()).toBe(versionsBefore)
    } finally {
      await close()
    }
  })

  it('redraws a grid on the map: vertices snap, the dry run passes, and applying it retires the old grid', async () => {
    const c = await createSquareCity(server.db.database.db, { rows: 1, cols: 2, cellDeg: 0.01, west: 101.2, north: 36.9 })
    await open(`/import?root=${c.community}`, 'zh-CN', c.city)
    try {
      await page.getByTestId('load-current').click({ timeout: 30_000 })
      await expect.poll(() => page.getByTestId('feature-row').count(), { timeout: 30_000 }).toBe(2)
      await page.getByTestId('feature-row').nth(1).getByTestId('feature-delete').click()
      await page.locator('.ant-popconfirm .ant-btn-primary').click()
      await expect.poll(() => page.getByTestId('feature-row').count()).toBe(1)

      // Draw the deleted grid again, clicking a few pixels off each corner: snapping must fix them.
      await page.waitForFunction(() => !!window.__frontlineMap && window.__frontlineMap.loaded(), undefined, { timeout: 60_000 })
      await page.getByTestId('draw-start').click()
      const box = (await page.getByTestId('map-container').first().boundingBox())!
      const [w, s, e, n] = c.gridBox(1)
      for (const corner of [[w, s], [e, s], [e, n], [w, n]] as [number, number][]) {
        const p = await page.evaluate((ll) => window.__frontlineMap!.project(ll), corner)
        await page.mouse.click(box.x + p.x + 3, box.y + p.y - 2)
      }
      await page.getByTestId('draw-finish').click()
      await expect.poll(() => page.getByTestId('feature-row').count()).toBe(2)
      const drawnCode = await page.getByTestId('feature-code').nth(1).inputValue()
      expect(drawnCode).toMatch(new RegExp(`^${c.community}\\d{3}$`))

      await page.getByTestId('mode-replace').click()
      await page.getByTestId('import-validate').click()
      await expect.poll(() => page.getByTestId('import-result').getAttribute('data-state'), { timeout: 60_000 }).toBe('passed')
      await page.getByTestId('import-apply').click()
      await page.getByTestId('apply-confirm-ok').click()
      await expect.poll(() => page.getByTestId('import-result').getAttribute('data-state'), { timeout: 60_000 }).toBe('applied')

      const children = await (await api(`${server.url}/api/v1/areas?parentCode=${c.community}`, caller)).json()
      const codes = children.items.map((i: { code: string }) => i.code)
      expect(codes).toContain(c.grids[0])
      expect(codes).toContain(drawnCode)
      expect(codes).toHaveLength(2)
      const coverage = await (await api(`${server.url}/api/v1/coverage?root=${c.community}`, caller)).json()
      expect(coverage.summary).toMatchObject({ gaps: 0, overlaps: 0, outside: 0 })
    } finally {
      await close()
    }
  })
})
