// GET /areas (the roots) and GET /areas?parentCode=… (the children of an area).
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AreaSummary } from '../types'

/** The roots when `parentCode` is null, else the children of that area. */
export async function getAreas(parentCode: string | null, signal?: AbortSignal): Promise<AreaSummary[]> {
  const res = await apiFetch<{ items: AreaSummary[] }>('/areas', { query: { parentCode }, signal })
  return res.items
}

export const areasQueryOptions = (parentCode: string | null) =>
  queryOptions({
    queryKey: ['areas', 'list', parentCode ?? '(roots)'],
    queryFn: ({ signal }) => getAreas(parentCode, signal),
  })

export function useAreas(parentCode: string | null) {
  return useQuery(areasQueryOptions(parentCode))
}
