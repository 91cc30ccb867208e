import { describe, expect, it } from 'vitest'
import { zh } from '../../../shared/i18n/messages.zh'
import { en } from '../../../shared/i18n/messages.en'
import { CREDIT_CODE_PROBLEMS, makeCreditCode } from '../../../../shared/validation/credit-code'
import { PERSON_NAME_PROBLEMS } from '../../../../shared/validation/person-name'
import { PHONE_PROBLEMS } from '../../../../shared/validation/phone'
import { validateConcernFields, validateFacilityFields, validateOrganizationFields } from '../../../../shared/registry/place-fields'
import { checkAddRooms, checkBuildingFields } from './building-form'
import { checkConcern } from './concern-form'
import { checkFacility } from './facility-form'
import { checkOrganization } from './organization-form'
import { detailField, placeProblemText, placeProblemsText, placeServerProblemText, type PlaceEntity } from './places-problems'
import { placeFormErrors } from './places-server-errors'
import { checkRental, dayProblems } from './rental-form'
import type { TryT } from './problems'
import { ApiError } from '../../../shared/api/client'

const lookup =
  (dict: Record<string, string>): TryT =>
  (key, params) => {
    const m = dict[key]
    return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (all, name: string) => (params && name in params ? String(params[name]) : all))
  }
const DICTS = { zh: lookup(zh), en: lookup(en) }

/** Codes the checks of place-fields.ts give besides the validators' own. */
const CHECKER_PROBLEMS = ['required', 'not_text', 'control_character', 'bidi_control', 'too_long', 'not_a_code', 'not_a_boolean', 'not_an_integer', 'out_of_range'] as const
/** Problems the server names (building.service.ts, place.service.ts, the services of organizations, facilities, concerns). */
const SERVER_PROBLEMS: [PlaceEntity, string, string][] = [
  ['building', 'address', 'duplicate_address'],
  ['building', 'address', 'not_an_address'],
  ['building', 'builtYear', 'in_future'],
  ['building', 'floors', 'below_room_floors'],
  ['building', 'rooms', 'too_many_rooms'],
  ['building', 'rooms', 'duplicate_room'],
  ['rooms', 'floors', 'above_top_floor'],
  ['building', 'version', 'has_residents'],
  ['building', 'version', 'has_rentals'],
  ['building', 'version', 'already_retired'],
  ['building', 'version', 'not_active'],
  ['building', 'version', 'stale_version'],
  ['building', 'location', 'outside_city'],
  ['building', 'location', 'outside_scope'],
  ['building', 'gridCode', 'grid_mismatch'],
  ['building', 'gridCode', 'not_found'],
  ['building', 'reason', 'too_short'],
  ['organization', 'creditCode', 'duplicate_credit_code'],
  ['organization', 'buildingId', 'not_found'],
  ['organization', 'location', 'grid_mismatch'],
  ['organization', 'location', 'required'],
  ['organization', 'address', 'no_grid'],
  ['facility', 'code', 'duplicate_code'],
  ['facility', 'location', 'required'],
  ['concern', 'personId', 'not_found'],
  ['concern', 'personId', 'not_active'],
  ['concern', 'gridCode', 'no_grid'],
  ['concern', 'version', 'not_open'],
  ['concern', 'caseRef', 'required'],
  ['rental', 'roomId', 'not_found'],
  ['rental', 'roomId', 'not_active'],
  ['rental', 'roomId', 'already_rented'],
  ['rental', 'landlordName', 'landlord_mismatch'],
  ['rental', 'tenants', 'landlord_as_tenant'],
  ['rental', 'tenants', 'not_found'],
  ['rental', 'startedOn', 'in_future'],
  ['rental', 'endedOn', 'before_start'],
  ['rental', 'personId', 'already_tenant'],
  ['rental', 'version', 'rental_ended'],
]

const noPlaceholder = (text: string | undefined) => expect(text).not.toMatch(/\{\w+\}/)

