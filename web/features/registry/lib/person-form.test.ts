import { describe, expect, it } from 'vitest'
import { makeIdNumber } from '../../../../shared/validation/id-number'
import type { PersonView } from '../types'
import { buildPatch, checkPersonField, createBody, derivedFromId, editMoves, editValuesOf, patchChangesSomething } from './person-form'

const ID = makeIdNumber('630103', '1990-02-28', 22) // even sequence: female

const person: PersonView = {
  id: 7,
  name: '卓玛',
  idNumberMasked: '630103********0220',
  sex: '2',
  birthDate: '1990-02-28',
  age: 35,
  ethnicity: '04',
  phoneMasked: '139****5678',
  residenceCategory: 'floating',
  address: '南关街12号',
  grid: { code: '630103001003001', name: '第一网格', level: 'grid' },
  status: 'active',
  lists: [],
  version: 3,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'a',
  updatedAt: '2026-01-02T00:00:00Z',
  updatedBy: 'b',
  formerName: null,
  registeredAddress: null,
  politicalStatus: '13',
  education: null,
  maritalStatus: null,
  religion: null,
  workplace: null,
  relation: null,
  household: null,
  room: null,
  location: null,
  statusReason: null,
  listEntries: [],
}

describe('checkPersonField', () => {
  it('finds the problems of one field as typed, with the shared validator', () => {
    expect(checkPersonField('idNumber', ID, { required: true })).toEqual([])
    const wrong = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0')
    expect(checkPersonField('idNumber', wrong, { required: true }).map((p) => p.problem)).toEqual(['bad_check_digit'])
    expect(checkPersonField('idNumber', '6301', { required: true }).map((p) => p.problem)).toEqual(['wrong_length'])
    expect(checkPersonField('phone', '1391234567').map((p) => p.problem)).toEqual(['wrong_length'])
    expect(checkPersonField('ethnicity', '99', { required: true }).map((p) => p.problem)).toEqual(['not_a_code'])
  })
  it('treats empty as a problem only for required fields', () => {
    expect(checkPersonField('name', '', { required: true }).map((p) => p.problem)).toEqual(['required'])
    expect(checkPersonField('name', undefined, { required: true }).map((p) => p.problem)).toEqual(['required'])
    expect(checkPersonField('phone', '  ')).toEqual([])
    expect(checkPersonField('idNumber', '', { required: false })).toEqual([])
  })
})

describe('derivedFromId', () => {
  it('reads birth date, sex and age off a valid number only', () => {
    expect(derivedFromId(ID, '2026-03-01')).toEqual({ birthDate: '1990-02-28', sex: '2', age: 36 })
    expect(derivedFromId(makeIdNumber('630103', '2000-06-15', 11), '2026-06-14')).toEqual({ birthDate: '2000-06-15', sex: '1', age: 25 })
    expect(derivedFromId(ID.slice(0, 17))).toBeUndefined()
    expect(derivedFromId('')).toBeUndefined()
  })
})

describe('createBody', () => {
  const values = { name: ' 卓玛 ', idNumber: ` ${ID} `, ethnicity: '04', residenceCategory: 'floating', address: '南关街12号 ', phone: '', workplace: '  ' }
  it('sends the required fields trimmed, leaves empty optional ones out, and the grid when picked', () => {
    expect(createBody({ ...values, placement: 'grid', gridCode: '630103001003001' })).toEqual({
      name: '卓玛',
      idNumber: ID,
      ethnicity: '04',
      residenceCategory: 'floating',
      address: '南关街12号',
      gridCode: '630103001003001',
    })
  })
  it('sends the location only when placing by location, nothing when placing by address', () => {
    const location = { lon: 101.78, lat: 36.62 }
    expect(createBody({ ...values, placement: 'location', gridCode: '630103001003001', location })).toMatchObject({ location })
    expect(createBody({ ...values, placement: 'location', location }).gridCode).toBeUndefined()
    const byAddress = createBody({ ...values, placement: 'address', gridCode: '630103001003001', location })
    expect(byAddress.gridCode).toBeUndefined()
    expect(byAddress.location).toBeUndefined()
  })
})

describe('buildPatch', () => {
  it('sends the version and only what changed; emptied optional fields become null', () => {
    const v = { ...editValuesOf(person), name: '卓玛 ', politicalStatus: undefined, workplace: '城中区医院' }
    expect(buildPatch(person, v)).toEqual({ version: 3, politicalStatus: null, workplace: '城中区医院' })
  })
  it('sends a new ID number or phone only when one was typed', () => {
    expect(buildPatch(person, editValuesOf(person))).toEqual({ version: 3 })
    expect(patchChangesSomething(buildPatch(person, editValuesOf(person)))).toBe(false)
    expect(buildPatch(person, { ...editValuesOf(person), phone: '13800001111' })).toEqual({ version: 3, phone: '13800001111' })
  })
  it('moves to another grid with the reason given', () => {
    const v = { ...editValuesOf(person), gridCode: '630103001003002', moveReason: '搬家' }
    expect(editMoves(person, v)).toBe(true)
    expect(buildPatch(person, v)).toEqual({ version: 3, gridCode: '630103001003002', moveReason: '搬家' })
    // A reason alone changes nothing.
    const same = { ...editValuesOf(person), moveReason: '搬家' }
    expect(editMoves(person, same)).toBe(false)
    expect(patchChangesSomething(buildPatch(person, same))).toBe(false)
  })
})
