// GET /cases/categories — the active categories with their subcategories (configuration: changes rarely).
import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseCategoryNode } from '../types'

export async function getCategories(signal?: AbortSignal): Promise<CaseCategoryNode[]> {
  return (await apiFetch<{ categories: CaseCategoryNode[] }>('/cases/categories', { signal })).categories
}

export const categoriesQueryOptions = () => queryOptions({ queryKey: ['cases', 'categories'], queryFn: ({ signal }) => getCategories(signal), staleTime: 10 * 60_000 })

export const useCategories = () => useQuery(categoriesQueryOptions())
