// GET /registry/buildings (search: name or address part, area, use, hazard grade, status; keyset
// pages), GET /registry/buildings/:id (the building with its rooms, residents and rented flags),
// GET …/history (its changes).
import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { BuildingSearchParams, BuildingSummary, BuildingView, RecordHistory } from '../places-types'
import { detailKey, historyKey, placesSearchOptions } from './places-query'

export const buildingSearchOptions = (params: BuildingSearchParams) => placesSearchOptions<BuildingSummary>('buildings', { ...params })

export function useBuildingSearch(params: BuildingSearchParams, enabled = true) {
  return useInfiniteQuery({ ...buildingSearchOptions(params), enabled })
}

export function getBuilding(id: number, signal?: AbortSignal): Promise<BuildingView> {
  return apiFetch<BuildingView>(`/registry/buildings/${id}`, { signal })
}

export const buildingQueryOptions = (id: number) => queryOptions({ queryKey: detailKey('buildings', id), queryFn: ({ signal }) => getBuilding(id, signal), staleTime: 0 })

export const useBuilding = (id: number) => useQuery(buildingQueryOptions(id))

export const buildingHistoryOptions = (id: number) =>
  queryOptions({ queryKey: historyKey('buildings', id), queryFn: ({ signal }) => apiFetch<RecordHistory>(`/registry/buildings/${id}/history`, { signal }), staleTime: 0 })

export const useBuildingHistory = (id: number) => useQuery(buildingHistoryOptions(id))
