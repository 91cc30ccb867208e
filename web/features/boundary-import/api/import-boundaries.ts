// POST /areas/:code/import — validate (dry run) or apply new boundaries for the children of an area.
import { mutationOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { apiFetch } from '../../../shared/api/client'
import { bumpTilesVersion } from '../../../shared/map'

import type { ImportMode, ImportResult } from '../../../../shared/api-types'

export type { ImportMode, ImportResult }

export interface ImportFeatureProperties {
  code: string
  name: string
  responsible_unit?: string
}

export type ImportBody = FeatureCollection<Polygon | MultiPolygon, ImportFeatureProperties>

export interface ImportRequest {
  parentCode: string
  mode: ImportMode
  dryRun: boolean
  body: ImportBody
}

/** Sends the features; resolves with the change summary, rejects with the API's problems. */
export function importBoundaries({ parentCode, mode, dryRun, body }: ImportRequest): Promise<ImportResult> {
  return apiFetch<ImportResult>(`/areas/${encodeURIComponent(parentCode)}/import`, {
    method: 'POST',
    query: { dryRun, mode },
    json: body,
    contentType: 'application/geo+json',
  })
}

export const importBoundariesMutationOptions = () =>
  mutationOptions({
    mutationKey: ['areas', 'import'],
    mutationFn: importBoundaries,
  })

/** The import mutation; an applied import refreshes every area query, coverage report and map tile. */
export function useImportBoundaries() {
  const queryClient = useQueryClient()
  return useMutation({
    ...importBoundariesMutationOptions(),
    onSuccess: async (result) => {
      if (!result.applied) return
      bumpTilesVersion()
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['areas'] }), queryClient.invalidateQueries({ queryKey: ['coverage'] })])
    },
  })
}
