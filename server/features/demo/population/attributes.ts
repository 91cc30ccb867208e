// Attributes of a person that depend on age, cohort, place and ethnic group: ethnicity of a
// household, education (GB/T 4658), political status (GB/T 4762), marital status (GB/T 2261.2),
// religion and workplace.
import { Rng, WeightedTable, type Weighted } from './rng.ts'

/**
 * Ethnic groups of Xining's residents (GB 3304 codes): Han ≈ 74%, Hui ≈ 16%, Tibetan ≈ 5.5%, Tu ≈ 3.5%,
 * Salar ≈ 0.6%, Mongol ≈ 0.3%, a few others. Districts differ: 城东区 is the Hui quarter, 大通 has
 * many Hui and Tu, 湟中 and 湟源 more Tibetans.
 */
const BASE: Weighted<string> = [
  ['01', 74.6], ['03', 17.5], ['04', 4.4], ['30', 2.5], ['35', 0.6], ['02', 0.3], ['11', 0.06],
  ['26', 0.06], ['05', 0.02], ['17', 0.01], ['47', 0.01], ['08', 0.01], ['06', 0.01], ['15', 0.01],
]
const DISTRICT_FACTORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '630102': { '03': 2.6, '35': 1.5 },
  '630103': { '03': 0.7 },
  '630104': { '03': 0.45, '04': 1.2 },
  '630105': { '03': 0.9, '04': 1.3 },
  '630106': { '03': 0.55, '04': 1.5, '30': 1.3 },
  '630121': { '03': 1.35, '30': 2.2 },
  '630123': { '03': 0.35, '04': 1.4 },
}
const TABLES = new Map<string, WeightedTable<string>>()

export function ethnicityFor(rng: Rng, district: string): string {
  let table = TABLES.get(district)
  if (!table) {
    const f = DISTRICT_FACTORS[district] ?? {}
    table = new WeightedTable(BASE.map(([code, w]) => [code, w * (f[code] ?? 1)] as const))
    TABLES.set(district, table)
  }
  return table.draw(rng)
}

/** Highest education by cohort (adults), urban; rural shifts towards lower levels. */
const EDUCATION_BY_COHORT: readonly (readonly [number, Weighted<string>])[] = [
  [1995, [['10', 4], ['20', 22], ['30', 22], ['40', 12], ['60', 18], ['70', 18], ['80', 3], ['90', 1]]],
  [1975, [['10', 3], ['20', 15], ['30', 17], ['40', 10], ['60', 18], ['70', 27], ['80', 8], ['90', 2]]],
  [1955, [['10', 1], ['20', 6], ['30', 8], ['40', 8], ['60', 20], ['70', 32], ['80', 18], ['90', 7]]],
  [0, [['10', 0.3], ['20', 3], ['30', 3], ['40', 4], ['60', 10], ['70', 20], ['80', 35], ['90', 25]]],
]
const RURAL_FACTOR: Readonly<Record<string, number>> = { '10': 0.3, '20': 0.35, '30': 0.45, '40': 0.8, '60': 0.8, '70': 1.25, '80': 1.7, '90': 2.2 }
const EDU_TABLES = new Map<string, WeightedTable<string>>()

export function educationFor(rng: Rng, age: number, birthYear: number, rural: boolean): string | null {
  if (age < 6) return null
  if (age < 12) return '80'
  if (age < 15) return '70'
  if (age < 18) return rng.chance(0.72) ? '60' : '40'
  const [cohort, weights] = EDUCATION_BY_COHORT.find(([from]) => birthYear >= from)!
  const key = `${cohort}:${rural}`
  let table = EDU_TABLES.get(key)
  if (!table) {
    table = new WeightedTable(weights.map(([c, w]) => [c, rural ? w * RURAL_FACTOR[c]! : w] as const))
    EDU_TABLES.set(key, table)
  }
  let level = table.draw(rng)
  // Degrees take their years: no bachelor before 22, no postgraduate before 24.
  if (age < 21 && (level === '10' || level === '20' || level === '30')) level = '60'
  if (age < 24 && level === '10') level = '20'
  return level
}

