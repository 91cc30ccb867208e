// GET /departments (in the admin's area, with members), POST /departments, PATCH /departments/:code,
// PUT /departments/:code/members/:accountId. Each change answers the department, which replaces it in
// the list.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { Department, DepartmentCreate, DepartmentPatch } from '../types'

export const DEPARTMENTS_KEY = ['case-config', 'departments'] as const

export async function getDepartments(signal?: AbortSignal): Promise<Department[]> {
  return (await apiFetch<{ departments: Department[] }>('/departments', { signal })).departments
}

export function createDepartment(body: DepartmentCreate): Promise<Department> {
  return apiFetch<Department>('/departments', { method: 'POST', json: body })
}

export function patchDepartment(code: string, patch: DepartmentPatch): Promise<Department> {
  return apiFetch<Department>(`/departments/${encodeURIComponent(code)}`, { method: 'PATCH', json: patch })
}

export function addDepartmentMember(code: string, accountId: number): Promise<Department> {
  return apiFetch<Department>(`/departments/${encodeURIComponent(code)}/members/${accountId}`, { method: 'PUT' })
}

export const departmentsQueryOptions = () => queryOptions({ queryKey: DEPARTMENTS_KEY, queryFn: ({ signal }) => getDepartments(signal), staleTime: 30_000 })

export const useDepartmentList = () => useQuery(departmentsQueryOptions())

/** Puts a department's new state into the list (and, for a new member, takes them out of their old department). */
function useDepartmentUpdate() {
  const qc = useQueryClient()
  return (d: Department, movedAccount?: number) => {
    qc.setQueryData<Department[]>(DEPARTMENTS_KEY, (list) => {
      if (!list) return [d]
      const others = list.map((x) =>
        x.code !== d.code && movedAccount !== undefined ? { ...x, members: x.members.filter((m) => m.accountId !== movedAccount) } : x,
      )
      return others.some((x) => x.code === d.code) ? others.map((x) => (x.code === d.code ? d : x)) : [...others, d]
    })
    void qc.invalidateQueries({ queryKey: ['cases', 'departments'] })
  }
}

export function useCreateDepartment() {
  const update = useDepartmentUpdate()
  return useMutation({ mutationFn: createDepartment, onSuccess: (d) => update(d) })
}

export function usePatchDepartment() {
  const update = useDepartmentUpdate()
  return useMutation({ mutationFn: ({ code, patch }: { code: string; patch: DepartmentPatch }) => patchDepartment(code, patch), onSuccess: (d) => update(d) })
}

export function useAddDepartmentMember() {
  const update = useDepartmentUpdate()
  return useMutation({
    mutationFn: ({ code, accountId }: { code: string; accountId: number }) => addDepartmentMember(code, accountId),
    onSuccess: (d, { accountId }) => update(d, accountId),
  })
}
