// Cases near this one (space and time) on a small map and as a list, and those that look like the
// same report (same kind of matter, within 200 m and 3 days): "merge into it" merges this case into
// that one (a merge step on this case, with a reason), when this case may be merged.
import { Button, Empty, List, Spin } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { useI18n } from '../../../shared/i18n'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useNearby } from '../api/get-nearby'
import { nameIn } from '../lib/labels'
import { casesPaths } from '../lib/paths'
import type { CaseSummary, CaseView } from '../types'
import { CaseLamp, StateTag } from './case-bits'
import { CaseMap } from './case-map'

interface Props {
  view: CaseView
  onMergeInto?: (target: CaseSummary) => void
}

function CaseLine({ c, action, testId }: { c: CaseSummary; action?: ReactNode; testId: string }) {
  const { lang } = useI18n()
  return (
    <List.Item data-testid={testId} data-case-id={c.id} actions={action ? [action] : undefined}>
      <div style={{ minWidth: 0 }}>
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          <Link to={casesPaths.case(c.id)} className="code-text">
            {c.number}
          </Link>
          <StateTag state={c.state} />
          <CaseLamp lamp={c.lamp} dueAt={c.dueAt} compact />
        </div>
        <div style={{ overflowWrap: 'anywhere' }}>{c.title}</div>
        <div className="small muted">{nameIn(lang, c.category)}</div>
      </div>
    </List.Item>
  )
}

export function CaseNearby({ view, onMergeInto }: Props) {
  const { t } = useI18n()
  const nearby = useNearby(view.id)
  const canMerge = onMergeInto !== undefined && view.actions.includes('merge')
  const duplicates = nearby.data?.duplicates ?? []
  const duplicateIds = new Set(duplicates.map((d) => d.id))
  const others = (nearby.data?.nearby ?? []).filter((c) => !duplicateIds.has(c.id))
  return (
    <div data-testid="case-nearby" data-loaded={nearby.isPending ? 'false' : 'true'}>
      {view.location && <CaseMap location={view.location} nearby={nearby.data?.nearby ?? []} />}
      {nearby.isPending && <Spin />}
      {nearby.isError && <ApiErrorAlert error={nearby.error} />}
      {duplicates.length > 0 && (
        <>
          <h3 className="case-section-title">{t('cases.nearby.duplicates')}</h3>
          <List
            size="small"
            data-testid="case-duplicates"
            dataSource={duplicates}
            renderItem={(c) => (
              <CaseLine
                c={c}
                testId="case-duplicate"
                action={
                  canMerge && c.state !== 'merged' && c.state !== 'rejected' ? (
                    <Button size="small" onClick={() => onMergeInto?.(c)} data-testid="case-merge-into">
                      {t('cases.nearby.mergeInto')}
                    </Button>
                  ) : undefined
                }
              />
            )}
          />
        </>
      )}
      <h3 className="case-section-title">{t('cases.nearby.title')}</h3>
      {!view.location ? (
        <div className="muted small">{t('cases.nearby.noLocation')}</div>
      ) : others.length === 0 && !nearby.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.nearby.none')} />
      ) : (
        <List size="small" dataSource={others} renderItem={(c) => <CaseLine c={c} testId="case-nearby-item" />} />
      )}
    </div>
  )
}
