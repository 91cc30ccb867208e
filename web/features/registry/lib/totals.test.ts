import { describe, expect, it } from 'vitest'
import { LIST_DEFINITIONS } from '../../../../shared/registry/lists'
import type { AreaTotals } from '../types'
import { cardValues, childRows, count, hasSpecial, listBars, listSum, sumOf, trail } from './totals'

const community = { code: '630103001003', name: '南关街社区', level: 'community' as const }
const grid = (n: number) => ({ code: `630103001003${String(n).padStart(3, '0')}`, name: `第${n}网格`, level: 'grid' as const })

const answer: AreaTotals = {
  area: community,
  totals: { person: 10, 'person.registered': 7, 'person.floating': 3, 'person.sex.1': 6, 'person.sex.2': 4, household: 4, 'list.elderly_alone': 2, 'list.drug_user': 1, 'facility.damaged': 1, 'facility.missing': 2, facility: 9, 'concern.open': 5, 'concern.closed': 1 },
  children: [
    { area: grid(1), totals: { person: 10, 'person.registered': 7, 'list.elderly_alone': 2, 'list.drug_user': 1, 'concern.open': 5 } },
    { area: grid(2), totals: {} },
  ],
}

describe('dashboard figures', () => {
  it('counts metrics, zero when absent, and sums by prefix', () => {
    expect(count(answer.totals, 'person')).toBe(10)
    expect(count(answer.totals, 'building')).toBe(0)
    expect(sumOf(answer.totals, 'concern.')).toBe(6)
  })
  it('gives every card its value', () => {
    const cards = Object.fromEntries(cardValues(answer.totals).map((c) => [c.id, c.value]))
    expect(cards).toMatchObject({ person: 10, registered: 7, floating: 3, unsettled: 0, male: 6, female: 4, household: 4, building: 0, facility: 9, facilityBroken: 3, concernOpen: 5 })
  })
  it('shows every care list and only the special groups the answer holds', () => {
    const bars = listBars(answer.totals)
    const care = Object.values(LIST_DEFINITIONS).filter((d) => d.kind === 'care').map((d) => d.code)
    expect(bars.filter((b) => b.kind === 'care').map((b) => b.code)).toEqual(care)
    expect(bars.filter((b) => b.kind === 'special')).toEqual([{ code: 'drug_user', kind: 'special', value: 1 }])
    expect(bars.find((b) => b.code === 'disabled')?.value).toBe(0)
    expect(listBars({}).some((b) => b.kind === 'special')).toBe(false)
    expect(listSum(answer.totals, 'care')).toBe(2)
    expect(hasSpecial(answer)).toBe(true)
    expect(hasSpecial({ ...answer, totals: { person: 1 } })).toBe(false)
  })
  it('gives each child its row', () => {
    expect(childRows(answer)).toEqual([
      { area: grid(1), person: 10, registered: 7, floating: 0, household: 0, building: 0, care: 2, special: 1, concernOpen: 5 },
      { area: grid(2), person: 0, registered: 0, floating: 0, household: 0, building: 0, care: 0, special: 0, concernOpen: 0 },
    ])
  })
  it('starts the breadcrumb at the user\'s scope', () => {
    const city = { code: '630100', name: '西宁市', level: 'city' as const }
    const district = { code: '630103', name: '城中区', level: 'district' as const }
    const street = { code: '630103001', name: '人民街街道', level: 'street' as const }
    expect(trail([city, district, street, community], grid(1), community.code).map((a) => a.code)).toEqual([community.code, grid(1).code])
    expect(trail([city, district, street], community, city.code).map((a) => a.code)).toEqual([city.code, district.code, street.code, community.code])
    expect(trail([city], district, '999999')).toEqual([district])
  })
})
