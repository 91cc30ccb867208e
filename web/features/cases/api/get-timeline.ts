// GET /cases/:id/timeline — every step of a case, oldest first, with each step's photos.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseEventView } from '../types'

export async function getTimeline(id: number, signal?: AbortSignal): Promise<CaseEventView[]> {
  return (await apiFetch<{ events: CaseEventView[] }>(`/cases/${id}/timeline`, { signal })).events
}

export const timelineQueryOptions = (id: number) => queryOptions({ queryKey: ['cases', 'timeline', id], queryFn: ({ signal }) => getTimeline(id, signal), staleTime: 0 })

export const useTimeline = (id: number) => useQuery(timelineQueryOptions(id))
