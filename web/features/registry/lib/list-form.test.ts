import { describe, expect, it } from 'vitest'
import { LIST_DEFINITIONS, validateListFields } from '../../../../shared/registry/lists'
import { choosableLists, listFieldText, listFormProblems, toListFields } from './list-form'

describe('choosableLists', () => {
  it('offers care lists to everyone and special groups only with registry.special', () => {
    const care = choosableLists(false)
    expect(care).toContain('elderly_alone')
    expect(care.every((c) => LIST_DEFINITIONS[c].kind === 'care')).toBe(true)
    expect(choosableLists(true)).toContain('community_correction')
  })
})

describe('toListFields', () => {
  it('drops empty values, trims text and keeps types', () => {
    expect(toListFields('elderly_alone', { emergencyContact: ' 王芳 ', emergencyPhone: '139 1234 5678', needsCare: false })).toEqual({
      emergencyContact: '王芳',
      emergencyPhone: '139 1234 5678',
      needsCare: false,
    })
    expect(toListFields('elderly_alone', { emergencyContact: '  ', emergencyPhone: undefined, needsCare: undefined })).toEqual({})
  })
  it('converts numbers typed as text, leaves non-numbers for the check to name', () => {
    expect(toListFields('low_income', { kind: 'urban_dibao', monthlyAmount: '650.5', householdSize: 3, approvedOn: '2025-01-31' })).toEqual({
      kind: 'urban_dibao',
      monthlyAmount: 650.5,
      householdSize: 3,
      approvedOn: '2025-01-31',
    })
    expect(toListFields('low_income', { kind: 'urban_dibao', monthlyAmount: null, householdSize: '' })).toEqual({ kind: 'urban_dibao' })
    const odd = toListFields('low_income', { kind: 'urban_dibao', householdSize: 'three' })
    expect(odd.householdSize).toBe('three')
    expect(validateListFields('low_income', odd).ok).toBe(false)
  })
  it('drops keys the list does not have', () => {
    expect(toListFields('hiv', { followUpUnit: '疾控中心', sneaky: 'x' })).toEqual({ followUpUnit: '疾控中心' })
  })
  it('gives what validateListFields accepts for a complete form of every list', () => {
    for (const def of Object.values(LIST_DEFINITIONS)) {
      const values: Record<string, string | number | boolean> = {}
      for (const f of def.fields) {
        if (f.type === 'text') values[f.key] = '内容'
        else if (f.type === 'date') values[f.key] = f.key === 'correctionEnd' ? '2027-01-01' : '2026-01-01'
        else if (f.type === 'boolean') values[f.key] = true
        else if (f.type === 'integer' || f.type === 'number') values[f.key] = f.min
        else if (f.type === 'phone') values[f.key] = '0971-6123456'
        else if (f.type === 'enum') values[f.key] = f.options[0]!.code
      }
      expect(validateListFields(def.code, toListFields(def.code, values)).ok, def.code).toBe(true)
    }
  })
})

describe('listFormProblems', () => {
  it('gives each field its problems, cross-field ones included', () => {
    const p = listFormProblems('elderly_alone', { emergencyPhone: '123' })
    expect(p.get('emergencyContact')?.map((x) => x.code)).toEqual(['required'])
    expect(p.get('emergencyPhone')?.map((x) => x.code)).toEqual(['bad_phone'])
    expect(p.has('needsCare')).toBe(false)
    const range = listFormProblems('community_correction', { sentenceType: 'probation', caseType: '盗窃', correctionStart: '2026-05-01', correctionEnd: '2026-01-01' })
    expect(range.get('correctionEnd')?.map((x) => x.code)).toEqual(['bad_range'])
  })
})

describe('listFieldText', () => {
  const yesNo = { yes: '是', no: '否' }
  const field = (list: keyof typeof LIST_DEFINITIONS, key: string) => LIST_DEFINITIONS[list].fields.find((f) => f.key === key)!
  it('shows options by label, booleans as yes/no, the rest as stored', () => {
    expect(listFieldText(field('disabled', 'category'), 'visual', 'zh-CN', yesNo)).toBe('视力残疾')
    expect(listFieldText(field('disabled', 'category'), 'visual', 'en-US', yesNo)).toBe('Visual')
    expect(listFieldText(field('elderly_alone', 'needsCare'), false, 'zh-CN', yesNo)).toBe('否')
    expect(listFieldText(field('elderly_alone', 'emergencyPhone'), '139****5678', 'zh-CN', yesNo)).toBe('139****5678')
    expect(listFieldText(field('elderly_alone', 'emergencyContact'), undefined, 'zh-CN', yesNo)).toBe('—')
  })
})
