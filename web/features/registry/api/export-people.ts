// POST /registry/people/export {filters, unmask?, reason?} — an XLSX of the people the search's
// filters select in the caller's scope. Masked, unless `unmask` names fields (needs personal.unmask,
// a reason, and a recent re-authentication: 401 reauth_required otherwise; audited). The file goes
// straight to the browser's download: the mutation is dropped as soon as it is let go of (gcTime 0)
// and nothing is put into the query cache.
import { useMutation } from '@tanstack/react-query'
import type { PeopleExportBody } from '../import-types'
import { fetchFile, type DownloadedFile } from './binary-fetch'

export function exportPeople(body: PeopleExportBody): Promise<DownloadedFile> {
  return fetchFile('/registry/people/export', { method: 'POST', json: body })
}

export const useExportPeople = () => useMutation({ mutationFn: exportPeople, gcTime: 0 })
