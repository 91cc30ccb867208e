// An organization opened from the places' list: its record (the phone masked), edited in place
// against the version read, retired with a reason, and its change history.
import { Tag } from 'antd'
import { Link } from 'react-router'
import { ORGANIZATION_KINDS } from '../../../../shared/registry/codes'
import { useI18n } from '../../../shared/i18n'
import { useRetireOrganization } from '../api/organization-changes'
import { useOrganization, useOrganizationHistory } from '../api/organization-queries'
import { codeLabel } from '../lib/labels'
import { lonLatText } from '../lib/places-labels'
import { placesPaths } from '../lib/places-paths'
import type { OrganizationView } from '../places-types'
import { OrganizationForm } from './organization-form'
import { PlaceRecordDrawer, RetirableRecord } from './places-kit'

export function OrganizationDrawer({ id, onClose, onOpen }: { id: number | undefined; onClose: () => void; onOpen: (id: number) => void }) {
  const { t } = useI18n()
  const query = useOrganization(id)
  return (
    <PlaceRecordDrawer query={query} open={id !== undefined} onClose={onClose} title={query.data?.name ?? t('places.tab.organizations')} data-testid="organization-drawer">
      {(record, reload) => <OrganizationDetails key={record.id} org={record} onReload={reload} onOpen={onOpen} />}
    </PlaceRecordDrawer>
  )
}

function OrganizationDetails({ org, onReload, onOpen }: { org: OrganizationView; onReload: () => Promise<unknown>; onOpen: (id: number) => void }) {
  const { t, lang, fmt } = useI18n()
  const retire = useRetireOrganization()
  const history = useOrganizationHistory(org.id)
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
    <RetirableRecord
      entity="organization"
      record={org}
      facts={facts}
      history={history}
      retireHint={t('places.organization.retireHint')}
      retire={(reason) => retire.mutateAsync({ id: org.id, body: { version: org.version, reason } })}
      onReload={onReload}
      renderForm={(done) => <OrganizationForm mode="edit" record={org} onSaved={done.onSaved} onCancel={done.onCancel} onOpen={onOpen} onReload={onReload} />}
    />
  )
}
