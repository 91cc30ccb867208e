// Where the person has lived (residence history) and every change of the record (who, when, what),
// as timelines, newest first.
import { Empty, Skeleton, Tag, Timeline } from 'antd'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { usePersonHistory } from '../api/get-person-history'
import { describeChange } from '../lib/change-format'
import { roomText } from './person-basic'

export function ResidenceTimeline({ personId }: { personId: number }) {
  const { t, tryT, fmt } = useI18n()
  const history = usePersonHistory(personId)
  if (history.isPending) return <Skeleton active />
  if (history.isError) return <ApiErrorAlert error={history.error} />
  const items = history.data.residences
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.residences.empty')} />
  return (
    <Timeline
      data-testid="residence-timeline"
      items={items.map((r) => ({
        key: r.id,
        color: r.validTo === null ? 'green' : 'gray',
        content: (
          <div data-testid="residence-entry" data-grid={r.grid.code}>
            <div className="muted small">
              {r.validTo === null ? t('registry.residences.since', { from: fmt.dateTime(r.validFrom) }) : t('registry.residences.period', { from: fmt.dateTime(r.validFrom), to: fmt.dateTime(r.validTo) })}
            </div>
            <div>
              <strong>{r.grid.name}</strong> {r.validTo === null && <Tag color="green">{t('registry.residences.current')}</Tag>}
            </div>
            <div>{r.address}</div>
            {r.room && <div className="muted small">{roomText(t, r.room)}</div>}
            {r.reason && <div className="muted small">{t('registry.changes.reason', { reason: tryT(`registry.residenceReason.${r.reason}`) ?? r.reason })}</div>}
          </div>
        ),
      }))}
    />
  )
}

export function ChangeTimeline({ personId }: { personId: number }) {
  const { t, tryT, lang, fmt } = useI18n()
  const history = usePersonHistory(personId)
  if (history.isPending) return <Skeleton active />
  if (history.isError) return <ApiErrorAlert error={history.error} />
  const items = history.data.changes
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.changes.empty')} />
  return (
    <Timeline
      data-testid="change-timeline"
      items={items.map((c) => {
        const view = describeChange(c, lang, tryT)
        return {
          key: c.id,
          color: c.action === 'status' || c.action === 'list.end' ? 'red' : c.action === 'create' ? 'green' : 'blue',
          content: (
            <div data-testid="change-entry" data-action={c.action}>
              <div className="muted small">{t('registry.changes.by', { actor: c.actor, at: fmt.dateTime(c.at) })}</div>
              <strong data-testid="change-title">{view.title}</strong>
              {view.lines.length > 0 && (
                <ul className="change-lines" style={{ margin: '4px 0', paddingInlineStart: 18 }}>
                  {view.lines.map((l) => (
                    <li key={l.field} data-field={l.field}>
                      <span className="muted">{l.label}：</span>
                      {l.text !== undefined ? (
                        l.text
                      ) : (
                        <>
                          <span style={{ textDecoration: 'line-through', color: 'rgba(0,0,0,0.45)' }}>{l.before}</span> → <span>{l.after}</span>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {c.reason && (
                <div className="small" data-testid="change-reason">
                  {t('registry.changes.reason', { reason: c.reason })}
                </div>
              )}
            </div>
          ),
        }
      })}
    />
  )
}
