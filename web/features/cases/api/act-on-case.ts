// POST /cases/:id/actions — one workflow step on the version read (409 when someone acted first).
// The dialog's Idempotency-Key makes a resent step answer as the first did instead of "stale".
// Afterwards the case, its timeline, the lists and the counts are read again.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { ActAnswer, ActBody } from '../types'

export function actOnCase(id: number, body: ActBody, idempotencyKey: string): Promise<ActAnswer> {
  return apiFetch<ActAnswer>(`/cases/${id}/actions`, { method: 'POST', json: body, headers: { 'Idempotency-Key': idempotencyKey } })
}

export function useCaseAction(id: number) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ body, key }: { body: ActBody; key: string }) => actOnCase(id, body, key),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['cases'], predicate: (q) => q.queryKey[1] !== 'categories' && q.queryKey[1] !== 'departments' }),
  })
}

/** Reads the case and its timeline again (after a conflict: someone else acted first). */
export function useReloadCase(id: number) {
  const qc = useQueryClient()
  return () =>
    Promise.all([qc.invalidateQueries({ queryKey: ['cases', 'detail', id] }), qc.invalidateQueries({ queryKey: ['cases', 'timeline', id] }), qc.invalidateQueries({ queryKey: ['cases', 'nearby', id] })])
}
