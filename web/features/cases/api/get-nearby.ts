// GET /cases/:id/nearby — cases near this one in space and time, and those that look like the same report.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseSummary } from '../types'

export interface NearbyCases {
  nearby: CaseSummary[]
  duplicates: CaseSummary[]
}

export function getNearby(id: number, signal?: AbortSignal): Promise<NearbyCases> {
  return apiFetch<NearbyCases>(`/cases/${id}/nearby`, { signal })
}

export const nearbyQueryOptions = (id: number) => queryOptions({ queryKey: ['cases', 'nearby', id], queryFn: ({ signal }) => getNearby(id, signal), staleTime: 30_000 })

export const useNearby = (id: number) => useQuery(nearbyQueryOptions(id))
