// Spreadsheet imports of people (docs/registry.md, "Import"):
//   POST /registry/imports?filename=…        the file as the raw body → 202, a job checked in the background
//   GET  /registry/imports/:id               status, progress, columns, problem counts, first problems (polled)
//   GET  /registry/imports/:id/problems      every row problem, page by page
//   POST /registry/imports/:id/apply {mode}  'all' (409 has_invalid_rows while any row is invalid) or 'valid_only'
//   GET  /registry/imports                   the recent imports of the caller's area
//   GET  /registry/imports/template.xlsx     an empty sheet with the expected headers
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { ImportJob, ImportMode, ImportProblemPage } from '../import-types'
import { importPollInterval, listPollInterval } from '../lib/import-report'
import { fetchBinary, fetchFile, type DownloadedFile } from './binary-fetch'

export const IMPORTS_KEY = ['registry', 'imports'] as const

export async function uploadImport(file: File): Promise<ImportJob> {
  const res = await fetchBinary('/registry/imports', {
    method: 'POST',
    query: { filename: file.name.slice(0, 200) },
    body: file,
    contentType: 'application/octet-stream',
  })
  return (await res.json()) as ImportJob
}

export function getImport(id: number, signal?: AbortSignal): Promise<ImportJob> {
  return apiFetch<ImportJob>(`/registry/imports/${id}`, { signal })
}

export function listImports(signal?: AbortSignal): Promise<{ items: ImportJob[] }> {
  return apiFetch<{ items: ImportJob[] }>('/registry/imports', { signal })
}

export function getImportProblems(id: number, offset: number, limit: number, signal?: AbortSignal): Promise<ImportProblemPage> {
  return apiFetch<ImportProblemPage>(`/registry/imports/${id}/problems`, { query: { offset, limit }, signal })
}

export function applyImport(id: number, mode: ImportMode): Promise<ImportJob> {
  return apiFetch<ImportJob>(`/registry/imports/${id}/apply`, { method: 'POST', json: { mode } })
}

export function downloadImportTemplate(): Promise<DownloadedFile> {
  return fetchFile('/registry/imports/template.xlsx')
}

/** One job, polled about every second while it is being checked or written. */
export const importJobQueryOptions = (id: number) =>
  queryOptions({
    queryKey: [...IMPORTS_KEY, 'detail', id],
    queryFn: ({ signal }) => getImport(id, signal),
    staleTime: 0,
    refetchInterval: (q) => importPollInterval(q.state.data),
    refetchIntervalInBackground: true,
  })

export function useImportJob(id: number | undefined) {
  return useQuery({ ...importJobQueryOptions(id ?? 0), enabled: id !== undefined })
}

/** The recent imports, polled while one of them is still running. */
export const importListQueryOptions = () =>
  queryOptions({
    queryKey: [...IMPORTS_KEY, 'list'],
    queryFn: ({ signal }) => listImports(signal),
    staleTime: 0,
    refetchInterval: (q) => listPollInterval(q.state.data?.items),
  })

export const useImportList = () => useQuery(importListQueryOptions())

export const importProblemsQueryOptions = (id: number, offset: number, limit: number, status: string | undefined) =>
  queryOptions({
    // The status is part of the key: applying checks the file again and replaces the report.
    queryKey: [...IMPORTS_KEY, 'problems', id, status, offset, limit],
    queryFn: ({ signal }) => getImportProblems(id, offset, limit, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  })

export function useImportProblems(id: number, offset: number, limit: number, status: string | undefined, enabled: boolean) {
  return useQuery({ ...importProblemsQueryOptions(id, offset, limit, status), enabled })
}

/** Uploads a file: the job's first answer goes into the cache (polling takes over), the list is refreshed. */
export function useUploadImport() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: uploadImport,
    onSuccess: (job) => {
      qc.setQueryData(importJobQueryOptions(job.id).queryKey, job)
      return qc.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] })
    },
  })
}

export function useApplyImport() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, mode }: { id: number; mode: ImportMode }) => applyImport(id, mode),
    onSuccess: (job) => {
      qc.setQueryData(importJobQueryOptions(job.id).queryKey, job)
      return qc.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] })
    },
  })
}

export const useDownloadImportTemplate = () => useMutation({ mutationFn: downloadImportTemplate })
