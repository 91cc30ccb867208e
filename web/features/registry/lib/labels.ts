// Labels of codes in the UI language. The code lists carry their own Chinese and English names
// (shared/registry/codes.ts, lists.ts, shared/validation/ethnicity.ts); this picks one.
import {
  ATTENTION_LEVELS,
  EDUCATION_LEVELS,
  LIST_SOURCES,
  MARITAL_STATUSES,
  PERSON_STATUSES,
  POLITICAL_STATUSES,
  RELATIONS,
  RESIDENCE_CATEGORIES,
  SEXES,
  entryOf,
  type CodeList,
} from '../../../../shared/registry/codes'
import { LIST_DEFINITIONS, isListCode } from '../../../../shared/registry/lists'
import { ETHNICITIES, ethnicityByCode } from '../../../../shared/validation/ethnicity'

export type Lang = 'zh-CN' | 'en-US'

/** The code lists of a person's coded fields. */
export const PERSON_CODE_LISTS = {
  residenceCategory: RESIDENCE_CATEGORIES,
  politicalStatus: POLITICAL_STATUSES,
  education: EDUCATION_LEVELS,
  maritalStatus: MARITAL_STATUSES,
  relation: RELATIONS,
  status: PERSON_STATUSES,
  sex: SEXES,
  attention: ATTENTION_LEVELS,
  source: LIST_SOURCES,
} as const satisfies Record<string, CodeList>
export type CodedField = keyof typeof PERSON_CODE_LISTS

/** The label of `code` in `list`, or the code itself when the list does not have it. */
export function codeLabel(list: CodeList, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—'
  const e = entryOf(list, code)
  return e ? (lang === 'zh-CN' ? e.zh : e.en) : code
}

/** Options of a code-list select. */
export function codeOptions(list: CodeList, lang: Lang): { value: string; label: string }[] {
  return list.map((e) => ({ value: e.code, label: lang === 'zh-CN' ? e.zh : e.en }))
}

/** An ethnic group's name (Chinese, or romanised with the Chinese name in English). */
export function ethnicityLabel(code: string | null | undefined, lang: Lang): string {
  if (!code) return '—'
  const e = ethnicityByCode(code)
  if (!e) return code
  return lang === 'zh-CN' ? e.name : `${e.roman} (${e.name})`
}

/** Options of the ethnicity select, searchable by code, Chinese name, romanised name and letters. */
export function ethnicityOptions(lang: Lang): { value: string; label: string; search: string }[] {
  return ETHNICITIES.map((e) => ({
    value: e.code,
    label: lang === 'zh-CN' ? e.name : `${e.roman} (${e.name})`,
    search: [e.code, e.name, e.roman, e.letters ?? ''].join(' ').toLowerCase(),
  }))
}

/** A list's name, or the code when it is not a known list. */
export function listLabel(code: string, lang: Lang): string {
  return isListCode(code) ? LIST_DEFINITIONS[code].label[lang === 'zh-CN' ? 'zh' : 'en'] : code
}

/** A list's kind ('special' 重点人群 or 'care' 关爱对象), undefined when it is not a known list. */
export function listKind(code: string): 'special' | 'care' | undefined {
  return isListCode(code) ? LIST_DEFINITIONS[code].kind : undefined
}

/** Tag colours: special groups warm, care lists cool; the attention level of an entry. */
export const LIST_KIND_COLOR = { special: 'volcano', care: 'blue' } as const
export const ATTENTION_COLOR = { general: 'default', medium: 'gold', serious: 'red' } as const
export const STATUS_COLOR = { active: 'green', moved_out: 'default', deceased: 'default', retired: 'default' } as const
