// GET /case-config and PUT /case-config {version, config}: the configuration document, replaced as a
// whole against the version read (409 conflict when someone saved meanwhile).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseConfigDocument, CaseConfigView } from '../types'

export const CASE_CONFIG_KEY = ['case-config', 'document'] as const

export function getCaseConfig(signal?: AbortSignal): Promise<CaseConfigView> {
  return apiFetch<CaseConfigView>('/case-config', { signal })
}

export function saveCaseConfig(version: number, config: CaseConfigDocument): Promise<CaseConfigView> {
  return apiFetch<CaseConfigView>('/case-config', { method: 'PUT', json: { version, config } })
}

// Never refetched behind the admin's back: the page's draft is built on the version read, and a
// newer one is loaded only when asked for ("load the current one").
export const caseConfigQueryOptions = () =>
  queryOptions({ queryKey: CASE_CONFIG_KEY, queryFn: ({ signal }) => getCaseConfig(signal), staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false })

export const useCaseConfig = () => useQuery(caseConfigQueryOptions())

export function useSaveCaseConfig() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ version, config }: { version: number; config: CaseConfigDocument }) => saveCaseConfig(version, config),
    onSuccess: (saved) => {
      qc.setQueryData(CASE_CONFIG_KEY, saved)
      // The case pages read the categories (and their names) from /cases/categories.
      void qc.invalidateQueries({ queryKey: ['cases', 'categories'] })
    },
  })
}