describe.each(Object.entries(DICTS))('places problem texts in %s', (_, tryT) => {
  it('has a text of its own for every problem of the GB 32100 credit code validator', () => {
    for (const p of CREDIT_CODE_PROBLEMS) {
      const text = placeProblemText(tryT, 'organization', 'creditCode', p, '91630')
      const code = p === 'empty' ? 'required' : p
      expect(text, p).toBe(tryT(`places.problem.creditCode.${code}`, { length: 5 }))
      noPlaceholder(text)
    }
    expect(placeProblemText(tryT, 'organization', 'creditCode', 'wrong_length', '91630103')).toContain('8')
  })

  it('uses the person form\'s texts for names and phones', () => {
    for (const field of ['legalRep', 'securityContact', 'residentName', 'landlordName']) {
      for (const p of PERSON_NAME_PROBLEMS) {
        const text = placeProblemText(tryT, 'organization', field, p)
        expect(text, `${field} ${p}`).toBeTruthy()
        noPlaceholder(text)
      }
    }
    for (const p of PHONE_PROBLEMS) {
      const text = placeProblemText(tryT, 'organization', 'phone', p)
      expect(text, p).toBe(tryT(`registry.problem.phone.${p}`))
    }
  })

  it('has a text for every code of the shared checks, on every field', () => {
    const fields: [PlaceEntity, string][] = [
      ['organization', 'name'],
      ['organization', 'kind'],
      ['organization', 'address'],
      ['organization', 'employees'],
      ['organization', 'keyPlace'],
      ['facility', 'class'],
      ['facility', 'kind'],
      ['facility', 'name'],
      ['facility', 'ownerDept'],
      ['facility', 'state'],
      ['facility', 'hazard'],
      ['concern', 'theme'],
      ['concern', 'content'],
      ['building', 'name'],
      ['building', 'floors'],
      ['rooms', 'units'],
    ]
    for (const [entity, field] of fields) {
      for (const p of CHECKER_PROBLEMS) {
        const text = placeProblemText(tryT, entity, field, p)
        expect(text, `${entity}.${field} ${p}`).toBeTruthy()
        noPlaceholder(text)
      }
    }
    expect(placeProblemText(tryT, 'facility', 'code', 'bad_format')).toBe(tryT('places.problem.code.bad_format'))
  })

  it('fills in the limits of each field', () => {
    expect(placeProblemText(tryT, 'concern', 'content', 'too_long')).toContain('2000')
    expect(placeProblemText(tryT, 'organization', 'name', 'too_long')).toContain('100')
    expect(placeProblemText(tryT, 'organization', 'employees', 'out_of_range')).toContain('1000000')
    expect(placeProblemText(tryT, 'rooms', 'roomsPerFloor', 'out_of_range')).toContain('12')
    expect(placeProblemText(tryT, 'building', 'builtYear', 'in_future')).toContain(String(new Date().getFullYear() + 5))
  })

  it('translates every problem the shared validators find in bad input', () => {
    const org = validateOrganizationFields({
      name: 'a\u202eb',
      kind: '火星',
      creditCode: '91630103MA0000000',
      legalRep: '王1',
      address: '长'.repeat(201),
      employees: -1,
      securityContact: '·李',
      phone: '1391234',
      keyPlace: 'maybe',
    })
    const fac = validateFacilityFields({ class: 'x', kind: 'Not A Code', name: '\u0007', code: 'a b', ownerDept: '长'.repeat(101), state: '?', hazard: 'perhaps' })
    const con = validateConcernFields({ theme: '', content: '长'.repeat(2001), residentName: 'x\u200by' })
    const empty = [validateOrganizationFields({}), validateFacilityFields({}), validateConcernFields({})]
    const cases: [PlaceEntity, { problems: { field: string; problem: string }[] }][] = [
      ['organization', org],
      ['facility', fac],
      ['concern', con],
      ['organization', empty[0]!],
      ['facility', empty[1]!],
      ['concern', empty[2]!],
    ]
    for (const [entity, r] of cases) {
      expect(r.problems.length, entity).toBeGreaterThan(0)
      for (const p of r.problems) {
        const text = placeProblemText(tryT, entity, p.field, p.problem)
        expect(text, `${entity} ${p.field} ${p.problem}`).toBeTruthy()
        noPlaceholder(text)
      }
    }
    expect(new Set(org.problems.map((p) => p.field)).size).toBe(9)
  })

  it('translates every problem of the building, room, rental, organization, facility and concern forms', () => {
    const problems: [PlaceEntity, { field: string; problem: string }[]][] = [
      ['building', checkBuildingFields({ name: '', address: '——', use: 'castle', hazardGrade: 'x', floors: 0, builtYear: 9999, units: 11, genFloors: 0, roomsPerFloor: 13 })],
      ['building', checkBuildingFields({ name: 'a', address: '南关街1号', use: 'residential', floors: 5, units: 10, genFloors: 6, roomsPerFloor: 12 })],
      ['building', checkBuildingFields({ name: 'a', address: '南关街1号', use: 'residential', units: 10, genFloors: 60, roomsPerFloor: 12 })],
      ['rooms', checkAddRooms({ mode: 'one', unit: 'x'.repeat(21), number: '', floor: 300, areaM2: -1 }, 10)],
      ['rooms', checkAddRooms({ mode: 'floors', fromFloor: 5, toFloor: 3, roomsPerFloor: 20 }, 4)],
      ['rental', checkRental({ landlordMode: 'name', landlordName: '1', startedOn: '2999-01-01' })],
      ['rental', checkRental({ landlordMode: 'person', landlordPersonId: 3, tenants: [3], startedOn: '2024-02-30' })],
      ['rental', dayProblems('endedOn', '2024-01-01', { notBefore: '2024-02-01' })],
      ['organization', checkOrganization({ kind: 'business', placement: 'building' })],
      ['organization', checkOrganization({ kind: 'business', placement: 'location' })],
      ['facility', checkFacility({})],
      ['concern', checkConcern({ resident: 'person', placement: 'grid' })],
      ['concern', checkConcern({ resident: 'name', residentName: '', placement: 'resident' })],
    ]
    for (const [entity, list] of problems) {
      expect(list.length, entity).toBeGreaterThan(0)
      for (const p of list) {
        const text = placeProblemText(tryT, entity, p.field, p.problem)
        expect(text, `${entity} ${p.field} ${p.problem}`).toBeTruthy()
        noPlaceholder(text)
      }
    }
  })

  it('translates every problem the server names, with its counts', () => {
    for (const [entity, field, problem] of SERVER_PROBLEMS) {
      const text = placeServerProblemText(tryT, entity, { field: `/${field}`, problem, message: 'the server says', count: 2, unit: '1', number: '101' })
      expect(text, `${entity} ${field} ${problem}`).not.toBe('the server says')
      noPlaceholder(text)
    }
    expect(placeServerProblemText(tryT, 'building', { field: '/version', problem: 'has_residents', message: 'x', count: 7 })).toContain('7')
    expect(placeServerProblemText(tryT, 'building', { field: '/rooms/3', problem: 'duplicate_room', message: 'x', unit: '2', number: '301' })).toContain('301')
    expect(placeServerProblemText(tryT, 'building', { field: '/weird', problem: 'never_heard_of', message: 'as the server says' })).toBe('as the server says')
  })
})

