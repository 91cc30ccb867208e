// The page's working copy of the configuration document (the draft) and back: every row gets a key
// that stays while it is edited (so problems, the server's included, stay at their row), times become
// HH:MM and the yellow share a percentage. Also the count of pending changes, by tab.
import type { CaseAttribute, CaseConfigDocument, CaseConfigView, ConfigTab, Draft, DraftCategory, DraftDay, DraftEscalation, DraftLimit, DraftPeriod } from '../types'
import { hhmmToMinutes, minutesToHhmm } from './time'

let counter = 0
/** A key for a row added in the page (never the same as one from toDraft, which has no '+'). */
export function newKey(prefix = 'n'): string {
  counter += 1
  return `${prefix}+${counter}`
}

/** JSON with object keys sorted, so that equal values give equal text whatever the key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}

/** The share (0.5–0.95) as a percentage with at most one decimal. */
export function shareToPercent(share: number): number {
  return Math.round(share * 1000) / 10
}

export function percentToShare(percent: number): number {
  return Math.round(percent * 10) / 1000
}

const copyAttribute = (a: CaseAttribute): CaseAttribute => ({ ...a, ...(a.values ? { values: a.values.map((v) => ({ ...v })) } : {}) })

/** The draft of a document read from the server. */
export function toDraft(view: CaseConfigDocument | CaseConfigView): Draft {
  return {
    yellowPercent: shareToPercent(view.settings.yellowShare),
    periods: view.settings.periods.map(([s, e], i): DraftPeriod => ({ key: `p${i}`, start: minutesToHhmm(s), end: minutesToHhmm(e) })),
    utcOffsetMinutes: view.settings.utcOffsetMinutes,
    calendarDays: view.calendarDays.map((d, i): DraftDay => ({ key: `d${i}`, date: d.date, kind: d.kind, name: d.name })),
    categories: view.categories.map(
      (c): DraftCategory => ({
        key: `c:${c.code}`,
        saved: true,
        code: c.code,
        parentCode: c.parentCode,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        isPublic: c.isPublic,
        active: c.active,
        attributes: c.attributes.map(copyAttribute),
      }),
    ),
    limits: view.limits.map((l, i): DraftLimit => ({ key: `l${i}`, ...l })),
    escalations: view.escalations.map((e, i): DraftEscalation => ({ key: `e${i}`, ...e, copyLevels: [...e.copyLevels] })),
  }
}

/** An attribute as sent: empty optional parts left out. */
export function cleanAttribute(a: CaseAttribute): CaseAttribute {
  const out: CaseAttribute = { variable: a.variable, code: a.code, datatype: a.datatype, required: a.required, order: a.order, description: a.description }
  if (a.datatype_description) out.datatype_description = a.datatype_description
  if (a.values && a.values.length > 0) out.values = a.values.map((v) => ({ key: v.key, name: v.name }))
  return out
}

/**
 * The document to send. Rows keep the draft's order, so the server's pointers (/config/limits/3)
 * name draft rows by index. Only called for a draft without local problems; still total.
 */
export function toDocument(draft: Draft): CaseConfigDocument {
  return {
    settings: {
      yellowShare: percentToShare(draft.yellowPercent ?? 0),
      periods: draft.periods.map((p): [number, number] => [hhmmToMinutes(p.start) ?? -1, hhmmToMinutes(p.end) ?? -1]),
      utcOffsetMinutes: draft.utcOffsetMinutes,
    },
    calendarDays: draft.calendarDays.map((d) => ({ date: d.date.trim(), kind: d.kind, name: d.name.trim() })),
    categories: draft.categories.map((c) => ({
      code: c.code,
      parentCode: c.parentCode,
      nameZh: c.nameZh.trim(),
      nameEn: c.nameEn.trim(),
      isPublic: c.isPublic,
      active: c.active,
      attributes: c.attributes.map(cleanAttribute),
    })),
    limits: draft.limits.map((l) => ({ category: l.category, level: l.level, step: l.step, urgency: l.urgency, amount: l.amount ?? 0, unit: l.unit })),
    escalations: draft.escalations.map((e) => ({ category: e.category, urgency: e.urgency, target: e.target, copyLevels: [...e.copyLevels] })),
  }
}

