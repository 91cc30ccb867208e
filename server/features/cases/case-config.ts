// The case configuration the workflow reads at every step: categories, time limits, escalation rules,
// the work calendar and the settings (yellow share, working periods). Kept in the database (the city
// admin edits it), read into memory once and re-read when its version changes, so a transition costs
// no configuration queries.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import {
  DEFAULT_CATEGORIES,
  DEFAULT_ESCALATIONS,
  DEFAULT_LIMITS,
  DEFAULT_YELLOW_SHARE,
  pickEscalation,
  pickLimit,
  type EscalationDefault,
  type LimitDefault,
  type LimitLevel,
} from '../../../shared/cases/categories.ts'
import { CHINA_HOLIDAYS } from '../../../shared/cases/holidays.ts'
import { DEFAULT_PERIODS, DEFAULT_UTC_OFFSET_MINUTES, addLimit, workCalendar, type CalendarDay, type LimitUnit, type WorkCalendar } from '../../../shared/cases/calendar.ts'
import type { CaseStep, HolderLevel, Urgency } from '../../../shared/cases/workflow.ts'

export interface CaseSettings {
  /** The lamp turns yellow at this share of the limit. */
  yellowShare: number
  /** Working periods of a working day, local minutes since midnight. */
  periods: [number, number][]
  utcOffsetMinutes: number
}

export const DEFAULT_SETTINGS: CaseSettings = {
  yellowShare: DEFAULT_YELLOW_SHARE,
  periods: DEFAULT_PERIODS.map(([a, b]) => [a, b]),
  utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES,
}

export interface CategoryRow {
  code: string
  parentCode: string | null
  nameZh: string
  nameEn: string
  isPublic: boolean
  active: boolean
  rank: number
  attributes: unknown[]
}

export interface CaseConfig {
  version: number
  settings: CaseSettings
  calendar: WorkCalendar
  calendarDays: CalendarDay[]
  categories: Map<string, CategoryRow>
  limits: LimitDefault[]
  escalations: EscalationDefault[]
}

/** A category code a case can be filed under: an active subcategory, or an active category without subcategories. */
export function fileableCategory(cfg: CaseConfig, code: string): CategoryRow | undefined {
  const c = cfg.categories.get(code)
  if (!c || !c.active) return undefined
  if (c.parentCode && !cfg.categories.get(c.parentCode)?.active) return undefined
  if (!c.parentCode && [...cfg.categories.values()].some((s) => s.parentCode === c.code && s.active)) return undefined
  return c
}

export interface StepClock {
  step: CaseStep
  startedAt: Date
  amount: number
  unit: LimitUnit
  warnAt: Date
  dueAt: Date
  redAt: Date
}

/**
 * The clock of a step starting at `startedAt`: its limit for the category, level and urgency (plus an
 * extension granted), the yellow instant at the configured share, the deadline, and the red-card
 * instant at twice the limit.
 */
export function stepClock(cfg: CaseConfig, q: { category: string; level: LimitLevel; step: CaseStep; urgency: Urgency; startedAt: Date; extension?: number }): StepClock {
  const limit = pickLimit(cfg.limits, q) ?? { amount: 2, unit: 'working_days' as const }
  const total = limit.amount + (q.extension ?? 0)
  return {
    step: q.step,
    startedAt: q.startedAt,
    amount: limit.amount,
    unit: limit.unit,
    warnAt: addLimit(cfg.calendar, q.startedAt, total * cfg.settings.yellowShare, limit.unit),
    dueAt: addLimit(cfg.calendar, q.startedAt, total, limit.unit),
    redAt: addLimit(cfg.calendar, q.startedAt, total * 2, limit.unit),
  }
}

/** Where a new report goes at once, and who gets a copy. */
export function escalationFor(cfg: CaseConfig, category: string, urgency: Urgency): { target: HolderLevel; copyLevels: HolderLevel[] } {
  const rule = pickEscalation(cfg.escalations, category, urgency)
  return rule ? { target: rule.target, copyLevels: rule.copyLevels } : { target: 'community', copyLevels: [] }
}

let cached: { db: Kysely<DB>; config: CaseConfig; checkedAt: number } | undefined

/** How long the configuration is used without asking the database whether its version changed. */
const RECHECK_MS = 1000

/**
 * The configuration, re-read when its version in case_settings changed. The version is asked at most
 * once a second (an edit in this process is seen at once: it forgets the cache; one made by another
 * server process within a second).
 */
export async function caseConfig(db: Kysely<DB>): Promise<CaseConfig> {
  const now = Date.now()
  if (cached && cached.db === db && now - cached.checkedAt < RECHECK_MS) return cached.config
  const row = (await sql<{ version: number }>`SELECT version FROM case_settings WHERE id = 1`.execute(db)).rows[0]
  const version = row?.version ?? 0
  if (cached && cached.db === db && cached.config.version === version) {
    cached.checkedAt = now
    return cached.config
  }
  const config = await loadCaseConfig(db)
  cached = { db, config, checkedAt: now }
  return config
}

