// A refused write of a place's form: each problem the server names for a field of the form goes
// under that field in the places' words; what names no field of the form stays for the error alert.
import { ApiError } from '../../../shared/api/client'
import type { FieldErrorGroup } from '../../../shared/api/field-errors'
import { detailField, placeServerProblemText, type PlaceEntity } from './places-problems'
import type { TryT } from './problems'

export interface PlaceFormErrors {
  fields: FieldErrorGroup[]
  /** Details that name no field of the form. */
  rest: number
}

/**
 * Groups a failed write's details by the form's fields. `known` lists the form's field names;
 * `alias` sends a pointer's field to another form field (e.g. the generator's 'rooms.floors' to
 * 'genFloors', the grid of a location to the location picker).
 */
export function placeFormErrors(error: unknown, known: readonly string[], tryT: TryT, entity: PlaceEntity, alias: Readonly<Record<string, string>> = {}): PlaceFormErrors {
  if (!(error instanceof ApiError)) return { fields: [], rest: 0 }
  const groups = new Map<string, FieldErrorGroup>()
  let rest = 0
  for (const d of error.details) {
    const raw = detailField(d)
    const field = alias[raw] ?? raw
    if (!field || !known.includes(field)) {
      rest++
      continue
    }
    const group = groups.get(field) ?? { name: field.split('.'), errors: [] }
    const text = placeServerProblemText(tryT, entity, d)
    if (!group.errors.includes(text)) group.errors.push(text)
    groups.set(field, group)
  }
  return { fields: [...groups.values()], rest }
}

/** 409 with a stale version: the record changed since it was read. */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.details.some((d) => d.problem === 'stale_version')
}

/** The id of the record a duplicate key belongs to (credit code, facility code, address), when the caller may see it. */
export function duplicateId(error: unknown, key: 'organizationId' | 'facilityId' | 'buildingId'): number | undefined {
  if (!(error instanceof ApiError)) return undefined
  for (const d of error.details) if (typeof d[key] === 'number') return d[key] as number
  return undefined
}
