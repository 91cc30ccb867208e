// The rentals (出租房屋) of a building's rooms: a list (active, ended or all), registering a room as
// rented (the landlord a registered person found by search, or a name; purpose; first day; tenants
// found by search), and a rental's own drawer — its tenants (masked), adding one, ending a tenancy,
// ending the rental with a reason (its open tenancies end the same day). Each change carries the
// rental's version; a stale one reloads it.
import { HomeOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Col, Descriptions, Empty, Form, Input, Modal, Row, Segmented, Select, Skeleton, Space, Table, Tag } from 'antd'
import { useState, type HTMLAttributes } from 'react'
import { Link } from 'react-router'
import { chinaToday } from '../../../../shared/registry/person-fields'
import { useAuth } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useAddTenant, useCreateRental, useEndRental, useEndTenancy } from '../api/rental-changes'
import { useRental, useRentalSearch } from '../api/rental-queries'
import { codeLabel } from '../lib/labels'
import { registryPaths } from '../lib/paths'
import { RENTAL_PURPOSES } from '../lib/places-labels'
import { isStale, placeFormErrors } from '../lib/places-server-errors'
import { checkRental, dayProblems, rentalCreateBody, type LandlordMode, type RentalFormValues } from '../lib/rental-form'
import type { BuildingView, RentalSummary, RentalView, TenantEntry } from '../places-types'
import { CodeSelect } from './code-select'
import { PeopleSelect, PersonSelect } from './places-person-select'
import { PlacesDrawer, ReasonDialog, showFieldErrors, usePlaceRule } from './places-kit'
import { placeProblemsText } from '../lib/places-problems'

type RentalStatusFilter = 'active' | 'ended' | 'any'

export function roomName(t: ReturnType<typeof useI18n>['t'], room: { unit: string; number: string }) {
  return t('places.room', { unit: room.unit || '—', number: room.number })
}

interface Props {
  building: BuildingView
  /** A rental to show (opened from a room), or a room to register a rental for. */
  openRental?: number
  newForRoom?: number
  onOpenRental: (id: number | undefined) => void
  onNewForRoom: (roomId: number | undefined) => void
}

export function RentalSection({ building, openRental, newForRoom, onOpenRental, onNewForRoom }: Props) {
  const { t, lang } = useI18n()
  const { can } = useAuth()
  const [status, setStatus] = useState<RentalStatusFilter>('active')
  const rentals = useRentalSearch({ buildingId: building.id, status })
  const items = rentals.data?.pages.flatMap((p) => p.items) ?? []
  const writable = can('registry.write') && building.status === 'active'
  const [creating, setCreating] = useState(false)

  return (
    <div data-testid="building-rentals">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        <Segmented<RentalStatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('places.rentals.active') },
            { value: 'ended', label: t('places.rentals.ended') },
            { value: 'any', label: t('places.rentals.all') },
          ]}
          data-testid="rentals-status"
        />
        {writable && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="rental-new">
            {t('places.rentals.new')}
          </Button>
        )}
      </div>
      {rentals.isError && <ApiErrorAlert error={rentals.error} />}
      <Table<RentalSummary>
        size="small"
        rowKey="id"
        loading={rentals.isFetching && !rentals.isFetchingNextPage}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid="rentals-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('places.rentals.none')} /> }}
        rowClassName={() => 'clickable-row'}
        onRow={(r) => ({ onClick: () => onOpenRental(r.id), 'data-testid': 'rental-row', 'data-id': r.id, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'room', title: t('places.field.room'), render: (_, r) => <strong>{roomName(t, r.room)}</strong> },
          { key: 'landlord', title: t('places.field.landlord'), render: (_, r) => r.landlordName },
          { key: 'purpose', title: t('places.field.purpose'), render: (_, r) => codeLabel(RENTAL_PURPOSES, r.purpose, lang) },
          { key: 'period', title: t('places.field.period'), render: (_, r) => (r.endedOn ? t('places.rentals.period', { from: r.startedOn, to: r.endedOn }) : t('places.rentals.since', { from: r.startedOn })) },
          { key: 'tenants', title: t('places.field.tenants'), align: 'right', render: (_, r) => r.tenantCount },
          { key: 'status', title: t('registry.field.status'), render: (_, r) => <Tag color={r.status === 'active' ? 'orange' : 'default'}>{t(`places.rentalStatus.${r.status}`)}</Tag> },
        ]}
      />
      {rentals.hasNextPage && (
        <Button style={{ marginTop: 8 }} onClick={() => void rentals.fetchNextPage()} loading={rentals.isFetchingNextPage}>
          {t('registry.search.more')}
        </Button>
      )}
      {(creating || newForRoom !== undefined) && (
        <RentalCreateDialog
          building={building}
          roomId={newForRoom}
          onClose={() => {
            setCreating(false)
            onNewForRoom(undefined)
          }}
          onCreated={(r) => {
            setCreating(false)
            onNewForRoom(undefined)
            onOpenRental(r.id)
          }}
        />
      )}
      <RentalDrawer id={openRental} onClose={() => onOpenRental(undefined)} />
    </div>
  )
}

