// The demo city's case configuration: categories and subcategories, time limits per step, level and
// urgency, and escalation rules. The city admin edits all of it in the app (it lives in the database;
// these are the defaults seeded by migration and by the demo). DOMAIN.md "Cases" gives the sources.
import type { LimitUnit } from './calendar.ts'
import type { CaseStep, HolderLevel, Urgency } from './workflow.ts'

export interface CategoryDefault {
  code: string
  zh: string
  en: string
  /** Offered to residents (public page and Open311). */
  isPublic: boolean
  subcategories: { code: string; zh: string; en: string; isPublic?: boolean }[]
}

// Codes are stable identifiers (Open311 service codes are the subcategory codes).
export const DEFAULT_CATEGORIES: readonly CategoryDefault[] = [
  {
    code: 'dispute',
    zh: '矛盾纠纷',
    en: 'Disputes',
    isPublic: true,
    subcategories: [
      { code: 'dispute.family', zh: '婚姻家庭纠纷', en: 'Marriage and family' },
      { code: 'dispute.neighbour', zh: '邻里纠纷', en: 'Neighbours' },
      { code: 'dispute.housing_land', zh: '房屋宅基地纠纷', en: 'Housing and homestead' },
      { code: 'dispute.labour', zh: '劳资纠纷', en: 'Labour and wages' },
      { code: 'dispute.property_mgmt', zh: '物业纠纷', en: 'Property management' },
      { code: 'dispute.demolition', zh: '征地拆迁纠纷', en: 'Land requisition and demolition', isPublic: false },
      { code: 'dispute.medical', zh: '医患纠纷', en: 'Doctor and patient' },
      { code: 'dispute.contract', zh: '合同纠纷', en: 'Contracts' },
      { code: 'dispute.other', zh: '其他纠纷', en: 'Other disputes' },
    ],
  },
  {
    code: 'security',
    zh: '治安安全隐患',
    en: 'Public security and hazards',
    isPublic: true,
    subcategories: [
      { code: 'security.public_order', zh: '治安问题线索', en: 'Public-order clues', isPublic: false },
      { code: 'security.fire', zh: '消防安全隐患', en: 'Fire hazard' },
      { code: 'security.building', zh: '房屋安全隐患', en: 'Unsafe building' },
      { code: 'security.gas', zh: '燃气安全隐患', en: 'Gas hazard' },
      { code: 'security.traffic', zh: '交通安全隐患', en: 'Traffic hazard' },
      { code: 'security.other', zh: '其他安全隐患', en: 'Other hazards' },
    ],
  },
  {
    code: 'livelihood',
    zh: '民生服务',
    en: 'Livelihood services',
    isPublic: true,
    subcategories: [
      { code: 'livelihood.social_security', zh: '社会保障', en: 'Social security' },
      { code: 'livelihood.employment', zh: '劳动就业', en: 'Employment' },
      { code: 'livelihood.medical', zh: '医疗卫生', en: 'Medical care' },
      { code: 'livelihood.education', zh: '教育', en: 'Education' },
      { code: 'livelihood.utilities', zh: '水电气暖', en: 'Water, power, gas, heating' },
      { code: 'livelihood.documents', zh: '证照办理', en: 'Documents' },
      { code: 'livelihood.other', zh: '其他民生诉求', en: 'Other requests' },
    ],
  },
  {
    code: 'component',
    zh: '城市部件',
    en: 'City components',
    isPublic: true,
    subcategories: [
      { code: 'component.manhole', zh: '井盖缺损', en: 'Damaged manhole cover' },
      { code: 'component.streetlight', zh: '路灯损坏', en: 'Broken streetlight' },
      { code: 'component.road', zh: '道路破损', en: 'Damaged road' },
      { code: 'component.greenery', zh: '绿化损毁', en: 'Damaged greenery' },
      { code: 'component.facility', zh: '公共设施损坏', en: 'Damaged public facility' },
    ],
  },
  {
    code: 'environment',
    zh: '环境秩序',
    en: 'Environment and order',
    isPublic: true,
    subcategories: [
      { code: 'environment.garbage', zh: '暴露垃圾', en: 'Exposed garbage' },
      { code: 'environment.dirty_road', zh: '道路不洁', en: 'Dirty road' },
      { code: 'environment.illegal_building', zh: '违法建设', en: 'Illegal construction' },
      { code: 'environment.street_vending', zh: '占道经营', en: 'Street vending' },
      { code: 'environment.advertising', zh: '违规广告', en: 'Illegal advertising' },
      { code: 'environment.noise', zh: '噪声扰民', en: 'Noise' },
      { code: 'environment.pollution', zh: '污染', en: 'Pollution' },
    ],
  },
  {
    code: 'emergency',
    zh: '突发事件',
    en: 'Emergencies',
    isPublic: false,
    subcategories: [
      { code: 'emergency.fire', zh: '火灾', en: 'Fire' },
      { code: 'emergency.flood', zh: '汛情险情', en: 'Flood' },
      { code: 'emergency.accident', zh: '安全事故', en: 'Accident' },
      { code: 'emergency.public_health', zh: '公共卫生事件', en: 'Public health' },
      { code: 'emergency.mass_incident', zh: '群体性事件', en: 'Mass incident' },
    ],
  },
]

