// `npm run bench`: every benchmark, each printing figures as ratios to a baseline from the same run.
// Set DATABASE_URL to include PostgreSQL.
const only = process.argv.slice(2)
const benches: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  coverage: () => import('./coverage.bench.ts'),
  tiles: () => import('./tiles.bench.ts'),
  access: () => import('./access.bench.ts'),
  startup: () => import('./startup.bench.ts'),
  'grid-assign': () => import('./grid-assign.bench.ts'),
  registry: () => import('./registry.bench.ts'),
  cases: () => import('./cases.bench.ts'),
}
for (const [name, load] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue
  await (await load()).run()
}
process.exit(0)

export {}
