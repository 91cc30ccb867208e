// A facility opened from the places' list: its record, edited in place against the version read
// (a change of state is its own history entry), retired with a reason, and its change history.
import { EditOutlined, StopOutlined } from '@ant-design/icons'
import { Alert, Button, Descriptions, Result, Skeleton, Space, Tabs, Tag } from 'antd'
import { useState } from 'react'
import { FACILITY_CLASSES, FACILITY_STATES } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useRetireFacility } from '../api/facility-changes'
import { useFacility, useFacilityHistory } from '../api/facility-queries'
import { codeLabel } from '../lib/labels'
import { facilityKindLabel, FACILITY_STATE_COLOR, lonLatText, RECORD_STATUS_COLOR } from '../lib/places-labels'
import type { FacilityView } from '../places-types'
import { FacilityForm } from './facility-form'
import { PlaceHistory, PlacesDrawer, ReasonDialog } from './places-kit'

export function FacilityDrawer({ id, onClose, onOpen }: { id: number | undefined; onClose: () => void; onOpen: (id: number) => void }) {
  const { t } = useI18n()
  const facility = useFacility(id)
  return (
    <PlacesDrawer open={id !== undefined} onClose={onClose} title={facility.data?.name ?? t('places.tab.facilities')} data-testid="facility-drawer">
      {facility.isPending ? (
        <Skeleton active />
      ) : facility.isError ? (
        facility.error instanceof ApiError && facility.error.status === 404 ? (
          <Result status="404" subTitle={t('places.notFound')} />
        ) : (
          <ApiErrorAlert error={facility.error} />
        )
      ) : (
        <FacilityDetails key={facility.data.id} facility={facility.data} onReload={() => facility.refetch()} onOpen={onOpen} />
      )}
    </PlacesDrawer>
  )
}

function FacilityDetails({ facility: f, onReload, onOpen }: { facility: FacilityView; onReload: () => Promise<unknown>; onOpen: (id: number) => void }) {
  const { t, lang, fmt } = useI18n()
  const { can } = useAuth()
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const [retiring, setRetiring] = useState(false)
  const retire = useRetireFacility()
  const history = useFacilityHistory(f.id)
  const editable = can('registry.write') && f.status === 'active'

  const facts = [
    { key: 'name', label: t('places.field.facility.name'), children: <span data-testid="facility-view-name">{f.name}</span> },
    { key: 'class', label: t('places.field.facility.class'), children: codeLabel(FACILITY_CLASSES, f.class, lang) },
    { key: 'kind', label: t('places.field.facility.kind'), children: facilityKindLabel(f.kind, lang) },
    { key: 'code', label: t('places.field.facility.code'), children: <span className="code-text">{f.code ?? '—'}</span> },
    {
      key: 'state',
      label: t('places.field.facility.state'),
      children: (
        <Tag color={FACILITY_STATE_COLOR[f.state]} data-testid="facility-view-state" data-state={f.state}>
          {codeLabel(FACILITY_STATES, f.state, lang)}
        </Tag>
      ),
    },
    { key: 'hazard', label: t('places.field.facility.hazard'), children: f.hazard ? <Tag color="red">{t('registry.yes')}</Tag> : t('registry.no') },
    { key: 'ownerDept', label: t('places.field.ownerDept'), children: f.ownerDept ?? '—' },
    { key: 'maintainerDept', label: t('places.field.maintainerDept'), children: f.maintainerDept ?? '—' },
    { key: 'grid', label: t('registry.field.grid'), children: <span data-testid="facility-view-grid" data-code={f.grid.code}>{f.grid.name}</span> },
    { key: 'location', label: t('places.field.location'), children: lonLatText(f.location) },
    { key: 'updated', label: t('registry.field.updatedAt'), children: t('registry.person.byAtVersion', { by: f.updatedBy, at: fmt.dateTime(f.updatedAt), version: f.version }) },
  ]

  return (
    <div data-testid="facility-details" data-id={f.id} data-version={f.version} data-status={f.status}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={RECORD_STATUS_COLOR[f.status]} data-testid="facility-status">
          {t(`places.status.${f.status}`)}
        </Tag>
        {editable && !editing && (
          <>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="facility-edit">
              {t('registry.person.edit')}
            </Button>
            <Button danger icon={<StopOutlined />} onClick={() => setRetiring(true)} data-testid="facility-retire">
              {t('places.retire')}
            </Button>
          </>
        )}
      </Space>
      {f.status !== 'active' && <Alert type="warning" showIcon className="form-error" title={t('places.retiredBecause', { reason: f.statusReason ?? '—' })} />}
      {saved && !editing && <Alert type="success" showIcon className="form-error" title={t('registry.person.saved')} data-testid="facility-saved" closable={{ onClose: () => setSaved(false) }} />}
      {editing ? (
        <FacilityForm
          mode="edit"
          record={f}
          onSaved={() => {
            setEditing(false)
            setSaved(true)
          }}
          onCancel={() => setEditing(false)}
          onOpen={onOpen}
          onReload={onReload}
        />
      ) : (
        <Tabs
          items={[
            { key: 'details', label: t('places.tab.details'), children: <Descriptions size="small" bordered column={1} items={facts} data-testid="facility-facts" /> },
            { key: 'history', label: <span data-testid="facility-tab-history">{t('registry.tab.changes')}</span>, children: <PlaceHistory history={history} /> },
          ]}
        />
      )}
      <ReasonDialog
        open={retiring}
        title={t('places.retireTitle', { name: f.name })}
        label={t('registry.status.reason')}
        hint={t('places.facility.retireHint')}
        submitLabel={t('places.retire')}
        entity="facility"
        onSubmit={(reason) => retire.mutateAsync({ id: f.id, body: { version: f.version, reason } })}
        onClose={() => setRetiring(false)}
        onStale={() => void onReload()}
        data-testid="facility-retire-dialog"
      />
    </div>
  )
}
