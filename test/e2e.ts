// Browser-test harness: the real app on a private copy of the demo city, listening on a free port,
// and Debian's Chromium driven by playwright-core (no browser downloads).
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { buildApp } from '../server/app.ts'
import { loadConfig, PROJECT_ROOT } from '../server/config.ts'
import { TEST_ENV, openTestDatabase, type TestDatabase } from './helpers.ts'
import { testLoggerOptions } from './test-logs.ts'

export interface E2eServer {
  url: string
  db: TestDatabase
  close(): Promise<void>
}

/** Starts the app with the built web client (dist/web) on 127.0.0.1 and a random port. */
export async function startE2eServer(): Promise<E2eServer> {
  const db = await openTestDatabase('pglite')
  const config = loadConfig({ ...process.env, ...TEST_ENV, FRONTLINE_WEB_DIST: path.join(PROJECT_ROOT, 'dist', 'web') })
  const app = await buildApp({ config, database: db.database, logger: testLoggerOptions() })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    url: address,
    db,
    async close() {
      await app.close()
      await db.close()
    },
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** Launches headless Debian Chromium with software WebGL (MapLibre needs WebGL). */
/**
 * Headless Chromium. Its pages ask for reduced motion (the app then opens menus, dropdowns and
 * dialogs without animation), so a click never lands on an element that is still moving: on a busy
 * machine such clicks were lost.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  })
  const newContext = browser.newContext.bind(browser)
  browser.newContext = (options = {}) => newContext({ reducedMotion: 'reduce', ...options })
  return browser
}
