import { describe, expect, it } from 'vitest'
import { makeCreditCode } from '../../../../shared/validation/credit-code'
import type { OrganizationView } from '../places-types'
import { checkOrganization, creditCodeFacts, keyPlaceByDefault, organizationCreateBody, organizationPatch, patchChanges } from './organization-form'
import { checkFacility, facilityCreateBody } from './facility-form'
import { checkConcern, concernCreateBody } from './concern-form'
import { checkRental, rentalCreateBody } from './rental-form'

const codes = (problems: { field: string; problem: string }[]) => problems.map((p) => `${p.field}:${p.problem}`)
const CODE = makeCreditCode('91', '630103', 'MA0000A1')

describe('the organization form', () => {
  it('checks the credit code as it is typed, and asks for one where the kind needs it', () => {
    const base = { name: '夏都超市', kind: 'business', placement: 'building' as const, buildingId: 7 }
    expect(checkOrganization({ ...base, creditCode: CODE })).toEqual([])
    const wrong = CODE.slice(0, 17) + (CODE[17] === '0' ? '1' : '0')
    expect(codes(checkOrganization({ ...base, creditCode: wrong }))).toEqual(['creditCode:bad_check_character'])
    expect(codes(checkOrganization({ ...base, creditCode: CODE.slice(0, 10) }))).toEqual(['creditCode:wrong_length'])
    expect(codes(checkOrganization(base))).toEqual(['creditCode:required'])
    expect(checkOrganization({ ...base, kind: 'party' })).toEqual([])
  })
  it('needs a building or a point, and an address only at a point', () => {
    expect(codes(checkOrganization({ name: 'a', kind: 'party', placement: 'building' }))).toEqual(['buildingId:required'])
    expect(codes(checkOrganization({ name: 'a', kind: 'party', placement: 'location' }))).toEqual(['address:required', 'location:required'])
    expect(codes(checkOrganization({ name: 'a', kind: 'party' }, 'edit'))).toEqual(['address:required'])
  })
  it('reads what a valid code says', () => {
    expect(creditCodeFacts(CODE)).toMatchObject({ prefix: '91', department: '工商', type: '企业', region: '630103' })
    expect(creditCodeFacts('91')).toBeUndefined()
    expect(keyPlaceByDefault('school')).toBe(true)
    expect(keyPlaceByDefault('business')).toBe(false)
  })
  it('builds the body by placement, empty fields left out', () => {
    expect(organizationCreateBody({ name: ' 夏都超市 ', kind: 'business', creditCode: CODE.toLowerCase(), phone: ' ', employees: 12, keyPlace: false, placement: 'building', buildingId: 7 })).toEqual({
      name: '夏都超市',
      kind: 'business',
      creditCode: CODE,
      employees: 12,
      keyPlace: false,
      buildingId: 7,
    })
    expect(organizationCreateBody({ name: 'a', kind: 'party', address: '南关街1号', placement: 'location', location: { lon: 1, lat: 2 } })).toEqual({ name: 'a', kind: 'party', address: '南关街1号', location: { lon: 1, lat: 2 } })
  })
  it('sends only what changed: an emptied field as null, the phone only when typed', () => {
    const o = { id: 3, version: 2, name: 'a', kind: 'business', creditCode: CODE, legalRep: '王芳', address: 'x', employees: 5, securityContact: null, keyPlace: false, phoneMasked: '139****5678' } as unknown as OrganizationView
    expect(organizationPatch(o, { name: 'a', kind: 'business', creditCode: CODE, legalRep: '王芳', address: 'x', employees: 5, keyPlace: false })).toEqual({ version: 2 })
    const patch = organizationPatch(o, { name: 'b', kind: 'business', creditCode: CODE, legalRep: '', address: 'x', employees: null, phone: '13912345678', keyPlace: true })
    expect(patch).toEqual({ version: 2, name: 'b', legalRep: null, employees: null, phone: '13912345678', keyPlace: true })
    expect(patchChanges(patch)).toBe(true)
  })
})

describe('the facility, concern and rental forms', () => {
  it('check a facility with the shared validator and need a point', () => {
    expect(codes(checkFacility({ class: 'public_utility', kind: 'manhole', name: '井盖', code: 'GX 01' }))).toEqual(['code:bad_format', 'location:required'])
    expect(facilityCreateBody({ class: 'public_utility', kind: 'manhole', name: ' 井盖 ', code: '', hazard: false, location: { lon: 1, lat: 2 } })).toEqual({
      class: 'public_utility',
      kind: 'manhole',
      name: '井盖',
      hazard: false,
      location: { lon: 1, lat: 2 },
    })
  })
  it('place a concern at a point, in a grid or with the resident', () => {
    expect(codes(checkConcern({ theme: 'environment', content: '垃圾清运不及时', placement: 'location' }))).toEqual(['location:required'])
    expect(codes(checkConcern({ theme: 'environment', content: 'x', resident: 'name', residentName: '', placement: 'grid', gridCode: '630103001003001' }))).toEqual(['residentName:required'])
    expect(concernCreateBody({ theme: 'environment', content: ' x ', resident: 'person', personId: 9, placement: 'resident' })).toEqual({ theme: 'environment', content: 'x', personId: 9 })
    expect(concernCreateBody({ theme: 'safety', content: 'x', resident: 'name', residentName: '王芳', placement: 'grid', gridCode: '630103001003001' })).toEqual({
      theme: 'safety',
      content: 'x',
      residentName: '王芳',
      gridCode: '630103001003001',
    })
  })
  it('check a rental: a landlord, a real first day not in the future, the landlord not a tenant', () => {
    expect(codes(checkRental({ roomId: 1, landlordMode: 'person', landlordPersonId: 4, tenants: [5], startedOn: '2026-01-31' }, '2026-03-01'))).toEqual([])
    expect(codes(checkRental({ roomId: 1, landlordMode: 'person', landlordPersonId: 4, tenants: [4], startedOn: '2026-04-01' }, '2026-03-01'))).toEqual(['tenants:landlord_as_tenant', 'startedOn:in_future'])
    expect(codes(checkRental({ landlordMode: 'name', landlordName: '', startedOn: '2026-02-30' }, '2026-03-01'))).toEqual(['roomId:required', 'landlordName:required', 'startedOn:bad_date'])
    expect(rentalCreateBody({ roomId: 1, landlordMode: 'name', landlordName: ' 王芳 ', purpose: 'business', startedOn: '2026-01-01', tenants: [3, 3] })).toEqual({
      roomId: 1,
      landlordName: '王芳',
      purpose: 'business',
      startedOn: '2026-01-01',
      tenants: [3],
    })
  })
})
