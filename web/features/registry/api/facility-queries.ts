// GET /registry/facilities (name part or exact code, class, kind, state, hazard, area, status;
// keyset pages), GET …/:id, GET …/:id/history.
import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { FacilitySearchParams, FacilitySummary, FacilityView, RecordHistory } from '../places-types'
import { detailKey, historyKey, placesSearchOptions } from './places-query'

export const facilitySearchOptions = (params: FacilitySearchParams) => placesSearchOptions<FacilitySummary>('facilities', { ...params })

export function useFacilitySearch(params: FacilitySearchParams, enabled = true) {
  return useInfiniteQuery({ ...facilitySearchOptions(params), enabled })
}

export const facilityQueryOptions = (id: number) =>
  queryOptions({ queryKey: detailKey('facilities', id), queryFn: ({ signal }) => apiFetch<FacilityView>(`/registry/facilities/${id}`, { signal }), staleTime: 0 })

export function useFacility(id: number | undefined) {
  return useQuery({ ...facilityQueryOptions(id ?? 0), enabled: id !== undefined })
}

export function useFacilityHistory(id: number) {
  return useQuery({
    queryKey: historyKey('facilities', id),
    queryFn: ({ signal }) => apiFetch<RecordHistory>(`/registry/facilities/${id}/history`, { signal }),
    staleTime: 0,
  })
}