/** Forgets the cached configuration (after an edit in the same process; other processes see the version). */
export function forgetCaseConfig(): void {
  cached = undefined
}

export async function loadCaseConfig(db: Kysely<DB>): Promise<CaseConfig> {
  const [settingsRow, days, categories, limits, escalations] = await Promise.all([
    sql<{ settings: CaseSettings; version: number }>`SELECT settings, version FROM case_settings WHERE id = 1`.execute(db),
    sql<CalendarDay>`SELECT to_char(day, 'YYYY-MM-DD') AS date, kind, name FROM work_calendar_day ORDER BY day`.execute(db),
    sql<CategoryRow>`SELECT code, parent_code AS "parentCode", name_zh AS "nameZh", name_en AS "nameEn", is_public AS "isPublic", active, rank, attributes FROM case_category ORDER BY rank, code`.execute(db),
    sql<LimitDefault & { amount: string }>`SELECT category, level, step, urgency, amount::text AS amount, unit FROM case_time_limit`.execute(db),
    sql<EscalationDefault>`SELECT category, urgency, target, copy_levels AS "copyLevels" FROM case_escalation_rule`.execute(db),
  ])
  const settings = { ...DEFAULT_SETTINGS, ...(settingsRow.rows[0]?.settings ?? {}) }
  const calendarDays = days.rows
  return {
    version: settingsRow.rows[0]?.version ?? 0,
    settings,
    calendar: workCalendar({ days: calendarDays, periods: settings.periods, utcOffsetMinutes: settings.utcOffsetMinutes }),
    calendarDays,
    categories: new Map(categories.rows.map((c) => [c.code, c])),
    limits: limits.rows.map((l) => ({ ...l, amount: Number(l.amount) })),
    escalations: escalations.rows,
  }
}

/**
 * Writes the default configuration where none exists (a new installation, the demo city): the
 * categories of shared/cases/categories.ts, their limits and escalation rules, the official holidays
 * and the settings. Idempotent: an existing configuration is left as it is.
 */
export async function ensureCaseDefaults(db: Kysely<DB>): Promise<boolean> {
  const written = await db.transaction().execute(async (trx) => {
    const existing = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_settings`.execute(trx)).rows[0]!.n
    if (existing > 0) return false
    await writeCaseDefaults(trx)
    return true
  })
  forgetCaseConfig()
  return written
}

/** Writes the default configuration (into an empty configuration; part of the caller's transaction). */
export async function writeCaseDefaults(db: Kysely<DB>): Promise<void> {
  let rank = 0
  for (const c of DEFAULT_CATEGORIES) {
    await db.insertInto('case_category').values({ code: c.code, parent_code: null, name_zh: c.zh, name_en: c.en, is_public: c.isPublic, rank: rank++, attributes: '[]' }).execute()
    for (const s of c.subcategories)
      await db
        .insertInto('case_category')
        .values({ code: s.code, parent_code: c.code, name_zh: s.zh, name_en: s.en, is_public: s.isPublic ?? c.isPublic, rank: rank++, attributes: JSON.stringify(defaultAttributes(s.code)) })
        .execute()
  }
  for (const l of DEFAULT_LIMITS) await db.insertInto('case_time_limit').values({ category: l.category, level: l.level, step: l.step, urgency: l.urgency, amount: l.amount, unit: l.unit }).execute()
  for (const e of DEFAULT_ESCALATIONS) await db.insertInto('case_escalation_rule').values({ category: e.category, urgency: e.urgency, target: e.target, copy_levels: e.copyLevels }).execute()
  for (const d of CHINA_HOLIDAYS) await db.insertInto('work_calendar_day').values({ day: d.date, kind: d.kind, name: d.name }).execute()
  await db.insertInto('case_settings').values({ id: 1, settings: JSON.stringify(DEFAULT_SETTINGS), updated_by: 'system' }).execute()
}

/** Open311 attributes (service definition) of the defaults: a few subcategories ask something specific. */
function defaultAttributes(code: string): unknown[] {
  switch (code) {
    case 'component.manhole':
      return [
        {
          variable: true,
          code: 'cover_state',
          datatype: 'singlevaluelist',
          required: true,
          order: 1,
          description: '井盖状况 / State of the cover',
          values: [
            { key: 'missing', name: '缺失 Missing' },
            { key: 'broken', name: '破损 Broken' },
            { key: 'sunken', name: '下沉 Sunken' },
          ],
        },
      ]
    case 'component.streetlight':
      return [{ variable: true, code: 'pole_number', datatype: 'string', required: false, order: 1, description: '灯杆编号 / Pole number' }]
    case 'environment.noise':
      return [
        {
          variable: true,
          code: 'time_of_day',
          datatype: 'singlevaluelist',
          required: false,
          order: 1,
          description: '发生时段 / When',
          values: [
            { key: 'day', name: '白天 Day' },
            { key: 'night', name: '夜间 Night' },
          ],
        },
      ]
    default:
      return []
  }
}
