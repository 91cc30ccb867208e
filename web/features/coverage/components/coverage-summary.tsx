// The outcome of a coverage check: counts and sizes per kind, or a clear "all tiled" result.
import { Result, Statistic } from 'antd'
import { useI18n } from '../../../shared/i18n'
import { ISSUE_COLORS, type CoverageReport } from '../types'

export function CoverageSummary({ report, rootName }: { report: CoverageReport; rootName?: string }) {
  const { t, fmt } = useI18n()
  const s = report.summary
  const total = s.gaps + s.overlaps + s.outside
  return (
    <div data-testid="coverage-summary" data-issues={total}>
      <div className="stat-row">
        <Statistic title={t('coverage.parentsChecked')} value={fmt.number(report.parentsChecked)} data-testid="coverage-parents-checked" />
        <Statistic title={t('coverage.areasChecked')} value={fmt.number(report.areasChecked)} data-testid="coverage-areas-checked" />
        <Statistic
          title={<KindTitle kind="gap" />}
          value={fmt.number(s.gaps)}
          suffix={<span className="stat-m2">{fmt.m2(s.gapM2)}</span>}
          data-testid="coverage-gaps"
          styles={{ content: { color: s.gaps ? ISSUE_COLORS.gap : undefined } }}
        />
        <Statistic
          title={<KindTitle kind="overlap" />}
          value={fmt.number(s.overlaps)}
          suffix={<span className="stat-m2">{fmt.m2(s.overlapM2)}</span>}
          data-testid="coverage-overlaps"
          styles={{ content: { color: s.overlaps ? ISSUE_COLORS.overlap : undefined } }}
        />
        <Statistic
          title={<KindTitle kind="outside" />}
          value={fmt.number(s.outside)}
          suffix={<span className="stat-m2">{fmt.m2(s.outsideM2)}</span>}
          data-testid="coverage-outside"
          styles={{ content: { color: s.outside ? ISSUE_COLORS.outside : undefined } }}
        />
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