const RENTAL_KNOWN = ['roomId', 'landlordPersonId', 'landlordName', 'purpose', 'startedOn', 'tenants']

function RentalCreateDialog({ building, roomId, onClose, onCreated }: { building: BuildingView; roomId?: number; onClose: () => void; onCreated: (r: RentalView) => void }) {
  const { t, tryT } = useI18n()
  const [form] = Form.useForm<RentalFormValues>()
  const create = useCreateRental()
  const rule = usePlaceRule<RentalFormValues>('rental', (v) => checkRental(v))
  const mode = (Form.useWatch('landlordMode', form) ?? 'person') as LandlordMode
  const landlord = Form.useWatch('landlordPersonId', form) as number | undefined
  const [rest, setRest] = useState(true)
  const free = building.roomList.filter((r) => !r.rented || r.id === roomId)

  const submit = (v: RentalFormValues) => {
    create.mutate(rentalCreateBody(v), {
      onSuccess: onCreated,
      onError: (e) => {
        const { fields, rest: r } = placeFormErrors(e, RENTAL_KNOWN, tryT, 'rental')
        showFieldErrors(form, fields)
        setRest(r > 0 || fields.length === 0)
      },
    })
  }
  const item = (name: keyof RentalFormValues & string, dependencies?: string[]) => ({ name, rules: [rule(name)], dependencies, 'data-testid': `rental-${name}-item` })

  return (
    <Modal
      open
      title={t('places.rentals.newTitle', { name: building.name })}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      data-testid="rental-dialog"
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="rental-submit">
          {t('places.rentals.submit')}
        </Button>,
      ]}
    >
      <Form<RentalFormValues> form={form} layout="vertical" initialValues={{ roomId, landlordMode: 'person', purpose: 'residence', startedOn: chinaToday(), tenants: [] }} onFinish={submit} data-testid="rental-form">
        <Form.Item {...item('roomId')} label={t('places.field.room')} required>
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            options={free.map((r) => ({ value: r.id, label: roomName(t, r) }))}
            placeholder={t('registry.select')}
            data-testid="rental-room"
          />
        </Form.Item>
        <Form.Item name="landlordMode" label={t('places.field.landlord')}>
          <Segmented<LandlordMode>
            options={[
              { value: 'person', label: t('places.rentals.landlordPerson') },
              { value: 'name', label: t('places.rentals.landlordName') },
            ]}
            data-testid="rental-landlord-mode"
          />
        </Form.Item>
        {mode === 'person' ? (
          <Form.Item {...item('landlordPersonId')} label={t('places.rentals.landlordPerson')} required extra={t('places.person.hint')}>
            <PersonSelect data-testid="rental-landlord" />
          </Form.Item>
        ) : (
          <Form.Item {...item('landlordName')} label={t('places.rentals.landlordName')} required>
            <Input maxLength={60} autoComplete="off" data-testid="rental-landlordName" />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="purpose" label={t('places.field.purpose')}>
              <CodeSelect list={RENTAL_PURPOSES} data-testid="rental-purpose" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item {...item('startedOn')} label={t('places.field.startedOn')} required>
              <Input type="date" max={chinaToday()} data-testid="rental-startedOn" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item {...item('tenants', ['landlordPersonId'])} label={t('places.field.tenants')} extra={t('places.person.hint')}>
          <PeopleSelect exclude={landlord ? [landlord] : []} data-testid="rental-tenants" />
        </Form.Item>
      </Form>
      {create.isError && rest && <ApiErrorAlert error={create.error} />}
    </Modal>
  )
}

function RentalDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { t } = useI18n()
  const rental = useRental(id)
  return (
    <PlacesDrawer open={id !== undefined} onClose={onClose} title={rental.data ? roomName(t, rental.data.room) : t('places.rentals.title')} data-testid="rental-drawer">
      {rental.isPending ? <Skeleton active /> : rental.isError ? <ApiErrorAlert error={rental.error} /> : <RentalDetails key={rental.data.id} rental={rental.data} onReload={() => rental.refetch()} />}
    </PlacesDrawer>
  )
}

