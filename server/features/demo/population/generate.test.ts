// The demo population's generator without a database: deterministic, every value valid, and the
// city's make-up (ages, households, ethnic groups, residence categories, lists) within sight of
// Xining's. Grids come from the real division data, a few per community.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { normalizeAddress, splitRoomAddress } from '../../../../shared/registry/address.ts'
import { EDUCATION_LEVELS, MARITAL_STATUSES, POLITICAL_STATUSES, RELATIONS, FACILITY_KINDS } from '../../../../shared/registry/codes.ts'
import { isListCode, validateListFields } from '../../../../shared/registry/lists.ts'
import { ethnicityByCode, parseCreditCode, parseIdNumber, parsePersonName, parsePhone } from '../../../../shared/validation/index.ts'
import { committeeDisplayName, gridName } from '../names.ts'
import { generateGrid, newContext, type Secrets } from './generate.ts'
import type { GridInfo, GridPlan } from './model.ts'
import { planGrids } from './plan.ts'
import { col, emptyRows, TABLE_ORDER, type Rows } from './tables.ts'

const TODAY = '2026-11-26'
const TODAY_MS = Date.parse(`${TODAY}T00:00:00Z`)

/** The demo city's real districts, streets and communities, 6 grids per urban community and 1–3 per village. */
function divisionGrids(): GridInfo[] {
  const d = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../data/xining-divisions.json'), 'utf8')) as {
    districts: { code: string; name: string }[]
    streets: { code: string; name: string; parentCode: string }[]
    communities: { code: string; name: string; parentCode: string }[]
  }
  const districts = new Map(d.districts.map((x) => [x.code, x.name]))
  const streets = new Map(d.streets.map((x) => [x.code, x]))
  return d.communities.flatMap((c) => {
    const serial = Number(c.code.slice(9, 12))
    const urban = serial >= 1 && serial <= 199
    const street = streets.get(c.parentCode)!
    const display = committeeDisplayName(c.name)
    return Array.from({ length: urban ? 6 : 1 + (serial % 3) }, (_, k) => ({
      code: `${c.code}${String(k + 1).padStart(3, '0')}`,
      name: gridName(display, k + 1),
      kind: urban ? ('urban' as const) : ('rural' as const),
      industrial: serial === 498,
      serial: k + 1,
      communityCode: c.code,
      communityName: display,
      committee: c.name,
      streetCode: street.code,
      streetName: street.name,
      districtCode: street.parentCode,
      districtName: districts.get(street.parentCode)!,
    }))
  })
}

const GRIDS = divisionGrids()

interface Generated {
  plans: GridPlan[]
  rows: Rows
  secrets: Secrets
}

function generate(residents: number, seed: number): Generated {
  const plans = planGrids(GRIDS, residents, seed)
  // Locations come from PostGIS in the real seed; any will do here.
  for (const p of plans) {
    p.buildings.forEach((b, i) => ([b.x, b.y] = [101 + i * 1e-6, 36]))
    p.facilityPoints = Array.from({ length: p.facilities }, () => [101, 36] as [number, number])
  }
  const ctx = newContext(seed, TODAY_MS, { building: 1, room: 1, household: 1, person: 1, rental: 1 })
  const rows = emptyRows()
  const secrets: Secrets = { personIds: [], personPhones: [], organizationPhones: [] }
  for (const p of plans) generateGrid(p, ctx, rows, secrets)
  return { plans, rows, secrets }
}

function hashOf(g: Generated): string {
  const h = crypto.createHash('sha256')
  for (const t of TABLE_ORDER) for (const r of g.rows[t]) h.update(JSON.stringify(r))
  h.update(JSON.stringify(g.secrets))
  return h.digest('hex')
}

const P = (name: string) => col('person', name)

