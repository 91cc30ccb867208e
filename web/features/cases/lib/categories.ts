// The categories as the form's Cascader and the inbox's filter show them. Cases are filed under a
// subcategory, or under a category that has none; the filter takes either (a category finds all its
// subcategories' cases).
import type { CaseCategoryNode } from '../types'
import { nameIn } from './labels'

type Lang = 'zh-CN' | 'en-US'

export interface CascaderOption {
  value: string
  label: string
  children?: CascaderOption[]
}

export function cascaderOptions(categories: readonly CaseCategoryNode[], lang: Lang): CascaderOption[] {
  return categories.map((c) => ({
    value: c.code,
    label: nameIn(lang, c),
    ...(c.subcategories.length > 0 ? { children: c.subcategories.map((s) => ({ value: s.code, label: nameIn(lang, s) })) } : {}),
  }))
}

/** Grouped options of a select: each category ("all of it") and its subcategories. */
export function filterOptions(categories: readonly CaseCategoryNode[], lang: Lang, allOf: (name: string) => string) {
  return categories.map((c) => ({
    label: nameIn(lang, c),
    title: nameIn(lang, c),
    options: [{ value: c.code, label: allOf(nameIn(lang, c)) }, ...c.subcategories.map((s) => ({ value: s.code, label: nameIn(lang, s) }))],
  }))
}

/** The Cascader path of a filed code: [category, subcategory], or [category]. */
export function categoryPath(categories: readonly CaseCategoryNode[], code: string | undefined): string[] | undefined {
  if (!code) return undefined
  for (const c of categories) {
    if (c.code === code) return [c.code]
    if (c.subcategories.some((s) => s.code === code)) return [c.code, code]
  }
  return undefined
}
