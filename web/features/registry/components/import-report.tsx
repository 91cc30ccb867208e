// One import's report, read again about every second while the server checks or writes it:
// progress with its phase; a rejected file's problems; for a checked file the counts, the columns as
// read, the warnings, the problems per code and every problem by row (paged from the server), and the
// choices — import all rows (only when every row is valid) or only the valid ones (confirmed); the
// outcome, and "try again" after a failure.
import { CheckCircleOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Modal, Progress, Result, Space, Spin, Statistic, Table, Tag, Typography } from 'antd'
import { useEffect, useRef, useState, type HTMLAttributes } from 'react'
import { Link } from 'react-router'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useApplyImport, useImportJob, useImportProblems } from '../api/imports'
import type { ImportFileProblem, ImportJob, ImportMode, ImportRowProblem, ImportStatus } from '../import-types'
import {
  applyChoices,
  cellOf,
  fileProblemText,
  importFieldLabel,
  importProblemText,
  isRunning,
  isWarning,
  phaseOf,
  problemCodeText,
  progressPercent,
  retryMode,
  shownFileProblems,
  sortedCounts,
} from '../lib/import-report'
import { registryPaths } from '../lib/paths'

export const STATUS_COLOR: Record<ImportStatus, string> = {
  validating: 'processing',
  validated: 'blue',
  rejected: 'red',
  applying: 'processing',
  done: 'green',
  failed: 'red',
  interrupted: 'orange',
}

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { tryT } = useI18n()
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid="import-status-tag" data-status={status}>
      {tryT(`registry.import.status.${status}`) ?? status}
    </Tag>
  )
}

export function ImportReport({ id, onUploadAnother }: { id: number; onUploadAnother: () => void }) {
  const { t, fmt } = useI18n()
  const query = useImportJob(id)
  const job = query.data
  const qc = useQueryClient()
  const doneSeen = useRef(false)

  // Once written, the searches and totals of the registry are out of date.
  useEffect(() => {
    if (job?.status === 'done' && !doneSeen.current) {
      doneSeen.current = true
      void qc.invalidateQueries({ queryKey: ['registry', 'people'] })
      void qc.invalidateQueries({ queryKey: ['registry', 'totals'] })
    }
  }, [job?.status, qc])

  if (query.isPending) return <Spin className="page-spin" />
  if (query.isError && !job) {
    if (query.error instanceof ApiError && query.error.status === 404) return <ImportNotFound onBack={onUploadAnother} />
    return <ApiErrorAlert error={query.error} />
  }
  if (!job) return null

  return (
    <Card
      size="small"
      className="block"
      data-testid="import-report"
      data-job-id={job.id}
      data-status={job.status}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {t('registry.import.jobTitle', { id: job.id, name: job.filename ?? t('registry.import.noName') })} <ImportStatusTag status={job.status} />
        </span>
      }
      extra={
        <Button icon={<UploadOutlined />} onClick={onUploadAnother} data-testid="import-upload-another">
          {t('registry.import.uploadAnother')}
        </Button>
      }
    >
      <div className="muted small" style={{ marginBottom: 8 }}>
        {t('registry.import.jobMeta', { by: job.createdBy, when: fmt.dateTime(job.createdAt) })}
      </div>
      {query.isError && <ApiErrorAlert error={query.error} />}
      <JobBody job={job} onUploadAnother={onUploadAnother} />
    </Card>
  )
}

function JobBody({ job, onUploadAnother }: { job: ImportJob; onUploadAnother: () => void }) {
  const { t } = useI18n()
  switch (job.status) {
    case 'validating':
      return (
        <div>
          <Typography.Paragraph>{t('registry.import.checkingTitle')}</Typography.Paragraph>
          <JobProgress job={job} />
        </div>
      )
    case 'applying':
      return (
        <div>
          <Typography.Paragraph>
            <strong>{t('registry.import.applyingTitle')}</strong> <span className="muted">{t('registry.import.applyingHint')}</span>
          </Typography.Paragraph>
          <JobProgress job={job} />
          <Summary job={job} />
        </div>
      )
    case 'rejected':
      return <Rejected job={job} onUploadAnother={onUploadAnother} />
    case 'done':
      return <Done job={job} onUploadAnother={onUploadAnother} />
    default:
      return <Checked job={job} onUploadAnother={onUploadAnother} />
  }
}