type Keyed = { key: string }
const withoutKey = <T extends Keyed>(row: T): Omit<T, 'key'> => {
  const { key: _key, ...rest } = row
  return rest
}

/** Rows added, removed or changed between two lists of keyed rows. */
function rowChanges<T extends Keyed>(base: readonly T[], draft: readonly T[], comparable: (row: T) => unknown = withoutKey): number {
  const before = new Map(base.map((r) => [r.key, stableJson(comparable(r))]))
  let n = 0
  const seen = new Set<string>()
  for (const r of draft) {
    seen.add(r.key)
    const b = before.get(r.key)
    if (b === undefined || b !== stableJson(comparable(r))) n += 1
  }
  for (const k of before.keys()) if (!seen.has(k)) n += 1
  return n
}

const periodValue = (p: DraftPeriod) => [hhmmToMinutes(p.start) ?? p.start.trim(), hhmmToMinutes(p.end) ?? p.end.trim()]

export type ChangeCount = { total: number } & Record<ConfigTab, number>

/** How many things differ from the document read: rows added, removed or changed, per tab. */
export function countChanges(base: Draft, draft: Draft): ChangeCount {
  const category = (c: DraftCategory) => ({ ...withoutKey(c), nameZh: c.nameZh.trim(), nameEn: c.nameEn.trim(), attributes: c.attributes.map(cleanAttribute) })
  const day = (d: DraftDay) => ({ date: d.date.trim(), kind: d.kind, name: d.name.trim() })
  const periodsChanged = stableJson(base.periods.map(periodValue)) !== stableJson(draft.periods.map(periodValue))
  const counts: Record<ConfigTab, number> = {
    categories: rowChanges(base.categories, draft.categories, category),
    limits: rowChanges(base.limits, draft.limits),
    escalations: rowChanges(base.escalations, draft.escalations),
    calendar: rowChanges(base.calendarDays, draft.calendarDays, day),
    settings: (base.yellowPercent !== draft.yellowPercent ? 1 : 0) + (periodsChanged ? 1 : 0),
  }
  return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }
}

// ------------------------------------------------------------------------------------------------
// Edits (pure: each returns a new draft)

type RowSection = 'calendarDays' | 'categories' | 'limits' | 'escalations' | 'periods'
type RowOf<S extends RowSection> = Draft[S][number]

export function patchRow<S extends RowSection>(draft: Draft, section: S, key: string, patch: Partial<RowOf<S>>): Draft {
  const rows = draft[section] as RowOf<S>[]
  return { ...draft, [section]: rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) }
}

export function removeRow(draft: Draft, section: RowSection, key: string): Draft {
  const rows = draft[section] as Keyed[]
  return { ...draft, [section]: rows.filter((r) => r.key !== key) }
}

export function addRow<S extends RowSection>(draft: Draft, section: S, row: RowOf<S>): Draft {
  return { ...draft, [section]: [...(draft[section] as RowOf<S>[]), row] }
}

/** A new subcategory (or, with parent null, a new category), placed after its parent's last subcategory. */
export function addCategory(draft: Draft, parentCode: string | null, key = newKey('c')): Draft {
  const row: DraftCategory = { key, saved: false, code: parentCode ? `${parentCode}.` : '', parentCode, nameZh: '', nameEn: '', isPublic: true, active: true, attributes: [] }
  const cats = [...draft.categories]
  let at = cats.length
  if (parentCode) {
    const last = cats.map((c, i) => ({ c, i })).filter(({ c }) => c.code === parentCode || c.parentCode === parentCode).at(-1)
    if (last) at = last.i + 1
  }
  cats.splice(at, 0, row)
  return { ...draft, categories: cats }
}

/** The last part of a code ('environment.garbage' → 'garbage'). */
export function codeSuffix(code: string): string {
  const i = code.indexOf('.')
  return i < 0 ? code : code.slice(i + 1)
}
