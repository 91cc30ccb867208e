// 升级规则: where a new report goes at once (category or all, urgency or all → the level), and the
// levels between that get a copy (抄告). The most specific rule applies.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Select, Space, Table } from 'antd'
import type { HTMLAttributes } from 'react'
import { useI18n } from '../../../shared/i18n'
import type { DraftEscalation, HolderLevel, Urgency } from '../types'
import { addRow, newKey, patchRow, removeRow } from '../lib/draft'
import { BOUNDS, problemsAt, tabProblems } from '../lib/checks'
import { escalationSentence } from '../lib/labels'
import { ANY, fromAny, RowProblems, statusOf, useCategoryOptions, useHolderLevelOptions, useUrgencyOptions, type TabProps } from './bits'

export function EscalationsTab({ draft, problems, edit }: TabProps) {
  const i18n = useI18n()
  const { t } = i18n
  const categoryOptions = useCategoryOptions(draft.categories)
  const urgencyOptions = useUrgencyOptions()
  const levelOptions = useHolderLevelOptions()
  const set = (e: DraftEscalation, patch: Partial<DraftEscalation>) => edit('escalations', e.key, (d) => patchRow(d, 'escalations', e.key, patch))
  const add = () => edit('escalations', undefined, (d) => addRow(d, 'escalations', { key: newKey('e'), category: null, urgency: null, target: 'community', copyLevels: [] }))

  return (
    <div data-testid="escalations-tab">
      <Space wrap className="cc-toolbar">
        <Button icon={<PlusOutlined />} onClick={add} disabled={draft.escalations.length >= BOUNDS.escalations} data-testid="escalation-add">
          {t('caseConfig.escalations.add')}
        </Button>
      </Space>
      <p className="muted small">{t('caseConfig.escalations.help')}</p>
      <RowProblems problems={tabProblems(problems, 'escalations')} testId="escalations-problems" />
      <Table<DraftEscalation>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={draft.escalations}
        scroll={{ x: 1100 }}
        onRow={(e) => ({ 'data-testid': 'escalation-row', 'data-key': e.key, 'data-category': e.category ?? '', 'data-urgency': e.urgency ?? '' }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'category',
            title: t('caseConfig.limits.category'),
            width: 240,
            render: (_, e) => (
              <Select
                size="small"
                value={e.category ?? ANY}
                onChange={(v: string) => set(e, { category: fromAny(v) })}
                options={categoryOptions}
                showSearch={{ optionFilterProp: 'label' }}
                status={statusOf(problems, e.key, 'category')}
                style={{ width: '100%' }}
                popupMatchSelectWidth={false}
                data-testid="escalation-category"
              />
            ),
          },
          {
            key: 'urgency',
            title: t('caseConfig.limits.urgency'),
            width: 110,
            render: (_, e) => (
              <Select size="small" value={e.urgency ?? ANY} onChange={(v: string) => set(e, { urgency: fromAny<Urgency>(v) })} options={urgencyOptions} style={{ width: '100%' }} data-testid="escalation-urgency" />
            ),
          },
          {
            key: 'target',
            title: t('caseConfig.escalations.target'),
            width: 120,
            render: (_, e) => (
              <Select size="small" value={e.target} onChange={(v: HolderLevel) => set(e, { target: v })} options={levelOptions} style={{ width: '100%' }} data-testid="escalation-target" />
            ),
          },
          {
            key: 'copy',
            title: t('caseConfig.escalations.copyLevels'),
            width: 240,
            render: (_, e) => (
              <Select<HolderLevel[]>
                size="small"
                mode="multiple"
                value={e.copyLevels}
                onChange={(v) => set(e, { copyLevels: v })}
                options={levelOptions}
                placeholder={t('caseConfig.escalations.noCopies')}
                style={{ width: '100%' }}
                data-testid="escalation-copy"
              />
            ),
          },
          {
            key: 'sentence',
            title: t('caseConfig.limits.sentence'),
            render: (_, e) => (
              <span className="cc-sentence" data-testid="escalation-sentence">
                {escalationSentence(e, draft.categories, i18n)}
              </span>
            ),
          },
          {
            key: 'remove',
            title: '',
            width: 50,
            render: (_, e) => (
              <Button size="small" danger icon={<DeleteOutlined />} onClick={() => edit('escalations', e.key, (d) => removeRow(d, 'escalations', e.key))} aria-label={t('caseConfig.remove')} data-testid="escalation-remove" />
            ),
          },
          { key: 'problems', title: '', width: 200, render: (_, e) => <RowProblems problems={problemsAt(problems, e.key)} /> },
        ]}
      />
    </div>
  )
}
