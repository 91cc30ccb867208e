// Runs once before all test files: builds the database snapshots (and the web app for browser tests).
import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensurePgliteSnapshot, ensurePostgresTemplate } from './snapshot.ts'
import { PROJECT_ROOT } from '../server/config.ts'

export default async function setup(project: TestProject): Promise<void> {
  const snapshot = await ensurePgliteSnapshot()
  project.provide('pgliteSnapshot', snapshot)
  const url = process.env.DATABASE_URL
  project.provide('postgresTemplate', url ? await ensurePostgresTemplate(url) : '')
  const webIndex = path.join(PROJECT_ROOT, 'dist', 'web', 'index.html')
  if (!fs.existsSync(webIndex) || process.env.CI) {
    const { build } = await import('vite')
    await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string
    postgresTemplate: string
  }
}
