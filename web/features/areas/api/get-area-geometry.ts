// GET /areas/:code/geometry — the current boundary as a GeoJSON Feature.
import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { apiFetch } from '../../../shared/api/client'

export type AreaFeature = Feature<Polygon | MultiPolygon, { code: string; name: string; level: string }>

export function getAreaGeometry(code: string, signal?: AbortSignal): Promise<AreaFeature> {
  return apiFetch<AreaFeature>(`/areas/${encodeURIComponent(code)}/geometry`, { signal })
}

export const areaGeometryQueryOptions = (code: string) =>
  queryOptions({
    queryKey: ['areas', 'geometry', code],
    queryFn: ({ signal }) => getAreaGeometry(code, signal),
  })

export function useAreaGeometry(code: string | undefined) {
  return useQuery({ ...areaGeometryQueryOptions(code ?? ''), enabled: Boolean(code) })
}