/** The server's progress: a bar and what it is doing (reading, checking, writing, finishing). */
function JobProgress({ job }: { job: ImportJob }) {
  const { t, fmt } = useI18n()
  const phase = phaseOf(job)
  const p = job.progress
  return (
    <div data-testid="import-progress" data-phase={phase} style={{ maxWidth: 560 }}>
      <Progress percent={progressPercent(p)} status="active" />
      <div className="small" data-testid="import-phase">
        {t(`registry.import.phase.${phase}`, { done: fmt.number(p?.done ?? 0), total: fmt.number(p?.total ?? 0) })}
      </div>
    </div>
  )
}

function Summary({ job }: { job: ImportJob }) {
  const { t, fmt } = useI18n()
  const stat = (key: string, title: string, value: number | null, color?: string) =>
    value === null ? null : (
      <Statistic key={key} title={title} value={fmt.number(value)} styles={color ? { content: { color } } : undefined} data-testid={`import-rows-${key}`} data-value={value} />
    )
  return (
    <Space size={32} wrap className="block" data-testid="import-summary" style={{ marginBottom: 12 }}>
      {stat('total', t('registry.import.summary.total'), job.rowsTotal)}
      {stat('valid', t('registry.import.summary.valid'), job.rowsValid, '#15803d')}
      {stat('invalid', t('registry.import.summary.invalid'), job.rowsInvalid, (job.rowsInvalid ?? 0) > 0 ? '#b91c1c' : undefined)}
      {job.rowsWritten !== null && stat('written', t('registry.import.summary.written'), job.rowsWritten)}
    </Space>
  )
}

/** The file's problems and warnings, each in words, with where it is and the server's own words. */
function FileProblems({ problems, testId }: { problems: ImportFileProblem[]; testId: string }) {
  const { t, tryT } = useI18n()
  return (
    <ul className="error-details" data-testid={testId} style={{ maxHeight: 'none' }}>
      {problems.map((p, i) => (
        <li key={i} data-testid="import-file-problem" data-code={p.code} data-level={p.level ?? 'error'}>
          {p.row !== undefined && <span>{t('registry.import.table.rowValue', { row: p.row })} · </span>}
          {p.cell && <span className="code-text">{p.cell} · </span>}
          <strong>{fileProblemText(tryT, p) ?? p.message}</strong>
          <div className="muted small" style={{ overflowWrap: 'anywhere' }}>
            {p.message}
          </div>
        </li>
      ))}
    </ul>
  )
}

/** Whether a header already says what its column is read as (*姓名, 姓 名 and 姓名 read the same). */
const sameName = (header: string, label: string) => header.normalize('NFKC').replace(/[\s*※:]/g, '') === label

/** The columns of the file and what each was read as; ignored ones greyed. */
function Columns({ job }: { job: ImportJob }) {
  const { t, tryT } = useI18n()
  if (job.columns.length === 0) return null
  return (
    <div className="block" data-testid="import-columns">
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('registry.import.columns')}
      </Typography.Title>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        {job.columns.map((c, i) =>
          c.field ? (
            <Tag key={i} color="blue" data-testid="import-column" data-field={c.field} style={{ marginInlineEnd: 0 }}>
              {sameName(c.header, importFieldLabel(tryT, c.field)) ? c.header : `${c.header} → ${importFieldLabel(tryT, c.field)}`}
            </Tag>
          ) : (
            <Tag key={i} data-testid="import-column" data-field="" style={{ marginInlineEnd: 0, color: 'rgba(0,0,0,0.4)' }}>
              <s>{c.header || '—'}</s> {t('registry.import.column.ignored')}
            </Tag>
          ),
        )}
      </div>
    </div>
  )
}

function Rejected({ job, onUploadAnother }: { job: ImportJob; onUploadAnother: () => void }) {
  const { t } = useI18n()
  const shown = shownFileProblems(job.fileProblems)
  const errors = shown.filter((p) => !isWarning(p))
  const warnings = shown.filter(isWarning)
  return (
    <div data-testid="import-rejected">
      <Alert
        type="error"
        showIcon
        title={t('registry.import.rejected')}
        description={
          <div>
            <div>{t('registry.import.rejectedHint')}</div>
            <FileProblems problems={errors} testId="import-file-problems" />
          </div>
        }
        action={
          <Button type="primary" icon={<UploadOutlined />} onClick={onUploadAnother} data-testid="import-rejected-upload">
            {t('registry.import.uploadAnother')}
          </Button>
        }
      />
      {warnings.length > 0 && <Alert type="warning" showIcon className="block" title={t('registry.import.warnings')} description={<FileProblems problems={warnings} testId="import-warnings" />} />}
      <Columns job={job} />
    </div>
  )
}

