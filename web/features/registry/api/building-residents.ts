// GET /registry/people?buildingId= — the active residents of a building (masked), page by page.
// The API has no room filter: a room's residents are picked from these by the address they live at.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { PersonPage } from '../types'

export const RESIDENTS_PAGE_SIZE = 200

export const buildingResidentsOptions = (buildingId: number) =>
  infiniteQueryOptions({
    queryKey: ['registry', 'people', 'search', { buildingId, status: 'active' }],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<PersonPage>('/registry/people', { query: { buildingId, status: 'active', limit: RESIDENTS_PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 10_000,
  })

export function useBuildingResidents(buildingId: number, enabled = true) {
  return useInfiniteQuery({ ...buildingResidentsOptions(buildingId), enabled })
}
