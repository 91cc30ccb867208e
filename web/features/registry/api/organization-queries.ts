// GET /registry/organizations (name prefix or an exact credit code, kind, key place, area, status;
// keyset pages), GET …/:id (phone masked), GET …/:id/history.
import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { OrganizationSearchParams, OrganizationSummary, OrganizationView, RecordHistory } from '../places-types'
import { detailKey, historyKey, placesSearchOptions } from './places-query'

export const organizationSearchOptions = (params: OrganizationSearchParams) => placesSearchOptions<OrganizationSummary>('organizations', { ...params })

export function useOrganizationSearch(params: OrganizationSearchParams, enabled = true) {
  return useInfiniteQuery({ ...organizationSearchOptions(params), enabled })
}

export const organizationQueryOptions = (id: number) =>
  queryOptions({ queryKey: detailKey('organizations', id), queryFn: ({ signal }) => apiFetch<OrganizationView>(`/registry/organizations/${id}`, { signal }), staleTime: 0 })

export function useOrganization(id: number | undefined) {
  return useQuery({ ...organizationQueryOptions(id ?? 0), enabled: id !== undefined })
}

export function useOrganizationHistory(id: number) {
  return useQuery({
    queryKey: historyKey('organizations', id),
    queryFn: ({ signal }) => apiFetch<RecordHistory>(`/registry/organizations/${id}/history`, { signal }),
    staleTime: 0,
  })
}
