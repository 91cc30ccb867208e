// GET /areas/:code/export — the area and its descendants (or only some levels) as GeoJSON.
import { queryOptions, useQuery } from '@tanstack/react-query'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { apiFetch, apiUrl } from '../../../shared/api/client'
import type { AreaLevel } from '../types'

export interface ExportedAreaProperties {
  code: string
  name: string
  level: AreaLevel
  parent_code: string | null
  responsible_unit: string | null
  kind: 'urban' | 'rural' | null
  valid_from: string
}

export type AreaExport = FeatureCollection<Polygon | MultiPolygon, ExportedAreaProperties>

/** URL of the export; with `download` the server sends it as an attachment. */
export function areaExportUrl(code: string, options: { levels?: readonly AreaLevel[]; download?: boolean } = {}): string {
  return apiUrl(`/areas/${encodeURIComponent(code)}/export`, {
    levels: options.levels && options.levels.length > 0 ? options.levels : undefined,
    // 'true' rather than the contract's '1': the server's boolean schema accepts only true/false.
    download: options.download ? 'true' : undefined,
  })
}

export function exportAreas(code: string, levels?: readonly AreaLevel[], signal?: AbortSignal): Promise<AreaExport> {
  return apiFetch<AreaExport>(`/areas/${encodeURIComponent(code)}/export`, {
    query: { levels: levels && levels.length > 0 ? levels : undefined },
    signal,
  })
}

export const areaExportQueryOptions = (code: string, levels?: readonly AreaLevel[]) =>
  queryOptions({
    queryKey: ['areas', 'export', code, levels?.join(',') ?? '(all)'],
    queryFn: ({ signal }) => exportAreas(code, levels, signal),
  })

export function useAreaExport(code: string | undefined, levels?: readonly AreaLevel[]) {
  return useQuery({ ...areaExportQueryOptions(code ?? '', levels), enabled: Boolean(code) })
}
