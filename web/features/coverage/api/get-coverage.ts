// GET /coverage?root=…&toleranceM2=… — every gap, overlap and outside piece under an area.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CoverageReport } from '../types'

export interface CoverageParams {
  root: string
  toleranceM2: number
}

export function getCoverage({ root, toleranceM2 }: CoverageParams, signal?: AbortSignal): Promise<CoverageReport> {
  return apiFetch<CoverageReport>('/coverage', { query: { root, toleranceM2 }, signal })
}

export const coverageQueryOptions = (params: CoverageParams) =>
  queryOptions({
    queryKey: ['coverage', params.root, params.toleranceM2],
    queryFn: ({ signal }) => getCoverage(params, signal),
    // A check is a snapshot: re-run on request, not behind the user's back.
    staleTime: Infinity,
    retry: false,
  })

/** The coverage report for `params`, or nothing until there are params to run. */
export function useCoverage(params: CoverageParams | undefined) {
  return useQuery({ ...coverageQueryOptions(params ?? { root: '', toleranceM2: 0 }), enabled: Boolean(params) })
}
