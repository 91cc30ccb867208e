// The registry's places pages in Debian Chromium against the real server, as a community work
// station of 南关街社区: a building registered in one of its grids (the point clicked on the map of
// the grids) with rooms made by the generator, the rooms on the building's page (a rental registered
// for one of them and ended; an edit meeting someone else's change); an organization whose mistyped
// credit code is refused as it is typed, then fixed; a facility at typed coordinates; a resident's
// concern (the resident found by name) noted and closed — each then in its tab. Also: the buildings
// as cards on a phone, without sideways scrolling. Every wait is on state, never on time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import * as ui from './ui.ts'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createTestAccount, loginAs, type Caller } from '../../test/helpers.ts'
import { makeCreditCode } from '../../shared/validation/credit-code.ts'
import { makeIdNumber } from '../../shared/validation/id-number.ts'
import { placesZh } from '../shared/i18n/messages-places.zh.ts'

/** 南关街社区 (城中区 人民街街道) and its first grid. */
const COMMUNITY = '630103001003'
const GRID = '630103001003001'

/** Unique within this run (addresses, credit codes and facility codes are unique in the registry). */
const RUN = `${process.pid % 10000}${Date.now() % 100000}`
const DIGITS6 = String(Date.now() % 1_000_000).padStart(6, '0')

