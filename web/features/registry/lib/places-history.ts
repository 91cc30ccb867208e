// A place's change history (ChangeEntry: who, when, what) as readable lines: the action named for
// the kind of record, each changed field by its name in the UI language with its value before and
// after (codes as labels, points as coordinates, the counts a building's move took along).
import { BUILDING_USES, CONCERN_THEMES, FACILITY_CLASSES, FACILITY_KINDS, FACILITY_STATES, HAZARD_GRADES, ORGANIZATION_KINDS, type CodeList } from '../../../../shared/registry/codes'
import type { ChangeEntry } from '../places-types'
import type { ChangeLine, ChangeView } from './change-format'
import { codeLabel, type Lang } from './labels'
import { RENTAL_PURPOSES, ROOM_USES } from './places-labels'
import type { TryT } from './problems'

const EMPTY = '—'

/** The code list of a field of a kind of record. */
function codeListOf(entity: string, field: string): CodeList | undefined {
  switch (field) {
    case 'use':
      return entity === 'room' ? ROOM_USES : BUILDING_USES
    case 'hazardGrade':
      return HAZARD_GRADES
    case 'kind':
      return entity === 'facility' ? FACILITY_KINDS : entity === 'organization' ? ORGANIZATION_KINDS : undefined
    case 'class':
      return FACILITY_CLASSES
    case 'state':
      return FACILITY_STATES
    case 'theme':
      return CONCERN_THEMES
    case 'purpose':
      return RENTAL_PURPOSES
    default:
      return undefined
  }
}

/** The name of a field of a kind of record in the UI language. */
export function placeFieldLabel(tryT: TryT, entity: string, field: string): string {
  return tryT(`places.field.${entity}.${field}`) ?? tryT(`places.field.${field}`) ?? tryT(`registry.field.${field}`) ?? field
}

/** A value as text: codes as labels, yes/no, points as coordinates, statuses named. */
export function placeValueText(entity: string, field: string, value: unknown, lang: Lang, tryT: TryT): string {
  if (value === null || value === undefined || value === '') return EMPTY
  if (typeof value === 'boolean') return tryT(value ? 'registry.yes' : 'registry.no') ?? String(value)
  const list = codeListOf(entity, field)
  if (list && typeof value === 'string') return codeLabel(list, value, lang)
  if (field === 'status' && typeof value === 'string') return tryT(`places.status.${value}`) ?? value
  if (field === 'placedBy' && typeof value === 'string') return tryT(`places.placedBy.${value}`) ?? tryT(`registry.placedBy.${value}`) ?? value
  if (typeof value === 'object' && value !== null && 'lon' in value && 'lat' in value) {
    const p = value as { lon: unknown; lat: unknown }
    if (typeof p.lon === 'number' && typeof p.lat === 'number') return `${p.lon.toFixed(6)}, ${p.lat.toFixed(6)}`
  }
  if (field === 'moved' && typeof value === 'object' && value !== null) {
    const m = value as { people?: number; households?: number; rentals?: number }
    return tryT('places.history.moved', { people: m.people ?? 0, households: m.households ?? 0, rentals: m.rentals ?? 0 }) ?? JSON.stringify(value)
  }
  if (Array.isArray(value)) return value.length === 0 ? EMPTY : value.map((v) => placeValueText(entity, field, v, lang, tryT)).join(tryT('list.separator') ?? ', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2

/** Fields whose value is a list, never a before/after pair. */
const LIST_FIELDS = new Set(['numbers', 'tenants'])

/** One change of a building, rental, organization, facility or concern as a title and lines. */
export function describePlaceChange(c: ChangeEntry, lang: Lang, tryT: TryT): ChangeView {
  const title = tryT(`places.action.${c.entity}.${c.action}`) ?? tryT(`places.action.${c.action}`) ?? tryT(`registry.action.${c.action}`) ?? c.action
  const lines: ChangeLine[] = []
  for (const [field, v] of Object.entries(c.changes ?? {})) {
    const label = placeFieldLabel(tryT, c.entity, field)
    if (!LIST_FIELDS.has(field) && isPair(v)) {
      lines.push({ field, label, before: placeValueText(c.entity, field, v[0], lang, tryT), after: placeValueText(c.entity, field, v[1], lang, tryT) })
    } else {
      lines.push({ field, label, text: placeValueText(c.entity, field, v, lang, tryT) })
    }
  }
  return { title, lines }
}
