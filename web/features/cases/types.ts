// Cases (事件) as the API shows them: the answers from shared/cases/api-types.ts (the file the server
// produces them from), the request bodies as the routes accept them (server/features/cases/case.schemas.ts).
import type { CaseBox } from '../../../shared/cases/api-types'
import type { CaseState, Urgency } from '../../../shared/cases/workflow'

export type {
  AreaRef,
  CaseBox,
  CaseCategoryRef,
  CaseEventView,
  CasePage,
  CasePhotoRef,
  CaseSummary,
  CaseView,
  DepartmentRef,
  InboxCounts,
} from '../../../shared/cases/api-types'
export type { Card, CaseAction, CaseParty, CaseSource, CaseState, Lamp, Supervision, Urgency } from '../../../shared/cases/workflow'
export type { LimitUnit } from '../../../shared/cases/calendar'

export interface LonLat {
  lon: number
  lat: number
}

/** GET /cases: what the inbox sends (the cursor and limit are added per page). */
export interface CaseListParams {
  box?: CaseBox
  q?: string
  category?: string
}

/** One category of GET /cases/categories; cases are filed under a subcategory (or a category without any). */
export interface CaseCategoryNode {
  code: string
  nameZh: string
  nameEn: string
  isPublic: boolean
  subcategories: Omit<CaseCategoryNode, 'subcategories'>[]
}

/** One department of GET /cases/:id/departments. */
export interface CaseDepartment {
  code: string
  name: string
  nameEn: string
  areaCode: string
  /** It handles the case's category. */
  suggested: boolean
}

/** POST /cases. */
export interface CaseReportBody {
  category: string
  urgency?: Urgency
  title?: string | null
  description: string
  location?: LonLat | null
  gridCode?: string | null
  address?: string | null
  photos?: string[]
  resolvedOnSpot?: { result: string } | null
}

export interface ReportAnswer {
  id: number
  number: string
  state: CaseState
}

/** POST /cases/:id/actions: the body and the answer (shared with the server). */
export type { CaseActionBody as ActBody, CaseActionAnswer as ActAnswer } from '../../../shared/cases/api-types'

/** POST /case-photos: the stored photo (re-encoded, metadata removed). */
export interface PhotoAnswer {
  name: string
  url: string
  thumbUrl: string
  width: number
  height: number
}
