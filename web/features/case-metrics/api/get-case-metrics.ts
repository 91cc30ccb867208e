// GET /cases/metrics?area=&from=&to= — an area's case figures over a period, and each child area's.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseMetricsAnswer } from '../../../../shared/cases/api-types'

export interface CaseMetricsQuery {
  area: string
  /** ISO instants: from inclusive, to exclusive (the midnight after the last day). */
  from: string
  to: string
}

export function getCaseMetrics(q: CaseMetricsQuery, signal?: AbortSignal): Promise<CaseMetricsAnswer> {
  return apiFetch<CaseMetricsAnswer>('/cases/metrics', { query: { area: q.area, from: q.from, to: q.to }, signal })
}

export const caseMetricsQueryOptions = (q: CaseMetricsQuery) =>
  queryOptions({
    queryKey: ['cases', 'metrics', q.area, q.from, q.to],
    queryFn: ({ signal }) => getCaseMetrics(q, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  })

export function useCaseMetrics(q: CaseMetricsQuery | undefined) {
  return useQuery({ ...caseMetricsQueryOptions(q ?? { area: '', from: '', to: '' }), enabled: Boolean(q?.area) })
}
