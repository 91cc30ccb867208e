// A configuration document like the server's after the migration's seed (for the unit tests): the
// default categories, limits and escalation rules, and the official holidays.
import { CHINA_HOLIDAYS } from '../../../../shared/cases/holidays'
import { DEFAULT_CATEGORIES, DEFAULT_ESCALATIONS, DEFAULT_LIMITS, DEFAULT_YELLOW_SHARE } from '../../../../shared/cases/categories'
import type { CaseConfigView } from '../types'

export function testDocument(): CaseConfigView {
  return {
    version: 3,
    updatedAt: '2026-01-05T08:00:00.000Z',
    updatedBy: 'city.admin',
    settings: { yellowShare: DEFAULT_YELLOW_SHARE, periods: [[540, 720], [780, 1020]], utcOffsetMinutes: 480 },
    calendarDays: CHINA_HOLIDAYS.map((d) => ({ ...d })),
    categories: DEFAULT_CATEGORIES.flatMap((c) => [
      { code: c.code, parentCode: null, nameZh: c.zh, nameEn: c.en, isPublic: c.isPublic, active: true, attributes: [] },
      ...c.subcategories.map((s) => ({ code: s.code, parentCode: c.code, nameZh: s.zh, nameEn: s.en, isPublic: s.isPublic ?? c.isPublic, active: true, attributes: [] })),
    ]),
    limits: DEFAULT_LIMITS.map((l) => ({ ...l })),
    escalations: DEFAULT_ESCALATIONS.map((e) => ({ ...e, copyLevels: [...e.copyLevels] })),
  }
}
