// GET /accounts/:id — one account (phone masked), with the version to edit it against.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AccountView } from '../types'

export function getAccount(id: number, signal?: AbortSignal): Promise<AccountView> {
  return apiFetch<AccountView>(`/accounts/${id}`, { signal })
}

export const accountQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['accounts', 'detail', id], queryFn: ({ signal }) => getAccount(id, signal), staleTime: 0 })

export function useAccount(id: number | undefined) {
  return useQuery({ ...accountQueryOptions(id ?? 0), enabled: id !== undefined })
}