function RentalDetails({ rental: r, onReload }: { rental: RentalView; onReload: () => Promise<unknown> }) {
  const { t, tryT, lang, fmt } = useI18n()
  const { can } = useAuth()
  const active = r.status === 'active'
  const writable = can('registry.write') && active
  const [ending, setEnding] = useState(false)
  const [endedOn, setEndedOn] = useState(chinaToday())
  const [endingTenant, setEndingTenant] = useState<TenantEntry | undefined>()
  const [newTenant, setNewTenant] = useState<number | undefined>()
  const [tenantFrom, setTenantFrom] = useState(chinaToday())
  const addTenant = useAddTenant()
  const endRental = useEndRental()
  const openTenants = r.tenants.filter((x) => x.endedOn === null)
  const notBefore = openTenants.reduce((d, x) => (x.startedOn > d ? x.startedOn : d), r.startedOn)
  const endProblems = dayProblems('endedOn', endedOn, { notBefore })
  const fromProblems = dayProblems('startedOn', tenantFrom, { notBefore: r.startedOn })

  const add = () => {
    if (!newTenant || fromProblems.length > 0) return
    addTenant.mutate(
      { id: r.id, body: { version: r.version, personId: newTenant, startedOn: tenantFrom } },
      {
        onSuccess: () => setNewTenant(undefined),
        onError: (e) => isStale(e) && void onReload(),
      },
    )
  }

  return (
    <div data-testid="rental-details" data-id={r.id} data-status={r.status} data-version={r.version}>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'room', label: t('places.field.room'), children: `${r.room.buildingName} ${roomName(t, r.room)}` },
          {
            key: 'landlord',
            label: t('places.field.landlord'),
            children: r.landlordPersonId ? <Link to={registryPaths.person(r.landlordPersonId)}>{r.landlordName}</Link> : r.landlordName,
          },
          { key: 'purpose', label: t('places.field.purpose'), children: codeLabel(RENTAL_PURPOSES, r.purpose, lang) },
          { key: 'period', label: t('places.field.period'), children: r.endedOn ? t('places.rentals.period', { from: r.startedOn, to: r.endedOn }) : t('places.rentals.since', { from: r.startedOn }) },
          {
            key: 'status',
            label: t('registry.field.status'),
            children: (
              <Tag color={active ? 'orange' : 'default'} data-testid="rental-status">
                {t(`places.rentalStatus.${r.status}`)}
              </Tag>
            ),
          },
          { key: 'created', label: t('registry.field.createdAt'), children: t('registry.person.byAt', { by: r.createdBy, at: fmt.dateTime(r.createdAt) }) },
        ]}
      />
      <h4 style={{ margin: '12px 0 8px' }}>{t('places.field.tenants')}</h4>
      <Table<TenantEntry>
        size="small"
        rowKey="tenancyId"
        dataSource={r.tenants}
        pagination={false}
        scroll={{ x: 520 }}
        locale={{ emptyText: t('places.rentals.noTenants') }}
        data-testid="tenants-table"
        onRow={(x) => ({ 'data-testid': 'tenant-row', 'data-person-id': x.personId, 'data-open': x.endedOn === null ? 'true' : 'false' }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('registry.field.name'),
            render: (_, x) => (x.person ? <Link to={registryPaths.person(x.personId)}>{x.person.name}</Link> : <span className="muted">{t('places.rentals.tenantElsewhere')}</span>),
          },
          { key: 'id', title: t('registry.field.idNumber'), render: (_, x) => <span className="code-text">{x.person?.idNumberMasked ?? '—'}</span> },
          { key: 'period', title: t('places.field.period'), render: (_, x) => (x.endedOn ? t('places.rentals.period', { from: x.startedOn, to: x.endedOn }) : t('places.rentals.since', { from: x.startedOn })) },
          {
            key: 'act',
            title: '',
            render: (_, x) =>
              writable && x.endedOn === null ? (
                <Button size="small" onClick={() => setEndingTenant(x)} data-testid="tenant-end">
                  {t('places.rentals.endTenancy')}
                </Button>
              ) : null,
          },
        ]}
      />
      {writable && (
        <div style={{ marginTop: 12 }} data-testid="tenant-add">
          <Row gutter={8}>
            <Col xs={24} sm={14}>
              <PersonSelect value={newTenant} onChange={setNewTenant} exclude={[...openTenants.map((x) => x.personId), ...(r.landlordPersonId ? [r.landlordPersonId] : [])]} data-testid="tenant-add-person" />
            </Col>
            <Col xs={14} sm={6}>
              <Input type="date" value={tenantFrom} max={chinaToday()} onChange={(e) => setTenantFrom(e.target.value)} aria-label={t('places.field.startedOn')} status={fromProblems.length ? 'error' : undefined} />
            </Col>
            <Col xs={10} sm={4}>
              <Button icon={<PlusOutlined />} disabled={!newTenant || fromProblems.length > 0} loading={addTenant.isPending} onClick={add} data-testid="tenant-add-submit">
                {t('places.rentals.addTenant')}
              </Button>
            </Col>
          </Row>
          {fromProblems.length > 0 && <div className="small" style={{ color: '#b91c1c' }}>{placeProblemsText(tryT, 'rental', fromProblems, tenantFrom)}</div>}
          {addTenant.isError && (isStale(addTenant.error) ? <Alert type="warning" showIcon className="form-error" title={t('places.staleReloaded')} /> : <RentalErrorAlert error={addTenant.error} />)}
        </div>
      )}
      {writable && (
        <Space style={{ marginTop: 16 }}>
          <Button danger icon={<HomeOutlined />} onClick={() => setEnding(true)} data-testid="rental-end">
            {t('places.rentals.end')}
          </Button>
        </Space>
      )}
      <ReasonDialog
        open={ending}
        title={t('places.rentals.endTitle')}
        label={t('registry.status.reason')}
        hint={t('places.rentals.endHint')}
        submitLabel={t('places.rentals.end')}
        entity="rental"
        onSubmit={(reason) => (endProblems.length > 0 ? Promise.reject(new Error(placeProblemsText(tryT, 'rental', endProblems, endedOn))) : endRental.mutateAsync({ id: r.id, body: { version: r.version, endedOn, reason } }))}
        onClose={() => setEnding(false)}
        onStale={() => void onReload()}
        data-testid="rental-end-dialog"
      >
        <Form layout="vertical">
          <Form.Item label={t('places.field.endedOn')} required validateStatus={endProblems.length ? 'error' : undefined} help={endProblems.length ? placeProblemsText(tryT, 'rental', endProblems, endedOn) : t('places.rentals.endTenantsToo', { count: openTenants.length })}>
            <Input type="date" value={endedOn} max={chinaToday()} onChange={(e) => setEndedOn(e.target.value)} data-testid="rental-end-date" />
          </Form.Item>
        </Form>
      </ReasonDialog>
      {endingTenant && <EndTenancyDialog rental={r} tenant={endingTenant} onClose={() => setEndingTenant(undefined)} onReload={onReload} />}
    </div>
  )
}

