// GET /security/policy and PUT /security/policy {version, policy}.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { SecurityPolicy, SecurityPolicyView } from '../../../../shared/api-types'

export function getSecurityPolicy(signal?: AbortSignal): Promise<SecurityPolicyView> {
  return apiFetch<SecurityPolicyView>('/security/policy', { signal })
}

export function saveSecurityPolicy(version: number, policy: SecurityPolicy): Promise<SecurityPolicyView> {
  return apiFetch<SecurityPolicyView>('/security/policy', { method: 'PUT', json: { version, policy } })
}

export const securityPolicyQueryOptions = () => queryOptions({ queryKey: ['security', 'policy'], queryFn: ({ signal }) => getSecurityPolicy(signal), staleTime: 0 })

export const useSecurityPolicy = () => useQuery(securityPolicyQueryOptions())

export function useSaveSecurityPolicy() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ version, policy }: { version: number; policy: SecurityPolicy }) => saveSecurityPolicy(version, policy),
    onSuccess: (saved) => qc.setQueryData(['security', 'policy'], saved),
  })
}
