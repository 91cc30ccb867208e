// The outcome of a coverage check: counts and sizes per kind, or a clear "all tiled" result.
import { Result, Statistic } from 'antd'
import { useI18n } from '../../../shared/i18n'
import { ISSUE_COLORS, type CoverageIssueKind, type CoverageReport, type CoverageSummary as Summary } from '../types'

/** One statistic per kind of issue: its count and total size in the summary, and its test id. */
const KIND_STATS: { kind: CoverageIssueKind; count: keyof Summary; m2: keyof Summary; testId: string }[] = [
  { kind: 'gap', count: 'gaps', m2: 'gapM2', testId: 'coverage-gaps' },
  { kind: 'overlap', count: 'overlaps', m2: 'overlapM2', testId: 'coverage-overlaps' },
  { kind: 'outside', count: 'outside', m2: 'outsideM2', testId: 'coverage-outside' },
]

export function CoverageSummary({ report, rootName }: { report: CoverageReport; rootName?: string }) {
  const { t, fmt } = useI18n()
  const s = report.summary
  const total = s.gaps + s.overlaps + s.outside
  return (
    <div data-testid="coverage-summary" data-issues={total}>
      <div className="stat-row">
        <Statistic title={t('coverage.parentsChecked')} value={fmt.number(report.parentsChecked)} data-testid="coverage-parents-checked" />
        <Statistic title={t('coverage.areasChecked')} value={fmt.number(report.areasChecked)} data-testid="coverage-areas-checked" />
        {KIND_STATS.map(({ kind, count, m2, testId }) => (
          <Statistic
            key={kind}
            title={<KindTitle kind={kind} />}
            value={fmt.number(s[count])}
            suffix={<span className="stat-m2">{fmt.m2(s[m2])}</span>}
            data-testid={testId}
            styles={{ content: { color: s[count] ? ISSUE_COLORS[kind] : undefined } }}
          />
        ))}
      </div>
      <div className="muted small">
        {t('coverage.meta', { tolerance: fmt.number(report.toleranceM2, report.toleranceM2 % 1 ? 2 : 0), ms: fmt.number(report.ms) })}
      </div>
      {total === 0 && report.parentsChecked === 0 ? (
        <Result status="info" className="coverage-result" data-testid="coverage-nothing" title={t('coverage.nothingTitle')} subTitle={t('coverage.nothingText')} />
      ) : total === 0 ? (
        <Result
          status="success"
          className="coverage-result"
          data-testid="coverage-ok"
          title={t('coverage.okTitle', { name: rootName ?? report.root })}
          subTitle={t('coverage.okText', { parents: fmt.number(report.parentsChecked), areas: fmt.number(report.areasChecked) })}
        />
      ) : (
        <Result
          status="warning"
          className="coverage-result"
          data-testid="coverage-has-issues"
          title={t('coverage.issuesTitle', { count: fmt.number(total) })}
          subTitle={t('coverage.issuesText')}
        />
      )}
    </div>
  )
}

function KindTitle({ kind }: { kind: 'gap' | 'overlap' | 'outside' }) {
  const { t } = useI18n()
  return (
    <span>
      <span className="kind-dot" style={{ background: ISSUE_COLORS[kind] }} aria-hidden="true" />
      {t(`issueKind.${kind}`)}
    </span>
  )
}
