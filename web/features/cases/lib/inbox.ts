// The inbox's boxes and its URL: which boxes a role sees and in what order, which one opens first,
// and the filters read from ?box=&q=&category= (anything unusable is dropped, not sent).
import { CASE_BOXES, type CaseBox } from '../../../../shared/cases/api-types'
import type { Role } from '../../../../shared/roles'
import type { CaseListParams } from '../types'

const STAFF_BOXES: readonly CaseBox[] = ['new', 'todo', 'due_soon', 'overdue', 'supervised', 'copied', 'mine', 'done', 'all']

/**
 * The boxes of a role, in tab order. Grid workers report and follow what they reported (they hold no
 * cases); a department works what is dispatched to it; a level works what it holds and watches the
 * levels below; roles that only read see everything in their scope and what is copied to them.
 */
export function boxesOf(role: Role): readonly CaseBox[] {
  switch (role) {
    case 'grid_worker':
      return ['mine', 'all']
    case 'department_handler':
      return ['new', 'todo', 'due_soon', 'overdue', 'supervised', 'copied', 'done', 'all']
    case 'city_admin':
    case 'district_staff':
    case 'street_staff':
    case 'community_staff':
      return STAFF_BOXES
    default:
      return ['all', 'copied', 'done']
  }
}

/** The box the inbox opens on: new reports first when a level has some waiting, else its work. */
export function defaultBox(role: Role, counts: Partial<Record<CaseBox, number>> | undefined): CaseBox {
  switch (role) {
    case 'grid_worker':
      return 'mine'
    case 'department_handler':
      return 'todo'
    case 'city_admin':
    case 'district_staff':
    case 'street_staff':
    case 'community_staff':
      return (counts?.new ?? 0) > 0 ? 'new' : 'todo'
    default:
      return 'all'
  }
}

/** Boxes whose count the server gives (it counts neither 'all' nor 'done'). */
export function hasCount(box: CaseBox): boolean {
  return box !== 'all' && box !== 'done'
}

const CATEGORY = /^[a-z_.]{1,64}$/

/** The filters of the URL: a box the role has, search text (1–100 characters), a category code. */
export function readInboxParams(search: URLSearchParams, role: Role): { box: CaseBox | undefined; q: string; category: string | undefined } {
  const rawBox = search.get('box')
  const box = CASE_BOXES.find((b) => b === rawBox && boxesOf(role).includes(b))
  const category = search.get('category') ?? ''
  return { box, q: (search.get('q') ?? '').slice(0, 100), category: CATEGORY.test(category) ? category : undefined }
}

/** What GET /cases gets: the search text trimmed (an empty one not sent). */
export function listParams(box: CaseBox, q: string, category: string | undefined): CaseListParams {
  const text = q.trim()
  return { box, ...(text ? { q: text } : {}), ...(category ? { category } : {}) }
}
