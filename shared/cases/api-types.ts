// Shapes of the case API's answers, shared by the server (its TypeBox schemas must accept them) and the
// web app. Times are ISO 8601 strings.
import type { LimitUnit } from './calendar.ts'
import type { Card, CaseAction, CaseParty, CaseSource, CaseState, CaseStep, HolderLevel, Lamp, Supervision, Urgency } from './workflow.ts'

export interface CaseCategoryRef {
  code: string
  nameZh: string
  nameEn: string
  parentCode: string | null
}

export interface AreaRef {
  code: string
  name: string
  level: string
}

export interface DepartmentRef {
  code: string
  name: string
  nameEn: string
  areaCode: string
}

/** The body of one workflow step (POST /cases/:id/actions), read by the server and sent by the web app. */
export interface CaseActionBody {
  action: CaseAction
  /** The version read: the step applies only if nobody changed the case since. */
  version: number
  reason?: string | null
  result?: string | null
  /** assign: the lower area; copy: an area or a department. */
  target?: string | null
  department?: string | null
  card?: Card | null
  /** request_extension: how much more, in the unit of the running limit. */
  amount?: number | null
  mergeInto?: number | null
  photos?: string[]
  rating?: number | null
  comment?: string | null
}

/** The answer to a step. */
export interface CaseActionAnswer {
  id: number
  number: string
  version: number
  state: CaseState
}

export interface CaseSummary {
  id: number
  number: string
  version: number
  state: CaseState
  category: CaseCategoryRef
  urgency: Urgency
  title: string
  source: CaseSource
  gridCode: string | null
  holder: AreaRef
  department: DepartmentRef | null
  createdAt: string
  dueAt: string | null
  lamp: Lamp
  supervision: Supervision
  closedAt: string | null
  location: { lon: number; lat: number } | null
}

export interface CasePhotoRef {
  name: string
  url: string
  thumbUrl: string
  width: number
  height: number
}

export interface CaseView extends CaseSummary {
  description: string
  address: string | null
  grid: AreaRef | null
  prevHolderCode: string | null
  reporter: string | null
  reporterRole: string | null
  /** A resident's contact, masked (name and phone), or null (anonymous / staff report). */
  contact: { name: string | null; phone: string | null } | null
  anonymous: boolean
  step: CaseStep | null
  stepStartedAt: string | null
  limit: { amount: number; unit: LimitUnit; extension: number } | null
  warnAt: string | null
  extensionRequest: { by: string; party: CaseParty; amount: number; reason: string; at: string } | null
  reworkCount: number
  everOverdue: boolean
  result: string | null
  acceptedAt: string | null
  closedLevel: string | null
  mergedInto: number | null
  rating: number | null
  ratingComment: string | null
  photos: CasePhotoRef[]
  people: { id: number; name: string }[]
  /** Who the caller is to this case, and the steps they can take now. */
  parties: CaseParty[]
  actions: CaseAction[]
}

export interface CaseEventView {
  seq: number
  at: string
  action: CaseAction
  fromState: CaseState | null
  toState: CaseState
  actor: string
  actorRole: string | null
  party: CaseParty
  reason: string | null
  result: string | null
  card: Card | null
  fromHolder: string | null
  toHolder: string | null
  department: string | null
  amount: number | null
  detail: Record<string, unknown>
  photos: CasePhotoRef[]
}

export const CASE_BOXES = ['new', 'todo', 'due_soon', 'overdue', 'supervised', 'done', 'copied', 'mine', 'all'] as const
export type CaseBox = (typeof CASE_BOXES)[number]

export interface CasePage {
  items: CaseSummary[]
  /** Pass as `after` for the next page; null on the last page. */
  next: number | null
}

export interface InboxCounts {
  counts: Record<CaseBox, number>
}

export interface CaseMetrics {
  area: AreaRef
  from: string
  to: string
  reported: number
  closed: number
  firstLine: number
  onTime: number
  reworked: number
  rated: number
  satisfied: number
  /** Shares (0–1) or null when there is nothing to divide by. */
  firstLineRate: number | null
  onTimeRate: number | null
  reworkRate: number | null
  satisfactionRate: number | null
  averageRating: number | null
  averageHoursToClose: number | null
  open: number
  overdue: number
}

export interface CaseMetricsAnswer extends CaseMetrics {
  children: CaseMetrics[]
}

/** A resident's view of their report: plain language only. */
export interface PublicCaseView {
  number: string
  category: CaseCategoryRef
  status: 'received' | 'in_progress' | 'resolved' | 'not_accepted' | 'merged'
  statusText: { zh: string; en: string }
  createdAt: string
  updatedAt: string
  closedAt: string | null
  result: string | null
  rating: number | null
  canRate: boolean
  steps: { at: string; text: { zh: string; en: string } }[]
}
