// The app's log during tests: each test app writes its log at level info, through the production
// logger options (server/infra/http/logging.ts), to its own file in .cache/test-logs. `npm test`
// clears that folder first and afterwards scans every file for personal data (scripts/log-scan.js):
// a phone or ID number, a session cookie, an API token or a password that reaches a log fails the run.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import { PROJECT_ROOT } from '../server/config.ts'
import { loggerOptions, type LoggerOptions } from '../server/infra/http/logging.ts'

export const TEST_LOG_DIR = path.join(PROJECT_ROOT, '.cache', 'test-logs')

/** Fastify `logger` option for a test app: level info, into `.cache/test-logs/<pid>-<random>.log`. */
export function testLoggerOptions(): LoggerOptions {
  fs.mkdirSync(TEST_LOG_DIR, { recursive: true })
  const file = path.join(TEST_LOG_DIR, `${process.pid}-${crypto.randomBytes(4).toString('hex')}.log`)
  // Synchronous writes: nothing is lost when the test worker exits right after its last test.
  const fd = fs.openSync(file, 'a')
  // First line: which test file this log belongs to (the scan report names the log file and line).
  const testPath = expect.getState().testPath
  fs.writeSync(fd, `${JSON.stringify({ msg: 'test log', testFile: testPath ? path.relative(PROJECT_ROOT, testPath) : null })}\n`)
  return loggerOptions('info', { write: (line: string) => fs.writeSync(fd, line) })
}
