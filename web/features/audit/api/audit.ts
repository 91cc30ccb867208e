// GET /audit/events (newest first, `before` is the cursor of the next older page) and GET /audit/verify.
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { AuditEventPage, AuditVerdictView } from '../../../../shared/api-types'
import { auditQuery, type AuditFilters } from '../lib/audit-filters'

export const AUDIT_PAGE_SIZE = 50

export function getAuditEvents(filters: AuditFilters, before: number | null, signal?: AbortSignal): Promise<AuditEventPage> {
  return apiFetch<AuditEventPage>('/audit/events', { query: auditQuery(filters, before, AUDIT_PAGE_SIZE), signal })
}

export const auditEventsQueryOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'events', filters],
    queryFn: ({ pageParam, signal }) => getAuditEvents(filters, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: 0,
  })

export const useAuditEvents = (filters: AuditFilters) => useInfiniteQuery(auditEventsQueryOptions(filters))

export function verifyAudit(signal?: AbortSignal): Promise<AuditVerdictView> {
  return apiFetch<AuditVerdictView>('/audit/verify', { signal })
}

/** Runs only when asked (refetch): checking the whole chain takes a moment. */
export const useAuditVerdict = () =>
  useQuery(queryOptions({ queryKey: ['audit', 'verify'], queryFn: ({ signal }) => verifyAudit(signal), enabled: false, staleTime: 0, gcTime: 0 }))
