// The Xining demo city: seeding and its naming rules.
export { seedDemoCity, DEMO_CITY_CODE, URBAN_GRID_TOTAL } from './seed-demo.ts'
export type { SeedDemoOptions, SeedDemoResult, CountyRepairStats } from './seed-demo.ts'
export { committeeDisplayName, chineseNumeral, gridName } from './names.ts'
export { DEMO_ACCOUNTS, DEMO_PASSWORD, GRID_WORKER_PREFIX, seedDemoAccounts, ensureDemoAccounts, formatDemoAccounts } from './demo-accounts.ts'
export type { DemoAccount } from './demo-accounts.ts'
