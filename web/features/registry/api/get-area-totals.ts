// GET /registry/areas/:code/totals — counts of an area and of each of its children.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AreaTotals } from '../types'

export function getAreaTotals(code: string, signal?: AbortSignal): Promise<AreaTotals> {
  return apiFetch<AreaTotals>(`/registry/areas/${encodeURIComponent(code)}/totals`, { signal })
}

export const areaTotalsQueryOptions = (code: string) =>
  queryOptions({
    queryKey: ['registry', 'totals', code],
    queryFn: ({ signal }) => getAreaTotals(code, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  })

export function useAreaTotals(code: string | undefined) {
  return useQuery({ ...areaTotalsQueryOptions(code ?? ''), enabled: Boolean(code) })
}
