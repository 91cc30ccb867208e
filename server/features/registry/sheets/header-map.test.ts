// Tests of mapHeaders and PERSON_COLUMNS: normalization (full-width, spaces, asterisks, colons, case),
// parenthesized hints, the three problems, and a property: any headers map without throwing, one key
// at most once.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mapHeaders, normalizeHeader, PERSON_COLUMNS, type ColumnSpec } from './header-map.ts'

const SPECS: ColumnSpec[] = [
  { key: 'name', required: true, aliases: ['姓名', '名字', 'name'] },
  { key: 'idNumber', required: true, aliases: ['公民身份号码', '身份证号', 'id number'] },
  { key: 'phone', aliases: ['联系电话', '电话', 'phone'] },
  { key: 'officePhone', aliases: ['电话(办公)'] },
]

describe('normalizeHeader', () => {
  it('folds full-width forms, drops whitespace, marks and trailing colons, lower-cases Latin', () => {
    expect(normalizeHeader(' *姓 名： ')).toBe('姓名')
    expect(normalizeHeader('＊姓名')).toBe('姓名')
    expect(normalizeHeader('姓名:')).toBe('姓名')
    expect(normalizeHeader('※ 住址')).toBe('住址')
    expect(normalizeHeader('ＩＤ　Ｎｕｍｂｅｒ')).toBe('idnumber')
    expect(normalizeHeader('联系电话（手机）')).toBe('联系电话(手机)')
    expect(normalizeHeader('\uFEFF姓名\u200B')).toBe('姓名')
  })
})

describe('mapHeaders', () => {
  it('maps headers as people write them', () => {
    const { columns, problems } = mapHeaders(['*姓名', '身份证号：', ' PHONE '], SPECS)
    expect(columns).toEqual(['name', 'idNumber', 'phone'])
    expect(problems).toEqual([])
  })

  it('drops a parenthesized hint only when the header as written matches nothing', () => {
    expect(mapHeaders(['姓名', '公民身份号码', '联系电话（手机）'], SPECS).columns).toEqual(['name', 'idNumber', 'phone'])
    expect(mapHeaders(['姓名', '公民身份号码', '电话（办公）'], SPECS).columns).toEqual(['name', 'idNumber', 'officePhone'])
    expect(mapHeaders(['姓名【必填】', '身份证号(18位)', '电话[选填]'], SPECS).columns).toEqual(['name', 'idNumber', 'phone'])
    const unknown = mapHeaders(['姓名', '身份证号', '微信（选填）'], SPECS)
    expect(unknown.columns).toEqual(['name', 'idNumber', null])
    expect(unknown.problems).toMatchObject([{ code: 'unknown_column', column: '微信（选填）', level: 'warning' }])
  })

  it('reports missing required columns by their Chinese name', () => {
    const { columns, problems } = mapHeaders(['名字', '电话'], SPECS)
    expect(columns).toEqual(['name', 'phone'])
    expect(problems).toMatchObject([{ code: 'missing_column', column: '公民身份号码' }])
    expect(problems[0]!.message).toContain('"公民身份号码"')
    expect(problems[0]!.message).toContain('"身份证号"')
    expect(problems[0]!.level).toBeUndefined()
  })

  it('reports a second header for the same key and reads only the first', () => {
    const { columns, problems } = mapHeaders(['姓名', '身份证号', '公民身份号码', '电话', 'phone'], SPECS)
    expect(columns).toEqual(['name', 'idNumber', null, 'phone', null])
    expect(problems).toMatchObject([
      { code: 'duplicate_column', column: '公民身份号码' },
      { code: 'duplicate_column', column: 'phone' },
    ])
    expect(problems[0]!.message).toContain('"身份证号"')
  })

  it('ignores empty headers without a problem (the reader reports them) and warns about unknown ones', () => {
    const { columns, problems } = mapHeaders(['序号', '姓名', '', '身份证号', '  '], SPECS)
    expect(columns).toEqual([null, 'name', null, 'idNumber', null])
    expect(problems).toEqual([{ code: 'unknown_column', level: 'warning', column: '序号', message: expect.stringContaining('序号') }])
  })

  it('refuses specs that give one alias two keys', () => {
    expect(() => mapHeaders([], [...SPECS, { key: 'mobile', aliases: ['电 话'] }])).toThrow(/phone and mobile/)
  })

  it('never throws for any headers, and maps each key at most once (property)', () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(...PERSON_COLUMNS.flatMap((s) => s.aliases)).chain((a) =>
        fc.constantFrom(a, `*${a}`, `${a}：`, ` ${a} `, `${a}（备注）`, a.toUpperCase(), a.normalize('NFKD')),
      ),
    )
    fc.assert(
      fc.property(fc.array(header, { maxLength: 30 }), (headers) => {
        const { columns, problems } = mapHeaders(headers, PERSON_COLUMNS)
        expect(columns).toHaveLength(headers.length)
        const keys = columns.filter((k): k is string => k !== null)
        expect(new Set(keys).size).toBe(keys.length)
        for (const p of problems) expect(['missing_column', 'unknown_column', 'duplicate_column']).toContain(p.code)
        for (const spec of PERSON_COLUMNS.filter((s) => s.required)) {
          expect(keys.includes(spec.key)).toBe(!problems.some((p) => p.code === 'missing_column' && p.column === spec.aliases[0]))
        }
      }),
    )
  })
})

