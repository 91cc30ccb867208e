// Shapes of the public channel's answers (server/features/cases/public.routes.ts). The resident's view
// of a report comes from the shared contract; the rest is small enough to state here.
import type { CasePhotoRef, PublicCaseView } from '../../../shared/cases/api-types'

export type { PublicCaseView }

export interface LonLat {
  lon: number
  lat: number
}

export interface PublicSubcategory {
  code: string
  nameZh: string
  nameEn: string
}

export interface PublicCategory extends PublicSubcategory {
  subcategories: PublicSubcategory[]
}

export interface PublicCategoryList {
  categories: PublicCategory[]
}

/** POST /public/photos: the stored photo (its URLs need a login: the page shows the local preview). */
export type PublicPhoto = CasePhotoRef

/** POST /public/reports. */
export interface PublicReportBody {
  category: string
  description: string
  location?: LonLat
  address?: string
  photos?: string[]
  anonymous?: boolean
  contactName?: string
  contactPhone?: string
}

export interface PublicReportAnswer {
  number: string
}
