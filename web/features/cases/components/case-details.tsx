// The case's record: what, where, who holds it, who reported it, the clock (limit and extensions),
// the result and the rating. Personal data arrives masked (a resident's contact).
import { Descriptions, Rate } from 'antd'
import { Link } from 'react-router'
import { useI18n } from '../../../shared/i18n'
import { roleLabel, type Role } from '../../auth'
import { nameIn } from '../lib/labels'
import { casesPaths } from '../lib/paths'
import type { CaseView } from '../types'
import { CasePhotos } from './case-photos'

export function CaseDetails({ view }: { view: CaseView }) {
  const { t, lang, fmt } = useI18n()
  const v = view
  const items = [
    { key: 'category', label: t('cases.field.category'), children: <span data-testid="case-category-name" data-code={v.category.code}>{nameIn(lang, v.category)}</span> },
    { key: 'source', label: t('cases.field.source'), children: t(`cases.source.${v.source}`) },
    { key: 'description', label: t('cases.field.description'), span: 'filled' as const, children: <div className="case-text" data-testid="case-description">{v.description}</div> },
    v.address ? { key: 'address', label: t('cases.field.address'), children: v.address } : undefined,
    { key: 'grid', label: t('cases.field.grid'), children: v.grid ? <span data-testid="case-grid" data-code={v.grid.code}>{v.grid.name}</span> : '—' },
    { key: 'holder', label: t('cases.field.holder'), children: <span data-testid="case-holder" data-code={v.holder.code}>{v.holder.name}</span> },
    v.department ? { key: 'department', label: t('cases.field.department'), children: <span data-testid="case-department" data-code={v.department.code}>{nameIn(lang, v.department)}</span> } : undefined,
    {
      key: 'reporter',
      label: t('cases.field.reporter'),
      children: v.reporter ? `${v.reporter}${v.reporterRole ? `（${roleLabel(v.reporterRole as Role, lang)}）` : ''}` : v.anonymous ? t('cases.anonymous') : '—',
    },
    v.contact ? { key: 'contact', label: t('cases.field.contact'), children: <span className="code-text" data-testid="case-contact">{[v.contact.name, v.contact.phone].filter(Boolean).join(' · ')}</span> } : undefined,
    { key: 'created', label: t('cases.field.createdAt'), children: fmt.dateTime(v.createdAt) },
    v.limit
      ? {
          key: 'limit',
          label: t('cases.field.limit'),
          children: (
            <span data-testid="case-limit">
              {v.step ? `${t(`cases.step.${v.step}`)} · ` : ''}
              {t('cases.limit.amount', { amount: fmt.number(v.limit.amount, Number.isInteger(v.limit.amount) ? 0 : 1), unit: t(`cases.unit.${v.limit.unit}`) })}
              {v.limit.extension > 0 && ` ${t('cases.limit.extended', { amount: fmt.number(v.limit.extension, Number.isInteger(v.limit.extension) ? 0 : 1), unit: t(`cases.unit.${v.limit.unit}`) })}`}
              {v.dueAt && ` · ${t('cases.lamp.due', { at: fmt.dateTime(v.dueAt) })}`}
            </span>
          ),
        }
      : undefined,
    v.extensionRequest
      ? {
          key: 'extensionRequest',
          label: t('cases.field.extensionRequest'),
          children: (
            <span data-testid="case-extension-request">
              {t('cases.extension.pending', { by: v.extensionRequest.by, amount: v.extensionRequest.amount, unit: v.limit ? t(`cases.unit.${v.limit.unit}`) : '' })}
              {' — '}
              {v.extensionRequest.reason}
            </span>
          ),
        }
      : undefined,
    v.reworkCount > 0 ? { key: 'rework', label: t('cases.field.reworkCount'), children: v.reworkCount } : undefined,
    v.result ? { key: 'result', label: t('cases.field.result'), span: 'filled' as const, children: <div className="case-text" data-testid="case-result">{v.result}</div> } : undefined,
    v.closedAt ? { key: 'closed', label: t('cases.field.closedAt'), children: fmt.dateTime(v.closedAt) } : undefined,
    v.mergedInto
      ? { key: 'merged', label: t('cases.field.mergedInto'), children: <Link to={casesPaths.case(v.mergedInto)} data-testid="case-merged-into">{t('cases.mergedInto.open')}</Link> }
      : undefined,
    v.rating !== null
      ? {
          key: 'rating',
          label: t('cases.field.rating'),
          span: 'filled' as const,
          children: (
            <span data-testid="case-rating" data-rating={v.rating}>
              <Rate disabled value={v.rating} style={{ fontSize: 16 }} />
              {v.ratingComment && <span className="case-text" style={{ marginInlineStart: 8 }}>{v.ratingComment}</span>}
            </span>
          ),
        }
      : undefined,
    v.people.length > 0 ? { key: 'people', label: t('cases.field.people'), children: v.people.map((p) => p.name).join('、') } : undefined,
  ].filter((x) => x !== undefined)
  return (
    <div data-testid="case-details">
      <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
      {v.photos.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <div className="muted small" style={{ marginBottom: 4 }}>
            {t('cases.field.photos')}
          </div>
          <CasePhotos photos={v.photos} />
        </div>
      )}
    </div>
  )
}
