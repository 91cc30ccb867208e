// GET /areas/:code/history — the boundary versions of an area, newest first.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AreaBoundaryVersion } from '../types'

export async function getAreaHistory(code: string, signal?: AbortSignal): Promise<AreaBoundaryVersion[]> {
  const res = await apiFetch<{ items: AreaBoundaryVersion[] }>(`/areas/${encodeURIComponent(code)}/history`, { signal })
  return res.items
}

export const areaHistoryQueryOptions = (code: string) =>
  queryOptions({
    queryKey: ['areas', 'history', code],
    queryFn: ({ signal }) => getAreaHistory(code, signal),
  })

export function useAreaHistory(code: string | undefined) {
  return useQuery({ ...areaHistoryQueryOptions(code ?? ''), enabled: Boolean(code) })
}
