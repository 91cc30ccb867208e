// The resident's report form as data: the draft, its problems (the shared validateReportFields, run
// as the resident types — the server runs the same function), the body sent, the server's field
// problems put back under the fields, the texts of every problem, the first point from the page's
// address (?lon=&lat=) and the checks a photo passes before it is sent.
import { CASE_LIMITS, validateReportFields } from '../../../../shared/cases/case-fields'
import { isApiError, type ApiErrorDetail } from '../../../shared/api/client'
import type { LonLat, PublicReportBody } from '../types'

/** At most this many photos on the public page (the API takes more from staff). */
export const MAX_PHOTOS = 3
/** The server's limit for one photo (server/infra/images/photo.ts PHOTO_LIMITS.maxBytes). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
/** The types the server accepts (it checks the content; these are what the file picker offers). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const

export interface ReportDraft {
  /** The chosen top category (only to offer its subcategories). */
  group?: string
  /** The subcategory code: what is sent as `category`. */
  category?: string
  description: string
  address: string
  location?: LonLat
  anonymous: boolean
  contactName: string
  contactPhone: string
  /** Names of the photos uploaded so far. */
  photos: string[]
}

export const EMPTY_DRAFT: ReportDraft = { description: '', address: '', anonymous: false, contactName: '', contactPhone: '', photos: [] }

export const REPORT_FIELDS = ['category', 'description', 'address', 'location', 'contactName', 'contactPhone', 'photos'] as const
export type ReportField = (typeof REPORT_FIELDS)[number]

export interface DraftProblem {
  field: ReportField
  problem: string
}

const isReportField = (f: string): f is ReportField => (REPORT_FIELDS as readonly string[]).includes(f)

/** Every problem of the draft, as the server would find it (minus what needs the database). */
export function draftProblems(d: ReportDraft): DraftProblem[] {
  const contact = !d.anonymous
  const checked = validateReportFields({
    category: d.category ?? null,
    description: d.description,
    address: d.address,
    contactName: contact ? d.contactName : null,
    contactPhone: contact ? d.contactPhone : null,
  })
  const problems: DraftProblem[] = []
  for (const p of checked.problems) if (isReportField(p.field)) problems.push({ field: p.field, problem: p.problem })
  // Where: a point on the map, or an address (the server's rule for residents).
  if (!d.location && d.address.trim() === '') problems.push({ field: 'location', problem: 'required' })
  if (d.photos.length > MAX_PHOTOS) problems.push({ field: 'photos', problem: 'too_many' })
  return problems
}

/** The body of POST /public/reports: trimmed, blanks left out, no contact when anonymous. */
export function reportBody(d: ReportDraft): PublicReportBody {
  const body: PublicReportBody = { category: d.category ?? '', description: d.description.trim() }
  if (d.location) body.location = { lon: d.location.lon, lat: d.location.lat }
  const address = d.address.trim()
  if (address) body.address = address
  if (d.photos.length > 0) body.photos = [...d.photos]
  body.anonymous = d.anonymous
  if (!d.anonymous) {
    const name = d.contactName.trim()
    const phone = d.contactPhone.trim()
    if (name) body.contactName = name
    if (phone) body.contactPhone = phone
  }
  return body
}

/**
 * Whether a problem is shown yet. A field shows its problems once touched; the phone number does not
 * complain about its length while it is still being typed (fewer than 11 digits, field focused).
 */
export function problemShown(field: ReportField, problem: string, value: string, o: { touched: boolean; focused: boolean }): boolean {
  if (!o.touched) return false
  if (field === 'contactPhone' && problem === 'wrong_length' && o.focused) {
    const digits = value.replace(/\D/g, '').length
    return digits >= 11
  }
  return true
}

/** The server's problems that name a field of the form (details[].field: "/category", "/location"…), and the rest. */
export function serverProblems(error: unknown): { fields: DraftProblem[]; other: ApiErrorDetail[] } {
  const fields: DraftProblem[] = []
  const other: ApiErrorDetail[] = []
  if (!isApiError(error)) return { fields, other }
  for (const d of error.details) {
    const name = (d.field ?? '').replace(/^\//, '').split('/')[0] ?? ''
    if (isReportField(name)) fields.push({ field: name, problem: d.problem ?? 'invalid' })
    else other.push(d)
  }
  return { fields, other }
}

/** The longest text a field takes (for "at most {max} characters"). */
export function fieldMax(field: ReportField | 'photo' | 'rating'): number | undefined {
  switch (field) {
    case 'rating':
      return CASE_LIMITS.ratingComment
    case 'description':
      return CASE_LIMITS.description
    case 'address':
      return CASE_LIMITS.address
    case 'contactName':
      return CASE_LIMITS.contactName
    case 'photos':
      return MAX_PHOTOS
    default:
      return undefined
  }
}

/** The message keys tried for a problem, most specific first. */
export function problemKeys(field: ReportField | 'photo' | 'rating', problem: string): string[] {
  return [`public.problem.${field}.${problem}`, `public.problem.${problem}`]
}

/** The text of a problem: the first key that has a message, else the generic one. */
export function problemText(tryT: (key: string, params?: Record<string, string | number>) => string | undefined, field: ReportField | 'photo' | 'rating', problem: string): string {
  const params = { max: fieldMax(field) ?? '' }
  for (const key of problemKeys(field, problem)) {
    const text = tryT(key, params)
    if (text !== undefined) return text
  }
  return tryT('public.problem.invalid', params) ?? problem
}

/** A point from the page's address (?lon=&lat=), when both are numbers on the globe. */
export function initialPoint(params: URLSearchParams): LonLat | undefined {
  const lonText = params.get('lon')
  const latText = params.get('lat')
  if (!lonText || !latText) return undefined
  const lon = Number(lonText)
  const lat = Number(latText)
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return undefined
  return { lon: roundCoordinate(lon), lat: roundCoordinate(lat) }
}

/** Seven decimals: about a centimetre, more than any phone knows. */
export function roundCoordinate(n: number): number {
  return Number(n.toFixed(7))
}

/** Why a picked file is not even sent (type or size), or undefined. */
export function photoFileProblem(file: { type: string; size: number }): 'unsupported_type' | 'too_large' | 'empty' | undefined {
  if (file.size === 0) return 'empty'
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'unsupported_type'
  if (file.size > MAX_PHOTO_BYTES) return 'too_large'
  return undefined
}

/** The problem of a refused upload (413/415/422 details[0].problem), or a general one. */
export function uploadProblem(error: unknown): string {
  if (isApiError(error)) {
    const p = error.details.find((d) => d.problem)?.problem
    if (p) return p
    if (error.code === 'rate_limited') return 'rate_limited'
    if (error.code === 'network_error') return 'network_error'
  }
  return 'upload_failed'
}

/**
 * A fresh Idempotency-Key, a version 4 UUID (made when the form opens; a retry of the same report
 * reuses it). From getRandomValues, which unlike randomUUID also works outside secure contexts.
 */
export function newIdempotencyKey(fill: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = fill(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
