// The Content-Security-Policy in Debian Chromium: Swagger UI at /api/docs and the built web app load
// without a single violation (a blocked inline style or worker would not throw, only be reported).
import fs from 'node:fs'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../config.ts'
import { launchBrowser } from '../../../test/e2e.ts'
import { registerErrorHandling } from './error-handler.ts'
import { registerSecurity } from './security.ts'

const WEB_DIST = path.join(PROJECT_ROOT, 'dist', 'web')

describe('Content-Security-Policy in Chromium', () => {
  let app: FastifyInstance
  let browser: Browser
  let url: string

  beforeAll(async () => {
    app = Fastify({ logger: false })
    registerErrorHandling(app)
    // cookieSecure as in production: Chromium treats http://127.0.0.1 as a secure context, so
    // upgrade-insecure-requests leaves it alone.
    await registerSecurity(app, { rateLimitPerMinute: 10_000, loginRateLimitPerMinute: 20, cookieSecure: true })
    await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 'CSP test API', version: '1' } } })
    await app.register(swaggerUi, { routePrefix: '/api/docs' })
    app.get('/api/v1/echo', { schema: { summary: 'Echo', response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } }, async () => ({ ok: true }))
    if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] })
      app.get('/*', async (_request, reply) => reply.sendFile('index.html'))
    }
    url = await app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  /** Opens a page that records every CSP violation and page error. */
  async function open(pathname: string): Promise<{ page: Page; problems: () => Promise<string[]> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript(() => {
      const w = window as unknown as { __violations: string[] }
      w.__violations = []
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`))
    })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) errors.push(m.text())
    })
    await page.goto(`${url}${pathname}`)
    return { page, problems: async () => [...errors, ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))] }
  }

  it('Swagger UI renders the spec and runs "Try it out" without a violation', async () => {
    const { page, problems } = await open('/api/docs')
    try {
      await expect.poll(() => page.locator('.swagger-ui .info .title').textContent(), { timeout: 30_000 }).toContain('CSP test API')
      await page.locator('.opblock-summary', { hasText: '/api/v1/echo' }).click()
      await page.getByRole('button', { name: 'Try it out' }).click()
      await page.getByRole('button', { name: 'Execute' }).click()
      // The request went out (connect-src 'self') and its answer is shown.
      await expect.poll(() => page.locator('.live-responses-table').textContent(), { timeout: 30_000 }).toMatch(/200[\s\S]*"ok":\s*true/)
      expect(await problems()).toEqual([])
    } finally {
      await page.context().close()
    }
  })

  it('the built web app starts without a violation', async (ctx) => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) ctx.skip()
    const { page, problems } = await open('/')
    try {
      // React mounted and Ant Design injected its styles (a blocked <style> would leave none).
      await expect.poll(() => page.evaluate(() => document.getElementById('root')?.childElementCount ?? 0), { timeout: 30_000 }).toBeGreaterThan(0)
      await expect.poll(() => page.evaluate(() => document.querySelectorAll('style').length), { timeout: 30_000 }).toBeGreaterThan(0)
      await page.waitForTimeout(500)
      expect(await problems()).toEqual([])
    } finally {
      await page.context().close()
    }
  })
})
