// GET /cases/:id — one case, with the caller's parties to it and the steps they can take now.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseView } from '../types'

export function getCase(id: number, signal?: AbortSignal): Promise<CaseView> {
  return apiFetch<CaseView>(`/cases/${id}`, { signal })
}

export const caseQueryOptions = (id: number) => queryOptions({ queryKey: ['cases', 'detail', id], queryFn: ({ signal }) => getCase(id, signal), staleTime: 0 })

export const useCase = (id: number) => useQuery(caseQueryOptions(id))
