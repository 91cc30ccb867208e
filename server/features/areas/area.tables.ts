// Kysely table types of the areas feature (see server/migrations/0001_areas.sql).
import type { ColumnType, Generated } from 'kysely'
import type { AreaLevel } from '../../../shared/area-codes.ts'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface AreaLevelTable {
  level: AreaLevel
  rank: number
  code_length: number
  name_zh: string
  name_en: string
}

export interface AreaTable {
  code: string
  parent_code: string | null
  level: AreaLevel
  name: string
  path: string
  responsible_unit: string | null
  kind: 'urban' | 'rural' | null
  valid_from: Timestamp
  valid_to: Timestamp | null
}

export interface BoundaryChangeTable {
  id: Generated<number>
  root_code: string
  kind: 'seed' | 'import' | 'edit'
  summary: ColumnType<unknown, string, string>
  created_at: Timestamp
}

export interface AreaBoundaryTable {
  id: Generated<number>
  area_code: string
  change_id: number
  /** PostGIS geometry; read it through ST_AsGeoJSON, write it through ST_GeomFromGeoJSON. */
  geom: unknown
  area_m2: number
  valid_from: Timestamp
  valid_to: Timestamp | null
}

export interface CurrentAreaView {
  code: string
  parent_code: string | null
  level: AreaLevel
  name: string
  path: string
  responsible_unit: string | null
  kind: 'urban' | 'rural' | null
  valid_from: Date
  boundary_id: number
  geom: unknown
  area_m2: number
  boundary_from: Date
  change_id: number
}

export interface AreaTables {
  area_level: AreaLevelTable
  area: AreaTable
  boundary_change: BoundaryChangeTable
  area_boundary: AreaBoundaryTable
  current_area: CurrentAreaView
}