describe('PERSON_COLUMNS', () => {
  const keys = ['name', 'formerName', 'idNumber', 'sex', 'birthDate', 'ethnicity', 'phone', 'residenceCategory', 'registeredAddress', 'address', 'gridCode', 'building', 'unit', 'room', 'relation', 'householdNo', 'politicalStatus', 'education', 'maritalStatus', 'religion', 'workplace', 'lon', 'lat']

  it('has every person field, with name, ID number and address required', () => {
    expect(PERSON_COLUMNS.map((s) => s.key)).toEqual(keys)
    expect(PERSON_COLUMNS.filter((s) => s.required).map((s) => s.key)).toEqual(['name', 'idNumber', 'address'])
    expect(() => mapHeaders([], PERSON_COLUMNS)).not.toThrow()
  })

  it('maps a community register and a public-security template', () => {
    const register = ['序号', '姓名', '性别', '民族', '出生日期', '公民身份号码', '联系电话', '人口类别', '户籍地址', '现住址', '所属网格', '楼栋', '单元', '房号', '与户主关系', '户号', '政治面貌', '文化程度', '婚姻状况', '宗教信仰', '工作单位', '经度', '纬度', '曾用名']
    const mapped = mapHeaders(register, PERSON_COLUMNS)
    expect(mapped.columns).toEqual([null, 'name', 'sex', 'ethnicity', 'birthDate', 'idNumber', 'phone', 'residenceCategory', 'registeredAddress', 'address', 'gridCode', 'building', 'unit', 'room', 'relation', 'householdNo', 'politicalStatus', 'education', 'maritalStatus', 'religion', 'workplace', 'lon', 'lat', 'formerName'])
    expect(mapped.problems.map((p) => p.code)).toEqual(['unknown_column'])

    const template = ['*姓名', '*身份证号码', '手机号码', '人员类别', '户籍地', '*居住地址', '网格编码', '楼栋名称', '门牌号', '学历', '服务处所', 'Longitude', 'LAT']
    expect(mapHeaders(template, PERSON_COLUMNS)).toEqual({
      columns: ['name', 'idNumber', 'phone', 'residenceCategory', 'registeredAddress', 'address', 'gridCode', 'building', 'room', 'education', 'workplace', 'lon', 'lat'],
      problems: [],
    })
    expect(mapHeaders(['姓名', '身份证号', '居住类型', '住址', '电话（手机）'], PERSON_COLUMNS).columns).toEqual(['name', 'idNumber', 'residenceCategory', 'address', 'phone'])
  })
})
