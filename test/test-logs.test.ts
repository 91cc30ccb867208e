// The test apps' log files: written at level info through the production logger options, and clean.
import fs from 'node:fs'
import path from 'node:path'
import Fastify from 'fastify'
import { expect, it } from 'vitest'
import { scanText } from '../scripts/log-scan.js'
import { TEST_LOG_DIR, testLoggerOptions } from './test-logs.ts'

it('writes each test app log to its own file in .cache/test-logs, without personal data', async () => {
  const before = new Set(fs.existsSync(TEST_LOG_DIR) ? fs.readdirSync(TEST_LOG_DIR) : [])
  const app = Fastify({ logger: testLoggerOptions() })
  app.get('/api/v1/people', async () => ({ people: [] }))
  await app.inject({ url: '/api/v1/people?phone=13812345678', headers: { cookie: 'frontline_session=abc', authorization: 'Bearer flt_x' } })
  await app.close()

  const created = fs.readdirSync(TEST_LOG_DIR).filter((f) => !before.has(f))
  expect(created).toHaveLength(1)
  expect(created[0]).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{8}\\.log$`))
  const text = fs.readFileSync(path.join(TEST_LOG_DIR, created[0]!), 'utf8')
  const lines = text.trim().split('\n').map((l) => JSON.parse(l))
  expect(lines[0]).toEqual({ msg: 'test log', testFile: path.join('test', 'test-logs.test.ts') })
  expect(lines.map((l) => l.msg)).toEqual(['test log', 'incoming request', 'request completed'])
  expect(lines[1].req).toMatchObject({ path: '/api/v1/people', queryNames: ['phone'] })
  expect(scanText(text)).toEqual([])
})
