// GET /cases?box=&q=&category=&after=&limit= — the caller's cases in one inbox, newest first, page by
// page along the `next` cursor (keyset: the last id seen).
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseListParams, CasePage } from '../types'

export const CASES_PAGE_SIZE = 30

export function listCases(params: CaseListParams, after: number | undefined, signal?: AbortSignal): Promise<CasePage> {
  return apiFetch<CasePage>('/cases', { query: { ...params, after, limit: CASES_PAGE_SIZE }, signal })
}

export const casesQueryOptions = (params: CaseListParams) =>
  infiniteQueryOptions({
    queryKey: ['cases', 'list', params],
    queryFn: ({ pageParam, signal }) => listCases(params, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 10_000,
  })

export function useCases(params: CaseListParams | undefined) {
  return useInfiniteQuery({ ...casesQueryOptions(params ?? {}), enabled: params !== undefined })
}
