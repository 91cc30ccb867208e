// A record's change history (ChangeEntry: who, when, what) as readable lines: the action named, each
// changed field by its name in the UI language with its value before and after (codes as labels,
// personal values as the server masked them).
import { LIST_DEFINITIONS, isListCode } from '../../../../shared/registry/lists'
import type { ChangeEntry } from '../types'
import { PERSON_CODE_LISTS, codeLabel, ethnicityLabel, listLabel, type Lang } from './labels'
import type { TryT } from './problems'

export interface ChangeLine {
  field: string
  label: string
  /** A change of value: before → after. */
  before?: string
  after?: string
  /** A fact without before/after (e.g. the list's fields that changed). */
  text?: string
}

export interface ChangeView {
  title: string
  lines: ChangeLine[]
}

const EMPTY = '—'

/** The name of a field in the UI language (the field's own name when there is no translation). */
export function fieldLabel(tryT: TryT, field: string): string {
  return tryT(`registry.field.${field}`) ?? field
}

/** A value of a field as text: codes as labels, a location as coordinates, yes/no for booleans. */
export function valueText(field: string, value: unknown, lang: Lang, tryT: TryT): string {
  if (value === null || value === undefined || value === '') return EMPTY
  if (typeof value === 'boolean') return tryT(value ? 'registry.yes' : 'registry.no') ?? String(value)
  if (field in PERSON_CODE_LISTS && typeof value === 'string') return codeLabel(PERSON_CODE_LISTS[field as keyof typeof PERSON_CODE_LISTS], value, lang)
  if (field === 'ethnicity' && typeof value === 'string') return ethnicityLabel(value, lang)
  if (field === 'listCode' && typeof value === 'string') return listLabel(value, lang)
  if (field === 'placedBy' && typeof value === 'string') return tryT(`registry.placedBy.${value}`) ?? value
  if (typeof value === 'object' && value !== null && 'lon' in value && 'lat' in value) {
    const p = value as { lon: unknown; lat: unknown }
    if (typeof p.lon === 'number' && typeof p.lat === 'number') return `${p.lon.toFixed(6)}, ${p.lat.toFixed(6)}`
  }
  if (Array.isArray(value)) return value.map((v) => valueText(field, v, lang, tryT)).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2

/** The names of a list entry's changed fields ('attention', 'fields.emergencyPhone'…). */
function listFieldNames(listCode: unknown, names: unknown, lang: Lang, tryT: TryT): string {
  if (!Array.isArray(names)) return valueText('fields', names, lang, tryT)
  const def = typeof listCode === 'string' && isListCode(listCode) ? LIST_DEFINITIONS[listCode] : undefined
  return names
    .map((n) => {
      const name = String(n)
      if (name.startsWith('fields.')) {
        const spec = def?.fields.find((f) => f.key === name.slice('fields.'.length))
        return spec ? spec.label[lang === 'zh-CN' ? 'zh' : 'en'] : name.slice('fields.'.length)
      }
      return fieldLabel(tryT, name)
    })
    .join(tryT('list.separator') ?? ', ')
}

/** One change entry as a title and lines. */
export function describeChange(c: ChangeEntry, lang: Lang, tryT: TryT): ChangeView {
  const changes = c.changes ?? {}
  const listCode = typeof changes.listCode === 'string' ? changes.listCode : undefined
  const title =
    tryT(`registry.action.${c.action}`, { list: listCode ? listLabel(listCode, lang) : '' }) ?? c.action
  const lines: ChangeLine[] = []
  for (const [field, v] of Object.entries(changes)) {
    // The list itself is named in the title; entry ids mean nothing to a reader.
    if (field === 'listCode' || field === 'entryId') continue
    if (c.action.startsWith('list.') && field === 'fields') {
      lines.push({ field, label: fieldLabel(tryT, 'listFields'), text: listFieldNames(listCode, v, lang, tryT) })
      continue
    }
    if (isPair(v)) {
      lines.push({ field, label: fieldLabel(tryT, field), before: valueText(field, v[0], lang, tryT), after: valueText(field, v[1], lang, tryT) })
    } else {
      lines.push({ field, label: fieldLabel(tryT, field), text: valueText(field, v, lang, tryT) })
    }
  }
  return { title, lines }
}
