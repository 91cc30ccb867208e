// GET /registry/rentals (rental housing: area, status, building, room; keyset pages) and
// GET /registry/rentals/:id (a rental with its tenants, masked; the read is audited).
import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { RentalSearchParams, RentalSummary, RentalView } from '../places-types'
import { detailKey, placesSearchOptions } from './places-query'

export const rentalSearchOptions = (params: RentalSearchParams) => placesSearchOptions<RentalSummary>('rentals', { ...params })

export function useRentalSearch(params: RentalSearchParams, enabled = true) {
  return useInfiniteQuery({ ...rentalSearchOptions(params), enabled })
}

export const rentalQueryOptions = (id: number) =>
  queryOptions({ queryKey: detailKey('rentals', id), queryFn: ({ signal }) => apiFetch<RentalView>(`/registry/rentals/${id}`, { signal }), staleTime: 0 })

export function useRental(id: number | undefined) {
  return useQuery({ ...rentalQueryOptions(id ?? 0), enabled: id !== undefined })
}
