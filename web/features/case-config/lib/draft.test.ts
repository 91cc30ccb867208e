import { describe, expect, it } from 'vitest'
import { addCategory, addRow, countChanges, newKey, patchRow, percentToShare, removeRow, shareToPercent, stableJson, toDocument, toDraft } from './draft'
import { testDocument } from './test-document'

describe('document ↔ draft', () => {
  it('gives back the same document when nothing is edited', () => {
    const view = testDocument()
    const { version: _v, updatedAt: _a, updatedBy: _b, ...doc } = view
    expect(toDocument(toDraft(view))).toEqual(doc)
  })

  it('never gives a new row the key of a row read', () => {
    const d = toDraft(testDocument())
    const keys = new Set([...d.periods, ...d.calendarDays, ...d.categories, ...d.limits, ...d.escalations].map((r) => r.key))
    for (const prefix of ['p', 'd', 'c', 'l', 'e', 'n', 'c:'])
      for (let i = 0; i < 400; i++) expect(keys.has(newKey(prefix))).toBe(false)
  })

  it('keys every row, writes times as HH:MM and the share in percent', () => {
    const d = toDraft(testDocument())
    expect(d.periods).toEqual([
      { key: 'p0', start: '09:00', end: '12:00' },
      { key: 'p1', start: '13:00', end: '17:00' },
    ])
    expect(d.yellowPercent).toBe(75)
    expect(new Set(d.limits.map((l) => l.key)).size).toBe(d.limits.length)
    expect(d.categories.every((c) => c.saved && c.key === `c:${c.code}`)).toBe(true)
  })

  it('turns percent into a share and back without float noise', () => {
    for (const p of [50, 62.5, 70, 75, 77.7, 95]) expect(shareToPercent(percentToShare(p))).toBe(p)
    expect(percentToShare(70)).toBe(0.7)
    expect(percentToShare(77.7)).toBe(0.777)
  })

  it('sends edited rows in draft order, trimmed, without keys', () => {
    let d = toDraft(testDocument())
    d = addRow(d, 'calendarDays', { key: newKey('d'), date: ' 2027-01-01 ', kind: 'holiday', name: ' 元旦 ' })
    d = { ...d, periods: [{ key: 'p0', start: '8:30', end: '12:00' }] }
    const doc = toDocument(d)
    expect(doc.calendarDays.at(-1)).toEqual({ date: '2027-01-01', kind: 'holiday', name: '元旦' })
    expect(doc.settings.periods).toEqual([[510, 720]])
    expect(JSON.stringify(doc)).not.toContain('"key"')
  })

  it('leaves out empty optional attribute parts', () => {
    let d = toDraft(testDocument())
    d = patchRow(d, 'categories', 'c:environment.garbage', {
      attributes: [{ variable: true, code: 'size', datatype: 'string', required: false, order: 1, description: '大小', datatype_description: undefined, values: [] }],
    })
    const sent = toDocument(d).categories.find((c) => c.code === 'environment.garbage')!
    expect(sent.attributes).toEqual([{ variable: true, code: 'size', datatype: 'string', required: false, order: 1, description: '大小' }])
  })
})

describe('pending changes', () => {
  it('counts rows added, removed and changed, per tab', () => {
    const base = toDraft(testDocument())
    expect(countChanges(base, base).total).toBe(0)
    let d = patchRow(base, 'limits', 'l4', { amount: 6 })
    d = removeRow(d, 'limits', 'l5')
    d = addRow(d, 'calendarDays', { key: newKey('d'), date: '2027-01-01', kind: 'holiday', name: '元旦' })
    d = patchRow(d, 'categories', 'c:dispute.contract', { active: false })
    d = { ...d, yellowPercent: 80 }
    const c = countChanges(base, d)
    expect(c).toMatchObject({ limits: 2, calendar: 1, categories: 1, settings: 1, escalations: 0, total: 5 })
  })

  it('does not count an edit that was undone, or a time typed differently', () => {
    const base = toDraft(testDocument())
    let d = patchRow(base, 'limits', 'l0', { amount: 3 })
    d = patchRow(d, 'limits', 'l0', { amount: 2 })
    d = patchRow(d, 'periods', 'p0', { start: '9:00' })
    d = patchRow(d, 'categories', 'c:dispute', { nameZh: '矛盾纠纷 ' })
    expect(countChanges(base, d).total).toBe(0)
  })

  it('compares attributes whatever the order of their fields', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }))
  })
})

describe('new categories', () => {
  it('puts a new subcategory after its category’s last one, and a new category at the end', () => {
    const base = toDraft(testDocument())
    const d = addCategory(base, 'security', 'k1')
    const i = d.categories.findIndex((c) => c.key === 'k1')
    expect(d.categories[i - 1]!.code).toBe('security.other')
    expect(d.categories[i]).toMatchObject({ code: 'security.', parentCode: 'security', saved: false, active: true })
    const top = addCategory(base, null, 'k2')
    expect(top.categories.at(-1)).toMatchObject({ key: 'k2', parentCode: null, code: '' })
  })
})
