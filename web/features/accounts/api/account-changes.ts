// Changes to accounts: POST /accounts, PATCH /accounts/:id, POST …/password-reset, …/totp-reset, and
// POST …/personal-data (unmasked phone, with a reason; needs a recent re-authentication).
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AccountCreated, AccountInput, AccountPatch, AccountPersonalData, AccountView } from '../types'

export function createAccount(input: AccountInput): Promise<AccountCreated> {
  return apiFetch<AccountCreated>('/accounts', { method: 'POST', json: input })
}

export function updateAccount(id: number, patch: AccountPatch): Promise<AccountView> {
  return apiFetch<AccountView>(`/accounts/${id}`, { method: 'PATCH', json: patch })
}

export function resetPassword(id: number): Promise<AccountCreated> {
  return apiFetch<AccountCreated>(`/accounts/${id}/password-reset`, { method: 'POST' })
}

export function resetTotp(id: number): Promise<unknown> {
  return apiFetch<unknown>(`/accounts/${id}/totp-reset`, { method: 'POST' })
}

export function revealPersonalData(id: number, reason: string): Promise<AccountPersonalData> {
  return apiFetch<AccountPersonalData>(`/accounts/${id}/personal-data`, { method: 'POST', json: { reason } })
}

/** Every account change refreshes the lists and the account itself. */
function useAccountMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['accounts'] }) })
}

export const useCreateAccount = () => useAccountMutation(createAccount)
export const useUpdateAccount = () => useAccountMutation(({ id, patch }: { id: number; patch: AccountPatch }) => updateAccount(id, patch))
export const useResetPassword = () => useAccountMutation(resetPassword)
export const useResetTotp = () => useAccountMutation(resetTotp)
export const useRevealPersonalData = () => useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => revealPersonalData(id, reason) })
