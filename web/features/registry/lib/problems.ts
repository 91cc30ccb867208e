// Problem codes → the words shown under a field. The checks are shared with the server
// (validatePersonFields, validateListFields, the validators of shared/validation), which name each
// problem with a stable snake_case code; the same code can mean different things for different
// fields ('bad_characters' of an ID number is not that of a name), so a code is looked up for the
// kind of field first, then on its own, then among the app's general problem texts.
import type { FieldProblem } from '../../../../shared/registry/person-fields'
import type { ListFieldProblem, ListFieldSpec } from '../../../../shared/registry/lists'
import { PERSON_NAME_MAX_LENGTH } from '../../../../shared/validation/person-name'
import type { ApiErrorDetail } from '../../../shared/api/client'

/** Looks up a message by a key built at run time (I18n.tryT, or a dictionary in tests). */
export type TryT = (key: string, params?: Record<string, string | number>) => string | undefined

/** Which validator speaks for a field of a person. */
export type FieldKind = 'idNumber' | 'phone' | 'name' | 'ethnicity' | 'text' | 'code'

export const PERSON_FIELD_KIND: Readonly<Record<string, FieldKind>> = {
  name: 'name',
  formerName: 'name',
  idNumber: 'idNumber',
  phone: 'phone',
  ethnicity: 'ethnicity',
  residenceCategory: 'code',
  politicalStatus: 'code',
  education: 'code',
  maritalStatus: 'code',
  relation: 'code',
  address: 'text',
  registeredAddress: 'text',
  religion: 'text',
  workplace: 'text',
}

/** The longest text each free-text field takes (as validatePersonFields checks it). */
export const PERSON_TEXT_MAX: Readonly<Record<string, number>> = {
  name: PERSON_NAME_MAX_LENGTH,
  formerName: PERSON_NAME_MAX_LENGTH,
  address: 200,
  registeredAddress: 200,
  religion: 20,
  workplace: 100,
}

/**
 * The text of one problem of a person's field, or undefined when there is none (the caller then
 * shows the server's English message). `value` fills in counts such as the length typed so far.
 */
export function personProblemText(tryT: TryT, field: string, problem: string, value?: string | null): string | undefined {
  const kind = PERSON_FIELD_KIND[field]
  const params: Record<string, string | number> = { max: PERSON_TEXT_MAX[field] ?? 100, length: typeof value === 'string' ? [...value.trim()].length : 0 }
  if (kind === 'idNumber' || kind === 'phone' || kind === 'name' || kind === 'ethnicity') {
    const specific = tryT(`registry.problem.${kind}.${problem}`, params)
    if (specific) return specific
  }
  return tryT(`registry.problem.${problem}`, params) ?? tryT(`problem.${problem}`, params)
}

/** Every problem of a field, as one line (problems joined). */
export function personProblemsText(tryT: TryT, problems: readonly FieldProblem[], value?: string | null): string {
  return problems.map((p) => personProblemText(tryT, p.field, p.problem, value) ?? p.message).join(tryT('registry.problemSeparator') ?? '; ')
}

/** The text of a problem of a list entry's field (validateListFields), with the field's limits. */
export function listProblemText(tryT: TryT, problem: Pick<ListFieldProblem, 'code' | 'message'>, spec?: ListFieldSpec): string {
  const params: Record<string, string | number> = {}
  if (spec && (spec.type === 'integer' || spec.type === 'number')) {
    params.min = spec.min
    params.max = spec.max
  }
  if (spec && spec.type === 'text') params.max = spec.maxLength ?? 100
  return tryT(`registry.listProblem.${problem.code}`, params) ?? problem.message
}

/**
 * The text of one detail of a server error, for the field it names: the person's own problem texts
 * for the person's fields, the list problems for '/fields/…', the registry's server-side problems
 * (duplicate, grid not found…) otherwise; the server's message follows when nothing is known.
 */
export function serverProblemText(tryT: TryT, detail: ApiErrorDetail, listSpecs: readonly ListFieldSpec[] = []): string {
  const pointer = typeof detail.field === 'string' ? detail.field : ''
  const problem = detail.problem ?? ''
  if (pointer.startsWith('/fields/')) {
    const spec = listSpecs.find((s) => s.key === pointer.slice('/fields/'.length))
    const code = problem as ListFieldProblem['code']
    const known = tryT(`registry.listProblem.${code}`)
    return known ? listProblemText(tryT, { code, message: detail.message }, spec) : detail.message
  }
  const field = pointer.replace(/^\//, '')
  const text = problem ? personProblemText(tryT, field, problem) : undefined
  return text ?? detail.message
}