/** A checked file (and a failed or interrupted one): the report and the choices. */
function Checked({ job, onUploadAnother }: { job: ImportJob; onUploadAnother: () => void }) {
  const { t, fmt } = useI18n()
  const apply = useApplyImport()
  const [confirm, setConfirm] = useState(false)
  const choices = applyChoices(job)
  const warnings = job.fileProblems.filter(isWarning)
  const run = (mode: ImportMode) => apply.mutate({ id: job.id, mode }, { onSettled: () => setConfirm(false) })
  const failed = job.status === 'failed' || job.status === 'interrupted'

  return (
    <div data-testid="import-checked">
      {failed ? (
        <Alert
          type="error"
          showIcon
          data-testid="import-failed"
          title={t(job.status === 'failed' ? 'registry.import.failed' : 'registry.import.interrupted')}
          description={job.error ? <span data-testid="import-error">{job.error}</span> : undefined}
          action={
            <Button type="primary" icon={<ReloadOutlined />} loading={apply.isPending} disabled={choices.valid === 0} onClick={() => run(retryMode(job))} data-testid="import-retry">
              {t('registry.import.retry')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      ) : (
        <Alert type={choices.invalid > 0 ? 'warning' : 'success'} showIcon title={t('registry.import.validated')} style={{ marginBottom: 12 }} />
      )}
      <Summary job={job} />
      <Columns job={job} />
      {warnings.length > 0 && (
        <Alert type="warning" showIcon className="block" style={{ marginTop: 12 }} title={t('registry.import.warnings')} description={<FileProblems problems={warnings} testId="import-warnings" />} />
      )}
      <ProblemCounts job={job} />
      <ProblemTable job={job} />
      {!failed && (
        <div className="block" style={{ marginTop: 16 }} data-testid="import-actions">
          <Space wrap>
            <Button
              type="primary"
              icon={<CheckCircleOutlined />}
              disabled={!choices.all || apply.isPending}
              loading={apply.isPending && apply.variables?.mode === 'all'}
              onClick={() => run('all')}
              aria-describedby={choices.allBlocked ? 'import-all-blocked' : undefined}
              data-testid="import-apply-all"
            >
              {t('registry.import.applyAll', { count: fmt.number(job.rowsTotal ?? 0) })}
            </Button>
            {choices.validOnly && (
              <Button onClick={() => setConfirm(true)} disabled={apply.isPending} data-testid="import-apply-valid">
                {t('registry.import.applyValid', { count: fmt.number(choices.valid) })}
              </Button>
            )}
            <Button icon={<UploadOutlined />} onClick={onUploadAnother} data-testid="import-fix-upload">
              {t('registry.import.fixAndUpload')}
            </Button>
          </Space>
          {choices.allBlocked && choices.allBlocked !== 'status' && (
            <div id="import-all-blocked" className="small muted" style={{ marginTop: 6 }} data-testid="import-all-blocked" data-reason={choices.allBlocked}>
              {t(`registry.import.allBlocked.${choices.allBlocked}`, { invalid: fmt.number(choices.invalid) })}
            </div>
          )}
        </div>
      )}
      {apply.isError && (
        <div className="block">
          <ApiErrorAlert error={apply.error} data-testid="import-apply-error" />
        </div>
      )}
      <Modal
        open={confirm}
        title={t('registry.import.confirmTitle')}
        onCancel={() => setConfirm(false)}
        destroyOnHidden
        data-testid="import-confirm"
        footer={[
          <Button key="cancel" onClick={() => setConfirm(false)}>
            {t('common.cancel')}
          </Button>,
          <Button key="ok" type="primary" loading={apply.isPending} onClick={() => run('valid_only')} data-testid="import-confirm-ok">
            {t('registry.import.confirmOk', { count: fmt.number(choices.valid) })}
          </Button>,
        ]}
      >
        <p data-testid="import-confirm-text">{t('registry.import.confirmText', { valid: fmt.number(choices.valid), invalid: fmt.number(choices.invalid) })}</p>
      </Modal>
    </div>
  )
}

function ProblemCounts({ job }: { job: ImportJob }) {
  const { t, tryT, fmt } = useI18n()
  const counts = sortedCounts(job.problemCounts)
  if (counts.length === 0) {
    return job.status === 'validated' ? (
      <Alert type="success" showIcon className="block" style={{ marginTop: 12 }} title={t('registry.import.noProblems')} data-testid="import-no-problems" />
    ) : null
  }
  return (
    <div className="block" data-testid="import-counts">
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('registry.import.counts')}
      </Typography.Title>
      <Table<{ code: string; count: number }>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={counts}
        style={{ maxWidth: 720 }}
        onRow={(r) => ({ 'data-testid': 'import-count', 'data-code': r.code }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'text', title: t('registry.import.count.problem'), render: (_, r) => problemCodeText(tryT, r.code, job.problems) },
          { key: 'code', title: '', width: 180, render: (_, r) => <span className="code-text">{r.code}</span> },
          { key: 'count', title: t('registry.import.count.count'), width: 90, align: 'right', render: (_, r) => <span data-testid="import-count-value">{fmt.number(r.count)}</span> },
        ]}
      />
    </div>
  )
}

