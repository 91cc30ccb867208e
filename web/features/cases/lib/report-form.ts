// The report form's values ↔ the body of POST /cases, and its checks as the user types: the shared
// validateReportFields (the server runs the same), where the case is (a point, or a grid code for a
// grid worker without GPS), the photos' upload state, and the result of a case resolved on the spot.
// The server's field problems (JSON pointers) are put back under the form's fields.
import { validateReportFields, validateStepText, type FieldProblem } from '../../../../shared/cases/case-fields'
import { pointerToPath } from '../../../shared/api/field-errors'
import type { CaseReportBody, LonLat, Urgency } from '../types'
import { photoListProblem, photoNames, type PhotoItem } from './photos'

export type PlaceMode = 'map' | 'grid'

export interface ReportValues {
  /** The Cascader's path: [category] or [category, subcategory]; the last is filed. */
  category?: string[]
  urgency?: Urgency
  title?: string
  description?: string
  place?: PlaceMode
  location?: LonLat
  gridCode?: string
  address?: string
  photos?: PhotoItem[]
  onSpot?: boolean
  onSpotResult?: string
}

export const REPORT_FIELDS = ['category', 'urgency', 'title', 'description', 'location', 'gridCode', 'address', 'photos', 'onSpotResult'] as const
export type ReportField = (typeof REPORT_FIELDS)[number]

const GRID_CODE = /^\d{15}$/
const blank = (s: string | undefined) => !s || s.trim() === ''

/** Every problem of the form, by field (the fields without problems absent). */
export function reportProblems(v: ReportValues): Map<ReportField, FieldProblem[]> {
  const out = new Map<ReportField, FieldProblem[]>()
  const add = (field: ReportField, problem: string, message = problem) => out.set(field, [...(out.get(field) ?? []), { field, problem, message }])
  const own = validateReportFields({ category: v.category?.at(-1), urgency: v.urgency, title: v.title, description: v.description, address: v.address })
  for (const p of own.problems) if ((REPORT_FIELDS as readonly string[]).includes(p.field)) add(p.field as ReportField, p.problem, p.message)
  if ((v.place ?? 'map') === 'map') {
    if (!v.location) add('location', 'required')
  } else if (blank(v.gridCode)) add('gridCode', 'required')
  else if (!GRID_CODE.test(v.gridCode!.trim())) add('gridCode', 'pattern')
  const photos = photoListProblem(v.photos)
  if (photos) add('photos', photos)
  if (v.onSpot) for (const p of validateStepText('result', v.onSpotResult, true).problems) add('onSpotResult', p.problem, p.message)
  return out
}

const text = (s: string | undefined) => (blank(s) ? undefined : s!.trim())

/** The body of POST /cases (the server checks everything again). */
export function reportBody(v: ReportValues): CaseReportBody {
  const place = v.place ?? 'map'
  const body: CaseReportBody = { category: v.category?.at(-1) ?? '', urgency: v.urgency ?? 'normal', description: (v.description ?? '').trim() }
  const title = text(v.title)
  if (title) body.title = title
  if (place === 'map' && v.location) body.location = v.location
  if (place === 'grid' && text(v.gridCode)) body.gridCode = text(v.gridCode)
  const address = text(v.address)
  if (address) body.address = address
  const photos = photoNames(v.photos)
  if (photos.length > 0) body.photos = photos
  if (v.onSpot) body.resolvedOnSpot = { result: (v.onSpotResult ?? '').trim() }
  return body
}

/**
 * The form field a server problem belongs under: '/resolvedOnSpot/result' under the result,
 * '/photos/3' under the photos; a missing or refused place under whichever way of giving it is shown.
 */
export function reportFieldOf(pointer: string | undefined, place: PlaceMode): ReportField | undefined {
  if (!pointer) return undefined
  const [head] = pointerToPath(pointer)
  if (head === 'resolvedOnSpot') return 'onSpotResult'
  if (head === 'location' || head === 'gridCode') return place === 'grid' ? 'gridCode' : 'location'
  return (REPORT_FIELDS as readonly unknown[]).includes(head) ? (head as ReportField) : undefined
}
