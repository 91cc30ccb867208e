// The caller's API tokens: GET /auth/tokens, POST /auth/tokens {name, expiresInDays}, DELETE /auth/tokens/:id.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { ApiTokenCreated, ApiTokenView } from '../types'

export async function getApiTokens(signal?: AbortSignal): Promise<ApiTokenView[]> {
  const res = await apiFetch<ApiTokenView[] | { items: ApiTokenView[] }>('/auth/tokens', { signal })
  return Array.isArray(res) ? res : res.items
}

export const apiTokensQueryOptions = () => queryOptions({ queryKey: ['auth', 'tokens'], queryFn: ({ signal }) => getApiTokens(signal) })

export const useApiTokens = () => useQuery(apiTokensQueryOptions())

export function createApiToken(name: string, expiresInDays: number): Promise<ApiTokenCreated> {
  return apiFetch<ApiTokenCreated>('/auth/tokens', { method: 'POST', json: { name, expiresInDays } })
}

export function revokeApiToken(id: number): Promise<void> {
  return apiFetch<void>(`/auth/tokens/${id}`, { method: 'DELETE' })
}

export function useCreateApiToken() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ name, expiresInDays }: { name: string; expiresInDays: number }) => createApiToken(name, expiresInDays),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['auth', 'tokens'] }),
  })
}

export function useRevokeApiToken() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => revokeApiToken(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['auth', 'tokens'] }),
  })
}
