// What the places' API files share: a keyset-paged search as an infinite query (newest first,
// "load more" along the `next` cursor), and a change whose answer (the record as it is now) goes
// into the cache while everything else the registry has cached is refreshed (counts, lists).
import { infiniteQueryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'

export const PLACES_PAGE_SIZE = 50

/** The record kinds of the places' query keys: ['registry', kind, 'search' | 'detail' | 'history', …]. */
export type PlaceKind = 'buildings' | 'rentals' | 'organizations' | 'facilities' | 'concerns'

type Query = Record<string, string | number | boolean | undefined>

export interface Page<T> {
  items: T[]
  next: string | null
}

export function placesSearchOptions<T>(kind: PlaceKind, params: Query) {
  return infiniteQueryOptions({
    queryKey: ['registry', kind, 'search', params],
    queryFn: ({ pageParam, signal }) => apiFetch<Page<T>>(`/registry/${kind}`, { query: { ...params, limit: PLACES_PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 10_000,
  })
}

export const detailKey = (kind: PlaceKind, id: number) => ['registry', kind, 'detail', id] as const
export const historyKey = (kind: PlaceKind, id: number) => ['registry', kind, 'history', id] as const

/** A change of one record: its answer is put into the cache; the rest of the registry is refreshed. */
export function usePlaceMutation<V, R extends { id: number }>(kind: PlaceKind, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: (record) => {
      qc.setQueryData(detailKey(kind, record.id), record)
      return qc.invalidateQueries({
        queryKey: ['registry'],
        predicate: (q) => !(q.queryKey[1] === kind && q.queryKey[2] === 'detail' && q.queryKey[3] === record.id),
      })
    },
  })
}
