// A person's lists: POST /registry/people/:id/lists (put on a list with its own fields) and
// POST …/lists/:entryId/end (take off the list with a reason; the entry stays in the history).
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { ListEndBody, ListEntryBody, PersonListEntry } from '../types'

export function addToList(personId: number, body: ListEntryBody): Promise<PersonListEntry> {
  return apiFetch<PersonListEntry>(`/registry/people/${personId}/lists`, { method: 'POST', json: body })
}

export function endListEntry(personId: number, entryId: number, body: ListEndBody): Promise<PersonListEntry> {
  return apiFetch<PersonListEntry>(`/registry/people/${personId}/lists/${entryId}/end`, { method: 'POST', json: body })
}

function useListMutation<V>(fn: (v: V) => Promise<PersonListEntry>) {
  const qc = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['registry'] }) })
}

export const useAddToList = () => useListMutation(({ personId, body }: { personId: number; body: ListEntryBody }) => addToList(personId, body))
export const useEndListEntry = () =>
  useListMutation(({ personId, entryId, body }: { personId: number; entryId: number; body: ListEndBody }) => endListEntry(personId, entryId, body))
