// The facility (部件) forms: every field checked as it is typed by the shared validateFacilityFields
// (class, kind, name, code, departments, state, hazard), the point it stands at, and the bodies sent.
import { validateFacilityFields, type FieldProblem } from '../../../../shared/registry/place-fields'
import type { FacilityBody, FacilityPatchBody, FacilityView, LonLat } from '../places-types'

export interface FacilityFormValues {
  class?: string
  kind?: string
  name?: string
  code?: string
  state?: string
  hazard?: boolean
  ownerDept?: string
  maintainerDept?: string
  location?: LonLat
}

const trimmed = (v: string | undefined | null): string | undefined => {
  const t = v?.trim()
  return t ? t : undefined
}

export function checkFacility(v: FacilityFormValues): FieldProblem[] {
  const r = validateFacilityFields({
    class: v.class ?? '',
    kind: v.kind ?? '',
    name: v.name ?? '',
    code: v.code ?? null,
    state: v.state ?? null,
    hazard: v.hazard ?? null,
    ownerDept: v.ownerDept ?? null,
    maintainerDept: v.maintainerDept ?? null,
  })
  const problems: FieldProblem[] = [...r.problems]
  if (!v.location) problems.push({ field: 'location', problem: 'required', message: 'location is required' })
  return problems
}

export function facilityCreateBody(v: FacilityFormValues): FacilityBody {
  const body: FacilityBody = { class: v.class ?? '', kind: v.kind ?? '', name: trimmed(v.name) ?? '', location: v.location }
  const code = trimmed(v.code)
  if (code) body.code = code
  if (v.state) body.state = v.state
  if (v.hazard !== undefined) body.hazard = v.hazard
  for (const f of ['ownerDept', 'maintainerDept'] as const) {
    const t = trimmed(v[f])
    if (t) body[f] = t
  }
  return body
}

export function facilityEditValues(f: FacilityView): FacilityFormValues {
  return {
    class: f.class,
    kind: f.kind,
    name: f.name,
    code: f.code ?? undefined,
    state: f.state,
    hazard: f.hazard,
    ownerDept: f.ownerDept ?? undefined,
    maintainerDept: f.maintainerDept ?? undefined,
    location: f.location,
  }
}

export function facilityPatch(f: FacilityView, v: FacilityFormValues): FacilityPatchBody {
  const patch: FacilityPatchBody = { version: f.version }
  if (v.class && v.class !== f.class) patch.class = v.class
  if (v.kind && v.kind !== f.kind) patch.kind = v.kind
  const name = trimmed(v.name)
  if (name !== undefined && name !== f.name) patch.name = name
  const code = trimmed(v.code) ?? null
  if (code !== f.code) patch.code = code
  if (v.state && v.state !== f.state) patch.state = v.state
  if (v.hazard !== undefined && v.hazard !== f.hazard) patch.hazard = v.hazard
  for (const k of ['ownerDept', 'maintainerDept'] as const) {
    const now = trimmed(v[k]) ?? null
    if (now !== f[k]) patch[k] = now
  }
  if (v.location && (Math.abs(v.location.lon - f.location.lon) > 1e-9 || Math.abs(v.location.lat - f.location.lat) > 1e-9)) patch.location = v.location
  return patch
}
