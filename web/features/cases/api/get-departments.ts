// GET /cases/:id/departments — the departments the case can be dispatched to (or copied to); those
// that handle its category are marked suggested.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseDepartment } from '../types'

export async function getDepartments(id: number, signal?: AbortSignal): Promise<CaseDepartment[]> {
  return (await apiFetch<{ departments: CaseDepartment[] }>(`/cases/${id}/departments`, { signal })).departments
}

export const departmentsQueryOptions = (id: number) => queryOptions({ queryKey: ['cases', 'departments', id], queryFn: ({ signal }) => getDepartments(id, signal), staleTime: 60_000 })

export const useDepartments = (id: number, enabled = true) => useQuery({ ...departmentsQueryOptions(id), enabled })
