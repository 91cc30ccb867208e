// An organization opened from the places' list: its record (the phone masked), edited in place
// against the version read, retired with a reason, and its change history.
import { EditOutlined, StopOutlined } from '@ant-design/icons'
import { Alert, Button, Descriptions, Result, Skeleton, Space, Tabs, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { ORGANIZATION_KINDS } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useRetireOrganization } from '../api/organization-changes'
import { useOrganization, useOrganizationHistory } from '../api/organization-queries'
import { codeLabel } from '../lib/labels'
import { lonLatText, RECORD_STATUS_COLOR } from '../lib/places-labels'
import { placesPaths } from '../lib/places-paths'
import type { OrganizationView } from '../places-types'
import { OrganizationForm } from './organization-form'
import { PlaceHistory, PlacesDrawer, ReasonDialog } from './places-kit'

export function OrganizationDrawer({ id, onClose, onOpen }: { id: number | undefined; onClose: () => void; onOpen: (id: number) => void }) {
  const { t } = useI18n()
  const org = useOrganization(id)
  return (
    <PlacesDrawer open={id !== undefined} onClose={onClose} title={org.data?.name ?? t('places.tab.organizations')} data-testid="organization-drawer">
      {org.isPending ? (
        <Skeleton active />
      ) : org.isError ? (
        org.error instanceof ApiError && org.error.status === 404 ? (
          <Result status="404" subTitle={t('places.notFound')} />
        ) : (
          <ApiErrorAlert error={org.error} />
        )
      ) : (
        <OrganizationDetails key={org.data.id} org={org.data} onReload={() => org.refetch()} onOpen={onOpen} />
      )}
    </PlacesDrawer>
  )
}

function OrganizationDetails({ org, onReload, onOpen }: { org: OrganizationView; onReload: () => Promise<unknown>; onOpen: (id: number) => void }) {
  const { t, lang, fmt } = useI18n()
  const { can } = useAuth()
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const [retiring, setRetiring] = useState(false)
  const retire = useRetireOrganization()
  const history = useOrganizationHistory(org.id)
  const editable = can('registry.write') && org.status === 'active'

  const facts = [
    { key: 'name', label: t('places.field.organization.name'), children: <span data-testid="organization-view-name">{org.name}</span> },
    { key: 'kind', label: t('places.field.organization.kind'), children: codeLabel(ORGANIZATION_KINDS, org.kind, lang) },
    { key: 'creditCode', label: t('places.field.creditCode'), children: <span className="code-text" data-testid="organization-view-creditCode">{org.creditCode ?? '—'}</span> },
    { key: 'keyPlace', label: t('places.field.keyPlace'), children: org.keyPlace ? <Tag color="red">{t('registry.yes')}</Tag> : t('registry.no') },
    { key: 'legalRep', label: t('places.field.legalRep'), children: org.legalRep ?? '—' },
    { key: 'securityContact', label: t('places.field.securityContact'), children: org.securityContact ?? '—' },
    { key: 'phone', label: t('places.field.phone'), children: <span className="code-text">{org.phoneMasked ?? '—'}</span> },
    { key: 'employees', label: t('places.field.employees'), children: org.employees === null ? '—' : fmt.number(org.employees) },
    { key: 'address', label: t('places.field.address'), children: org.address },
    {
      key: 'building',
      label: t('places.field.building'),
      children: org.building ? <Link to={placesPaths.building(org.building.id)}>{org.building.name}</Link> : '—',
    },
    { key: 'grid', label: t('registry.field.grid'), children: <span data-testid="organization-view-grid" data-code={org.grid.code}>{org.grid.name}</span> },
    { key: 'location', label: t('places.field.location'), children: lonLatText(org.location) },
    { key: 'updated', label: t('registry.field.updatedAt'), children: t('registry.person.byAtVersion', { by: org.updatedBy, at: fmt.dateTime(org.updatedAt), version: org.version }) },
  ]

  return (
    <div data-testid="organization-details" data-id={org.id} data-version={org.version} data-status={org.status}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={RECORD_STATUS_COLOR[org.status]} data-testid="organization-status">
          {t(`places.status.${org.status}`)}
        </Tag>
        {editable && !editing && (
          <>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="organization-edit">
              {t('registry.person.edit')}
            </Button>
            <Button danger icon={<StopOutlined />} onClick={() => setRetiring(true)} data-testid="organization-retire">
              {t('places.retire')}
            </Button>
          </>
        )}
      </Space>
      {org.status !== 'active' && <Alert type="warning" showIcon className="form-error" title={t('places.retiredBecause', { reason: org.statusReason ?? '—' })} />}
      {saved && !editing && <Alert type="success" showIcon className="form-error" title={t('registry.person.saved')} data-testid="organization-saved" closable={{ onClose: () => setSaved(false) }} />}
      {editing ? (
        <OrganizationForm
          mode="edit"
          record={org}
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
            { key: 'details', label: t('places.tab.details'), children: <Descriptions size="small" bordered column={1} items={facts} data-testid="organization-facts" /> },
            { key: 'history', label: <span data-testid="organization-tab-history">{t('registry.tab.changes')}</span>, children: <PlaceHistory history={history} /> },
          ]}
        />
      )}
      <ReasonDialog
        open={retiring}
        title={t('places.retireTitle', { name: org.name })}
        label={t('registry.status.reason')}
        hint={t('places.organization.retireHint')}
        submitLabel={t('places.retire')}
        entity="organization"
        onSubmit={(reason) => retire.mutateAsync({ id: org.id, body: { version: org.version, reason } })}
        onClose={() => setRetiring(false)}
        onStale={() => void onReload()}
        data-testid="organization-retire-dialog"
      />
    </div>
  )
}
