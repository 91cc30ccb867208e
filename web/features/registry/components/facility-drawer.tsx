// A facility opened from the places' list: its record, edited in place against the version read
// (a change of state is its own history entry), retired with a reason, and its change history.
import { Tag } from 'antd'
import { FACILITY_CLASSES, FACILITY_STATES } from '../../../../shared/registry/codes'
import { useI18n } from '../../../shared/i18n'
import { useRetireFacility } from '../api/facility-changes'
import { useFacility, useFacilityHistory } from '../api/facility-queries'
import { codeLabel } from '../lib/labels'
import { facilityKindLabel, FACILITY_STATE_COLOR, lonLatText } from '../lib/places-labels'
import type { FacilityView } from '../places-types'
import { FacilityForm } from './facility-form'
import { PlaceRecordDrawer, RetirableRecord } from './places-kit'

export function FacilityDrawer({ id, onClose, onOpen }: { id: number | undefined; onClose: () => void; onOpen: (id: number) => void }) {
  const { t } = useI18n()
  const query = useFacility(id)
  return (
    <PlaceRecordDrawer query={query} open={id !== undefined} onClose={onClose} title={query.data?.name ?? t('places.tab.facilities')} data-testid="facility-drawer">
      {(record, reload) => <FacilityDetails key={record.id} facility={record} onReload={reload} onOpen={onOpen} />}
    </PlaceRecordDrawer>
  )
}

function FacilityDetails({ facility: f, onReload, onOpen }: { facility: FacilityView; onReload: () => Promise<unknown>; onOpen: (id: number) => void }) {
  const { t, lang, fmt } = useI18n()
  const retire = useRetireFacility()
  const history = useFacilityHistory(f.id)
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
    <RetirableRecord
      entity="facility"
      record={f}
      facts={facts}
      history={history}
      retireHint={t('places.facility.retireHint')}
      retire={(reason) => retire.mutateAsync({ id: f.id, body: { version: f.version, reason } })}
      onReload={onReload}
      renderForm={(done) => <FacilityForm mode="edit" record={f} onSaved={done.onSaved} onCancel={done.onCancel} onOpen={onOpen} onReload={onReload} />}
    />
  )
}
