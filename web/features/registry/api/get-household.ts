// GET /registry/households/:id — a household and its members (masked).
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { HouseholdView } from '../types'

export function getHousehold(id: number, signal?: AbortSignal): Promise<HouseholdView> {
  return apiFetch<HouseholdView>(`/registry/households/${id}`, { signal })
}

export const householdQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['registry', 'households', id], queryFn: ({ signal }) => getHousehold(id, signal), staleTime: 0 })

export function useHousehold(id: number | undefined) {
  return useQuery({ ...householdQueryOptions(id ?? 0), enabled: id !== undefined })
}
