// GET /registry/people/:id/history — every change of the record (who, when, what) and where the
// person has lived.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { ChangeEntry, ResidenceEntry } from '../types'

export interface PersonHistory {
  changes: ChangeEntry[]
  residences: ResidenceEntry[]
}

export function getPersonHistory(id: number, signal?: AbortSignal): Promise<PersonHistory> {
  return apiFetch<PersonHistory>(`/registry/people/${id}/history`, { signal })
}

export const personHistoryQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['registry', 'people', 'history', id], queryFn: ({ signal }) => getPersonHistory(id, signal), staleTime: 0 })

export const usePersonHistory = (id: number) => useQuery(personHistoryQueryOptions(id))