/** Where a limit applies: a holding level, or a department. */
export type LimitLevel = HolderLevel | 'department'
export const LIMIT_LEVELS: readonly LimitLevel[] = ['community', 'street', 'district', 'city', 'department']

export interface LimitDefault {
  /** A category or subcategory code; null = every category. The most specific row wins. */
  category: string | null
  level: LimitLevel | null
  step: CaseStep
  urgency: Urgency | null
  amount: number
  unit: LimitUnit
}

// DOMAIN.md: administrative levels accept and handle within 2 working days (yellow from 1), departments
// accept within 2 and handle within 10 (yellow from 5); verification the same day; city-management
// items in working hours; emergencies in clock hours. Urgent cases: half of the normal limit
// (applied when no row for 'urgent' matches: see URGENT_FACTOR).
export const DEFAULT_LIMITS: readonly LimitDefault[] = [
  { category: null, level: null, step: 'accept', urgency: null, amount: 2, unit: 'working_days' },
  { category: null, level: null, step: 'handle', urgency: null, amount: 2, unit: 'working_days' },
  { category: null, level: 'department', step: 'handle', urgency: null, amount: 10, unit: 'working_days' },
  { category: null, level: null, step: 'verify', urgency: null, amount: 4, unit: 'working_hours' },
  { category: 'environment.garbage', level: null, step: 'handle', urgency: null, amount: 4, unit: 'working_hours' },
  { category: 'environment.dirty_road', level: null, step: 'handle', urgency: null, amount: 4, unit: 'working_hours' },
  { category: 'environment.illegal_building', level: 'department', step: 'handle', urgency: null, amount: 15, unit: 'working_days' },
  { category: 'component', level: null, step: 'handle', urgency: null, amount: 3, unit: 'working_days' },
  { category: 'emergency', level: null, step: 'accept', urgency: null, amount: 0.5, unit: 'calendar_hours' },
  { category: 'emergency', level: null, step: 'handle', urgency: null, amount: 4, unit: 'calendar_hours' },
  { category: 'emergency', level: null, step: 'verify', urgency: null, amount: 2, unit: 'calendar_hours' },
  { category: null, level: null, step: 'accept', urgency: 'emergency', amount: 1, unit: 'calendar_hours' },
  { category: null, level: null, step: 'handle', urgency: 'emergency', amount: 8, unit: 'calendar_hours' },
]

/** An urgent case gets this share of the normal limit unless a row for 'urgent' applies. */
export const URGENT_FACTOR = 0.5
/** The lamp turns yellow at this share of the limit (70–80 % in practice). */
export const DEFAULT_YELLOW_SHARE = 0.75

export interface EscalationDefault {
  /** Category or subcategory code (null = any); the most specific rule wins. */
  category: string | null
  urgency: Urgency | null
  /** The level the report goes to at once. */
  target: HolderLevel
  /** Levels between the grid and the target that get a copy (抄告). */
  copyLevels: HolderLevel[]
}

// Grid worker rule (DOMAIN.md): ordinary problems go to the community; emergencies at once to the
// district command centre, copied to community and street, while the worker stays on site.
export const DEFAULT_ESCALATIONS: readonly EscalationDefault[] = [
  { category: null, urgency: null, target: 'community', copyLevels: [] },
  { category: 'emergency', urgency: null, target: 'district', copyLevels: ['community', 'street'] },
  { category: null, urgency: 'emergency', target: 'district', copyLevels: ['community', 'street'] },
  { category: 'dispute.demolition', urgency: null, target: 'street', copyLevels: ['community'] },
]

/** A rule or limit row matches a category code if its category is null, equal, or the parent of it. */
export function categoryMatch(rule: string | null, code: string): number {
  if (rule === null) return 0
  if (rule === code) return 2
  if (code.startsWith(`${rule}.`)) return 1
  return -1
}

/** The most specific limit for a case's step: category match first, then level, then urgency. */
export function pickLimit<T extends Omit<LimitDefault, 'amount' | 'unit'> & { amount: number; unit: LimitUnit }>(
  rows: readonly T[],
  q: { category: string; level: LimitLevel; step: CaseStep; urgency: Urgency },
): { amount: number; unit: LimitUnit } | null {
  let best: T | null = null
  let bestScore = -1
  for (const r of rows) {
    if (r.step !== q.step) continue
    const c = categoryMatch(r.category, q.category)
    if (c < 0) continue
    if (r.level !== null && r.level !== q.level) continue
    if (r.urgency !== null && r.urgency !== q.urgency) continue
    // Category outweighs urgency outweighs level.
    const score = c * 100 + (r.urgency !== null ? 10 : 0) + (r.level !== null ? 1 : 0)
    if (score > bestScore) (best = r), (bestScore = score)
  }
  if (!best) return null
  const factor = q.urgency === 'urgent' && best.urgency !== 'urgent' ? URGENT_FACTOR : 1
  return { amount: best.amount * factor, unit: best.unit }
}

/** The escalation rule for a new report. */
export function pickEscalation<T extends EscalationDefault>(rows: readonly T[], category: string, urgency: Urgency): T | null {
  let best: T | null = null
  let bestScore = -1
  for (const r of rows) {
    const c = categoryMatch(r.category, category)
    if (c < 0) continue
    if (r.urgency !== null && r.urgency !== urgency) continue
    const score = c * 10 + (r.urgency !== null ? 5 : 0)
    if (score > bestScore) (best = r), (bestScore = score)
  }
  return best
}
