// The features being prepared for an import: where they came from, their codes and names, and the
// checks that can be made before asking the server (codes that cannot belong to the parent,
// duplicates, missing names).
import type { MultiPolygon, Polygon } from 'geojson'
import { childLevel, impliedParentCode, LEVEL_CODE_LENGTH, levelOfCode, type AreaLevel } from '../../../../shared/area-codes'
import type { ImportBody } from '../api/import-boundaries'

export type FeatureOrigin = 'file' | 'drawn' | 'current'

export interface WorkingFeature {
  id: string
  code: string
  name: string
  responsibleUnit: string
  geometry: Polygon | MultiPolygon
  origin: FeatureOrigin
}

let nextId = 1
/** A fresh id for a feature of the working set (stable across edits of its code). */
export function newFeatureId(): string {
  return `f${nextId++}`
}

/** The request body: the features in list order, so problem indexes point into the list. */
export function toImportBody(features: WorkingFeature[]): ImportBody {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      properties: { code: f.code.trim(), name: f.name.trim(), ...(f.responsibleUnit.trim() ? { responsible_unit: f.responsibleUnit.trim() } : {}) },
      geometry: f.geometry,
    })),
  }
}

/** The next free child code (parent code + 3-digit serial) where the level's codes work that way. */
export function suggestChildCode(parentCode: string, parentLevel: AreaLevel, taken: Iterable<string>): string {
  const level = childLevel(parentLevel)
  if (!level || LEVEL_CODE_LENGTH[level] !== parentCode.length + 3) return ''
  let max = 0
  for (const code of taken) {
    if (code.length === parentCode.length + 3 && code.startsWith(parentCode)) {
      const serial = Number(code.slice(parentCode.length))
      if (Number.isInteger(serial) && serial > max) max = serial
    }
  }
  return max >= 999 ? '' : parentCode + String(max + 1).padStart(3, '0')
}

const DIGITS = '零一二三四五六七八九'
/** 1–999 in Chinese numerals (labels on the map are drawn with local CJK fonts). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) return String(n)
  const h = Math.floor(n / 100)
  const t = Math.floor((n % 100) / 10)
  const u = n % 10
  let s = ''
  if (h) s += `${DIGITS[h]}百`
  if (t) s += `${h === 0 && t === 1 ? '' : DIGITS[t]}十`
  else if (h && u) s += '零'
  if (u) s += DIGITS[u]
  return s
}

export type FeatureCheck =
  | { problem: 'codeMissing' }
  | { problem: 'codeDigits' }
  | { problem: 'codeLength'; length: number }
  | { problem: 'codePrefix'; parent: string }
  | { problem: 'gridSerial' }
  | { problem: 'codeDuplicate' }
  | { problem: 'nameMissing' }

/** Whether a code's implied ancestry reaches `ancestor` (imports may carry children and deeper levels). */
export function isDescendantCode(code: string, ancestor: string): boolean {
  for (let c = impliedParentCode(code); c !== undefined; c = impliedParentCode(c)) if (c === ancestor) return true
  return false
}

/** Problems of each feature that are certain before the server sees them, by feature id. */
export function checkFeatures(features: WorkingFeature[], parentCode: string, parentLevel: AreaLevel | undefined): Map<string, FeatureCheck[]> {
  const level = parentLevel ? childLevel(parentLevel) : undefined
  const counts = new Map<string, number>()
  for (const f of features) {
    const c = f.code.trim()
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  const out = new Map<string, FeatureCheck[]>()
  for (const f of features) {
    const problems: FeatureCheck[] = []
    const code = f.code.trim()
    if (!code) problems.push({ problem: 'codeMissing' })
    else if (!/^\d+$/.test(code)) problems.push({ problem: 'codeDigits' })
    else if (level && !levelOfCode(code)) problems.push({ problem: 'codeLength', length: LEVEL_CODE_LENGTH[level] })
    else if (!isDescendantCode(code, parentCode)) problems.push({ problem: 'codePrefix', parent: parentCode })
    else if (levelOfCode(code) === 'grid' && code.endsWith('000')) problems.push({ problem: 'gridSerial' })
    if (code && (counts.get(code) ?? 0) > 1) problems.push({ problem: 'codeDuplicate' })
    if (!f.name.trim()) problems.push({ problem: 'nameMissing' })
    if (problems.length) out.set(f.id, problems)
  }
  return out
}
