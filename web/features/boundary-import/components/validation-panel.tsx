// What the server said about the features: the change summary of a passing dry run (or of the
// applied change), or every problem in a table whose rows zoom to the offending geometry.
import { Alert, Descriptions, Result, Table, Tag } from 'antd'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { ApiError, type ApiErrorDetail } from '../../../shared/api/client'
import { useI18n } from '../../../shared/i18n'
import type { ImportResult } from '../api/import-boundaries'
import type { WorkingFeature } from '../lib/working-set'

export type CheckOutcome =
  | { status: 'passed'; result: ImportResult }
  | { status: 'applied'; result: ImportResult }
  | { status: 'failed'; error: unknown; applying: boolean }

interface ValidationPanelProps {
  outcome: CheckOutcome
  stale: boolean
  features: WorkingFeature[]
  onProblem: (row: number, detail: ApiErrorDetail) => void
}

function CodeList({ codes, color }: { codes: string[]; color?: string }) {
  const { t } = useI18n()
  if (codes.length === 0) return <span className="muted">{t('common.none')}</span>
  return (
    <span className="code-list">
      {codes.map((c) => (
        <Tag key={c} color={color} className="code-text">
          {c}
        </Tag>
      ))}
    </span>
  )
}

export function ValidationPanel({ outcome, stale, features, onProblem }: ValidationPanelProps) {
  const i18n = useI18n()
  const { t, fmt, tryT } = i18n

  if (outcome.status === 'failed') {
    const error = outcome.error
    const details = error instanceof ApiError ? error.details : []
    if (!(error instanceof ApiError) || details.length === 0) {
      return (
        <div data-testid="import-result" data-state="failed">
          <ApiErrorAlert error={error} />
        </div>
      )
    }
    return (
      <div data-testid="import-result" data-state="failed">
        <Alert
          type="error"
          showIcon
          title={
            <span>
              {tryT(`error.${error.code}`) ?? error.message} <span className="code-text">{error.code}</span>
            </span>
          }
          description={
            <div>
              <div>{error.message}</div>
              <div>{t(outcome.applying ? 'validate.applyFailedHint' : 'validate.failedHint', { count: details.length })}</div>
              {stale && <div className="muted">{t('validate.stale')}</div>}
            </div>
          }
        />
        <Table<ApiErrorDetail & { key: number }>
          data-testid="import-problems"
          size="small"
          className="block problems-table"
          dataSource={details.map((d, key) => ({ ...d, key }))}
          pagination={details.length > 15 ? { pageSize: 15, size: 'small', showSizeChanger: false } : false}
          onRow={(d) => ({
            onClick: () => onProblem(d.key, d),
            onKeyDown: (e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault()
                onProblem(d.key, d)
              }
            },
            tabIndex: 0,
            className: 'clickable-row',
          })}
          columns={[
            { key: 'f', title: t('problems.feature'), width: 52, render: (_, d) => (typeof d.feature === 'number' ? `#${d.feature + 1}` : '—') },
            {
              key: 'code',
              title: `${t('problems.code')} / ${t('problems.field')}`,
              width: 150,
              render: (_, d) => (
                <div>
                  <div className="code-text">{(typeof d.feature === 'number' ? features[d.feature]?.code : undefined) || d.areaCode || '—'}</div>
                  {d.field && <div className="code-text muted small">{d.field}</div>}
                </div>
              ),
            },
            {
              key: 'problem',
              title: `${t('problems.problem')} / ${t('problems.message')}`,
              render: (_, d) => (
                <div>
                  <Tag color="error" className="problem-tag">
                    {d.problem ? (tryT(`problem.${d.problem}`) ?? d.problem) : '—'}
                  </Tag>
                  <div className="small">{d.message}</div>
                </div>
              ),
            },
            { key: 'm2', title: t('problems.m2'), align: 'right', width: 92, render: (_, d) => (typeof d.areaM2 === 'number' ? fmt.number(d.areaM2, 2) : '—') },
          ]}
        />
      </div>
    )
  }

  const r = outcome.result
  const applied = outcome.status === 'applied'
  const s = r.coverage.summary
  return (
    <div data-testid="import-result" data-state={applied ? 'applied' : 'passed'}>
      {applied ? (
        <Result status="success" className="compact-result" title={t('validate.appliedTitle', { id: r.changeId ?? '—' })} subTitle={t('validate.appliedText')} />
      ) : (
        <Alert
          type={stale ? 'warning' : 'success'}
          showIcon
          title={t(stale ? 'validate.staleTitle' : 'validate.passedTitle')}
          description={stale ? t('validate.stale') : t('validate.passedText')}
        />
      )}
      <Descriptions
        size="small"
        column={1}
        bordered
        className="block"
        items={[
          { key: 'created', label: `${t('change.created')} (${r.created.length})`, children: <span data-testid="result-created"><CodeList codes={r.created} color="green" /></span> },
          { key: 'updated', label: `${t('change.updated')} (${r.updated.length})`, children: <span data-testid="result-updated"><CodeList codes={r.updated} color="blue" /></span> },
          { key: 'retired', label: `${t('change.retired')} (${r.retired.length})`, children: <span data-testid="result-retired"><CodeList codes={r.retired} color="red" /></span> },
          { key: 'unchanged', label: t('change.unchanged'), children: <span data-testid="result-unchanged">{fmt.number(r.unchanged)}</span> },
          {
            key: 'coverage',
            label: t('change.coverage'),
            children: (
              <span>
                {t('change.coverageText', { parents: fmt.number(r.coverage.parentsChecked), gaps: s.gaps, overlaps: s.overlaps, outside: s.outside })}
              </span>
            ),
          },
        ]}
      />
    </div>
  )
}
