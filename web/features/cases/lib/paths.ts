// The case pages, for links within the feature and from the app.
import type { CaseBox } from '../types'

export const casesPaths = {
  inbox: (box?: CaseBox) => (box ? `/cases?box=${box}` : '/cases'),
  newCase: '/cases/new',
  case: (id: number) => `/cases/${id}`,
} as const
