// GET /cases/inbox — how many cases wait in each of the caller's boxes (none for 'all' and 'done').
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { InboxCounts } from '../types'

export function getInboxCounts(signal?: AbortSignal): Promise<InboxCounts> {
  return apiFetch<InboxCounts>('/cases/inbox', { signal })
}

export const inboxCountsQueryOptions = () => queryOptions({ queryKey: ['cases', 'inbox'], queryFn: ({ signal }) => getInboxCounts(signal), staleTime: 10_000 })

export const useInboxCounts = () => useQuery(inboxCountsQueryOptions())