export function politicalStatusFor(rng: Rng, age: number, education: string | null, rural: boolean): string | null {
  if (age < 14) return null
  if (age <= 28 && rng.chance(age < 18 ? 0.45 : 0.25)) return '03'
  if (age >= 18) {
    const degree = education === '10' || education === '20' || education === '30'
    const member = (rural ? 0.045 : 0.07) * (degree ? 2.2 : 1) * (age >= 50 ? 1.4 : 1)
    const r = rng.next()
    if (r < member) return '01'
    if (r < member + 0.003) return '02'
    if (r < member + 0.0045) return rng.pick(['04', '05', '06', '07', '08', '09', '10'])
    if (r < member + 0.0055) return '12'
  }
  return '13'
}

/** Marital status from the household's make-up (married couples) and age. */
export function maritalStatusFor(rng: Rng, age: number, married: boolean, role: string): string | null {
  if (married) return rng.weighted<string>([['20', 70], ['21', 25], ['22', 5]])
  if (age < 16) return null
  if (age < 22) return '10'
  if (role === 'parent' || (role === 'head' && age >= 60)) return rng.weighted<string>([['30', age >= 70 ? 75 : 55], ['40', 20], ['10', 5]])
  if (age < 30) return rng.chance(0.93) ? '10' : '40'
  if (age < 50) return rng.weighted<string>([['10', 45], ['40', 45], ['30', 8], ['90', 2]])
  return rng.weighted<string>([['30', 50], ['40', 35], ['10', 15]])
}

const RELIGION: Readonly<Record<string, readonly [string, number]>> = {
  '03': ['伊斯兰教', 0.85],
  '35': ['伊斯兰教', 0.9],
  '26': ['伊斯兰教', 0.9],
  '47': ['伊斯兰教', 0.9],
  '05': ['伊斯兰教', 0.7],
  '17': ['伊斯兰教', 0.6],
  '04': ['藏传佛教', 0.85],
  '30': ['藏传佛教', 0.6],
  '02': ['藏传佛教', 0.5],
}

export function religionFor(rng: Rng, ethnicity: string, age: number): string | null {
  if (age < 18) return null
  const r = RELIGION[ethnicity]
  if (r) return rng.chance(r[1]) ? r[0] : null
  const x = rng.next()
  return x < 0.02 ? '佛教' : x < 0.028 ? '基督教' : x < 0.031 ? '道教' : null
}

const URBAN_WORK = [
  '西宁市第一人民医院', '青海大学附属医院', '青海省人民医院', '青海大学', '青海师范大学', '青海民族大学', '西宁市城东区人民政府',
  '国网青海省电力公司', '中国移动青海分公司', '西宁公交集团', '青海盐湖工业股份有限公司', '西宁特殊钢股份有限公司', '青海银行',
  '西宁市第五中学', '西宁市城西区教育局', '中国邮政集团青海省分公司', '青海省交通控股集团', '西宁市市场监督管理局',
  '个体经营', '个体经营', '个体经营', '自由职业', '灵活就业', '快递员', '外卖骑手', '建筑工地', '餐饮服务', '商场导购',
]
const RURAL_WORK = ['务农', '务农', '务农', '务农', '外出务工', '外出务工', '个体经营', '养殖', '村委会', '建筑工地', '运输']

export function workplaceFor(rng: Rng, age: number, rural: boolean, floating: boolean): string | null {
  if (age < 16) return null
  if (age < 23 && rng.chance(age < 19 ? 0.85 : 0.45)) return '在校学生'
  if (age >= 60) return rural ? (rng.chance(0.5) ? '务农' : null) : rng.chance(0.6) ? '退休' : null
  if (!rng.chance(rural ? 0.85 : floating ? 0.8 : 0.7)) return null
  return rng.pick(rural ? RURAL_WORK : URBAN_WORK)
}
