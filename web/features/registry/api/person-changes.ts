// Changes to people: POST /registry/people (register), PATCH /registry/people/:id (only what changed,
// against the version read; 409 when someone saved meanwhile), POST …/status (moved out, deceased,
// retired or active again, with a reason). Every change refreshes what the registry has cached.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { PersonCreateBody, PersonPatchBody, PersonStatusBody, PersonView } from '../types'

export function createPerson(body: PersonCreateBody): Promise<PersonView> {
  return apiFetch<PersonView>('/registry/people', { method: 'POST', json: body })
}

export function updatePerson(id: number, patch: PersonPatchBody): Promise<PersonView> {
  return apiFetch<PersonView>(`/registry/people/${id}`, { method: 'PATCH', json: patch })
}

export function setPersonStatus(id: number, body: PersonStatusBody): Promise<PersonView> {
  return apiFetch<PersonView>(`/registry/people/${id}/status`, { method: 'POST', json: body })
}

/** A registry change: on success the person's answer goes into the cache and everything else is refreshed. */
export function useRegistryMutation<V>(fn: (v: V) => Promise<PersonView>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: (person) => {
      qc.setQueryData(['registry', 'people', 'detail', person.id], person)
      return qc.invalidateQueries({ queryKey: ['registry'], predicate: (q) => !(q.queryKey[2] === 'detail' && q.queryKey[3] === person.id) })
    },
  })
}

export const useCreatePerson = () => useRegistryMutation(createPerson)
export const useUpdatePerson = () => useRegistryMutation(({ id, patch }: { id: number; patch: PersonPatchBody }) => updatePerson(id, patch))
export const useSetPersonStatus = () => useRegistryMutation(({ id, body }: { id: number; body: PersonStatusBody }) => setPersonStatus(id, body))
