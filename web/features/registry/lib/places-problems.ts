// Problem codes of the places' fields → the words shown under a field. The checks are the shared
// ones (shared/registry/place-fields.ts for organizations, facilities and concerns, with the GB 32100
// credit code, phone and name validators of shared/validation; building-form.ts and rental-form.ts
// mirror the server's checks of buildings and rentals with the same codes), and the server's own
// problems (duplicates, placement, state). A code is looked up for the field first
// (places.problem.<field>.<code>), then for the kind of field (names and phones share the person
// form's texts), then on its own among the places' texts, the registry's and the app's.
import { CONCERN_LIMITS, FACILITY_LIMITS, ORGANIZATION_LIMITS, type FieldProblem } from '../../../../shared/registry/place-fields'
import { PERSON_NAME_MAX_LENGTH } from '../../../../shared/validation/person-name'
import type { ApiErrorDetail } from '../../../shared/api/client'
import type { TryT } from './problems'

/** The record a field belongs to (limits differ). */
export type PlaceEntity = 'building' | 'rooms' | 'rental' | 'organization' | 'facility' | 'concern'

/** Fields holding a person's name (checked by the person-name validator). */
const NAME_FIELDS = new Set(['legalRep', 'securityContact', 'residentName', 'landlordName'])
const PHONE_FIELDS = new Set(['phone'])

const thisYear = () => new Date().getFullYear()

/** The limits a field's texts name: the longest text, or the range of a number. */
export function placeFieldLimits(entity: PlaceEntity, field: string): { max?: number; min?: number } {
  if (NAME_FIELDS.has(field)) return { max: PERSON_NAME_MAX_LENGTH }
  switch (`${entity}.${field}`) {
    case 'building.name':
      return { max: 100 }
    case 'building.address':
      return { max: 200 }
    case 'building.floors':
      return { min: 1, max: 200 }
    case 'building.builtYear':
      return { min: 1800, max: thisYear() + 5 }
    case 'rooms.units':
      return { min: 1, max: 10 }
    case 'rooms.floors':
      return { min: 1, max: 60 }
    case 'rooms.roomsPerFloor':
      return { min: 1, max: 12 }
    case 'rooms.floor':
      return { min: -10, max: 200 }
    case 'rooms.unit':
    case 'rooms.number':
      return { max: 20 }
    case 'organization.name':
      return { max: ORGANIZATION_LIMITS.name }
    case 'organization.address':
      return { max: ORGANIZATION_LIMITS.address }
    case 'organization.employees':
      return { min: 0, max: ORGANIZATION_LIMITS.maxEmployees }
    case 'facility.name':
      return { max: FACILITY_LIMITS.name }
    case 'facility.ownerDept':
    case 'facility.maintainerDept':
      return { max: FACILITY_LIMITS.dept }
    case 'concern.content':
      return { max: CONCERN_LIMITS.content }
    default:
      return { max: 200 }
  }
}

/**
 * The text of one problem of a field, or undefined when none is known (the caller then shows the
 * server's message). `value` fills in the length typed so far.
 */
export function placeProblemText(
  tryT: TryT,
  entity: PlaceEntity,
  field: string,
  problem: string,
  value?: unknown,
  extra: Record<string, string | number> = {},
): string | undefined {
  const limits = placeFieldLimits(entity, field)
  const params: Record<string, string | number> = {
    max: limits.max ?? 200,
    min: limits.min ?? 0,
    length: typeof value === 'string' ? [...value.trim()].length : 0,
    count: 0,
    unit: '—',
    number: '—',
    ...extra,
  }
  const code = problem === 'empty' ? 'required' : problem
  const specific = tryT(`places.problem.${field}.${code}`, params)
  if (specific) return specific
  if (NAME_FIELDS.has(field)) {
    const t = tryT(`registry.problem.name.${problem}`, params)
    if (t) return t
  }
  if (PHONE_FIELDS.has(field)) {
    const t = tryT(`registry.problem.phone.${problem}`, params)
    if (t) return t
  }
  return tryT(`places.problem.${code}`, params) ?? tryT(`registry.problem.${code}`, params) ?? tryT(`problem.${code}`, params)
}

/** Every problem of one field, as one line. */
export function placeProblemsText(tryT: TryT, entity: PlaceEntity, problems: readonly Pick<FieldProblem, 'field' | 'problem' | 'message'>[], value?: unknown): string {
  return problems.map((p) => placeProblemText(tryT, entity, p.field, p.problem, value) ?? p.message).join(tryT('registry.problemSeparator') ?? '; ')
}

/** The form field a detail's pointer names: '/creditCode' → 'creditCode', '/tenants/2' → 'tenants', '/rooms/floors' → 'rooms.floors'. */
export function detailField(detail: ApiErrorDetail): string {
  const pointer = typeof detail.field === 'string' ? detail.field : ''
  const parts = pointer.replace(/^\//, '').split('/').filter(Boolean)
  if (parts[0] === 'tenants') return 'tenants'
  if (parts[0] === 'rooms' && parts.length > 1 && !/^\d+$/.test(parts[1]!)) return `rooms.${parts[1]}`
  if (parts[0] === 'rooms') return 'rooms'
  return parts.join('.')
}

/** The text of one detail of a server error, in the places' words; the server's message when nothing is known. */
export function placeServerProblemText(tryT: TryT, entity: PlaceEntity, detail: ApiErrorDetail): string {
  const field = detailField(detail)
  const inRooms = field.startsWith('rooms.')
  const extra: Record<string, string | number> = {}
  if (typeof detail.count === 'number') extra.count = detail.count
  if (typeof detail.unit === 'string' && detail.unit) extra.unit = detail.unit
  if (typeof detail.number === 'string') extra.number = detail.number
  const text = detail.problem ? placeProblemText(tryT, inRooms ? 'rooms' : entity, inRooms ? field.slice('rooms.'.length) : field, detail.problem, undefined, extra) : undefined
  return text ?? detail.message
}
