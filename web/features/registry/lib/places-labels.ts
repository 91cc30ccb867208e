// Labels of the places' codes in the UI language: the shared code lists carry their Chinese and
// English names (building use, hazard grade, organization kind, facility class / kind / state,
// concern theme); room uses and rental purposes are the API's own codes, named here.
import {
  BUILDING_USES,
  CONCERN_THEMES,
  FACILITY_CLASSES,
  FACILITY_KINDS,
  FACILITY_STATES,
  HAZARD_GRADES,
  ORGANIZATION_KINDS,
  type CodeList,
} from '../../../../shared/registry/codes'
import { codeLabel, type Lang } from './labels'

export const ROOM_USES = [
  { code: 'residential', zh: '住宅', en: 'Residential' },
  { code: 'commercial', zh: '商业', en: 'Commercial' },
  { code: 'office', zh: '办公', en: 'Office' },
  { code: 'storage', zh: '仓储', en: 'Storage' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies CodeList

export const RENTAL_PURPOSES = [
  { code: 'residence', zh: '居住', en: 'Residence' },
  { code: 'business', zh: '经营', en: 'Business' },
  { code: 'storage', zh: '仓储', en: 'Storage' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies CodeList

/** Coded fields of the places' records and the list each takes its labels from. */
export const PLACE_CODE_LISTS = {
  use: BUILDING_USES,
  hazardGrade: HAZARD_GRADES,
  kind: ORGANIZATION_KINDS,
  class: FACILITY_CLASSES,
  facilityKind: FACILITY_KINDS,
  state: FACILITY_STATES,
  theme: CONCERN_THEMES,
  roomUse: ROOM_USES,
  purpose: RENTAL_PURPOSES,
} as const satisfies Record<string, CodeList>

export type PlaceCodedField = keyof typeof PLACE_CODE_LISTS

/** A facility kind: its label from FACILITY_KINDS, or the snake_case code itself for another kind. */
export function facilityKindLabel(code: string | null | undefined, lang: Lang): string {
  return codeLabel(FACILITY_KINDS, code, lang)
}

export const HAZARD_COLOR = { safe: 'green', general: 'gold', serious: 'red' } as const
export const FACILITY_STATE_COLOR = { intact: 'green', damaged: 'red', missing: 'volcano', occupied: 'gold' } as const
export const CONCERN_STATUS_COLOR = { open: 'blue', converted: 'purple', closed: 'default' } as const
export const RECORD_STATUS_COLOR = { active: 'green', retired: 'default' } as const

/** Coordinates as text (six decimals: ~10 cm). */
export const lonLatText = (p: { lon: number; lat: number } | null | undefined): string => (p ? `${p.lon.toFixed(6)}, ${p.lat.toFixed(6)}` : '—')
