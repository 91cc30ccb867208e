// A resident's concern opened from the places' list: what was said, by whom, where; closed with how
// it was settled or converted into a case (its reference kept), and its change history.
import { CheckOutlined, SwapOutlined } from '@ant-design/icons'
import { Alert, Button, Descriptions, Space, Tabs, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { CONCERN_THEMES } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import { useCloseConcern, useConvertConcern } from '../api/concern-changes'
import { useConcern, useConcernHistory } from '../api/concern-queries'
import { codeLabel } from '../lib/labels'
import { registryPaths } from '../lib/paths'
import { CONCERN_STATUS_COLOR, lonLatText } from '../lib/places-labels'
import type { ConcernView } from '../places-types'
import { PlaceHistory, PlaceRecordDrawer, ReasonDialog } from './places-kit'

export function ConcernDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { t } = useI18n()
  const concern = useConcern(id)
  return (
    <PlaceRecordDrawer query={concern} open={id !== undefined} onClose={onClose} title={t('places.concern.title')} data-testid="concern-drawer">
      {(record, reload) => <ConcernDetails key={record.id} concern={record} onReload={reload} />}
    </PlaceRecordDrawer>
  )
}

function ConcernDetails({ concern: c, onReload }: { concern: ConcernView; onReload: () => Promise<unknown> }) {
  const { t, lang, fmt } = useI18n()
  const { can } = useAuth()
  const [ending, setEnding] = useState<'close' | 'convert' | undefined>()
  const close = useCloseConcern()
  const convert = useConvertConcern()
  const history = useConcernHistory(c.id)
  const open = c.status === 'open'

  const facts = [
    { key: 'theme', label: t('places.field.concern.theme'), children: codeLabel(CONCERN_THEMES, c.theme, lang) },
    {
      key: 'content',
      label: t('places.field.concern.content'),
      children: (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="concern-view-content">
          {c.content}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'resident',
      label: t('places.field.concern.resident'),
      children: c.personId ? <Link to={registryPaths.person(c.personId)}>{c.residentName ?? `#${c.personId}`}</Link> : (c.residentName ?? '—'),
    },
    { key: 'grid', label: t('registry.field.grid'), children: <span data-testid="concern-view-grid" data-code={c.grid.code}>{c.grid.name}</span> },
    { key: 'location', label: t('places.field.location'), children: lonLatText(c.location) },
    { key: 'created', label: t('places.field.concern.noted'), children: t('registry.person.byAt', { by: c.createdBy, at: fmt.dateTime(c.createdAt) }) },
    ...(c.caseRef ? [{ key: 'caseRef', label: t('places.field.caseRef'), children: <span className="code-text">{c.caseRef}</span> }] : []),
    ...(c.statusReason ? [{ key: 'reason', label: t('places.field.concern.settled'), children: c.statusReason }] : []),
  ]

  return (
    <div data-testid="concern-details" data-id={c.id} data-version={c.version} data-status={c.status}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={CONCERN_STATUS_COLOR[c.status]} data-testid="concern-status">
          {t(`places.concernStatus.${c.status}`)}
        </Tag>
        {open && can('registry.write') && (
          <>
            <Button icon={<CheckOutlined />} onClick={() => setEnding('close')} data-testid="concern-close">
              {t('places.concern.close')}
            </Button>
            <Button icon={<SwapOutlined />} onClick={() => setEnding('convert')} data-testid="concern-convert">
              {t('places.concern.convert')}
            </Button>
          </>
        )}
      </Space>
      {!open && <Alert type="info" showIcon className="form-error" title={c.status === 'converted' ? t('places.concern.converted', { caseRef: c.caseRef ?? '—' }) : t('places.concern.closed', { reason: c.statusReason ?? '—' })} />}
      <Tabs
        items={[
          { key: 'details', label: t('places.tab.details'), children: <Descriptions size="small" bordered column={1} items={facts} data-testid="concern-facts" /> },
          { key: 'history', label: <span data-testid="concern-tab-history">{t('registry.tab.changes')}</span>, children: <PlaceHistory history={history} /> },
        ]}
      />
      <ReasonDialog
        open={ending === 'close'}
        title={t('places.concern.closeTitle')}
        label={t('places.concern.closeReason')}
        hint={t('places.concern.closeHint')}
        submitLabel={t('places.concern.close')}
        danger={false}
        entity="concern"
        onSubmit={(reason) => close.mutateAsync({ id: c.id, body: { version: c.version, reason } })}
        onClose={() => setEnding(undefined)}
        onStale={() => void onReload()}
        data-testid="concern-close-dialog"
      />
      <ReasonDialog
        open={ending === 'convert'}
        title={t('places.concern.convertTitle')}
        label={t('places.field.caseRef')}
        hint={t('places.concern.convertHint')}
        submitLabel={t('places.concern.convert')}
        minLength={1}
        maxLength={60}
        danger={false}
        entity="concern"
        onSubmit={(caseRef) => convert.mutateAsync({ id: c.id, body: { version: c.version, caseRef } })}
        onClose={() => setEnding(undefined)}
        onStale={() => void onReload()}
        data-testid="concern-convert-dialog"
      />
    </div>
  )
}
