// The features to import, one row each: code and name editable, where it came from, and buttons to
// zoom to it, redraw it or remove it. Problems found before sending are shown under the row.
import { AimOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons'
import { Button, Empty, Input, Popconfirm, Tag, Tooltip } from 'antd'
import { useEffect, useRef } from 'react'
import { useI18n, type I18n } from '../../../shared/i18n'
import type { FeatureCheck, WorkingFeature } from '../lib/working-set'

interface FeatureListProps {
  features: WorkingFeature[]
  selectedId?: string
  checks: Map<string, FeatureCheck[]>
  /** Problems the server reported for a feature in the last dry run. */
  serverProblems: Map<string, string[]>
  onChange: (id: string, patch: Partial<Pick<WorkingFeature, 'code' | 'name'>>) => void
  onSelect: (id: string) => void
  onZoom: (id: string) => void
  onRedraw: (id: string) => void
  onDelete: (id: string) => void
}

const ORIGIN_COLOR = { file: 'purple', drawn: 'cyan', current: 'default' } as const

export function checkMessage(c: FeatureCheck, i18n: I18n): string {
  switch (c.problem) {
    case 'codeLength':
      return i18n.t('check.codeLength', { length: c.length })
    case 'codePrefix':
      return i18n.t('check.codePrefix', { parent: c.parent })
    default:
      return i18n.t(`check.${c.problem}`)
  }
}

export function FeatureList({ features, selectedId, checks, serverProblems, onChange, onSelect, onZoom, onRedraw, onDelete }: FeatureListProps) {
  const i18n = useI18n()
  const { t } = i18n
  const listRef = useRef<HTMLOListElement>(null)

  useEffect(() => {
    if (!selectedId) return
    listRef.current?.querySelector(`[data-feature-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [selectedId])

  if (features.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('features.empty')} data-testid="feature-list-empty" />
  }
  return (
    <ol className="feature-list" ref={listRef} data-testid="feature-list" aria-label={t('features.title')}>
      {features.map((f, index) => {
        const local = checks.get(f.id) ?? []
        const remote = serverProblems.get(f.id) ?? []
        const codeBad = local.some((c) => c.problem.startsWith('code'))
        return (
          <li
            key={f.id}
            className={`feature-row${f.id === selectedId ? ' is-selected' : ''}${local.length || remote.length ? ' has-problem' : ''}`}
            data-feature-id={f.id}
            data-testid="feature-row"
            onClick={() => onSelect(f.id)}
          >
            <div className="feature-main">
              <span className="feature-index" aria-label={t('features.index', { n: index + 1 })}>
                {index + 1}
              </span>
              <Input
                size="small"
                className="code-input"
                value={f.code}
                status={codeBad ? 'error' : undefined}
                placeholder={t('features.code')}
                aria-label={t('features.codeOf', { n: index + 1 })}
                onFocus={() => onSelect(f.id)}
                onChange={(e) => onChange(f.id, { code: e.target.value })}
                data-testid="feature-code"
              />
              <Input
                size="small"
                className="name-input"
                value={f.name}
                status={local.some((c) => c.problem === 'nameMissing') ? 'warning' : undefined}
                placeholder={t('features.name')}
                aria-label={t('features.nameOf', { n: index + 1 })}
                onFocus={() => onSelect(f.id)}
                onChange={(e) => onChange(f.id, { name: e.target.value })}
                data-testid="feature-name"
              />
              <Tag color={ORIGIN_COLOR[f.origin]} className="origin-tag">
                {t(`origin.${f.origin}`)}
              </Tag>
              <span className="feature-actions">
                <Tooltip title={t('features.zoom')}>
                  <Button size="small" type="text" icon={<AimOutlined />} aria-label={t('features.zoom')} onClick={() => onZoom(f.id)} />
                </Tooltip>
                <Tooltip title={t('features.redraw')}>
                  <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('features.redraw')} onClick={() => onRedraw(f.id)} data-testid="feature-redraw" />
                </Tooltip>
                <Popconfirm title={t('features.deleteConfirm', { code: f.code || f.name || index + 1 })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => onDelete(f.id)}>
                  <Tooltip title={t('common.delete')}>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid="feature-delete" />
                  </Tooltip>
                </Popconfirm>
              </span>
            </div>
            {(local.length > 0 || remote.length > 0) && (
              <ul className="feature-problems">
                {local.map((c, i) => (
                  <li key={`l${i}`}>{checkMessage(c, i18n)}</li>
                ))}
                {remote.map((m, i) => (
                  <li key={`r${i}`}>{m}</li>
                ))}
              </ul>
            )}
          </li>
        )
      })}
    </ol>
  )
}
