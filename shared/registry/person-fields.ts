// The one check of a person's fields: the web form runs it as the user types, the API runs it on
// every write, the import runs it on every row. It never throws; it returns the cleaned values or
// every problem, each with its field and a stable snake_case code (messages in English; the web app
// translates the codes).
import { parseIdNumber, type IdNumberProblem } from '../validation/id-number.ts'
import { parsePhone } from '../validation/phone.ts'
import { parsePersonName } from '../validation/person-name.ts'
import { parseEthnicity } from '../validation/ethnicity.ts'
import { EDUCATION_LEVELS, MARITAL_STATUSES, POLITICAL_STATUSES, RELATIONS, RESIDENCE_CATEGORIES, codeFromText, type CodeList, type ResidenceCategoryCode } from './codes.ts'

export interface FieldProblem {
  /** The input's field name (camelCase), e.g. 'idNumber'. */
  field: string
  /** Stable snake_case problem, e.g. 'bad_check_digit', 'required', 'not_a_code'. */
  problem: string
  message: string
}

/** What a person's form, API body or spreadsheet row may carry (all text as typed). */
export interface PersonFieldsInput {
  name?: string | null
  formerName?: string | null
  idNumber?: string | null
  phone?: string | null
  ethnicity?: string | null
  residenceCategory?: string | null
  address?: string | null
  registeredAddress?: string | null
  politicalStatus?: string | null
  education?: string | null
  maritalStatus?: string | null
  religion?: string | null
  workplace?: string | null
  relation?: string | null
}

/** The cleaned values; fields that were absent in a partial check are absent here too. */
export interface PersonFields {
  name?: string
  formerName?: string | null
  idNumber?: string
  /** Derived from the ID number. */
  birthDate?: string
  sex?: '1' | '2'
  phone?: string | null
  ethnicity?: string
  residenceCategory?: ResidenceCategoryCode
  address?: string
  registeredAddress?: string | null
  politicalStatus?: string | null
  education?: string | null
  maritalStatus?: string | null
  religion?: string | null
  workplace?: string | null
  relation?: string | null
}

export type PersonFieldsResult = { ok: true; value: PersonFields } | { ok: false; problems: FieldProblem[]; value: PersonFields }

const ID_MESSAGES: Record<IdNumberProblem, string> = {
  empty: 'is required',
  bad_characters: 'may hold only digits and a final X',
  full_width: 'must use half-width digits (全角数字)',
  wrong_length: 'must have 18 characters',
  first_generation: 'is a 15-digit first-generation number: give the 18-character one',
  bad_check_digit: 'has a wrong check character (GB 11643)',
  bad_date: 'holds a birth date that does not exist',
  future_birth_date: 'holds a birth date in the future',
  unknown_region: 'starts with an unknown region code',
}

/** Text with no control, bidi-override or zero-width characters. */
const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u

export interface PersonFieldsOptions {
  /** Only check the fields present in the input (an update); default: a whole record (a create). */
  partial?: boolean
  /** Today's date for "future birth date" (YYYY-MM-DD or a Date), default now in China. */
  today?: string | Date
}

export function validatePersonFields(input: PersonFieldsInput, options: PersonFieldsOptions = {}): PersonFieldsResult {
  const problems: FieldProblem[] = []
  const value: PersonFields = {}
  const has = (k: keyof PersonFieldsInput) => !options.partial || input[k] !== undefined
  const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === ''
  const add = (field: string, problem: string, message: string) => problems.push({ field, problem, message: `${field} ${message}` })

  if (has('name')) {
    const r = parsePersonName(input.name)
    if (r.ok) value.name = r.value
    else for (const p of r.problems) add('name', p === 'empty' ? 'required' : p, p === 'empty' ? 'is required' : `is not a valid name (${p})`)
  }
  if (has('formerName')) {
    if (blank(input.formerName)) value.formerName = null
    else {
      const r = parsePersonName(input.formerName)
      if (r.ok) value.formerName = r.value
      else for (const p of r.problems) add('formerName', p, `is not a valid name (${p})`)
    }
  }
  if (has('idNumber')) {
    const r = parseIdNumber(input.idNumber, { today: options.today })
    if (r.ok) {
      value.idNumber = r.value
      value.birthDate = r.birthDate
      value.sex = r.sex === 'male' ? '1' : '2'
    } else for (const p of r.problems) add('idNumber', p === 'empty' ? 'required' : p, ID_MESSAGES[p] ?? `is not valid (${p})`)
  }
  if (has('phone')) {
    if (blank(input.phone)) value.phone = null
    else {
      const r = parsePhone(input.phone)
      if (r.ok) value.phone = r.value
      else for (const p of r.problems) add('phone', p, `is not a valid mobile or landline number (${p})`)
    }
  }
  if (has('ethnicity')) {
    const r = parseEthnicity(input.ethnicity)
    if (r.ok) value.ethnicity = r.code
    else add('ethnicity', r.problems[0] === 'empty' ? 'required' : 'not_a_code', r.problems[0] === 'empty' ? 'is required' : 'is not an ethnic group of GB 3304')
  }
  if (has('residenceCategory')) {
    const code = codeFromText(RESIDENCE_CATEGORIES, input.residenceCategory)
    if (code) value.residenceCategory = code as ResidenceCategoryCode
    else if (blank(input.residenceCategory)) add('residenceCategory', 'required', 'is required')
    else add('residenceCategory', 'not_a_code', `must be one of ${RESIDENCE_CATEGORIES.map((c) => `${c.code} (${c.zh})`).join(', ')}`)
  }
  const text = (field: 'address' | 'registeredAddress' | 'religion' | 'workplace', max: number, required: boolean) => {
    if (!has(field)) return
    const v = input[field]
    if (blank(v)) {
      if (required) add(field, 'required', 'is required')
      else if (field !== 'address') value[field] = null
      return
    }
    const t = v!.normalize('NFC').trim()
    if (UNSAFE_TEXT.test(t)) add(field, 'control_character', 'contains control, bidi or zero-width characters')
    else if ([...t].length > max) add(field, 'too_long', `is longer than ${max} characters`)
    else value[field] = t
  }
  text('address', 200, true)
  text('registeredAddress', 200, false)
  text('religion', 20, false)
  text('workplace', 100, false)
  const coded = (field: 'politicalStatus' | 'education' | 'maritalStatus' | 'relation', list: CodeList) => {
    if (!has(field)) return
    const v = input[field]
    if (blank(v)) {
      value[field] = null
      return
    }
    const code = codeFromText(list, v)
    if (code) value[field] = code
    else add(field, 'not_a_code', `must be one of ${list.map((c) => `${c.code} (${c.zh})`).join(', ')}`)
  }
  coded('politicalStatus', POLITICAL_STATUSES)
  coded('education', EDUCATION_LEVELS)
  coded('maritalStatus', MARITAL_STATUSES)
  coded('relation', RELATIONS)
  return problems.length > 0 ? { ok: false, problems, value } : { ok: true, value }
}

/** Age in whole years on `today` (YYYY-MM-DD) of someone born on `birthDate` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

/** Today's date in China (UTC+8). */
export function chinaToday(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}
