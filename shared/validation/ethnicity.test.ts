import { describe, expect, it } from 'vitest'
import { ETHNICITIES, ethnicityByCode, parseEthnicity } from './ethnicity.ts'

describe('ethnicities (GB 3304-1991)', () => {
  it('lists the 56 groups as 01–56 in order, then 97 and 98', () => {
    expect(ETHNICITIES).toHaveLength(58)
    expect(ETHNICITIES.map((e) => e.code)).toEqual([...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98'])
    expect(new Set(ETHNICITIES.map((e) => e.name)).size).toBe(58)
    expect(new Set(ETHNICITIES.flatMap((e) => (e.letters ? [e.letters] : []))).size).toBe(56)
  })

  it.each([
    ['01', '汉族', 'Han', 'HA'],
    ['02', '蒙古族', 'Mongol', 'MG'],
    ['03', '回族', 'Hui', 'HU'],
    ['04', '藏族', 'Zang', 'ZA'],
    ['10', '朝鲜族', 'Chosen', 'CS'],
    ['25', '水族', 'Sui', 'SU'],
    ['30', '土族', 'Tu', 'TU'],
    ['35', '撒拉族', 'Salar', 'SL'],
    ['47', '保安族', 'Bonan', 'BN'],
    ['56', '基诺族', 'Jino', 'JN'],
  ])('%s is %s (%s, %s)', (code, name, roman, letters) => {
    expect(ethnicityByCode(code)).toEqual({ code, name, roman, letters })
  })

  it.each([
    ['01', '01'],
    ['1', '01'],
    [' 04 ', '04'],
    ['汉族', '01'],
    ['汉', '01'],
    ['回族', '03'],
    ['撒拉', '35'],
    ['土族', '30'],
    ['土', '30'],
    ['土家族', '15'],
    ['土家', '15'],
    ['Han', '01'],
    ['han', '01'],
    ['TIBETAN', undefined],
    ['Zang', '04'],
    ['HA', '01'],
    ['sl', '35'],
    ['97', '97'],
    ['其他', '97'],
    ['98', '98'],
    ['外国血统中国籍人士', '98'],
    ['外国血统', '98'],
  ])('parses %j as %s', (input, code) => {
    const result = parseEthnicity(input)
    if (code === undefined) expect(result).toEqual({ ok: false, problems: ['unknown_ethnicity'] })
    else expect(result).toEqual({ ok: true, code, name: ethnicityByCode(code)!.name })
  })

  it.each(['57', '99', '0', '00', '001', '汉人', 'xx', '族'])('refuses %j as unknown', (input) => {
    expect(parseEthnicity(input)).toEqual({ ok: false, problems: ['unknown_ethnicity'] })
  })

  it.each([null, undefined, '', '  '])('calls %j empty', (input) => {
    expect(parseEthnicity(input)).toEqual({ ok: false, problems: ['empty'] })
  })

  it('reads every group back from each of its spellings, none of them ambiguous', () => {
    for (const e of ETHNICITIES) {
      const spellings = [e.code, String(Number(e.code)), e.name, e.roman, e.roman.toUpperCase(), e.roman.toLowerCase()]
      if (e.letters) spellings.push(e.letters, e.letters.toLowerCase())
      if (e.name.endsWith('族')) spellings.push(e.name.slice(0, -1))
      for (const s of spellings) expect(parseEthnicity(s), s).toMatchObject({ ok: true, code: e.code })
    }
  })
})
