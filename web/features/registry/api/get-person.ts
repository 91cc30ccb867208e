// GET /registry/people/:id — one person (personal data masked), with the version to edit against.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { PersonView } from '../types'

export function getPerson(id: number, signal?: AbortSignal): Promise<PersonView> {
  return apiFetch<PersonView>(`/registry/people/${id}`, { signal })
}

export const personQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['registry', 'people', 'detail', id], queryFn: ({ signal }) => getPerson(id, signal), staleTime: 0 })

export const usePerson = (id: number) => useQuery(personQueryOptions(id))
