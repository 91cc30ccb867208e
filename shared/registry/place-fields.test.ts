import { describe, expect, it } from 'vitest'
import { makeCreditCode, CREDIT_CODE_CHARSET } from '../validation/credit-code.ts'
import { textProblem, validateConcernFields, validateFacilityFields, validateOrganizationFields, type FieldProblem } from './place-fields.ts'

const CODE = makeCreditCode('91', '630103', 'WYQ00001')
/** The code with its check character (position 18) replaced by another valid character. */
const badCheck = (code: string) => code.slice(0, 17) + CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(code[17]!) + 1) % 31]
const pairs = (problems: FieldProblem[]) => problems.map((p) => `${p.field}:${p.problem}`).sort()

describe('validateOrganizationFields', () => {
  const org = { name: ' 西宁市城东区某某商贸有限公司 ', kind: 'business', creditCode: CODE.toLowerCase(), address: '南关街12号', phone: '0971-6123456' }

  it('cleans a whole record: codes from labels, upper-cased credit code, normalised phone', () => {
    const r = validateOrganizationFields({ ...org, kind: '非公有制经济组织', legalRep: '阿依古丽·买买提', employees: '12', securityContact: '张三', phone: '138 1234 5678' })
    expect(r.ok).toBe(true)
    expect(r.value).toEqual({
      name: '西宁市城东区某某商贸有限公司',
      kind: 'business',
      creditCode: CODE,
      legalRep: '阿依古丽·买买提',
      address: '南关街12号',
      employees: 12,
      securityContact: '张三',
      phone: '13812345678',
      keyPlace: false,
    })
  })

  it('makes schools, hazardous-chemical units and key sites key places unless told otherwise', () => {
    expect(validateOrganizationFields({ ...org, kind: 'school', creditCode: null }).value.keyPlace).toBe(true)
    expect(validateOrganizationFields({ ...org, kind: '危化品单位', creditCode: null }).value.keyPlace).toBe(true)
    expect(validateOrganizationFields({ ...org, kind: 'school', creditCode: null, keyPlace: '否' }).value.keyPlace).toBe(false)
    expect(validateOrganizationFields({ ...org, kind: 'party', creditCode: null, keyPlace: true }).value.keyPlace).toBe(true)
  })

  it('names each credit-code problem', () => {
    const problems = (creditCode: string) => pairs(validateOrganizationFields({ ...org, creditCode }).problems)
    expect(problems(CODE.slice(0, 17))).toEqual(['creditCode:wrong_length'])
    expect(problems(`${CODE.slice(0, 4)}I${CODE.slice(5)}`)).toContain('creditCode:bad_characters')
    expect(problems(badCheck(CODE))).toEqual(['creditCode:bad_check_character'])
    expect(problems(`${CODE.slice(0, 16)}${CODE[16] === '0' ? '1' : '0'}${CODE[17]}`)).toContain('creditCode:bad_org_check')
  })

  it('asks a credit code of businesses and social organizations only', () => {
    expect(pairs(validateOrganizationFields({ ...org, creditCode: '' }).problems)).toEqual(['creditCode:required'])
    expect(pairs(validateOrganizationFields({ ...org, kind: 'social', creditCode: null }).problems)).toEqual(['creditCode:required'])
    expect(validateOrganizationFields({ ...org, kind: 'government', creditCode: null }).ok).toBe(true)
  })

  it('lists every problem of a record at once', () => {
    const r = validateOrganizationFields({
      name: '',
      kind: '公司',
      creditCode: '123',
      legalRep: '张\u202e三',
      address: '南关街\u000712号',
      employees: -1,
      securityContact: '李4',
      phone: '1391234567',
      keyPlace: 'maybe',
    })
    expect(pairs(r.problems)).toEqual([
      'address:control_character',
      'creditCode:wrong_length',
      'employees:out_of_range',
      'keyPlace:not_a_boolean',
      'kind:not_a_code',
      'legalRep:bidi_control',
      'name:required',
      'phone:wrong_length',
      'securityContact:bad_characters',
    ])
    expect(pairs(validateOrganizationFields({ ...org, employees: 'x' }).problems)).toEqual(['employees:not_an_integer'])
    expect(pairs(validateOrganizationFields({ ...org, name: '长'.repeat(101) }).problems)).toEqual(['name:too_long'])
    expect(pairs(validateOrganizationFields({ ...org, address: undefined }).problems)).toEqual(['address:required'])
    expect(validateOrganizationFields({ ...org, address: undefined }, { addressOptional: true }).ok).toBe(true)
  })

  it('checks only the fields given in an update, with the rules across fields against the record', () => {
    const current = { kind: 'other' as const, creditCode: null }
    expect(validateOrganizationFields({ employees: 3 }, { partial: true, current })).toEqual({ ok: true, value: { employees: 3 }, problems: [] })
    expect(pairs(validateOrganizationFields({ kind: 'business' }, { partial: true, current }).problems)).toEqual(['creditCode:required'])
    expect(validateOrganizationFields({ kind: 'business', creditCode: CODE }, { partial: true, current }).ok).toBe(true)
    expect(pairs(validateOrganizationFields({ creditCode: null }, { partial: true, current: { kind: 'business', creditCode: CODE } }).problems)).toEqual(['creditCode:required'])
    expect(validateOrganizationFields({ phone: null, legalRep: '' }, { partial: true, current }).value).toEqual({ phone: null, legalRep: null })
  })
})

