// POST /registry/people/:id/personal-data — the unmasked ID number and/or phone, with a reason
// (audited; needs personal.unmask and a recent re-authentication, else 401 reauth_required). The
// answer lives only in the dialog: the mutation is dropped from React Query's cache as soon as the
// dialog lets go of it (gcTime 0), and nothing is written to the query cache.
import { useMutation } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { PersonalField, PersonPersonalData } from '../types'

export function revealPersonalData(id: number, fields: PersonalField[], reason: string): Promise<PersonPersonalData> {
  return apiFetch<PersonPersonalData>(`/registry/people/${id}/personal-data`, { method: 'POST', json: { fields, reason } })
}

export const useRevealPersonalData = () =>
  useMutation({
    mutationFn: ({ id, fields, reason }: { id: number; fields: PersonalField[]; reason: string }) => revealPersonalData(id, fields, reason),
    gcTime: 0,
  })
