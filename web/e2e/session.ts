// Browser tests that are not about logging in start already logged in: a city-wide account of the
// role, its session opened directly in the session store (test/helpers.ts), its cookie put into
// the browser context. Also the headers for calling the API from the test itself.
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import type { Role } from '../../shared/roles.ts'
import type { E2eServer } from '../../test/e2e.ts'
import { cityCaller, createTestAccount, loginAs, type Caller } from '../../test/helpers.ts'

/** The name=value of a Cookie header, split. */
function cookiePair(cookie: string): { name: string; value: string } {
  const [pair] = cookie.split(';')
  const i = pair!.indexOf('=')
  return { name: pair!.slice(0, i).trim(), value: pair!.slice(i + 1).trim() }
}

/**
 * A browser context logged in as a city-wide account of `role` (or a new account of a role scoped to
 * another area, e.g. a test fixture's city), plus that caller's API headers.
 */
export async function loggedInContext(
  browser: Browser,
  server: E2eServer,
  who: Role | { role: Role; scopeCode: string } = 'city_admin',
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; caller: Caller }> {
  const caller =
    typeof who === 'string' ? await cityCaller(server.db, who) : await loginAs(server.db, (await createTestAccount(server.db, who)).username)
  const context = await browser.newContext(options)
  const { name, value } = cookiePair(caller.cookie)
  await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Strict' }])
  return { context, caller }
}