describe('demo population generator', () => {
  const big = generate(80_000, 1)

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generate(4_000, 7)
    expect(hashOf(generate(4_000, 7))).toBe(hashOf(a))
    expect(hashOf(generate(4_000, 8))).not.toBe(hashOf(a))
    expect(a.rows.person.length).toBe(4_000)
  })

  it('writes exactly the planned residents, in every grid', () => {
    expect(big.rows.person.length).toBe(80_000)
    expect(big.plans.reduce((a, p) => a + p.residents, 0)).toBe(80_000)
    const perGrid = new Map<string, number>()
    for (const r of big.rows.person) perGrid.set(r[P('grid_code')] as string, (perGrid.get(r[P('grid_code')] as string) ?? 0) + 1)
    for (const p of big.plans) expect(perGrid.get(p.grid.code) ?? 0).toBe(p.residents)
    // Urban grids are denser than villages.
    const mean = (kind: string) => {
      const ps = big.plans.filter((p) => p.grid.kind === kind && !p.grid.industrial)
      return ps.reduce((a, p) => a + p.residents, 0) / ps.length
    }
    expect(mean('urban')).toBeGreaterThan(2 * mean('rural'))
  })

  it('issues valid, unique ID numbers that match birth date and sex', () => {
    const ids = big.secrets.personIds
    expect(new Set(ids).size).toBe(ids.length)
    const bad = big.rows.person.filter((r, i) => {
      const parsed = parseIdNumber(ids[i], { today: TODAY })
      return !parsed.ok || parsed.birthDate !== r[P('birth_date')] || (parsed.sex === 'male' ? '1' : '2') !== r[P('sex')]
    })
    expect(bad.length).toBe(0)
  })

  it('gives valid names, phones and codes', () => {
    let dotted = 0
    let astral = 0
    const problems: string[] = []
    const codes = (list: readonly { code: string }[]) => new Set(list.map((e) => e.code))
    const lists: [string, Set<string>][] = [
      ['relation', codes(RELATIONS)],
      ['education', codes(EDUCATION_LEVELS)],
      ['political_status', codes(POLITICAL_STATUSES)],
      ['marital_status', codes(MARITAL_STATUSES)],
    ]
    for (const r of big.rows.person) {
      const name = r[P('name')] as string
      const parsed = parsePersonName(name)
      if (!parsed.ok || parsed.value !== name) problems.push(`name ${name}`)
      if (name.includes('\u00b7')) dotted++
      if ([...name].some((c) => c.codePointAt(0)! > 0xffff)) astral++
      if (!ethnicityByCode(r[P('ethnicity')] as string)) problems.push(`ethnicity ${String(r[P('ethnicity')])}`)
      for (const [column, allowed] of lists) {
        const v = r[P(column)]
        if (v !== null && !allowed.has(v as string)) problems.push(`${column} ${String(v)}`)
      }
    }
    expect(problems.slice(0, 5)).toEqual([])
    expect(dotted).toBeGreaterThan(0)
    expect(astral).toBeGreaterThan(0)
    const phones = big.secrets.personPhones.filter((p): p is string => p !== null)
    expect(new Set(phones).size).toBe(phones.length)
    const badPhones = [...phones, ...big.secrets.organizationPhones.filter((x): x is string => x !== null)].filter((p) => {
      const parsed = parsePhone(p)
      return !parsed.ok || parsed.value !== p
    })
    expect(badPhones).toEqual([])
    const credit = big.rows.organization.map((r) => r[col('organization', 'credit_code')]).filter((c): c is string => c !== null)
    expect(new Set(credit).size).toBe(credit.length)
    expect(credit.filter((c) => !parseCreditCode(c).ok)).toEqual([])
    const facilityCodes = big.rows.facility.map((r) => r[col('facility', 'code')] as string)
    expect(new Set(facilityCodes).size).toBe(facilityCodes.length)
    for (const r of big.rows.facility) expect(FACILITY_KINDS.some((k) => k.code === r[col('facility', 'kind')])).toBe(true)
  })

  it('addresses buildings and homes consistently', () => {
    const buildings = new Map(big.rows.building.map((r) => [r[0] as number, r]))
    for (const r of big.rows.building) expect(r[col('building', 'address_key')]).toBe(normalizeAddress(r[col('building', 'address')] as string))
    const keys = big.rows.building.map((r) => r[col('building', 'address_key')])
    expect(new Set(keys).size).toBe(keys.length)
    const roomBuilding = new Map(big.rows.room.map((r) => [r[0] as number, r[1] as number]))
    const bad = big.rows.person.filter((r) => {
      const b = buildings.get(roomBuilding.get(r[P('room_id')] as number)!)!
      const address = r[P('address')] as string
      const own = b[col('building', 'address')] as string
      return b[col('building', 'grid_code')] !== r[P('grid_code')] || !address.startsWith(own) || (address !== own && splitRoomAddress(address).building !== own)
    })
    expect(bad.length).toBe(0)
  })

  it('puts people on lists by the lists’ rules, with valid fields', () => {
    const people = new Map(big.rows.person.map((r) => [r[0] as number, r]))
    const ageOf = (id: number) => {
      const birth = people.get(id)![P('birth_date')] as string
      const d = new Date(`${birth}T00:00:00Z`)
      const t = new Date(TODAY_MS)
      return t.getUTCFullYear() - d.getUTCFullYear() - (t.getUTCMonth() * 100 + t.getUTCDate() < d.getUTCMonth() * 100 + d.getUTCDate() ? 1 : 0)
    }
    const seen = new Set<string>()
    for (const r of big.rows.person_list) {
      const [personId, code, grid] = [r[0] as number, r[1] as string, r[2] as string]
      expect(isListCode(code)).toBe(true)
      if (!isListCode(code)) continue
      const check = validateListFields(code, JSON.parse(r[col('person_list', 'fields')] as string))
      if (!check.ok) throw new Error(`${code}: ${JSON.stringify(check.problems)}`)
      expect(grid).toBe(people.get(personId)![P('grid_code')])
      const age = ageOf(personId)
      if (code === 'elderly_alone') expect(age).toBeGreaterThanOrEqual(65)
      if (code === 'left_behind_child') expect(age).toBeLessThan(16)
      if (code === 'key_youth') expect(age >= 12 && age <= 25).toBe(true)
      const open = r[col('person_list', 'ended_at')] === null
      if (open) {
        expect(seen.has(`${personId}:${code}`)).toBe(false)
        seen.add(`${personId}:${code}`)
      } else {
        expect(r[col('person_list', 'ended_at')]! > r[col('person_list', 'started_at')]!).toBe(true)
        expect(r[col('person_list', 'end_reason')]).not.toBeNull()
      }
    }
  })

  it('looks like Xining', () => {
    const n = big.rows.person.length
    const share = (pred: (r: Rows['person'][number]) => boolean) => big.rows.person.filter(pred).length / n
    const ages = big.rows.person.map((r) => 2026 - Number((r[P('birth_date')] as string).slice(0, 4))).sort((a, b) => a - b)
    const median = ages[Math.floor(n / 2)]!
    expect(median).toBeGreaterThanOrEqual(33)
    expect(median).toBeLessThanOrEqual(42)
    expect(ages.filter((a) => a >= 65).length / n).toBeLessThan(0.16)
    expect(ages.filter((a) => a < 15).length / n).toBeGreaterThan(0.12)
    const eth = (code: string) => share((r) => r[P('ethnicity')] === code)
    expect(eth('01')).toBeGreaterThan(0.7)
    expect(eth('01')).toBeLessThan(0.78)
    expect(eth('03')).toBeGreaterThan(0.12)
    expect(eth('03')).toBeLessThan(0.2)
    expect(eth('04')).toBeGreaterThan(0.035)
    expect(eth('30')).toBeGreaterThan(0.02)
    expect(eth('35')).toBeGreaterThan(0.002)
    const cat = (c: string) => share((r) => r[P('residence_category')] === c)
    expect(cat('registered')).toBeGreaterThan(0.7)
    expect(cat('floating')).toBeGreaterThan(0.17)
    expect(cat('floating')).toBeLessThan(0.27)
    expect(cat('unsettled')).toBeGreaterThan(0.01)
    expect(cat('overseas')).toBeGreaterThan(0.001)
    const sizes = (kind: string) => {
      const ps = big.plans.filter((p) => p.grid.kind === kind && !p.grid.industrial)
      return ps.reduce((a, p) => a + p.residents, 0) / ps.reduce((a, p) => a + p.households.length, 0)
    }
    expect(sizes('urban')).toBeGreaterThan(2.5)
    expect(sizes('urban')).toBeLessThan(3.0)
    expect(sizes('rural')).toBeGreaterThan(3.2)
    expect(sizes('rural')).toBeLessThan(3.8)
    const listShare = (code: string) => big.rows.person_list.filter((r) => r[1] === code).length / n
    expect(listShare('disabled')).toBeGreaterThan(0.015)
    expect(listShare('disabled')).toBeLessThan(0.045)
    expect(listShare('low_income')).toBeGreaterThan(0.01)
    expect(listShare('low_income')).toBeLessThan(0.035)
    expect(listShare('severe_mental_disorder')).toBeGreaterThan(0.002)
    expect(listShare('severe_mental_disorder')).toBeLessThan(0.008)
    // About 15% of homes in town are let.
    const residential = big.rows.rental.filter((r) => r[col('rental', 'purpose')] === 'residence' && r[col('rental', 'status')] === 'active').length
    expect(residential).toBeGreaterThan(0)
    expect(big.rows.organization.length / n).toBeGreaterThan(1 / 60)
    expect(big.rows.organization.length / n).toBeLessThan(1 / 25)
    expect(big.rows.facility.length / n).toBeGreaterThan(1 / 40)
    expect(big.rows.facility.length / n).toBeLessThan(1 / 15)
    expect(big.rows.concern.length / n).toBeGreaterThan(1 / 150)
    expect(big.rows.concern.length / n).toBeLessThan(1 / 70)
  })
})
