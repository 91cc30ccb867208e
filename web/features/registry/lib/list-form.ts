// The "add to list" form, built from the list's definition (shared/registry/lists.ts): which lists a
// role may choose, the form's values → the entry's fields (as validateListFields and the API take
// them), the problems per field, and a stored field value as text.
import { LIST_CODES, LIST_DEFINITIONS, validateListFields, type ListCode, type ListFieldProblem, type ListFieldSpec } from '../../../../shared/registry/lists'

export type ListFieldValue = string | number | boolean
/** What the form holds per field: text inputs give strings, number inputs numbers (or null when cleared). */
export type ListFormValues = Record<string, string | number | boolean | null | undefined>

/** The lists a role may put people on: care lists for everyone, special groups with registry.special. */
export function choosableLists(special: boolean): ListCode[] {
  return LIST_CODES.filter((c) => special || LIST_DEFINITIONS[c].kind === 'care')
}

/**
 * The entry's fields from the form: empty values left out, text trimmed, numbers kept as numbers
 * (a number typed as text is converted), booleans as they are. Keys the list does not have are dropped.
 */
export function toListFields(code: ListCode, values: ListFormValues): Record<string, ListFieldValue> {
  const out: Record<string, ListFieldValue> = {}
  for (const spec of LIST_DEFINITIONS[code].fields) {
    const v = values[spec.key]
    if (v === undefined || v === null) continue
    switch (spec.type) {
      case 'boolean':
        if (typeof v === 'boolean') out[spec.key] = v
        break
      case 'integer':
      case 'number': {
        if (typeof v === 'string' && v.trim() === '') break
        const n = typeof v === 'number' ? v : Number(String(v).trim())
        out[spec.key] = Number.isNaN(n) ? String(v) : n
        break
      }
      default: {
        const s = String(v).trim()
        if (s !== '') out[spec.key] = s
      }
    }
  }
  return out
}

/** Problems of the form's values, by field key (validateListFields on what would be sent). */
export function listFormProblems(code: ListCode, values: ListFormValues): Map<string, ListFieldProblem[]> {
  const r = validateListFields(code, toListFields(code, values))
  const byField = new Map<string, ListFieldProblem[]>()
  if (r.ok) return byField
  for (const p of r.problems) byField.set(p.field, [...(byField.get(p.field) ?? []), p])
  return byField
}

/** A stored field value as text in the UI language: an option's label, yes/no, or the value itself. */
export function listFieldText(spec: ListFieldSpec, value: ListFieldValue | undefined, lang: 'zh-CN' | 'en-US', yesNo: { yes: string; no: string }): string {
  if (value === undefined || value === '') return '—'
  if (spec.type === 'boolean') return value === true ? yesNo.yes : value === false ? yesNo.no : String(value)
  if (spec.type === 'enum') {
    const o = spec.options.find((x) => x.code === value)
    return o ? (lang === 'zh-CN' ? o.zh : o.en) : String(value)
  }
  return String(value)
}
