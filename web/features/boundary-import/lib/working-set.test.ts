import { describe, expect, it } from 'vitest'
import { checkFeatures, chineseNumber, isDescendantCode, suggestChildCode, toImportBody, type WorkingFeature } from './working-set'

const geometry = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }
const f = (id: string, code: string, name = 'n'): WorkingFeature => ({ id, code, name, responsibleUnit: '', geometry, origin: 'drawn' })

describe('suggestChildCode', () => {
  it('takes the next free serial under the parent', () => {
    expect(suggestChildCode('630102001001', 'community', ['630102001001001', '630102001001004', '630102001002009'])).toBe('630102001001005')
  })
  it('starts at 001 and gives up where codes are not parent + serial (districts)', () => {
    expect(suggestChildCode('630102001', 'street', [])).toBe('630102001001')
    expect(suggestChildCode('630100', 'city', [])).toBe('')
  })
})

describe('chineseNumber', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [105, '一百零五'],
    [110, '一百一十'],
    [999, '九百九十九'],
  ])('%i → %s', (n, s) => expect(chineseNumber(n)).toBe(s))
})

describe('isDescendantCode', () => {
  it('follows the implied parents up to the ancestor', () => {
    expect(isDescendantCode('630102001001001', '630102001001')).toBe(true)
    expect(isDescendantCode('630102001001001', '630102')).toBe(true)
    expect(isDescendantCode('630102', '630100')).toBe(true)
    expect(isDescendantCode('630103001', '630102')).toBe(false)
  })
})

describe('checkFeatures', () => {
  it('flags missing, malformed, foreign and duplicate codes and missing names', () => {
    const checks = checkFeatures(
      [f('a', ''), f('b', '63010200100x'), f('c', '630103001001001'), f('d', '630102001001002'), f('e', '630102001001002', ' '), f('g', '630102001001000')],
      '630102001001',
      'community',
    )
    expect(checks.get('a')).toEqual([{ problem: 'codeMissing' }])
    expect(checks.get('b')).toEqual([{ problem: 'codeDigits' }])
    expect(checks.get('c')).toEqual([{ problem: 'codePrefix', parent: '630102001001' }])
    expect(checks.get('d')).toEqual([{ problem: 'codeDuplicate' }])
    expect(checks.get('e')).toEqual([{ problem: 'codeDuplicate' }, { problem: 'nameMissing' }])
    expect(checks.get('g')).toEqual([{ problem: 'gridSerial' }])
  })
})

describe('toImportBody', () => {
  it('keeps the list order and sends only code, name and a non-empty responsible unit', () => {
    const body = toImportBody([{ ...f('a', ' 630102001001001 ', ' 一 '), responsibleUnit: '站' }, f('b', '630102001001002')])
    expect(body.features.map((x) => x.properties)).toEqual([
      { code: '630102001001001', name: '一', responsible_unit: '站' },
      { code: '630102001001002', name: 'n' },
    ])
  })
})
