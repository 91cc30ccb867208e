// 分类: the categories with their subcategories beneath, each with its names (zh/en), whether the
// public is offered it, and whether it is active. Saved categories are never removed (cases refer to
// them): they are switched off. New ones get a code (the subcategory's after its category's) and can
// be taken out again before saving. A subcategory's Open311 attributes open in a drawer.
import { DeleteOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons'
import { Button, Input, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { useI18n } from '../../../shared/i18n'
import type { DraftCategory } from '../types'
import { addCategory, patchRow, removeRow } from '../lib/draft'
import { problemsAt, tabProblems } from '../lib/checks'
import { categoryName } from '../lib/labels'
import { AttributesDrawer } from './attributes-drawer'
import { RowProblems, statusOf, type TabProps } from './bits'

/** Categories, each followed by its subcategories (subcategories whose category is missing last). */
export function categoryRows(categories: readonly DraftCategory[]): DraftCategory[] {
  const out: DraftCategory[] = []
  const placed = new Set<string>()
  for (const p of categories.filter((c) => c.parentCode === null)) {
    out.push(p)
    placed.add(p.key)
    for (const s of categories.filter((c) => c.parentCode !== null && c.parentCode === p.code && p.code !== '')) {
      out.push(s)
      placed.add(s.key)
    }
  }
  for (const c of categories) if (!placed.has(c.key)) out.push(c)
  return out
}

export function CategoriesTab({ draft, problems, edit }: TabProps) {
  const { t, lang } = useI18n()
  const [filter, setFilter] = useState('')
  const [attributesOf, setAttributesOf] = useState<string | undefined>()
  const rows = useMemo(() => {
    const all = categoryRows(draft.categories)
    const q = filter.trim().toLowerCase()
    if (!q) return all
    const hit = (c: DraftCategory) => [c.code, c.nameZh, c.nameEn].some((s) => s.toLowerCase().includes(q))
    const parentsHit = new Set(all.filter((c) => c.parentCode === null && hit(c)).map((c) => c.code))
    return all.filter((c) => hit(c) || (c.parentCode !== null && parentsHit.has(c.parentCode)) || (c.parentCode === null && all.some((s) => s.parentCode === c.code && hit(s))))
  }, [draft.categories, filter])

  const set = (c: DraftCategory, patch: Partial<DraftCategory>) => edit('categories', c.key, (d) => patchRow(d, 'categories', c.key, patch))
  const parentOf = (c: DraftCategory) => (c.parentCode ? draft.categories.find((p) => p.code === c.parentCode) : undefined)

  return (
    <div data-testid="categories-tab">
      <Space wrap className="cc-toolbar">
        <Input.Search allowClear placeholder={t('caseConfig.categories.filter')} onChange={(e) => setFilter(e.target.value)} style={{ width: 260 }} data-testid="category-filter" />
        <Button icon={<PlusOutlined />} onClick={() => edit('categories', undefined, (d) => addCategory(d, null))} data-testid="category-add">
          {t('caseConfig.categories.addCategory')}
        </Button>
      </Space>
      <p className="muted small">{t('caseConfig.categories.help')}</p>
      <RowProblems problems={tabProblems(problems, 'categories')} testId="categories-problems" />
      <Table<DraftCategory>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 1100 }}
        rowClassName={(c) => `${c.parentCode ? 'cc-sub-row' : 'cc-parent-row'}${c.active ? '' : ' cc-inactive'}`}
        onRow={(c) => ({ 'data-testid': 'category-row', 'data-code': c.code, 'data-key': c.key }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'code',
            title: t('caseConfig.categories.code'),
            width: 270,
            render: (_, c) =>
              c.saved ? (
                <Typography.Text code className={c.parentCode ? 'cc-indent' : undefined}>
                  {c.code}
                </Typography.Text>
              ) : (
                <Input
                  size="small"
                  className={c.parentCode ? 'cc-indent' : undefined}
                  prefix={c.parentCode ? <span className="muted">{c.parentCode}.</span> : undefined}
                  value={c.parentCode ? c.code.slice(c.parentCode.length + 1) : c.code}
                  onChange={(e) => set(c, { code: c.parentCode ? `${c.parentCode}.${e.target.value.trim()}` : e.target.value.trim() })}
                  placeholder={t('caseConfig.categories.codePlaceholder')}
                  status={statusOf(problems, c.key, 'code')}
                  data-testid="category-code"
                />
              ),
          },
          {
            key: 'nameZh',
            title: t('caseConfig.categories.nameZh'),
            render: (_, c) => (
              <Input size="small" value={c.nameZh} maxLength={60} onChange={(e) => set(c, { nameZh: e.target.value })} status={statusOf(problems, c.key, 'nameZh')} data-testid="category-nameZh" />
            ),
          },
          {
            key: 'nameEn',
            title: t('caseConfig.categories.nameEn'),
            render: (_, c) => (
              <Input size="small" value={c.nameEn} maxLength={100} onChange={(e) => set(c, { nameEn: e.target.value })} status={statusOf(problems, c.key, 'nameEn')} data-testid="category-nameEn" />
            ),
          },
          {
            key: 'isPublic',
            title: <Tooltip title={t('caseConfig.categories.publicHelp')}>{t('caseConfig.categories.public')}</Tooltip>,
            width: 90,
            render: (_, c) => <Switch size="small" checked={c.isPublic} onChange={(v) => set(c, { isPublic: v })} data-testid="category-public" />,
          },
          {
            key: 'active',
            title: <Tooltip title={t('caseConfig.categories.activeHelp')}>{t('caseConfig.categories.active')}</Tooltip>,
            width: 90,
            render: (_, c) => <Switch size="small" checked={c.active} onChange={(v) => set(c, { active: v })} data-testid="category-active" />,
          },
          {
            key: 'actions',
            title: '',
            width: 200,
            render: (_, c) => (
              <Space size={4} wrap>
                {c.parentCode === null ? (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    disabled={!c.code}
                    onClick={() => edit('categories', undefined, (d) => addCategory(d, c.code))}
                    data-testid="category-add-sub"
                  >
                    {t('caseConfig.categories.addSub')}
                  </Button>
                ) : (
                  <Button size="small" icon={<SettingOutlined />} onClick={() => setAttributesOf(c.key)} data-testid="category-attributes">
                    {t('caseConfig.categories.attributes', { count: c.attributes.length })}
                  </Button>
                )}
                {!c.saved && (
                  <Tooltip title={t('caseConfig.categories.removeNew')}>
                    <Button size="small" danger icon={<DeleteOutlined />} onClick={() => edit('categories', c.key, (d) => removeRow(d, 'categories', c.key))} data-testid="category-remove" aria-label={t('caseConfig.remove')} />
                  </Tooltip>
                )}
                {!c.saved && <Tag color="blue">{t('caseConfig.new')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'problems',
            title: '',
            width: 220,
            render: (_, c) => <RowProblems problems={problemsAt(problems, c.key)} />,
          },
        ]}
      />
      <AttributesDrawer
        category={draft.categories.find((c) => c.key === attributesOf)}
        title={(() => {
          const c = draft.categories.find((x) => x.key === attributesOf)
          if (!c) return ''
          const p = parentOf(c)
          return p ? `${categoryName(p, lang)}·${categoryName(c, lang)}` : categoryName(c, lang)
        })()}
        problems={problems}
        onChange={(attributes) => {
          const c = draft.categories.find((x) => x.key === attributesOf)
          if (c) set(c, { attributes })
        }}
        onClose={() => setAttributesOf(undefined)}
      />
    </div>
  )
}
