// Areas and grids (地) as the API returns them.
import type { AreaLevel } from '../../../shared/area-codes'

export type { AreaLevel }
export type { AreaSummary, AreaRef, AreaDetail, AreaBoundaryVersion } from '../../../shared/api-types'

