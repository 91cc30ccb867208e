// 时限: the time limits, one row each (category or subcategory or all, level or all, step, urgency or
// all, amount and unit), with the row as a sentence. The most specific row applies; each step needs a
// default row (no category, level or urgency).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, InputNumber, Segmented, Select, Space, Table } from 'antd'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { useI18n } from '../../../shared/i18n'
import { LIMIT_UNITS } from '../../../../shared/cases/calendar'
import { CASE_STEPS } from '../../../../shared/cases/workflow'
import type { CaseStep, DraftLimit, LimitLevel, LimitUnit, Urgency } from '../types'
import { addRow, newKey, patchRow, removeRow } from '../lib/draft'
import { BOUNDS, problemsAt, tabProblems } from '../lib/checks'
import { limitSentence } from '../lib/labels'
import { ANY, fromAny, RowProblems, statusOf, useCategoryOptions, useLevelOptions, useUrgencyOptions, type TabProps } from './bits'

type StepFilter = CaseStep | 'all'

/** Whether a row's category is the chosen one or inside it. */
const inCategory = (rowCategory: string | null, chosen: string) => chosen === ANY || rowCategory === chosen || (rowCategory?.startsWith(`${chosen}.`) ?? false)

export function LimitsTab({ draft, problems, edit }: TabProps) {
  const i18n = useI18n()
  const { t } = i18n
  const [step, setStep] = useState<StepFilter>('all')
  const [category, setCategory] = useState<string>(ANY)
  const categoryOptions = useCategoryOptions(draft.categories)
  const levelOptions = useLevelOptions(true)
  const urgencyOptions = useUrgencyOptions()
  const rows = useMemo(() => draft.limits.filter((l) => (step === 'all' || l.step === step) && inCategory(l.category, category)), [draft.limits, step, category])
  const set = (l: DraftLimit, patch: Partial<DraftLimit>) => edit('limits', l.key, (d) => patchRow(d, 'limits', l.key, patch))
  const add = () =>
    edit('limits', undefined, (d) =>
      addRow(d, 'limits', { key: newKey('l'), category: category === ANY ? null : category, level: null, step: step === 'all' ? 'handle' : step, urgency: null, amount: 1, unit: 'working_days' }),
    )

  return (
    <div data-testid="limits-tab">
      <Space wrap className="cc-toolbar">
        <Segmented<StepFilter>
          value={step}
          onChange={setStep}
          options={[{ value: 'all', label: t('caseConfig.limits.allSteps') }, ...CASE_STEPS.map((s) => ({ value: s, label: t(`caseConfig.step.${s}`) }))]}
          data-testid="limit-step-filter"
        />
        <Select value={category} onChange={setCategory} options={categoryOptions} showSearch={{ optionFilterProp: 'label' }} style={{ width: 260 }} data-testid="limit-category-filter" />
        <Button icon={<PlusOutlined />} onClick={add} disabled={draft.limits.length >= BOUNDS.limits} data-testid="limit-add">
          {t('caseConfig.limits.add')}
        </Button>
        <span className="muted small" data-testid="limit-count">
          {t('caseConfig.limits.count', { shown: rows.length, total: draft.limits.length })}
        </span>
      </Space>
      <p className="muted small">{t('caseConfig.limits.help')}</p>
      <RowProblems problems={tabProblems(problems, 'limits')} testId="limits-problems" />
      <Table<DraftLimit>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 1250 }}
        onRow={(l) =>
          ({
            'data-testid': 'limit-row',
            'data-key': l.key,
            'data-category': l.category ?? '',
            'data-level': l.level ?? '',
            'data-step': l.step,
            'data-urgency': l.urgency ?? '',
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'category',
            title: t('caseConfig.limits.category'),
            width: 240,
            render: (_, l) => (
              <Select
                size="small"
                value={l.category ?? ANY}
                onChange={(v: string) => set(l, { category: fromAny(v) })}
                options={categoryOptions}
                showSearch={{ optionFilterProp: 'label' }}
                status={statusOf(problems, l.key, 'category')}
                style={{ width: '100%' }}
                popupMatchSelectWidth={false}
                data-testid="limit-category"
              />
            ),
          },
          {
            key: 'level',
            title: t('caseConfig.limits.level'),
            width: 120,
            render: (_, l) => (
              <Select size="small" value={l.level ?? ANY} onChange={(v: string) => set(l, { level: fromAny<LimitLevel>(v) })} options={levelOptions} style={{ width: '100%' }} data-testid="limit-level" />
            ),
          },
          {
            key: 'step',
            title: t('caseConfig.limits.step'),
            width: 100,
            render: (_, l) => (
              <Select
                size="small"
                value={l.step}
                onChange={(v: CaseStep) => set(l, { step: v })}
                options={CASE_STEPS.map((s) => ({ value: s, label: t(`caseConfig.step.${s}`) }))}
                style={{ width: '100%' }}
                data-testid="limit-step"
              />
            ),
          },
          {
            key: 'urgency',
            title: t('caseConfig.limits.urgency'),
            width: 110,
            render: (_, l) => (
              <Select size="small" value={l.urgency ?? ANY} onChange={(v: string) => set(l, { urgency: fromAny<Urgency>(v) })} options={urgencyOptions} style={{ width: '100%' }} data-testid="limit-urgency" />
            ),
          },
          {
            key: 'amount',
            title: t('caseConfig.limits.amount'),
            width: 100,
            render: (_, l) => (
              <InputNumber
                size="small"
                value={l.amount}
                min={0}
                max={BOUNDS.amountMax}
                onChange={(v) => set(l, { amount: typeof v === 'number' ? v : null })}
                status={statusOf(problems, l.key, 'amount')}
                style={{ width: '100%' }}
                data-testid="limit-amount"
              />
            ),
          },
          {
            key: 'unit',
            title: t('caseConfig.limits.unit'),
            width: 120,
            render: (_, l) => (
              <Select
                size="small"
                value={l.unit}
                onChange={(v: LimitUnit) => set(l, { unit: v })}
                options={LIMIT_UNITS.map((u) => ({ value: u, label: t(`caseConfig.unit.${u}`) }))}
                style={{ width: '100%' }}
                data-testid="limit-unit"
              />
            ),
          },
          {
            key: 'sentence',
            title: t('caseConfig.limits.sentence'),
            render: (_, l) => (
              <span className="cc-sentence" data-testid="limit-sentence">
                {limitSentence(l, draft.categories, i18n)}
              </span>
            ),
          },
          {
            key: 'remove',
            title: '',
            width: 50,
            render: (_, l) => (
              <Button size="small" danger icon={<DeleteOutlined />} onClick={() => edit('limits', l.key, (d) => removeRow(d, 'limits', l.key))} aria-label={t('caseConfig.remove')} data-testid="limit-remove" />
            ),
          },
          { key: 'problems', title: '', width: 200, render: (_, l) => <RowProblems problems={problemsAt(problems, l.key)} /> },
        ]}
      />
    </div>
  )
}
