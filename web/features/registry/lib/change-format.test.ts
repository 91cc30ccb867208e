import { describe, expect, it } from 'vitest'
import { zh } from '../../../shared/i18n/messages.zh'
import { en } from '../../../shared/i18n/messages.en'
import type { ChangeEntry } from '../types'
import { describeChange, fieldLabel } from './change-format'
import type { TryT } from './problems'

const lookup =
  (dict: Record<string, string>): TryT =>
  (key, params) => {
    const m = dict[key]
    return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (all, name: string) => (params && name in params ? String(params[name]) : all))
  }

const entry = (action: string, changes: Record<string, unknown>, reason: string | null = null): ChangeEntry => ({
  id: 1,
  entity: 'person',
  entityId: 7,
  action,
  actor: 'staff1',
  at: '2026-03-01T08:00:00Z',
  changes,
  reason,
})

describe('describeChange', () => {
  it('names an update\'s fields and shows codes by their labels', () => {
    const v = describeChange(entry('update', { residenceCategory: ['floating', 'registered'], phone: ['139****5678', null], ethnicity: ['01', '03'] }), 'zh-CN', lookup(zh))
    expect(v.title).toBe('修改信息')
    expect(v.lines).toEqual([
      { field: 'residenceCategory', label: '人口类别', before: '流动人口', after: '户籍人口' },
      { field: 'phone', label: '联系电话', before: '139****5678', after: '—' },
      { field: 'ethnicity', label: '民族', before: '汉族', after: '回族' },
    ])
  })
  it('names the list in list changes and the list\'s own fields by their labels', () => {
    const add = describeChange(entry('list.add', { listCode: 'elderly_alone', entryId: 4, attention: 'general' }), 'zh-CN', lookup(zh))
    expect(add.title).toBe('列入名单：独居老人')
    expect(add.lines).toEqual([{ field: 'attention', label: '关注程度', text: '一般' }])
    const upd = describeChange(entry('list.update', { listCode: 'elderly_alone', entryId: 4, fields: ['attention', 'fields.emergencyPhone'] }), 'en-US', lookup(en))
    expect(upd.title).toBe('Entry of “Elderly living alone” changed')
    expect(upd.lines[0]?.text).toBe('Attention, Emergency phone')
    const end = describeChange(entry('list.end', { listCode: 'elderly_alone', entryId: 4 }, '已入住养老院'), 'zh-CN', lookup(zh))
    expect(end.title).toBe('移出名单：独居老人')
    expect(end.lines).toEqual([])
  })
  it('reads status changes, registrations and moves', () => {
    const s = describeChange(entry('status', { status: ['active', 'moved_out'], listsEnded: 2 }), 'en-US', lookup(en))
    expect(s.lines).toEqual([
      { field: 'status', label: 'Status', before: 'Active', after: 'Moved out' },
      { field: 'listsEnded', label: 'Lists ended with it', text: '2' },
    ])
    expect(describeChange(entry('create', { placedBy: 'grid' }), 'zh-CN', lookup(zh)).lines).toEqual([{ field: 'placedBy', label: '确定网格的方式', text: '按网格' }])
    const move = describeChange(entry('move', { gridCode: ['630103001003001', '630103001003002'], location: [null, { lon: 101.7, lat: 36.6 }] }), 'zh-CN', lookup(zh))
    expect(move.title).toBe('迁移住址')
    expect(move.lines[1]).toEqual({ field: 'location', label: '位置', before: '—', after: '101.700000, 36.600000' })
  })
  it('keeps unknown actions and fields readable', () => {
    const v = describeChange(entry('merge', { somethingNew: ['a', 'b'] }), 'zh-CN', lookup(zh))
    expect(v.title).toBe('merge')
    expect(v.lines).toEqual([{ field: 'somethingNew', label: 'somethingNew', before: 'a', after: 'b' }])
    expect(fieldLabel(lookup(en), 'idNumber')).toBe('ID number')
  })
})
