// GET /accounts?q=&role=&scopeCode=&status=&limit=&offset= — accounts within the admin's scope.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AccountList, AccountListParams } from '../types'

export function getAccounts(params: AccountListParams, signal?: AbortSignal): Promise<AccountList> {
  return apiFetch<AccountList>('/accounts', { query: { ...params }, signal })
}

export const accountsQueryOptions = (params: AccountListParams) =>
  queryOptions({
    queryKey: ['accounts', 'list', params],
    queryFn: ({ signal }) => getAccounts(params, signal),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  })

export const useAccounts = (params: AccountListParams) => useQuery(accountsQueryOptions(params))
