// The fields of a case report and of workflow steps, checked the same way by the web form (as the
// user types), the API and the public page. Category existence, location and scope are the
// server's (they need the database); this is everything that does not.
import { textProblem } from '../registry/place-fields.ts'
import type { FieldProblem } from '../registry/person-fields.ts'
import { parsePhone } from '../validation/phone.ts'
import { URGENCIES, type Urgency } from './workflow.ts'

export type { FieldProblem }

export const CASE_LIMITS = {
  title: 100,
  description: 4000,
  address: 200,
  reason: 1000,
  result: 4000,
  contactName: 40,
  ratingComment: 500,
  photos: 9,
  people: 20,
  extensionDays: 30,
} as const

export interface ReportFieldsInput {
  category?: string | null
  urgency?: string | null
  title?: string | null
  description?: string | null
  address?: string | null
  contactName?: string | null
  contactPhone?: string | null
}

export interface ReportFields {
  category?: string
  urgency: Urgency
  title?: string
  description?: string
  address?: string
  contactName?: string
  contactPhone?: string
}

const clean = (v: string) => v.normalize('NFC').trim()
const blank = (v: unknown): v is null | undefined | '' => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

/** One text field: cleaned, or its problem pushed. */
function text(problems: FieldProblem[], field: string, raw: string | null | undefined, o: { max: number; multiline?: boolean; required?: boolean }): string | undefined {
  if (blank(raw)) {
    if (o.required) problems.push({ field, problem: 'required', message: 'is required' })
    return undefined
  }
  const v = clean(raw)
  const p = textProblem(v, { max: o.max, multiline: o.multiline })
  if (p) {
    problems.push({ field, ...p })
    return undefined
  }
  return v
}

/** A report's own fields (category code presence, urgency, title, description, address, a resident's contact). */
export function validateReportFields(input: ReportFieldsInput): { ok: boolean; value: ReportFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const value: ReportFields = { urgency: 'normal' }
  if (blank(input.category)) problems.push({ field: 'category', problem: 'required', message: 'is required' })
  else value.category = clean(input.category)
  if (!blank(input.urgency)) {
    if ((URGENCIES as readonly string[]).includes(input.urgency)) value.urgency = input.urgency as Urgency
    else problems.push({ field: 'urgency', problem: 'not_a_code', message: `must be one of ${URGENCIES.join(', ')}` })
  }
  value.title = text(problems, 'title', input.title, { max: CASE_LIMITS.title })
  value.description = text(problems, 'description', input.description, { max: CASE_LIMITS.description, multiline: true, required: true })
  value.address = text(problems, 'address', input.address, { max: CASE_LIMITS.address })
  value.contactName = text(problems, 'contactName', input.contactName, { max: CASE_LIMITS.contactName })
  if (!blank(input.contactPhone)) {
    const phone = parsePhone(input.contactPhone)
    if (phone.ok) value.contactPhone = phone.value
    else problems.push({ field: 'contactPhone', problem: phone.problems[0] ?? 'invalid', message: 'is not a valid phone number' })
  }
  for (const k of Object.keys(value) as (keyof ReportFields)[]) if (value[k] === undefined) delete value[k]
  return { ok: problems.length === 0, value, problems }
}

/** A title from the description when none is given: its first line, cut to 30 characters. */
export function titleFrom(description: string): string {
  const first = description.split('\n')[0]!.trim()
  const chars = [...first]
  return chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : first || '—'
}

/** The reason or result of a workflow step. */
export function validateStepText(field: 'reason' | 'result' | 'comment', raw: string | null | undefined, required: boolean): { value?: string; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const max = field === 'reason' ? CASE_LIMITS.reason : field === 'result' ? CASE_LIMITS.result : CASE_LIMITS.ratingComment
  const value = text(problems, field, raw, { max, multiline: true, required })
  return { value, problems }
}
