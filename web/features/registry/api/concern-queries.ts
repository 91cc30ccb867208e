// GET /registry/concerns (theme, status, area, resident; newest first, keyset pages),
// GET …/:id (the read is audited), GET …/:id/history.
import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { ConcernSearchParams, ConcernSummary, ConcernView, RecordHistory } from '../places-types'
import { detailKey, historyKey, placesSearchOptions } from './places-query'

export const concernSearchOptions = (params: ConcernSearchParams) => placesSearchOptions<ConcernSummary>('concerns', { ...params })

export function useConcernSearch(params: ConcernSearchParams, enabled = true) {
  return useInfiniteQuery({ ...concernSearchOptions(params), enabled })
}

export const concernQueryOptions = (id: number) =>
  queryOptions({ queryKey: detailKey('concerns', id), queryFn: ({ signal }) => apiFetch<ConcernView>(`/registry/concerns/${id}`, { signal }), staleTime: 0 })

export function useConcern(id: number | undefined) {
  return useQuery({ ...concernQueryOptions(id ?? 0), enabled: id !== undefined })
}

export function useConcernHistory(id: number) {
  return useQuery({
    queryKey: historyKey('concerns', id),
    queryFn: ({ signal }) => apiFetch<RecordHistory>(`/registry/concerns/${id}/history`, { signal }),
    staleTime: 0,
  })
}
