// GET /areas?q=…&limit=… — areas whose name contains the text or whose code starts with it.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AreaSummary } from '../types'

export async function searchAreas(q: string, limit = 20, signal?: AbortSignal): Promise<AreaSummary[]> {
  const res = await apiFetch<{ items: AreaSummary[] }>('/areas', { query: { q, limit }, signal })
  return res.items
}

export const searchAreasQueryOptions = (q: string, limit = 20) =>
  queryOptions({
    queryKey: ['areas', 'search', q, limit],
    queryFn: ({ signal }) => searchAreas(q, limit, signal),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  })

export function useSearchAreas(q: string, limit = 20) {
  return useQuery(searchAreasQueryOptions(q.trim(), limit))
}
