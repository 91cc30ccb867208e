// Functional departments (职能部门) of the demo city: the city's bureaus and, in each district, the
// ones that handle most dispatched cases; the demo department handler belongs to 城中区城市管理局.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'

const CITY = '630100'

/** Departments of the city level. */
const CITY_DEPARTMENTS = [
  { key: 'urban_mgmt', name: '西宁市城市管理局', en: 'Xining Urban Management Bureau', categories: ['environment', 'component'] },
  { key: 'housing', name: '西宁市住房和城乡建设局', en: 'Xining Housing and Urban-Rural Development Bureau', categories: ['security.building', 'dispute.property_mgmt'] },
  { key: 'police', name: '西宁市公安局', en: 'Xining Public Security Bureau', categories: ['security'] },
  { key: 'civil_affairs', name: '西宁市民政局', en: 'Xining Civil Affairs Bureau', categories: ['livelihood.social_security'] },
  { key: 'ecology', name: '西宁市生态环境局', en: 'Xining Ecology and Environment Bureau', categories: ['environment.pollution', 'environment.noise'] },
  { key: 'market', name: '西宁市市场监督管理局', en: 'Xining Market Regulation Bureau', categories: ['environment.street_vending'] },
  { key: 'emergency', name: '西宁市应急管理局', en: 'Xining Emergency Management Bureau', categories: ['emergency'] },
  { key: 'hr_social', name: '西宁市人力资源和社会保障局', en: 'Xining Human Resources and Social Security Bureau', categories: ['dispute.labour', 'livelihood.employment'] },
  { key: 'health', name: '西宁市卫生健康委员会', en: 'Xining Health Commission', categories: ['livelihood.medical', 'dispute.medical', 'emergency.public_health'] },
  { key: 'water', name: '西宁市水务局', en: 'Xining Water Bureau', categories: ['livelihood.utilities', 'emergency.flood'] },
] as const

/** Departments of every district (name prefixed with the district's). */
const DISTRICT_DEPARTMENTS = [
  { key: 'urban_mgmt', name: '城市管理局', en: 'Urban Management Bureau', categories: ['environment', 'component'] },
  { key: 'housing', name: '住房和城乡建设局', en: 'Housing and Construction Bureau', categories: ['security.building', 'dispute.property_mgmt', 'dispute.housing_land'] },
  { key: 'police', name: '公安分局', en: 'Public Security Sub-bureau', categories: ['security'] },
  { key: 'civil_affairs', name: '民政局', en: 'Civil Affairs Bureau', categories: ['livelihood'] },
  { key: 'emergency', name: '应急管理局', en: 'Emergency Management Bureau', categories: ['emergency', 'security.fire', 'security.gas'] },
  { key: 'justice', name: '司法局', en: 'Justice Bureau', categories: ['dispute'] },
] as const

/** The demo department handler's department. */
export const DEMO_HANDLER_DEPARTMENT = '630103-urban_mgmt'

/** Seeds the departments of the demo city and puts the demo handler (dept.handler) in one. */
export async function seedDemoDepartments(db: Kysely<DB>): Promise<number> {
  for (const d of CITY_DEPARTMENTS)
    await db.insertInto('department').values({ code: `${CITY}-${d.key}`, area_code: CITY, name: d.name, name_en: d.en, categories: [...d.categories] }).execute()
  const districts = await sql<{ code: string; name: string }>`SELECT code, name FROM area WHERE level = 'district' AND code LIKE '6301%' ORDER BY code`.execute(db)
  for (const district of districts.rows)
    for (const d of DISTRICT_DEPARTMENTS)
      await db
        .insertInto('department')
        .values({ code: `${district.code}-${d.key}`, area_code: district.code, name: `${district.name}${d.name}`, name_en: `${d.en} (${district.code})`, categories: [...d.categories] })
        .execute()
  await sql`INSERT INTO department_member (account_id, department_code) SELECT id, ${DEMO_HANDLER_DEPARTMENT} FROM account WHERE username = 'dept.handler'`.execute(db)
  return CITY_DEPARTMENTS.length + districts.rows.length * DISTRICT_DEPARTMENTS.length
}
