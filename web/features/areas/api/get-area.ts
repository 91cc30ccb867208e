// GET /areas/:code — one area with its ancestors, bounding box and boundary dates.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AreaDetail } from '../types'

export function getArea(code: string, signal?: AbortSignal): Promise<AreaDetail> {
  return apiFetch<AreaDetail>(`/areas/${encodeURIComponent(code)}`, { signal })
}

export const areaQueryOptions = (code: string) =>
  queryOptions({
    queryKey: ['areas', 'detail', code],
    queryFn: ({ signal }) => getArea(code, signal),
  })

/** The area `code`, or nothing while `code` is undefined. */
export function useArea(code: string | undefined) {
  return useQuery({ ...areaQueryOptions(code ?? ''), enabled: Boolean(code) })
}
