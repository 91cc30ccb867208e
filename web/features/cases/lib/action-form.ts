// What each workflow step asks for, its checks as the user types, and its body. The step's words and
// which reasons and results are required come from the shared workflow (REASON_REQUIRED,
// RESULT_REQUIRED) and case-fields (validateStepText, CASE_LIMITS): the server runs the same.
import { CASE_LIMITS, validateStepText, type FieldProblem } from '../../../../shared/cases/case-fields'
import { REASON_REQUIRED, RESULT_REQUIRED } from '../../../../shared/cases/workflow'
import { pointerToPath } from '../../../shared/api/field-errors'
import type { ActBody, Card, CaseAction, LimitUnit } from '../types'
import { photoListProblem, photoNames, type PhotoItem } from './photos'

export type ActionField = 'reason' | 'result' | 'photos' | 'target' | 'department' | 'card' | 'amount' | 'rating' | 'comment' | 'mergeInto'

export interface ActionValues {
  reason?: string
  result?: string
  photos?: PhotoItem[]
  target?: string
  department?: string
  card?: Card
  amount?: number | null
  rating?: number
  comment?: string
  mergeInto?: number
}

export interface ActionFieldSpec {
  field: ActionField
  required: boolean
}

/** The step's own input besides a reason. */
const OWN_FIELDS: Partial<Record<CaseAction, ActionField[]>> = {
  assign: ['target'],
  dispatch: ['department'],
  feedback: ['result', 'photos'],
  close: ['result', 'photos'],
  request_extension: ['amount'],
  urge: ['card'],
  copy: ['target'],
  merge: ['mergeInto'],
  rate: ['rating', 'comment'],
}

/**
 * The fields of a step's dialog, in order. Every step but rating takes a reason: required where the
 * workflow says so, else an optional note (it goes into the timeline). Rating has its comment instead.
 */
export function actionFields(action: CaseAction): ActionFieldSpec[] {
  const own = (OWN_FIELDS[action] ?? []).map((field) => ({ field, required: field !== 'photos' && field !== 'comment' && (field !== 'result' || RESULT_REQUIRED.has(action)) }))
  if (action === 'rate') return own
  return [...own, { field: 'reason', required: REASON_REQUIRED.has(action) }]
}

/** The largest extension the server takes, in the limit's unit (30 days, or as many working hours). */
export function extensionMax(unit: LimitUnit | undefined): number {
  return unit === 'working_days' || unit === 'calendar_days' ? CASE_LIMITS.extensionDays : CASE_LIMITS.extensionDays * 8
}

/** Every problem of the dialog's values, by field. */
export function actionProblems(action: CaseAction, v: ActionValues, unit?: LimitUnit): Map<ActionField, FieldProblem[]> {
  const out = new Map<ActionField, FieldProblem[]>()
  const add = (field: ActionField, problem: string, message = problem) => out.set(field, [...(out.get(field) ?? []), { field, problem, message }])
  for (const { field, required } of actionFields(action)) {
    switch (field) {
      case 'reason':
      case 'result':
      case 'comment':
        for (const p of validateStepText(field, v[field], required).problems) add(field, p.problem, p.message)
        break
      case 'photos': {
        const p = photoListProblem(v.photos)
        if (p) add('photos', p)
        break
      }
      case 'target':
      case 'department':
        if (!v[field]?.trim()) add(field, 'required')
        break
      case 'card':
        if (v.card !== 'yellow' && v.card !== 'red') add('card', 'required')
        break
      case 'mergeInto':
        if (!v.mergeInto) add('mergeInto', 'required')
        break
      case 'amount':
        if (v.amount === null || v.amount === undefined) add('amount', 'required')
        else if (!Number.isFinite(v.amount) || v.amount <= 0 || v.amount > extensionMax(unit)) add('amount', 'out_of_range')
        break
      case 'rating':
        if (v.rating === undefined || !Number.isInteger(v.rating) || v.rating < 1 || v.rating > 5) add('rating', 'required')
        break
    }
  }
  return out
}

const text = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined)

/** The body of POST /cases/:id/actions: the version read and only the step's own fields. */
export function actionBody(action: CaseAction, version: number, v: ActionValues): ActBody {
  const body: ActBody = { action, version }
  for (const { field } of actionFields(action)) {
    switch (field) {
      case 'reason':
      case 'result':
      case 'comment':
      case 'target':
      case 'department': {
        const value = text(v[field])
        if (value) body[field] = value
        break
      }
      case 'photos': {
        const names = photoNames(v.photos)
        if (names.length > 0) body.photos = names
        break
      }
      case 'card':
        if (v.card) body.card = v.card
        break
      case 'amount':
        if (typeof v.amount === 'number') body.amount = v.amount
        break
      case 'rating':
        if (v.rating !== undefined) body.rating = v.rating
        break
      case 'mergeInto':
        if (v.mergeInto) body.mergeInto = v.mergeInto
        break
    }
  }
  return body
}

/** The dialog field a server problem belongs under ('/photos/2' under the photos), if the dialog has it. */
export function actionFieldOf(action: CaseAction, pointer: string | undefined): ActionField | undefined {
  if (!pointer) return undefined
  const head = pointerToPath(pointer)[0]
  return actionFields(action).find((f) => f.field === head)?.field
}
