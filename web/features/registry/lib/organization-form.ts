// The organization forms (register, edit in place): every field checked as it is typed by the shared
// validateOrganizationFields (GB 32100 credit code, names, phone, kind…; the server runs the same
// function), where the organization lies (a registered building, or a point), and the bodies sent —
// the whole record on create, only what changed (with the version read) on edit.
import { parseCreditCode } from '../../../../shared/validation/credit-code'
import { defaultKeyPlace, validateOrganizationFields, type FieldProblem, type OrganizationKindCode } from '../../../../shared/registry/place-fields'
import type { LonLat, OrganizationBody, OrganizationPatchBody, OrganizationView } from '../places-types'

export const ORGANIZATION_FIELDS = ['name', 'kind', 'creditCode', 'legalRep', 'address', 'phone', 'employees', 'securityContact', 'keyPlace'] as const
export type OrganizationField = (typeof ORGANIZATION_FIELDS)[number]

/** Where a new organization lies: in a registered building (its grid and point), or at a point. */
export type OrganizationPlacement = 'building' | 'location'

export interface OrganizationFormValues {
  name?: string
  kind?: string
  creditCode?: string
  legalRep?: string
  address?: string
  phone?: string
  employees?: number | null
  securityContact?: string
  keyPlace?: boolean
  placement?: OrganizationPlacement
  buildingId?: number
  location?: LonLat
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
const trimmed = (v: string | undefined | null): string | undefined => {
  const t = v?.trim()
  return t ? t : undefined
}

/**
 * Every problem of the form as it stands. `mode` 'edit': the phone is empty unless a new one is
 * typed (it is shown masked), the address stays required, the placement is not part of the form.
 */
export function checkOrganization(v: OrganizationFormValues, mode: 'create' | 'edit' = 'create'): FieldProblem[] {
  const placement = v.placement ?? 'building'
  const input = {
    name: v.name ?? '',
    kind: v.kind ?? '',
    creditCode: v.creditCode ?? null,
    legalRep: v.legalRep ?? null,
    address: v.address ?? null,
    phone: v.phone ?? null,
    employees: v.employees ?? null,
    securityContact: v.securityContact ?? null,
    keyPlace: v.keyPlace ?? null,
  }
  const r = validateOrganizationFields(input, { addressOptional: mode === 'create' && placement === 'building' })
  const problems: FieldProblem[] = [...r.problems]
  if (mode === 'create') {
    if (placement === 'building' && !v.buildingId) problems.push({ field: 'buildingId', problem: 'required', message: 'buildingId is required' })
    if (placement === 'location' && !v.location) problems.push({ field: 'location', problem: 'required', message: 'location is required' })
  }
  return problems
}

/** What a complete, valid credit code says (its category and region), else undefined. */
export function creditCodeFacts(code: string | undefined): { prefix: string; department?: string; type?: string; region: string } | undefined {
  if (blank(code)) return undefined
  const r = parseCreditCode(code!)
  if (!r.ok) return undefined
  return { prefix: r.prefix, department: r.category?.department, type: r.category?.type, region: r.regionCode }
}

/** Whether the kind is a key place unless said otherwise (school, hazardous chemicals, key site). */
export const keyPlaceByDefault = (kind: string | undefined) => !!kind && defaultKeyPlace(kind as OrganizationKindCode)

/** The body of POST /registry/organizations: empty optional fields left out. */
export function organizationCreateBody(v: OrganizationFormValues): OrganizationBody {
  const body: OrganizationBody = { name: trimmed(v.name) ?? '', kind: v.kind ?? '' }
  const code = trimmed(v.creditCode)
  if (code) body.creditCode = code.toUpperCase()
  for (const f of ['legalRep', 'address', 'phone', 'securityContact'] as const) {
    const t = trimmed(v[f])
    if (t) body[f] = t
  }
  if (typeof v.employees === 'number') body.employees = v.employees
  if (v.keyPlace !== undefined) body.keyPlace = v.keyPlace
  if ((v.placement ?? 'building') === 'building') body.buildingId = v.buildingId
  else body.location = v.location
  return body
}

/** The edit form's starting values: the record as read, the phone empty (shown masked). */
export function organizationEditValues(o: OrganizationView): OrganizationFormValues {
  return {
    name: o.name,
    kind: o.kind,
    creditCode: o.creditCode ?? undefined,
    legalRep: o.legalRep ?? undefined,
    address: o.address,
    phone: undefined,
    employees: o.employees,
    securityContact: o.securityContact ?? undefined,
    keyPlace: o.keyPlace,
  }
}

/** The PATCH body: the version read plus each field that differs; an emptied optional field becomes null; the phone only when a new one is typed. */
export function organizationPatch(o: OrganizationView, v: OrganizationFormValues): OrganizationPatchBody {
  const patch: OrganizationPatchBody = { version: o.version }
  const name = trimmed(v.name)
  if (name !== undefined && name !== o.name) patch.name = name
  if (v.kind && v.kind !== o.kind) patch.kind = v.kind
  const code = trimmed(v.creditCode)?.toUpperCase() ?? null
  if (code !== o.creditCode) patch.creditCode = code
  const address = trimmed(v.address)
  if (address !== undefined && address !== o.address) patch.address = address
  for (const f of ['legalRep', 'securityContact'] as const) {
    const now = trimmed(v[f]) ?? null
    if (now !== o[f]) patch[f] = now
  }
  const phone = trimmed(v.phone)
  if (phone) patch.phone = phone
  const employees = typeof v.employees === 'number' ? v.employees : null
  if (employees !== o.employees) patch.employees = employees
  if (v.keyPlace !== undefined && v.keyPlace !== o.keyPlace) patch.keyPlace = v.keyPlace
  return patch
}

export const patchChanges = (patch: { version: number }) => Object.keys(patch).some((k) => k !== 'version')
