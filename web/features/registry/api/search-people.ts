// GET /registry/people?q=&areaCode=&list=&residenceCategory=&status=&limit=&cursor= — people in the
// caller's scope, newest first, page by page along the `next` cursor (keyset).
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { PeopleSearchParams, PersonPage } from '../types'

export const PEOPLE_PAGE_SIZE = 50

export function searchPeople(params: PeopleSearchParams, cursor: string | undefined, signal?: AbortSignal): Promise<PersonPage> {
  return apiFetch<PersonPage>('/registry/people', { query: { ...params, limit: PEOPLE_PAGE_SIZE, cursor }, signal })
}

export const peopleSearchQueryOptions = (params: PeopleSearchParams) =>
  infiniteQueryOptions({
    queryKey: ['registry', 'people', 'search', params],
    queryFn: ({ pageParam, signal }) => searchPeople(params, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 10_000,
  })

export function usePeopleSearch(params: PeopleSearchParams, enabled = true) {
  return useInfiniteQuery({ ...peopleSearchQueryOptions(params), enabled })
}