function RentalErrorAlert({ error }: { error: unknown }) {
  const { tryT, t } = useI18n()
  const { fields } = placeFormErrors(error, ['personId', 'startedOn', 'endedOn', 'version'], tryT, 'rental')
  if (fields.length === 0) return <ApiErrorAlert error={error} />
  return <Alert type="error" showIcon className="form-error" title={fields.flatMap((f) => f.errors).join(t('registry.problemSeparator'))} data-testid="rental-problem" />
}

function EndTenancyDialog({ rental, tenant, onClose, onReload }: { rental: RentalView; tenant: TenantEntry; onClose: () => void; onReload: () => Promise<unknown> }) {
  const { t, tryT } = useI18n()
  const [day, setDay] = useState(chinaToday())
  const end = useEndTenancy()
  const problems = dayProblems('endedOn', day, { notBefore: tenant.startedOn })
  const submit = () =>
    end.mutate({ id: rental.id, personId: tenant.personId, body: { version: rental.version, endedOn: day } }, { onSuccess: onClose, onError: (e) => isStale(e) && void onReload() })
  return (
    <Modal
      open
      title={t('places.rentals.endTenancyTitle', { name: tenant.person?.name ?? `#${tenant.personId}` })}
      onCancel={onClose}
      destroyOnHidden
      data-testid="tenancy-end-dialog"
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger disabled={problems.length > 0} loading={end.isPending} onClick={submit} data-testid="tenancy-end-submit">
          {t('places.rentals.endTenancy')}
        </Button>,
      ]}
    >
      <Form layout="vertical">
        <Form.Item label={t('places.field.endedOn')} required validateStatus={problems.length ? 'error' : undefined} help={problems.length ? placeProblemsText(tryT, 'rental', problems, day) : undefined}>
          <Input type="date" value={day} max={chinaToday()} onChange={(e) => setDay(e.target.value)} data-testid="tenancy-end-date" />
        </Form.Item>
      </Form>
      {end.isError && (isStale(end.error) ? <Alert type="warning" showIcon className="form-error" title={t('places.staleReloaded')} /> : <RentalErrorAlert error={end.error} />)}
    </Modal>
  )
}
