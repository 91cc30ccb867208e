// The person forms (register, edit in place): checking one field as it is typed with the shared
// validator, what the ID number reveals (birth date, sex, age), and the bodies sent — the whole
// record on create, only what changed (with the version read) on edit.
import { ageOn, chinaToday, validatePersonFields, type FieldProblem, type PersonFieldsInput } from '../../../../shared/registry/person-fields'
import { parseIdNumber } from '../../../../shared/validation/id-number'
import type { LonLat, PersonCreateBody, PersonFieldsBody, PersonPatchBody, PersonView } from '../types'

/** The person's own fields, in form order. */
export const PERSON_FIELDS = [
  'name',
  'formerName',
  'idNumber',
  'phone',
  'ethnicity',
  'residenceCategory',
  'address',
  'registeredAddress',
  'politicalStatus',
  'education',
  'maritalStatus',
  'religion',
  'workplace',
  'relation',
] as const satisfies readonly (keyof PersonFieldsInput)[]
export type PersonField = (typeof PERSON_FIELDS)[number]

/** Fields a new record must have. */
export const REQUIRED_PERSON_FIELDS: readonly PersonField[] = ['name', 'idNumber', 'ethnicity', 'residenceCategory', 'address']

export type PersonFormValues = Partial<Record<PersonField, string>>

/** How a new person is placed in a grid. */
export type Placement = 'grid' | 'location' | 'address'

export interface RegisterValues extends PersonFormValues {
  placement: Placement
  gridCode?: string
  location?: LonLat
}

export interface EditValues extends PersonFormValues {
  gridCode?: string
  moveReason?: string
}

/**
 * The problems of one field as typed. `required`: an empty value is a problem (a new record's
 * required fields); otherwise empty means "none" (optional fields) or "unchanged" (the ID number and
 * phone when editing, which start empty because they are shown masked).
 */
export function checkPersonField(field: PersonField, value: string | undefined | null, options: { required?: boolean; today?: string } = {}): FieldProblem[] {
  const blank = value === undefined || value === null || value.trim() === ''
  if (blank && !options.required) return []
  const r = validatePersonFields({ [field]: value ?? '' }, { partial: true, today: options.today })
  return r.ok ? [] : r.problems.filter((p) => p.field === field)
}

export interface DerivedFromId {
  birthDate: string
  sex: '1' | '2'
  age: number
}

/** Birth date, sex and age from a valid ID number, else undefined. */
export function derivedFromId(idNumber: string | undefined | null, today = chinaToday()): DerivedFromId | undefined {
  if (!idNumber) return undefined
  const r = parseIdNumber(idNumber, { today })
  if (!r.ok) return undefined
  return { birthDate: r.birthDate, sex: r.sex === 'male' ? '1' : '2', age: ageOn(r.birthDate, today) }
}

const trimmed = (v: string | undefined | null): string | undefined => {
  const t = v?.trim()
  return t ? t : undefined
}

/** The body of POST /registry/people: required fields as typed, empty optional ones left out. */
export function createBody(v: RegisterValues): PersonCreateBody {
  const optional: PersonFieldsBody = {}
  for (const f of PERSON_FIELDS) {
    if ((REQUIRED_PERSON_FIELDS as readonly string[]).includes(f)) continue
    const value = trimmed(v[f])
    if (value !== undefined) optional[f] = value
  }
  const body: PersonCreateBody = {
    name: v.name?.trim() ?? '',
    idNumber: v.idNumber?.trim() ?? '',
    ethnicity: v.ethnicity ?? '',
    residenceCategory: v.residenceCategory ?? '',
    address: v.address?.trim() ?? '',
    ...optional,
  }
  if (v.placement === 'grid' && v.gridCode) body.gridCode = v.gridCode
  if (v.placement === 'location' && v.location) body.location = v.location
  return body
}

/** The values the edit form starts from: the record as read; the ID number and phone empty (shown masked). */
export function editValuesOf(p: PersonView): EditValues {
  return {
    name: p.name,
    formerName: p.formerName ?? undefined,
    idNumber: undefined,
    phone: undefined,
    ethnicity: p.ethnicity,
    residenceCategory: p.residenceCategory,
    address: p.address,
    registeredAddress: p.registeredAddress ?? undefined,
    politicalStatus: p.politicalStatus ?? undefined,
    education: p.education ?? undefined,
    maritalStatus: p.maritalStatus ?? undefined,
    religion: p.religion ?? undefined,
    workplace: p.workplace ?? undefined,
    relation: p.relation ?? undefined,
    gridCode: p.grid.code,
    moveReason: undefined,
  }
}

/** Whether the edit moves the person (another grid or another address): a move may carry a reason. */
export function editMoves(p: PersonView, v: EditValues): boolean {
  return (!!v.gridCode && v.gridCode !== p.grid.code) || (trimmed(v.address) ?? '') !== p.address
}

/**
 * The PATCH body: the version read plus each field that differs from the record — an emptied
 * optional field becomes null; the ID number and phone only when a new one was typed.
 */
export function buildPatch(p: PersonView, v: EditValues): PersonPatchBody {
  const patch: PersonPatchBody = { version: p.version }
  const before = editValuesOf(p)
  for (const f of PERSON_FIELDS) {
    const now = trimmed(v[f])
    if (f === 'idNumber' || f === 'phone') {
      if (now !== undefined) patch[f] = now
      continue
    }
    if (now === (trimmed(before[f]) ?? undefined)) continue
    if ((REQUIRED_PERSON_FIELDS as readonly string[]).includes(f)) {
      if (now !== undefined) (patch as unknown as Record<string, string>)[f] = now
    } else {
      ;(patch as unknown as Record<string, string | null>)[f] = now ?? null
    }
  }
  if (v.gridCode && v.gridCode !== p.grid.code) patch.gridCode = v.gridCode
  if (editMoves(p, v)) {
    const reason = trimmed(v.moveReason)
    if (reason) patch.moveReason = reason
  }
  return patch
}

/** Whether a PATCH body changes anything. */
export const patchChangesSomething = (patch: PersonPatchBody): boolean => Object.keys(patch).some((k) => k !== 'version' && k !== 'moveReason')
