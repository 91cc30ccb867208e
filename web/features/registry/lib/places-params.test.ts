import { describe, expect, it } from 'vitest'
import { zh } from '../../../shared/i18n/messages.zh'
import type { ChangeEntry } from '../places-types'
import { describePlaceChange } from './places-history'
import { buildingParams, concernParams, facilityParams, organizationParams, queryText, switchTab, tabOf } from './places-params'
import type { TryT } from './problems'

const tryT: TryT = (key, params) => {
  const m = (zh as Record<string, string>)[key]
  return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (all, name: string) => (params && name in params ? String(params[name]) : all))
}
const sp = (s: string) => new URLSearchParams(s)

describe('the places page URL', () => {
  it('reads the tab, the text and each tab\'s filters, dropping what it does not know', () => {
    expect(tabOf(sp(''))).toBe('buildings')
    expect(tabOf(sp('tab=concerns'))).toBe('concerns')
    expect(tabOf(sp('tab=people'))).toBe('buildings')
    expect(queryText('  夏都 ')).toBe('夏都')
    expect(queryText('   ')).toBeUndefined()
    expect(buildingParams(sp('area=630103001003&use=residential&hazard=serious&status=any'), 'x')).toEqual({
      q: 'x',
      areaCode: '630103001003',
      use: 'residential',
      hazardGrade: 'serious',
      status: 'any',
    })
    expect(buildingParams(sp('area=63&use=castle&hazard=9&status=gone'))).toEqual({ q: undefined, areaCode: undefined, use: undefined, hazardGrade: undefined, status: undefined })
    expect(organizationParams(sp('kind=school&key=1'))).toMatchObject({ kind: 'school', keyPlace: true })
    expect(organizationParams(sp('key=0')).keyPlace).toBe(false)
    expect(facilityParams(sp('class=public_utility&fkind=manhole&state=damaged&danger=1'))).toMatchObject({ class: 'public_utility', kind: 'manhole', state: 'damaged', hazard: true })
    expect(concernParams(sp('theme=safety&cstatus=open&status=retired'))).toEqual({ areaCode: undefined, theme: 'safety', status: 'open' })
  })
  it('keeps the area across tabs and drops the text and the other tabs\' filters', () => {
    expect(switchTab(sp('area=630103001003&q=夏都&use=residential&theme=safety'), 'concerns').toString()).toBe('area=630103001003&tab=concerns&theme=safety')
    expect(switchTab(sp('tab=concerns&cstatus=open'), 'buildings').toString()).toBe('')
  })
})

describe('a place\'s history', () => {
  const entry = (over: Partial<ChangeEntry>): ChangeEntry => ({ id: 1, entity: 'building', entityId: 1, action: 'update', actor: 'w', at: '2026-01-01T00:00:00Z', changes: {}, reason: null, ...over })
  it('names the action and each field, codes as labels', () => {
    const v = describePlaceChange(entry({ changes: { use: ['residential', 'mixed'], hazardGrade: ['safe', 'serious'], floors: [6, null] } }), 'zh-CN', tryT)
    expect(v.title).toBe('修改信息')
    expect(v.lines).toEqual([
      { field: 'use', label: '用途', before: '住宅', after: '商住混合' },
      { field: 'hazardGrade', label: '隐患等级', before: '安全', after: '严重隐患' },
      { field: 'floors', label: '总层数', before: '6', after: '—' },
    ])
  })
  it('reads facility kinds, states, a building\'s move and added rooms', () => {
    const f = describePlaceChange(entry({ entity: 'facility', action: 'state', changes: { state: ['intact', 'damaged'] } }), 'zh-CN', tryT)
    expect(f.title).toBe('状态变化')
    expect(f.lines[0]).toMatchObject({ label: '部件状态', before: '完好', after: '损坏' })
    const m = describePlaceChange(entry({ action: 'move', changes: { gridCode: ['630103001003001', '630103001003002'], moved: { people: 3, households: 1, rentals: 0 } } }), 'zh-CN', tryT)
    expect(m.lines[1]).toMatchObject({ label: '随楼栋迁移', text: '3 人、1 户、0 处出租房屋' })
    const r = describePlaceChange(entry({ action: 'rooms.add', changes: { rooms: 2, numbers: ['unit 1 room 701', 'unit 1 room 702'] } }), 'zh-CN', tryT)
    expect(r.title).toBe('增加房间')
    expect(r.lines[1]!.text).toBe('unit 1 room 701、unit 1 room 702')
    const c = describePlaceChange(entry({ entity: 'concern', action: 'create', changes: { theme: 'safety', placedBy: 'person' } }), 'zh-CN', tryT)
    expect(c.lines).toEqual([
      { field: 'theme', label: '类别', text: '治安安全' },
      { field: 'placedBy', label: '确定网格的方式', text: '按居民' },
    ])
  })
})