describe('validateFacilityFields', () => {
  const facility = { class: 'public_utility', kind: 'manhole', name: '南关街井盖（1号）' }

  it('cleans a whole record with defaults: intact, no hazard', () => {
    const r = validateFacilityFields({ ...facility, class: '公用设施', kind: '井盖', code: ' 630103-JG-000001 ', ownerDept: '市政公用局' })
    expect(r).toEqual({
      ok: true,
      problems: [],
      value: { class: 'public_utility', kind: 'manhole', name: '南关街井盖（1号）', code: '630103-JG-000001', ownerDept: '市政公用局', maintainerDept: null, state: 'intact', hazard: false },
    })
    expect(validateFacilityFields({ ...facility, state: '损坏', hazard: true }).value).toMatchObject({ state: 'damaged', hazard: true })
  })

  it('accepts other kinds as snake_case codes', () => {
    expect(validateFacilityFields({ ...facility, kind: 'smart_bench' }).value.kind).toBe('smart_bench')
    expect(pairs(validateFacilityFields({ ...facility, kind: 'Smart Bench' }).problems)).toEqual(['kind:not_a_code'])
    expect(pairs(validateFacilityFields({ ...facility, kind: 'x' }).problems)).toEqual(['kind:not_a_code'])
  })

  it('lists every problem', () => {
    const r = validateFacilityFields({ class: 'roads', kind: '', name: '灯\u200b', code: '井盖 1', state: 'broken', ownerDept: '部'.repeat(101), hazard: 'perhaps' })
    expect(pairs(r.problems)).toEqual([
      'class:not_a_code',
      'code:bad_format',
      'hazard:not_a_boolean',
      'kind:required',
      'name:control_character',
      'ownerDept:too_long',
      'state:not_a_code',
    ])
  })

  it('checks only the fields given in an update, without defaults', () => {
    expect(validateFacilityFields({ state: 'missing' }, { partial: true })).toEqual({ ok: true, value: { state: 'missing' }, problems: [] })
    expect(validateFacilityFields({ code: null }, { partial: true }).value).toEqual({ code: null })
  })
})

describe('validateConcernFields', () => {
  it('keeps line breaks in the content, and takes a theme from its label', () => {
    const r = validateConcernFields({ theme: '环境卫生', content: '  小区垃圾清运不及时，\n楼道堆放杂物。\r\n希望处理。 ', residentName: '王芳' })
    expect(r).toEqual({ ok: true, problems: [], value: { theme: 'environment', content: '小区垃圾清运不及时，\n楼道堆放杂物。\r\n希望处理。', residentName: '王芳' } })
    expect(validateConcernFields({ theme: 'other', content: '匿名反映' }).value.residentName).toBeNull()
  })

  it('refuses control and bidi characters, empty and over-long content, unknown themes', () => {
    expect(pairs(validateConcernFields({ theme: 'other', content: '内容\u202e倒序' }).problems)).toEqual(['content:bidi_control'])
    expect(pairs(validateConcernFields({ theme: 'other', content: '响铃\u0007' }).problems)).toEqual(['content:control_character'])
    expect(pairs(validateConcernFields({ theme: 'other', content: '   ' }).problems)).toEqual(['content:required'])
    expect(pairs(validateConcernFields({ theme: 'other', content: '话'.repeat(2001) }).problems)).toEqual(['content:too_long'])
    expect(validateConcernFields({ theme: 'other', content: '𠮷'.repeat(2000) }).ok).toBe(true)
    expect(pairs(validateConcernFields({ theme: 'weather', content: '好' }).problems)).toEqual(['theme:not_a_code'])
    expect(pairs(validateConcernFields({ theme: 'other', content: '好', residentName: '王\u200d芳' }).problems)).toEqual(['residentName:invisible_characters'])
  })
})

describe('textProblem', () => {
  it('allows line breaks only in multi-line text', () => {
    expect(textProblem('a\nb', { max: 10 })?.problem).toBe('control_character')
    expect(textProblem('a\nb', { max: 10, multiline: true })).toBeUndefined()
    expect(textProblem('a\u2066b', { max: 10, multiline: true })?.problem).toBe('bidi_control')
    // Emoji sequences join with U+200D; a zero-width space or word joiner is refused everywhere.
    expect(textProblem('一家人👨\u200d👩\u200d👧', { max: 20, multiline: true })).toBeUndefined()
    expect(textProblem('公司\u200d', { max: 20 })?.problem).toBe('control_character')
    expect(textProblem('反映\u2060', { max: 20, multiline: true })?.problem).toBe('control_character')
    expect(textProblem('𠮷𠮷', { max: 2 })).toBeUndefined()
  })
})
