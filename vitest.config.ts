import { defineConfig } from 'vitest/config'

// One run covers unit tests, integration tests (real HTTP app on PGlite, and on PostgreSQL when
// DATABASE_URL is set) and browser tests (Debian Chromium). See docs/testing.md.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'web/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
})