describe('places problem texts', () => {
  it('tell the problems of a credit code apart, joined', () => {
    const t = DICTS.zh
    const good = makeCreditCode('91', '630103', 'MA0000A1')
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const r = validateOrganizationFields({ creditCode: wrong }, { partial: true })
    if (r.ok) throw new Error('a wrong check character must fail')
    expect(placeProblemsText(t, 'organization', r.problems, wrong)).toBe(zh['places.problem.creditCode.bad_check_character'])
    const both = validateOrganizationFields({ creditCode: 'i1630103MA0000A1' }, { partial: true })
    if (both.ok) throw new Error('must fail')
    const text = placeProblemsText(t, 'organization', both.problems, 'i1630103MA0000A1')
    expect(text).toContain('现有 16 位')
    expect(text).toContain('；')
  })

  it('read the field a pointer names', () => {
    expect(detailField({ field: '/creditCode', message: '' })).toBe('creditCode')
    expect(detailField({ field: '/tenants/2', message: '' })).toBe('tenants')
    expect(detailField({ field: '/rooms/floors', message: '' })).toBe('rooms.floors')
    expect(detailField({ field: '/rooms/12', message: '' })).toBe('rooms')
    expect(detailField({ message: '' })).toBe('')
  })

  it('put the server\'s problems under the form\'s fields, the rest left for the alert', () => {
    const error = new ApiError(400, 'validation_failed', 'x', [
      { field: '/creditCode', problem: 'bad_check_character', message: 'x' },
      { field: '/gridCode', problem: 'grid_mismatch', message: 'x' },
      { field: '/rooms/floors', problem: 'above_top_floor', message: 'x' },
      { field: '/somethingElse', problem: 'x', message: 'x' },
    ])
    const r = placeFormErrors(error, ['creditCode', 'location', 'genFloors'], DICTS.en, 'building', { gridCode: 'location', 'rooms.floors': 'genFloors' })
    expect(r.fields.map((f) => f.name.join('.'))).toEqual(['creditCode', 'location', 'genFloors'])
    expect(r.fields[1]!.errors[0]).toBe(en['places.problem.grid_mismatch'])
    expect(r.fields[2]!.errors[0]).toBe(en['places.problem.above_top_floor'])
    expect(r.rest).toBe(1)
  })
})