describe('registry places in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let context: BrowserContext | undefined
  let page: Page
  let errors: string[] = []
  let caller: Caller

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
    const staff = await createTestAccount(server.db, { role: 'community_staff', scopeCode: COMMUNITY, displayName: '南关街工作站' })
    caller = await loginAs(server.db, staff.username)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const newPage = async (width = 1280) => {
    context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' })
    const [pair] = caller.cookie.split(';')
    const i = pair!.indexOf('=')
    await context.addCookies([{ name: pair!.slice(0, i), value: pair!.slice(i + 1), url: server.url, httpOnly: true, sameSite: 'Strict' }])
    page = await context.newPage()
    errors = []
    page.on('pageerror', (e) => errors.push(e.message))
  }
  const close = async () => {
    await context?.close()
    context = undefined
  }

  /** A point inside the grid, from its current boundary. */
  const pointInGrid = async (code: string): Promise<{ lon: number; lat: number }> => {
    const r = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM current_area WHERE code = ${code}) x`.execute(server.db.database.db)
    const row = r.rows[0]
    if (!row) throw new Error(`no grid ${code}`)
    return { lon: Number(row.lon), lat: Number(row.lat) }
  }

  /** Registers a building through the API (for tests not about the building form). */
  const createBuilding = async (name: string, rooms = { units: 1, floors: 3, roomsPerFloor: 2 }) => {
    const res = await fetch(`${server.url}/api/v1/registry/buildings`, {
      method: 'POST',
      headers: { ...caller.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name, address: name, use: 'residential', location: await pointInGrid(GRID), rooms }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { id: number }
  }

  /** The visible options of the open Ant Design select. */
  const options = () => page.locator('.ant-select-dropdown:visible .ant-select-item-option')

  const chooseOption = (testId: string, text: string) => ui.chooseOption(page, testId, text)

  const searchAndChoose = (testId: string, typed: string, text: string, shows = text) => ui.searchAndChoose(page, testId, typed, text, shows)

  const clickUntil = ui.clickUntil

  const explainText = async (testId: string) => {
    const explain = page.getByTestId(testId).locator('.ant-form-item-explain')
    return (await explain.count()) > 0 ? ((await explain.textContent()) ?? '') : ''
  }

  /** Opens a tab of the places page and waits for its list to have loaded. */
  const openTab = async (tab: 'buildings' | 'organizations' | 'facilities' | 'concerns') => {
    const list = page.locator(`[data-testid="${tab}-results"][data-loaded="true"]`)
    await clickUntil(page.getByTestId(`places-tab-${tab}`), list)
    await expect.poll(() => page.getByTestId('places-page').getAttribute('data-tab'), { timeout: 30_000 }).toBe(tab)
  }

  /** Opens the "new" drawer of the current tab and waits for its form. */
  const openNew = async (form: string) => clickUntil(page.getByTestId('places-new'), page.getByTestId(form))

  /** Closes the drawer `testId` and waits until it is gone. */
  const closeDrawer = async (testId: string) => {
    const drawer = page.locator(`.ant-drawer:has([data-testid="${testId}"]) .ant-drawer-close`)
    for (let attempt = 1; ; attempt++) {
      if (await drawer.isVisible()) await drawer.click({ timeout: 5_000 }).catch(() => undefined)
      try {
        await page.getByTestId(testId).waitFor({ state: 'detached', timeout: 10_000 })
        return
      } catch (err) {
        if (attempt >= 4) throw err
      }
    }
  }

  // The map is drawn in software (SwiftShader): on a busy machine this one needs more than the default time.
  it('registers a building in its grid by a click on the map, with generated rooms; a rental of a room; an edit meeting someone else\'s change', async () => {
    const point = await pointInGrid(GRID)
    const buildingName = `南关街${RUN}号楼`
    await newPage()
    try {
      await page.goto(`${server.url}/registry/places`)
      await page.getByTestId('places-page').waitFor({ timeout: 30_000 })
      // The menu offers the places page.
      expect(await page.getByTestId('main-nav').textContent()).toContain('地物组织')
      await page.locator('[data-testid="buildings-results"][data-loaded="true"]').waitFor({ timeout: 30_000 })

      // --- a building, placed by a click on the map inside the grid, with 2 units × 6 floors × 2 rooms
      await openNew('building-form')
      await page.getByTestId('building-name').fill(buildingName)
      await page.getByTestId('building-address').fill(buildingName)
      await page.getByTestId('building-floors').fill('6')
      await page.getByTestId('building-units').fill('2')
      // The generator's floors follow the building's; the preview counts the rooms.
      await expect.poll(() => page.getByTestId('building-rooms-preview').getAttribute('data-count'), { timeout: 30_000 }).toBe('24')
      expect(await page.getByTestId('building-rooms-preview').textContent()).toContain('2 单元 602 室')

      // The map of the grids: brought onto the point (as a user pans), then clicked there.
      await page.locator('[data-testid="location-map"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
      await page.evaluate(
        (p) =>
          new Promise<void>((resolve) => {
            const map = window.__frontlineMap!
            map.once('idle', () => resolve())
            map.jumpTo({ center: [p.lon, p.lat], zoom: 16 })
          }),
        point,
      )
      const picker = page.getByTestId('building-location')
      for (let attempt = 1; ; attempt++) {
        const at = await page.evaluate((p) => window.__frontlineMap!.project([p.lon, p.lat]), point)
        await page.getByTestId('location-map').click({ position: { x: at.x, y: at.y } })
        try {
          await expect.poll(() => picker.getAttribute('data-lon'), { timeout: 5_000 }).not.toBe('')
          break
        } catch (err) {
          if (attempt >= 3) throw err
        }
      }
      expect(Math.abs(Number(await picker.getAttribute('data-lon')) - point.lon)).toBeLessThan(0.0005)
      expect(Math.abs(Number(await picker.getAttribute('data-lat')) - point.lat)).toBeLessThan(0.0005)
      // The grid under the point is named.
      await expect.poll(() => picker.getAttribute('data-grid'), { timeout: 30_000 }).toBe(GRID)
      await page.getByTestId('building-submit').click()

      // The building's page: in the grid, with its 24 rooms by unit and floor.
      await page.getByTestId('building-page').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toMatch(/^\/registry\/buildings\/\d+$/)
      const buildingId = Number(await page.getByTestId('building-page').getAttribute('data-building-id'))
      expect(await page.getByTestId('building-title').textContent()).toBe(buildingName)
      expect(await page.getByTestId('building-grid').getAttribute('data-code')).toBe(GRID)
      await clickUntil(page.getByTestId('building-tab-rooms'), page.getByTestId('building-rooms'))
      expect(await page.getByTestId('building-rooms').getAttribute('data-count')).toBe('24')
      expect(await page.getByTestId('room').count()).toBe(24)
      expect(await page.getByTestId('rooms-unit').count()).toBe(2)
      const topFloor = page.locator('[data-testid="rooms-unit"][data-unit="2"] [data-testid="rooms-floor"]').first()
      expect(await topFloor.getAttribute('data-floor')).toBe('6')
      const room = page.locator('[data-testid="room"][data-unit="2"][data-number="601"]')
      expect(await room.getAttribute('data-rented')).toBe('false')

      // A room opens its residents and its rental: one registered, with the landlord by name.
      await clickUntil(room, page.getByTestId('room-details'))
      await clickUntil(page.getByTestId('room-rental-new'), page.getByTestId('rental-form'))
      await expect.poll(() => page.getByTestId('rental-room').textContent(), { timeout: 30_000 }).toContain('601')
      await clickUntil(page.getByTestId('rental-landlord-mode').getByText('房东姓名'), page.getByTestId('rental-landlordName'))
      await page.getByTestId('rental-landlordName').fill('王1')
      await expect.poll(() => explainText('rental-landlordName-item'), { timeout: 30_000 }).toContain('不能用于姓名的字符')
      await page.getByTestId('rental-landlordName').fill('王建国')
      await expect.poll(() => explainText('rental-landlordName-item'), { timeout: 30_000 }).toBe('')
      await page.getByTestId('rental-submit').click()
      const rental = page.getByTestId('rental-details')
      await rental.waitFor({ timeout: 30_000 })
      expect(await rental.getAttribute('data-status')).toBe('active')
      expect(new URL(page.url()).searchParams.get('tab')).toBe('rentals')
      await expect.poll(() => page.getByTestId('rental-row').count(), { timeout: 30_000 }).toBe(1)
      // Ended with a reason: the rental stays, ended.
      await clickUntil(page.getByTestId('rental-end'), page.getByTestId('rental-end-dialog-reason'))
      await page.getByTestId('rental-end-dialog-reason').fill('租户退租')
      await page.getByTestId('rental-end-dialog-submit').click()
      await expect.poll(() => rental.getAttribute('data-status'), { timeout: 30_000 }).toBe('ended')
      await closeDrawer('rental-details')
      await expect.poll(() => page.getByTestId('rental-row').count(), { timeout: 30_000 }).toBe(0)

      // An edit meeting someone else's change: saving says so, the current record is a click away.
      await clickUntil(page.getByTestId('building-tab-details'), page.getByTestId('building-details'))
      const version = Number(await page.getByTestId('building-page').getAttribute('data-version'))
      await clickUntil(page.getByTestId('building-edit'), page.getByTestId('building-edit-form'))
      const patched = await fetch(`${server.url}/api/v1/registry/buildings/${buildingId}`, {
        method: 'PATCH',
        headers: { ...caller.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ version, builtYear: 1998 }),
      })
      expect(patched.status, await patched.clone().text()).toBe(200)
      await chooseOption('building-edit-hazardGrade', '一般隐患')
      await page.getByTestId('building-save').click()
      await page.getByTestId('building-conflict').waitFor({ timeout: 30_000 })
      await page.getByTestId('building-reload').click()
      await expect.poll(() => page.getByTestId('building-edit-builtYear').inputValue(), { timeout: 30_000 }).toBe('1998')

      // The building in its tab.
      await page.getByTestId('nav-places').click()
      await page.getByTestId('places-page').waitFor({ timeout: 30_000 })
      await page.getByTestId('buildings-search').fill(buildingName)
      const buildingRow = page.locator(`[data-testid="buildings-row"][data-id="${buildingId}"]`)
      await buildingRow.waitFor({ timeout: 30_000 })
      expect(await buildingRow.getByTestId('building-row-rooms').textContent()).toBe('24')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  }, 240_000)

  it('registers an organization in a building, its mistyped credit code refused as it is typed', async () => {
    const buildingName = `南关街${RUN}号东楼`
    await createBuilding(buildingName)
    await newPage()
    try {
      await page.goto(`${server.url}/registry/places`)
      await page.getByTestId('places-page').waitFor({ timeout: 30_000 })
      // A mistyped credit code is refused as it is typed, then fixed.
      await openTab('organizations')
      await openNew('organization-form')
      const orgName = `夏都便民超市${RUN}`
      await page.getByTestId('organization-name').fill(orgName)
      await chooseOption('organization-kind', '非公有制经济组织')
      const code = makeCreditCode('91', '630103', `MA${DIGITS6}`)
      const mistyped = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
      await page.getByTestId('organization-creditCode').pressSequentially(mistyped.slice(0, 10), { delay: 15 })
      await expect.poll(() => explainText('organization-creditCode-item'), { timeout: 30_000 }).toBe('位数不对：应为 18 位，现有 10 位')
      await page.getByTestId('organization-creditCode').pressSequentially(mistyped.slice(10), { delay: 15 })
      await expect.poll(() => explainText('organization-creditCode-item'), { timeout: 30_000 }).toBe(placesZh['places.problem.creditCode.bad_check_character'])
      expect(await page.getByTestId('credit-code-facts').count()).toBe(0)
      // A business cannot go without one.
      await page.getByTestId('organization-creditCode').fill('')
      await expect.poll(() => explainText('organization-creditCode-item'), { timeout: 30_000 }).toBe(placesZh['places.problem.creditCode.required'])
      await page.getByTestId('organization-creditCode').fill(code)
      await expect.poll(() => explainText('organization-creditCode-item'), { timeout: 30_000 }).toBe('')
      expect(await page.getByTestId('credit-code-facts').textContent()).toContain('工商')
      // A legal representative's name is checked like a person's.
      await page.getByTestId('organization-legalRep').fill('马1')
      await expect.poll(() => explainText('organization-legalRep-item'), { timeout: 30_000 }).toContain('不能用于姓名的字符')
      await page.getByTestId('organization-legalRep').fill('马国栋')
      await page.getByTestId('organization-phone').fill('0971-6123456')
      await searchAndChoose('organization-building', buildingName, buildingName)
      await page.getByTestId('organization-submit').click()
      // Saved: the record opens, placed in the building's grid.
      const org = page.getByTestId('organization-details')
      await org.waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('organization-view-creditCode').textContent()).toBe(code)
      expect(await page.getByTestId('organization-view-grid').getAttribute('data-code')).toBe(GRID)
      const orgId = await org.getAttribute('data-id')
      await clickUntil(page.getByTestId('organization-tab-history'), page.locator('[data-testid="place-change"][data-action="create"]'))
      await closeDrawer('organization-details')
      await page.locator(`[data-testid="organizations-row"][data-id="${orgId}"]`).waitFor({ timeout: 30_000 })

      // Found again by its name and by its credit code (the tab and the text are in the URL).
      await page.getByTestId('organizations-search').fill(orgName)
      await page.locator(`[data-testid="organizations-row"][data-id="${orgId}"]`).waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).searchParams.get('tab')).toBe('organizations')
      await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 30_000 }).toBe(orgName)
      await page.getByTestId('organizations-search').fill(code)
      await expect
        .poll(async () => page.getByTestId('organizations-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))), { timeout: 30_000 })
        .toEqual([orgId])
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('registers a facility at typed coordinates', async () => {
    const point = await pointInGrid(GRID)
    await newPage()
    try {
      await page.goto(`${server.url}/registry/places`)
      await page.getByTestId('places-page').waitFor({ timeout: 30_000 })
      await openTab('facilities')
      await openNew('facility-form')
      await chooseOption('facility-class', '公用设施')
      await chooseOption('facility-kind', '井盖')
      await page.getByTestId('facility-name').fill(`南关街${RUN}号井盖`)
      await page.getByTestId('facility-code').fill('GX 01')
      await expect.poll(() => explainText('facility-code-item'), { timeout: 30_000 }).toBe(placesZh['places.problem.code.bad_format'])
      await page.getByTestId('facility-code').fill(`GX-${RUN}`)
      await expect.poll(() => explainText('facility-code-item'), { timeout: 30_000 }).toBe('')
      await page.getByTestId('location-lon').fill(point.lon.toFixed(7))
      await page.getByTestId('location-lat').fill(point.lat.toFixed(7))
      await expect.poll(() => page.getByTestId('facility-location').getAttribute('data-lat'), { timeout: 30_000 }).not.toBe('')
      await page.getByTestId('facility-submit').click()
      const facility = page.getByTestId('facility-details')
      await facility.waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('facility-view-grid').getAttribute('data-code')).toBe(GRID)
      expect(await page.getByTestId('facility-view-state').getAttribute('data-state')).toBe('intact')
      const facilityId = await facility.getAttribute('data-id')
      await closeDrawer('facility-details')
      await page.locator(`[data-testid="facilities-row"][data-id="${facilityId}"]`).waitFor({ timeout: 30_000 })
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('notes a resident\'s concern, the resident found by name, and closes it', async () => {
    const where = `南关街${RUN}号南楼`
    await newPage()
    try {
      await page.goto(`${server.url}/registry/places`)
      await page.getByTestId('places-page').waitFor({ timeout: 30_000 })
      const resident = await fetch(`${server.url}/api/v1/registry/people`, {
        method: 'POST',
        headers: { ...caller.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: '欧阳觅露',
          idNumber: makeIdNumber('630103', '1931-07-13', process.pid % 1000),
          ethnicity: '汉族',
          residenceCategory: '户籍人口',
          address: `${where}1单元101室`,
          gridCode: GRID,
        }),
      })
      expect(resident.status, await resident.clone().text()).toBe(201)
      const residentId = ((await resident.json()) as { id: number }).id
      await openTab('concerns')
      await openNew('concern-form')
      await chooseOption('concern-theme', '环境卫生')
      const content = `${where}门前垃圾清运不及时`
      await page.getByTestId('concern-content').fill(content)
      await clickUntil(page.getByTestId('concern-resident').getByText('已登记的居民'), page.getByTestId('concern-person'))
      for (let attempt = 1; ; attempt++) {
        await page.getByTestId('concern-person').locator('input').fill('欧阳觅')
        const option = page.locator(`.ant-select-dropdown:visible [data-testid="person-option"][data-person-id="${residentId}"]`)
        await option.waitFor({ timeout: 30_000 })
        await option.click()
        try {
          await expect.poll(() => page.getByTestId('concern-person').textContent(), { timeout: 5_000 }).toContain('欧阳觅露')
          break
        } catch (err) {
          if (attempt >= 3) throw err
        }
      }
      await clickUntil(page.getByTestId('concern-placement').getByText('居民所在网格'), page.locator('[data-testid="concern-form"]:not(:has([data-testid="concern-location"]))'))
      await page.getByTestId('concern-submit').click()
      const concern = page.getByTestId('concern-details')
      await concern.waitFor({ timeout: 30_000 })
      expect(await concern.getAttribute('data-status')).toBe('open')
      expect(await page.getByTestId('concern-view-grid').getAttribute('data-code')).toBe(GRID)
      expect(await page.getByTestId('concern-view-content').textContent()).toBe(content)
      expect(await page.getByTestId('concern-facts').textContent()).toContain('欧阳觅露')
      const concernId = await concern.getAttribute('data-id')
      await clickUntil(page.getByTestId('concern-close'), page.getByTestId('concern-close-dialog-reason'))
      await page.getByTestId('concern-close-dialog-reason').fill('已协调环卫清运')
      await page.getByTestId('concern-close-dialog-submit').click()
      await expect.poll(() => concern.getAttribute('data-status'), { timeout: 30_000 }).toBe('closed')
      await closeDrawer('concern-details')
      const concernRow = page.locator(`[data-testid="concerns-row"][data-id="${concernId}"]`)
      await concernRow.waitFor({ timeout: 30_000 })
      expect(await concernRow.getByTestId('concern-row-content').textContent()).toBe(content)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('shows the buildings as cards on a phone, without sideways scrolling', async () => {
    const name = `南关街${RUN}号西楼`
    const building = await createBuilding(name)
    await newPage(390)
    try {
      await page.goto(`${server.url}/registry/places?q=${encodeURIComponent(name)}`)
      const card = page.locator(`[data-testid="buildings-card"][data-id="${building.id}"]`)
      await card.waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('buildings-table').count()).toBe(0)
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
      // The form is the whole screen.
      await openNew('building-form')
      const drawer = page.locator('.ant-drawer-content-wrapper:has([data-testid="building-form"])')
      await expect.poll(async () => (await drawer.boundingBox())?.width, { timeout: 30_000 }).toBe(390)
      await closeDrawer('building-form')
      // A card opens the building, its rooms fit the screen.
      await clickUntil(card, page.getByTestId('building-page'))
      await clickUntil(page.getByTestId('building-tab-rooms'), page.getByTestId('building-rooms'))
      expect(await page.getByTestId('room').count()).toBe(6)
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
