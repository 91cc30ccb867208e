// The rental forms (register a room as rented, add a tenant, end a tenancy or the rental): the
// server's checks mirrored as the user types — a landlord who is a registered person or a valid
// name (person-name.ts), a first day that is a real date and not in the future, a landlord who is
// not also a tenant — and the bodies sent.
import { chinaToday } from '../../../../shared/registry/person-fields'
import type { FieldProblem } from '../../../../shared/registry/place-fields'
import { parsePersonName } from '../../../../shared/validation/person-name'
import type { RentalCreateBody, RentalPurpose } from '../places-types'

export type LandlordMode = 'person' | 'name'

export interface RentalFormValues {
  roomId?: number
  landlordMode?: LandlordMode
  landlordPersonId?: number
  landlordName?: string
  purpose?: RentalPurpose
  startedOn?: string
  tenants?: number[]
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s

/** A day's problem: required, not a date, in the future, or before `notBefore`. */
export function dayProblems(field: string, day: string | undefined, options: { today?: string; notBefore?: string } = {}): FieldProblem[] {
  if (!day) return [{ field, problem: 'required', message: `${field} is required` }]
  if (!isDate(day)) return [{ field, problem: 'bad_date', message: `${field} is not a date` }]
  if (day > (options.today ?? chinaToday())) return [{ field, problem: 'in_future', message: `${field} is in the future` }]
  if (options.notBefore && day < options.notBefore) return [{ field, problem: 'before_start', message: `${field} is before ${options.notBefore}` }]
  return []
}

export function checkRental(v: RentalFormValues, today?: string): FieldProblem[] {
  const out: FieldProblem[] = []
  if (!v.roomId) out.push({ field: 'roomId', problem: 'required', message: 'roomId is required' })
  if ((v.landlordMode ?? 'person') === 'person') {
    if (!v.landlordPersonId) out.push({ field: 'landlordPersonId', problem: 'required', message: 'landlordPersonId is required' })
    else if ((v.tenants ?? []).includes(v.landlordPersonId)) out.push({ field: 'tenants', problem: 'landlord_as_tenant', message: 'the landlord is among the tenants' })
  } else {
    const r = parsePersonName(v.landlordName ?? '')
    if (!r.ok) for (const p of r.problems) out.push({ field: 'landlordName', problem: p === 'empty' ? 'required' : p, message: `landlordName ${p}` })
  }
  out.push(...dayProblems('startedOn', v.startedOn, { today }))
  return out
}

export function rentalCreateBody(v: RentalFormValues): RentalCreateBody {
  const body: RentalCreateBody = { roomId: v.roomId!, startedOn: v.startedOn ?? chinaToday() }
  if ((v.landlordMode ?? 'person') === 'person') body.landlordPersonId = v.landlordPersonId
  else body.landlordName = (v.landlordName ?? '').trim()
  if (v.purpose) body.purpose = v.purpose
  if (v.tenants && v.tenants.length > 0) body.tenants = [...new Set(v.tenants)]
  return body
}
