// Test helpers: a fresh database per test file on each backend, and the real HTTP app on top of it.
import fs from 'node:fs'
import { inject } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { openDatabase, type Backend } from '../server/infra/db/database.ts'
import type { AppDatabase, DB } from '../server/db-schema.ts'
import { buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'
import { openPostgresCopy } from './snapshot.ts'

/** The backends integration tests run on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const BACKENDS: Backend[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])]

export interface TestDatabase {
  database: AppDatabase
  close(): Promise<void>
}

/** A private copy of the demo-seeded snapshot on `backend`, dropped on close. */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const buf = fs.readFileSync(inject('pgliteSnapshot'))
    const database = await openDatabase<DB>({ loadDataDir: new Blob([buf]) })
    return { database, close: () => database.close() }
  }
  return openPostgresCopy(process.env.DATABASE_URL!, inject('postgresTemplate'))
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance
}

/** The real app (all routes, error handling, OpenAPI) on a private database copy. */
export async function buildTestApp(backend: Backend): Promise<TestApp> {
  const t = await openTestDatabase(backend)
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
  const app = await buildApp({ config, database: t.database, logger: false })
  await app.ready()
  return {
    ...t,
    app,
    async close() {
      await app.close()
      await t.close()
    },
  }
}