const PAGE_SIZE = 50

/** Every problem by row, page by page from GET …/problems. */
function ProblemTable({ job }: { job: ImportJob }) {
  const { t, tryT, fmt } = useI18n()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(PAGE_SIZE)
  const counted = Object.values(job.problemCounts).reduce((a, b) => a + b, 0)
  const enabled = counted > 0 && !isRunning(job.status)
  const problems = useImportProblems(job.id, (page - 1) * pageSize, pageSize, job.status, enabled)
  if (!enabled) return null
  const total = problems.data?.total ?? 0
  return (
    <div className="block" data-testid="import-problems">
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('registry.import.problems', { count: fmt.number(counted) })}
      </Typography.Title>
      {problems.data && total < counted && (
        <div className="small muted" style={{ marginBottom: 6 }}>
          {t('registry.import.problemsMore', { shown: fmt.number(total), count: fmt.number(counted) })}
        </div>
      )}
      {problems.isError && <ApiErrorAlert error={problems.error} />}
      <Table<ImportRowProblem & { key: number }>
        size="small"
        loading={problems.isFetching}
        dataSource={(problems.data?.items ?? []).map((p, i) => ({ ...p, key: (page - 1) * pageSize + i }))}
        scroll={{ x: 640 }}
        data-testid="import-problem-table"
        pagination={{
          current: page,
          pageSize,
          total,
          size: 'small',
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          onChange: (p, size) => {
            setPage(size !== pageSize ? 1 : p)
            setPageSize(size)
          },
        }}
        onRow={(p) => ({ 'data-testid': 'import-problem', 'data-row': p.row, 'data-field': p.field ?? '', 'data-problem': p.problem }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'row', title: t('registry.import.table.row'), width: 80, render: (_, p) => <span data-testid="import-problem-row">{p.row}</span> },
          {
            key: 'column',
            title: t('registry.import.table.column'),
            width: 180,
            render: (_, p) => {
              const cell = cellOf(p.message)
              return (
                <span data-testid="import-problem-column">
                  {p.field ? importFieldLabel(tryT, p.field) : '—'}
                  {cell && <span className="code-text"> ({cell})</span>}
                </span>
              )
            },
          },
          {
            key: 'text',
            title: t('registry.import.table.problem'),
            render: (_, p) => (
              <span data-testid="import-problem-text" title={p.message}>
                {importProblemText(tryT, p) ?? p.message}
              </span>
            ),
          },
        ]}
      />
    </div>
  )
}

function Done({ job, onUploadAnother }: { job: ImportJob; onUploadAnother: () => void }) {
  const { t, fmt } = useI18n()
  const written = job.rowsWritten ?? 0
  const skipped = job.mode === 'valid_only' ? (job.rowsInvalid ?? 0) : 0
  return (
    <div data-testid="import-done" data-written={written}>
      <Result
        status="success"
        title={<span data-testid="import-done-title">{t('registry.import.done', { count: fmt.number(written) })}</span>}
        subTitle={skipped > 0 ? t('registry.import.doneSkipped', { count: fmt.number(skipped) }) : undefined}
        extra={[
          <Link key="people" to={registryPaths.people} data-testid="import-to-people">
            <Button type="primary">{t('registry.import.toPeople')}</Button>
          </Link>,
          <Button key="another" onClick={onUploadAnother} data-testid="import-another">
            {t('registry.import.another')}
          </Button>,
        ]}
      />
      <Summary job={job} />
    </div>
  )
}

/** Shown when a job's report cannot be read (e.g. a link to an import of another area). */
function ImportNotFound({ onBack }: { onBack: () => void }) {
  const { t } = useI18n()
  return (
    <Alert
      type="warning"
      showIcon
      className="block"
      data-testid="import-not-found"
      title={t('registry.import.notFound')}
      action={
        <Button size="small" onClick={onBack}>
          {t('registry.import.uploadAnother')}
        </Button>
      }
    />
  )
}
