import { describe, expect, it } from 'vitest'
import type { CaseCategoryNode } from '../types'
import { cascaderOptions, categoryPath, filterOptions } from './categories'

const categories: CaseCategoryNode[] = [
  { code: 'environment', nameZh: '城市环境', nameEn: 'Environment', isPublic: true, subcategories: [{ code: 'environment.garbage', nameZh: '暴露垃圾', nameEn: 'Exposed garbage', isPublic: true }] },
  { code: 'other', nameZh: '其他', nameEn: 'Other', isPublic: true, subcategories: [] },
]

describe('category choices', () => {
  it('offers subcategories under their category, and a category without any as a leaf', () => {
    expect(cascaderOptions(categories, 'zh-CN')).toEqual([
      { value: 'environment', label: '城市环境', children: [{ value: 'environment.garbage', label: '暴露垃圾' }] },
      { value: 'other', label: '其他' },
    ])
    expect(cascaderOptions(categories, 'en-US')[0]!.children![0]!.label).toBe('Exposed garbage')
  })
  it('lets the filter take a whole category or one subcategory', () => {
    const groups = filterOptions(categories, 'zh-CN', (n) => `全部${n}`)
    expect(groups[0]!.options.map((o) => o.value)).toEqual(['environment', 'environment.garbage'])
    expect(groups[0]!.options[0]!.label).toBe('全部城市环境')
  })
  it('finds the path of a code', () => {
    expect(categoryPath(categories, 'environment.garbage')).toEqual(['environment', 'environment.garbage'])
    expect(categoryPath(categories, 'other')).toEqual(['other'])
    expect(categoryPath(categories, 'nope')).toBeUndefined()
  })
})
