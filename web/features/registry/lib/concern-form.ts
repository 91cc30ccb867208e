// The concern (社情民意) form: theme and content checked as typed by the shared validateConcernFields,
// who it comes from (a registered resident found by search, a name, or nobody), where it belongs
// (a point, a grid, or the resident's grid), and the body sent.
import { validateConcernFields, type FieldProblem } from '../../../../shared/registry/place-fields'
import type { ConcernCreateBody, LonLat } from '../places-types'

export type ConcernResident = 'person' | 'name' | 'none'
export type ConcernPlacement = 'location' | 'grid' | 'resident'

export interface ConcernFormValues {
  theme?: string
  content?: string
  resident?: ConcernResident
  personId?: number
  residentName?: string
  placement?: ConcernPlacement
  location?: LonLat
  gridCode?: string
}

export function checkConcern(v: ConcernFormValues): FieldProblem[] {
  const resident = v.resident ?? 'none'
  const r = validateConcernFields({ theme: v.theme ?? '', content: v.content ?? '', residentName: resident === 'name' ? (v.residentName ?? '') : null })
  const problems: FieldProblem[] = [...r.problems]
  if (resident === 'name' && (v.residentName ?? '').trim() === '') problems.push({ field: 'residentName', problem: 'required', message: 'residentName is required' })
  if (resident === 'person' && !v.personId) problems.push({ field: 'personId', problem: 'required', message: 'personId is required' })
  const placement = v.placement ?? 'location'
  if (placement === 'location' && !v.location) problems.push({ field: 'location', problem: 'required', message: 'location is required' })
  if (placement === 'grid' && !v.gridCode) problems.push({ field: 'gridCode', problem: 'required', message: 'gridCode is required' })
  if (placement === 'resident' && resident !== 'person') problems.push({ field: 'placement', problem: 'needs_person', message: 'the resident\'s grid needs a registered resident' })
  return problems
}

export function concernCreateBody(v: ConcernFormValues): ConcernCreateBody {
  const body: ConcernCreateBody = { theme: v.theme ?? '', content: (v.content ?? '').trim() }
  const resident = v.resident ?? 'none'
  if (resident === 'person' && v.personId) body.personId = v.personId
  if (resident === 'name' && v.residentName?.trim()) body.residentName = v.residentName.trim()
  const placement = v.placement ?? 'location'
  if (placement === 'location' && v.location) body.location = v.location
  if (placement === 'grid' && v.gridCode) body.gridCode = v.gridCode
  return body
}
