// Grid workers' grids: GET/PUT /accounts/:id/grids, and GET /grid-assignments?areaCode= (every grid
// under an area with its worker, or none).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AreaRef, GridAssignment } from '../types'

type Items<T> = T[] | { items: T[] }
const items = <T,>(r: Items<T>): T[] => (Array.isArray(r) ? r : r.items)

/** The grids of a worker, as area references (the API may send them bare or as assignments). */
export async function getAccountGrids(id: number, signal?: AbortSignal): Promise<AreaRef[]> {
  const res = await apiFetch<Items<AreaRef | GridAssignment>>(`/accounts/${id}/grids`, { signal })
  return items(res).map((g) => ('grid' in g ? g.grid : g))
}

export async function getGridAssignments(areaCode: string, signal?: AbortSignal): Promise<GridAssignment[]> {
  return items(await apiFetch<Items<GridAssignment>>('/grid-assignments', { query: { areaCode }, signal }))
}

export function setAccountGrids(id: number, gridCodes: string[]): Promise<unknown> {
  return apiFetch<unknown>(`/accounts/${id}/grids`, { method: 'PUT', json: { gridCodes } })
}

export const accountGridsQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['accounts', 'grids', id], queryFn: ({ signal }) => getAccountGrids(id, signal), staleTime: 0 })

export const gridAssignmentsQueryOptions = (areaCode: string) =>
  queryOptions({ queryKey: ['accounts', 'grid-assignments', areaCode], queryFn: ({ signal }) => getGridAssignments(areaCode, signal), staleTime: 0 })

export const useAccountGrids = (id: number) => useQuery(accountGridsQueryOptions(id))
export const useGridAssignments = (areaCode: string) => useQuery(gridAssignmentsQueryOptions(areaCode))

export function useSetAccountGrids() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, gridCodes }: { id: number; gridCodes: string[] }) => setAccountGrids(id, gridCodes),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['accounts'] }),
  })
}
