// Accounts in Debian Chromium against the real server: the first login of a new account (password
// change, authenticator enrolment with the secret read off the page), logout, a wrong password,
// the system admin creating an account (temporary password, masked phone, unmasking after
// re-authentication), the auditor's log with a filter and the chain check, and the language choice
// surviving logout and login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import * as ui from './ui.ts'
import { launchBrowser, startE2eServer, type E2eServer } from '../../test/e2e.ts'
import { createTestAccount, DEMO_CITY, loginAs, type TestAccount } from '../../test/helpers.ts'
import { insertAccount } from '../../server/features/accounts/account.repository.ts'
import { TOTP_PERIOD, totpCode } from '../../server/features/accounts/totp.ts'
import type { Role } from '../../shared/roles.ts'

/** 南关街社区 (城中区 人民街街道), a community of the demo city. */
const COMMUNITY = '630103001003'

describe('accounts in Chromium', () => {
  let server: E2eServer
  let browser: Browser
  let context: BrowserContext | undefined
  let page: Page

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const open = async (path: string, opts: { locale?: string; width?: number } = {}) => {
    context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 800 }, locale: opts.locale ?? 'zh-CN' })
    page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}${path}`)
    return errors
  }
  const close = async () => {
    await context?.close()
    context = undefined
  }

  // A TOTP code is accepted once per account and 30-second step: a second code for the same secret
  // waits for the next step.
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

  const account = (role: Role, scopeCode = DEMO_CITY, extra: { phone?: string; displayName?: string } = {}) =>
    createTestAccount(server.db, { role, scopeCode, ...extra })

  const stage = () => page.getByTestId('login-step').getAttribute('data-stage')

  /** Username, password and code of an enrolled account; waits for the app frame. */
  const logIn = async (a: TestAccount) => {
    await page.getByTestId('login-username').fill(a.username)
    await page.getByTestId('login-password').fill(a.password)
    await page.getByTestId('login-submit').click()
    await expect.poll(stage, { timeout: 30_000 }).toBe('totp')
    await page.getByTestId('totp-code').fill(await freshCode(a.totpSecret))
    await page.getByTestId('totp-submit').click()
    await page.getByTestId('user-menu').waitFor({ timeout: 30_000 })
  }

  const logOut = () => ui.logOut(page)

  /** The <input> of an Ant Design number field, wherever its test id landed. */
  const numberInput = (testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()

  const chooseOption = (testId: string, text: string) => ui.chooseOption(page, testId, text)

  const clickUntil = ui.clickUntil

  it('takes a new account through password change and authenticator enrolment, then out and back in', async () => {
    const username = `newstaff${process.pid}`
    const temporary = 'Temp#Pass-4821'
    await insertAccount(server.db.database.db, {
      username,
      displayName: '新同事',
      role: 'community_staff',
      scopeCode: COMMUNITY,
      password: temporary,
      mustChangePassword: true,
    })
    const errors = await open('/coverage')
    try {
      // Not logged in: the login page, remembering where the user wanted to go.
      await page.getByTestId('login-form').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).searchParams.get('next')).toBe('/coverage')
      expect(await page.getByTestId('login-username').getAttribute('autocomplete')).toBe('username')
      expect(await page.getByTestId('login-password').getAttribute('autocomplete')).toBe('current-password')

      await page.getByTestId('login-username').fill(username)
      await page.getByTestId('login-password').fill(temporary)
      await page.getByTestId('login-submit').click()
      await expect.poll(stage, { timeout: 30_000 }).toBe('password_change')
      expect(await page.getByTestId('password-rules').textContent()).toContain('8')

      // A weak password: every problem the server finds is listed under the field.
      await page.getByTestId('password-current').fill(temporary)
      await page.getByTestId('password-new').fill('aaaa')
      await page.getByTestId('password-confirm').fill('aaaa')
      await page.getByTestId('password-submit').click()
      const problems = page.getByTestId('password-new-item').locator('.ant-form-item-explain')
      await expect.poll(() => problems.textContent(), { timeout: 30_000 }).toContain('太短')
      expect(await problems.textContent()).toContain('重复字符过多')

      const newPassword = 'Xining#Grid-2026'
      await page.getByTestId('password-new').fill(newPassword)
      await page.getByTestId('password-confirm').fill(newPassword)
      await page.getByTestId('password-submit').click()
      await expect.poll(stage, { timeout: 30_000 }).toBe('totp_enrol')

      // The QR code is an image; the secret is shown for typing it in by hand.
      const qr = page.getByTestId('enrol-qr')
      await qr.waitFor({ timeout: 30_000 })
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
      const secret = await page.getByTestId('enrol-secret').getAttribute('data-secret')
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
      expect(await page.getByTestId('enrol-code').getAttribute('inputmode')).toBe('numeric')
      expect(await page.getByTestId('enrol-code').getAttribute('autocomplete')).toBe('one-time-code')
      await page.getByTestId('enrol-code').fill(await freshCode(secret!))
      await page.getByTestId('enrol-submit').click()

      // Logged in: on to the page asked for; the header names the user.
      await page.getByTestId('coverage-form').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toBe('/coverage')
      await page.getByTestId('user-menu').click()
      expect(await page.getByTestId('user-display-name').textContent()).toBe('新同事')
      expect(await page.getByTestId('user-role').textContent()).toBe('社区（村）工作站')
      expect(await page.getByTestId('user-scope').textContent()).toContain('南关街社区')
      // A community work station reads areas but does not import them.
      expect(await page.getByTestId('nav-import').count()).toBe(0)
      await logOut()
      expect(new URL(page.url()).pathname).toBe('/login')

      // A wrong password says only that name or password is wrong.
      await page.getByTestId('login-username').fill(username)
      await page.getByTestId('login-password').fill('Not-the-password-1')
      await page.getByTestId('login-submit').click()
      await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 30_000 }).toBe('用户名或密码错误')
      await page.getByTestId('login-username').fill(`nobody${process.pid}`)
      await page.getByTestId('login-password').fill('Not-the-password-1')
      await page.getByTestId('login-submit').click()
      await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 30_000 }).toBe('用户名或密码错误')

      // Back in with the new password and a code of the enrolled authenticator.
      await logIn({ id: 0, username, password: newPassword, totpSecret: secret! })
      expect(new URL(page.url()).pathname).toBe('/')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('lets the system admin create an account, see its temporary password once and its phone masked, and unmask it after re-authenticating', async () => {
    const admin = await account('system_admin')
    const errors = await open('/admin/accounts')
    try {
      await logIn(admin)
      await page.getByTestId('account-admin').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toBe('/admin/accounts')

      const username = `gw.e2e${process.pid}`
      await page.getByTestId('account-create').click()
      await page.getByTestId('account-username').fill(username)
      await page.getByTestId('account-display-name').fill('测试网格员')
      await chooseOption('account-role', '网格员')
      await page.getByTestId('account-scope').locator('input').fill('南关街社区')
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: COMMUNITY }).first().click({ timeout: 30_000 })
      await page.getByTestId('account-phone-input').fill('13912345678')
      await page.getByTestId('account-create-submit').click()

      const temp = page.getByTestId('temp-password')
      await temp.waitFor({ timeout: 30_000 })
      const temporaryPassword = await temp.inputValue()
      expect(temporaryPassword.length).toBeGreaterThanOrEqual(8)
      await page.getByTestId('account-create-done').click()

      await page.getByTestId('account-search').locator('input').fill(username)
      const row = page.locator(`[data-testid="account-row"][data-username="${username}"]`)
      await row.waitFor({ timeout: 30_000 })
      const masked = await row.getByTestId('account-phone').textContent()
      expect(masked).not.toContain('13912345678')
      expect(masked).toMatch(/^139.*\*.*678$/)

      // Unmasking asks for a reason, then for password and a fresh code.
      await row.getByTestId('unmask-phone').click()
      await page.getByTestId('unmask-reason').fill('核实网格员联系方式')
      await page.getByTestId('unmask-submit').click()
      await page.getByTestId('reauth-password').waitFor({ timeout: 30_000 })
      await page.getByTestId('reauth-password').fill(admin.password)
      await page.getByTestId('reauth-code').fill(await freshCode(admin.totpSecret))
      await page.getByTestId('reauth-submit').click()
      await expect.poll(() => page.getByTestId('phone-unmasked').textContent(), { timeout: 30_000 }).toContain('13912345678')
      await page.getByTestId('unmask-close').click()

      // Edit: a change saves against the version read; a change made meanwhile by someone else is a
      // conflict, and the current version can be loaded.
      await row.getByTestId('account-edit').click()
      const drawer = page.getByTestId('account-edit-drawer')
      await drawer.getByTestId('edit-version').waitFor({ timeout: 30_000 })
      await page.getByTestId('edit-display-name').fill('测试网格员甲')
      await page.getByTestId('account-save').click()
      await page.getByTestId('account-saved').waitFor({ timeout: 30_000 })
      const id = Number(await row.getAttribute('data-account-id'))
      const other = await loginAs(server.db, admin.username)
      const current = await (await fetch(`${server.url}/api/v1/accounts/${id}`, { headers: other.headers })).json()
      const patched = await fetch(`${server.url}/api/v1/accounts/${id}`, {
        method: 'PATCH',
        headers: { ...other.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ version: current.version, displayName: '别人改的' }),
      })
      expect(patched.status).toBe(200)
      await page.getByTestId('edit-display-name').fill('测试网格员乙')
      await page.getByTestId('account-save').click()
      await page.getByTestId('account-conflict').waitFor({ timeout: 30_000 })
      await page.getByTestId('account-reload').click()
      await expect.poll(() => page.getByTestId('edit-display-name').inputValue(), { timeout: 30_000 }).toBe('别人改的')
      await page.locator('.ant-drawer-close').click()

      // A grid worker's grids: tick one (held by the demo's worker of that grid: it moves here).
      await clickUntil(row.getByTestId('account-more'), page.getByTestId('action-grids'))
      const firstGrid = page.getByTestId('grid-choice').first()
      await clickUntil(page.getByTestId('action-grids'), firstGrid)
      const gridCode = await firstGrid.getAttribute('data-code')
      await firstGrid.click()
      await page.getByTestId('grid-save').click()
      await page.getByTestId('grid-drawer').waitFor({ state: 'hidden', timeout: 30_000 })
      const grids = await (await fetch(`${server.url}/api/v1/accounts/${id}/grids`, { headers: other.headers })).json()
      expect(grids.items.map((g: { grid: { code: string } }) => g.grid.code)).toEqual([gridCode])

      // Resetting the password shows a new temporary one.
      const confirm = page.locator('.ant-modal-confirm-confirm .ant-btn-primary')
      await clickUntil(row.getByTestId('account-more'), page.getByTestId('action-reset-password'))
      await clickUntil(page.getByTestId('action-reset-password'), confirm)
      const reset = page.getByTestId('temp-password')
      await clickUntil(confirm, reset)
      const resetPassword = await reset.inputValue()
      expect(resetPassword).not.toBe(temporaryPassword)
      await page.getByTestId('temp-password-done').click()

      // The new account's first login asks for a new password.
      await logOut()
      await page.getByTestId('login-username').fill(username)
      await page.getByTestId('login-password').fill(resetPassword)
      await page.getByTestId('login-submit').click()
      await expect.poll(stage, { timeout: 30_000 }).toBe('password_change')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('shows the auditor the log, filtered by actor, and verifies the chain', async () => {
    const auditor = await account('auditor')
    const errors = await open('/')
    try {
      await logIn(auditor)
      // An auditor reads no areas: home is the audit log, and the menu offers only it.
      await page.getByTestId('audit-log').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toBe('/admin/audit')
      expect(await page.getByTestId('main-nav').textContent()).not.toContain('地图')
      await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 30_000 }).toBeGreaterThan(0)

      await page.getByTestId('audit-filter-actor').fill(auditor.username)
      await page.getByTestId('audit-search').click()
      await expect
        .poll(async () => [...new Set(await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-actor'))))], { timeout: 30_000 })
        .toEqual([auditor.username])
      const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))
      expect(actions.some((a) => a?.startsWith('auth.'))).toBe(true)

      await page.getByTestId('audit-verify').click()
      const verdict = page.getByTestId('audit-verdict')
      await verdict.waitFor({ timeout: 60_000 })
      expect(await verdict.getAttribute('data-ok')).toBe('true')

      // The session ends elsewhere (here: logged out with the browser's own cookie): the next call
      // answers 401 and the app sends the user to the login page, keeping the page to come back to.
      const cookie = (await context!.cookies()).find((c) => c.name === 'frontline_session')!
      const headers = { cookie: `${cookie.name}=${cookie.value}` }
      const { csrfToken } = await (await fetch(`${server.url}/api/v1/auth/session`, { headers })).json()
      expect((await fetch(`${server.url}/api/v1/auth/logout`, { method: 'POST', headers: { ...headers, 'x-csrf-token': csrfToken } })).status).toBe(204)
      await page.getByTestId('audit-search').click()
      await page.getByTestId('session-ended').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/audit')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('keeps the language across logout and the next login; a security admin lands on the policy', async () => {
    const volunteer = await account('volunteer', COMMUNITY)
    const secadmin = await account('security_admin')
    await open('/login')
    try {
      await page.getByTestId('login-form').waitFor({ timeout: 30_000 })
      await page.getByTestId('language-switch').getByText('EN').click()
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US')
      expect(await page.getByTestId('login-submit').textContent()).toContain('Sign in')
      await logIn(volunteer)
      expect(await page.getByTestId('main-nav').textContent()).toContain('Map')

      // Switch in the app, log out: the login page and the next session keep the choice.
      await page.getByTestId('language-switch').getByText('简体中文').click()
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
      await page.getByTestId('language-switch').getByText('English').click()
      await logOut()
      expect(await page.getByTestId('login-submit').textContent()).toContain('Sign in')
      expect(await page.evaluate(() => localStorage.getItem('frontline.lang'))).toBe('en-US')

      await logIn(secadmin)
      await page.getByTestId('security-policy').waitFor({ timeout: 30_000 })
      expect(new URL(page.url()).pathname).toBe('/admin/security')
      expect(await page.getByTestId('main-nav').textContent()).toBe('Security policy')
      expect(await page.getByTestId('policy-form').textContent()).toContain('MLPS')

      // Choosing NIST fills in its values; saving makes a new version.
      const version = Number(await page.getByTestId('policy-version').getAttribute('data-version'))
      await page.getByTestId('policy-profile').getByText('NIST SP 800-63B').click()
      expect(await numberInput('policy-password-minLength').inputValue()).toBe('12')
      await page.getByTestId('policy-save').click()
      await page.getByTestId('policy-saved').waitFor({ timeout: 30_000 })
      expect(Number(await page.getByTestId('policy-version').getAttribute('data-version'))).toBe(version + 1)

      // Someone else saves meanwhile: saving again is a conflict, with the current policy a click away.
      const other = await loginAs(server.db, secadmin.username)
      const current = await (await fetch(`${server.url}/api/v1/security/policy`, { headers: other.headers })).json()
      const { version: v, updatedAt: _a, updatedBy: _b, ...policy } = current
      const put = await fetch(`${server.url}/api/v1/security/policy`, {
        method: 'PUT',
        headers: { ...other.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ version: v, policy: { ...policy, session: { ...policy.session, idleMinutes: 20 } } }),
      })
      expect(put.status).toBe(200)
      await numberInput('policy-session-idleMinutes').fill('25')
      await page.getByTestId('policy-save').click()
      await page.getByTestId('policy-conflict').waitFor({ timeout: 30_000 })
      await page.getByTestId('policy-reload').click()
      await expect.poll(() => numberInput('policy-session-idleMinutes').inputValue(), { timeout: 30_000 }).toBe('20')
    } finally {
      await close()
    }
  })

  it('warns before the idle timeout, and "stay signed in" extends the session', async () => {
    const secadmin = await account('security_admin')
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    // The browser's clock is fake from here on: it can jump ahead while the server's keeps real time.
    await context.clock.install()
    page = await context.newPage()
    try {
      await page.goto(`${server.url}/login`)
      await logIn(secadmin)
      await page.getByTestId('security-policy').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('idle-warning').count()).toBe(0)
      // The policy signs out after its idle minutes (another test may have changed them); the
      // warning comes in the last two.
      const policy = await (await fetch(`${server.url}/api/v1/security/policy`, { headers: (await loginAs(server.db, secadmin.username)).headers })).json()
      await page.clock.fastForward((policy.session.idleMinutes * 60 - 90) * 1000)
      await page.getByTestId('idle-warning').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('idle-warning').textContent()).toMatch(/[01]:\d\d/)
      await page.getByTestId('idle-stay').click()
      await page.getByTestId('idle-warning').waitFor({ state: 'hidden', timeout: 30_000 })
      await page.clock.fastForward('10:00')
      expect(await page.getByTestId('idle-warning').count()).toBe(0)
    } finally {
      await close()
    }
  })

  it('works on a phone: login form and the icon-only menu fit the screen', async () => {
    const worker = await account('grid_worker', COMMUNITY)
    await open('/login', { width: 390 })
    try {
      await page.getByTestId('login-form').waitFor({ timeout: 30_000 })
      const box = await page.locator('.login-card').boundingBox()
      expect(box && box.width).toBeLessThanOrEqual(390)
      await logIn(worker)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow).toBeLessThanOrEqual(0)

      // The user's own API tokens: created (shown once), then revoked.
      await page.getByTestId('user-menu').click()
      await page.getByTestId('menu-tokens').click()
      await page.getByTestId('token-name').fill('同步脚本')
      await page.getByTestId('token-create').click()
      const token = await page.getByTestId('token-value').inputValue()
      expect(token).toMatch(/^flt_/)
      const withToken = () => fetch(`${server.url}/api/v1/areas`, { headers: { authorization: `Bearer ${token}` } })
      expect((await withToken()).status).toBe(200)
      await page.getByTestId('token-created-done').click()
      await page.getByTestId('token-revoke').click()
      await page.locator('.ant-popconfirm .ant-btn-primary').click()
      await expect.poll(() => page.getByTestId('token-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('revoked')
      expect((await withToken()).status).toBe(401)
    } finally {
      await close()
    }
  })
})
