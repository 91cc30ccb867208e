// The Xining demo city: seeding and its naming rules.
export { seedDemoCity, DEMO_CITY_CODE, URBAN_GRID_TOTAL } from './seed-demo.ts'
export type { SeedDemoOptions, SeedDemoResult, CountyRepairStats } from './seed-demo.ts'
export { committeeDisplayName, chineseNumeral, gridName } from './names.ts'
