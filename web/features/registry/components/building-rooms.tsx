// A building's rooms grouped by unit and floor (top floor first), each with its residents and
// whether it is rented; a room opens its residents (the building's residents whose address names the
// room) and its rental. Rooms are added one at a time or floor by floor.
import { HomeOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Row, Segmented, Space, Spin, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { SEXES } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useAddRooms } from '../api/building-changes'
import { useBuildingResidents } from '../api/building-residents'
import { addressNamesRoom, checkAddRooms, groupRooms, roomsToAdd, type AddRoomsValues } from '../lib/building-form'
import { codeLabel } from '../lib/labels'
import { registryPaths } from '../lib/paths'
import { ROOM_USES } from '../lib/places-labels'
import { isStale, placeFormErrors } from '../lib/places-server-errors'
import type { BuildingView, RoomView } from '../places-types'
import type { PersonSummary } from '../types'
import { CodeSelect } from './code-select'
import { PlacesDrawer, showFieldErrors, usePlaceRule } from './places-kit'

interface Props {
  building: BuildingView
  onReload: () => Promise<unknown>
  /** Opens the room's rental, or the form to register one for the room. */
  onRental: (room: RoomView) => void
}

export function BuildingRooms({ building: b, onReload, onRental }: Props) {
  const { t, fmt } = useI18n()
  const { can } = useAuth()
  const [adding, setAdding] = useState(false)
  const [roomId, setRoomId] = useState<number | undefined>()
  const units = groupRooms(b.roomList)
  const room = b.roomList.find((r) => r.id === roomId)
  const writable = can('registry.write') && b.status === 'active'

  return (
    <div data-testid="building-rooms" data-count={b.roomList.length}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        <span className="muted">
          {t('places.rooms.summary', { rooms: fmt.number(b.roomList.length), residents: fmt.number(b.residents), rented: fmt.number(b.roomList.filter((r) => r.rented).length) })}
        </span>
        {writable && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="rooms-add">
            {t('places.rooms.add')}
          </Button>
        )}
      </div>
      {units.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('places.rooms.none')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {units.map((u) => (
            <Card
              key={u.unit}
              size="small"
              title={u.unit ? t('places.rooms.unit', { unit: u.unit }) : t('places.rooms.noUnit')}
              extra={<span className="small muted">{t('places.rooms.unitSummary', { rooms: u.rooms, residents: u.residents, rented: u.rented })}</span>}
              data-testid="rooms-unit"
              data-unit={u.unit}
            >
              <div style={{ display: 'flex', flexDirection: 'column', gap: 6, overflowX: 'auto' }}>
                {u.floors.map((f) => (
                  <div key={String(f.floor)} style={{ display: 'flex', alignItems: 'center', gap: 6 }} data-testid="rooms-floor" data-floor={f.floor ?? ''}>
                    <span className="small muted" style={{ width: 44, flex: 'none', textAlign: 'right' }}>
                      {f.floor === null ? '—' : t('places.rooms.floor', { floor: f.floor })}
                    </span>
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                      {f.rooms.map((r) => (
                        <Button
                          key={r.id}
                          size="small"
                          onClick={() => setRoomId(r.id)}
                          style={r.rented ? { borderColor: '#fa8c16', background: '#fff7e6' } : undefined}
                          data-testid="room"
                          data-room-id={r.id}
                          data-unit={r.unit}
                          data-number={r.number}
                          data-residents={r.residents}
                          data-rented={r.rented ? 'true' : 'false'}
                          aria-label={t('places.rooms.roomLabel', { unit: r.unit || '—', number: r.number, residents: r.residents })}
                        >
                          <span className="code-text">{r.number}</span>
                          {r.residents > 0 && (
                            <span className="small" style={{ marginInlineStart: 4, color: '#1677ff' }}>
                              <UserOutlined aria-hidden="true" />
                              {r.residents}
                            </span>
                          )}
                          {r.rented && <Tag color="orange" style={{ marginInlineStart: 4, marginInlineEnd: 0, lineHeight: '16px' }}>{t('places.rooms.rented')}</Tag>}
                        </Button>
                      ))}
                    </div>
                  </div>
                ))}
              </div>
            </Card>
          ))}
        </Space>
      )}
      <RoomDrawer
        building={b}
        room={room}
        onClose={() => setRoomId(undefined)}
        onRental={(r) => {
          setRoomId(undefined)
          onRental(r)
        }}
      />
      {adding && <AddRoomsDialog building={b} onClose={() => setAdding(false)} onReload={onReload} />}
    </div>
  )
}

function RoomDrawer({ building, room, onClose, onRental }: { building: BuildingView; room: RoomView | undefined; onClose: () => void; onRental: (room: RoomView) => void }) {
  const { t, lang, fmt } = useI18n()
  const { can } = useAuth()
  const residents = useBuildingResidents(building.id, room !== undefined)
  const all = residents.data?.pages.flatMap((p) => p.items) ?? []
  const here = room ? all.filter((p) => addressNamesRoom(p.address, room)) : []
  const person = (p: PersonSummary) => (
    <li key={p.id} data-testid="room-resident" data-person-id={p.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
      <UserOutlined aria-hidden="true" /> <Link to={registryPaths.person(p.id)}>{p.name}</Link>
      <div className="small muted" style={{ overflowWrap: 'anywhere' }}>
        {codeLabel(SEXES, p.sex, lang)} · {t('registry.years', { age: p.age })} · <span className="code-text">{p.idNumberMasked}</span> · {p.address}
      </div>
    </li>
  )
  const list = (people: PersonSummary[], testId: string, empty: string) =>
    people.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
    ) : (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid={testId}>
        {people.map(person)}
      </ul>
    )
  return (
    <PlacesDrawer
      open={room !== undefined}
      onClose={onClose}
      title={room ? t('places.room', { unit: room.unit || '—', number: room.number }) : ''}
      data-testid="room-drawer"
    >
      {room && (
        <div data-testid="room-details" data-room-id={room.id}>
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'floor', label: t('places.field.floor'), children: room.floor ?? '—' },
              { key: 'use', label: t('places.field.roomUse'), children: codeLabel(ROOM_USES, room.use, lang) },
              { key: 'area', label: t('places.field.areaM2'), children: room.areaM2 === null ? '—' : fmt.m2(room.areaM2) },
              { key: 'residents', label: t('places.field.residents'), children: <span data-testid="room-residents-count">{room.residents}</span> },
              { key: 'rented', label: t('places.rooms.rented'), children: room.rented ? <Tag color="orange">{t('registry.yes')}</Tag> : t('registry.no') },
            ]}
          />
          <Space style={{ margin: '12px 0' }}>
            {room.rented ? (
              <Button icon={<HomeOutlined />} onClick={() => onRental(room)} data-testid="room-rental-open">
                {t('places.rentals.open')}
              </Button>
            ) : (
              can('registry.write') &&
              building.status === 'active' && (
                <Button icon={<HomeOutlined />} onClick={() => onRental(room)} data-testid="room-rental-new">
                  {t('places.rentals.new')}
                </Button>
              )
            )}
          </Space>
          <h4 style={{ margin: '8px 0' }}>{t('places.rooms.residentsHere')}</h4>
          {residents.isError && <ApiErrorAlert error={residents.error} />}
          {residents.isPending ? (
            <Spin />
          ) : (
            <>
              {list(here, 'room-residents', t('places.rooms.noResidentsByAddress'))}
              {room.residents !== here.length && <Alert type="info" showIcon className="form-error" title={t('places.rooms.byAddressNote', { count: room.residents })} />}
              <h4 style={{ margin: '12px 0 8px' }}>{t('places.rooms.buildingResidents', { count: all.length })}</h4>
              {list(all.filter((p) => !here.includes(p)), 'building-residents', t('places.rooms.noResidents'))}
              {residents.hasNextPage && (
                <Button onClick={() => void residents.fetchNextPage()} loading={residents.isFetchingNextPage}>
                  {t('registry.search.more')}
                </Button>
              )}
            </>
          )}
        </div>
      )}
    </PlacesDrawer>
  )
}

function AddRoomsDialog({ building, onClose, onReload }: { building: BuildingView; onClose: () => void; onReload: () => Promise<unknown> }) {
  const { t, tryT, fmt } = useI18n()
  const [form] = Form.useForm<AddRoomsValues>()
  const add = useAddRooms()
  const rule = usePlaceRule<AddRoomsValues>('rooms', (v) => checkAddRooms(v, building.floors))
  const values = Form.useWatch([], form) as AddRoomsValues | undefined
  const mode = values?.mode ?? 'one'
  const rooms = values && checkAddRooms(values, building.floors).length === 0 ? roomsToAdd(values) : []
  const [rest, setRest] = useState(true)
  const stale = isStale(add.error)
  const conflicts = add.error && !stale ? placeFormErrors(add.error, ['rooms'], tryT, 'building').fields.flatMap((f) => f.errors) : []

  const submit = (v: AddRoomsValues) => {
    add.mutate(
      { id: building.id, body: { version: building.version, rooms: roomsToAdd(v) } },
      {
        onSuccess: onClose,
        onError: (e) => {
          if (isStale(e)) {
            void onReload()
            return
          }
          const { fields, rest: r } = placeFormErrors(e, ['unit', 'number', 'floor', 'rooms'], tryT, 'rooms', { 'rooms.unit': 'unit', 'rooms.number': 'number', 'rooms.floor': 'floor' })
          showFieldErrors(form, fields.filter((f) => f.name[0] !== 'rooms'))
          setRest(r > 0 || fields.length === 0)
        },
      },
    )
  }
  const item = (name: keyof AddRoomsValues & string) => ({ name, rules: [rule(name)], 'data-testid': `rooms-add-${name}-item` })

  return (
    <Modal
      open
      title={t('places.rooms.addTitle', { name: building.name })}
      onCancel={onClose}
      destroyOnHidden
      data-testid="rooms-add-dialog"
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={add.isPending} disabled={rooms.length === 0 || stale} onClick={() => form.submit()} data-testid="rooms-add-submit">
          {t('places.rooms.addSubmit', { count: rooms.length })}
        </Button>,
      ]}
    >
      <Form<AddRoomsValues> form={form} layout="vertical" initialValues={{ mode: 'one', roomsPerFloor: 2 }} onFinish={submit} data-testid="rooms-add-form">
        <Form.Item name="mode">
          <Segmented<AddRoomsValues['mode']>
            options={[
              { value: 'one', label: t('places.rooms.modeOne') },
              { value: 'floors', label: t('places.rooms.modeFloors') },
            ]}
            data-testid="rooms-add-mode"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item {...item('unit')} label={t('places.field.unit')}>
              <Input maxLength={20} data-testid="rooms-add-unit" />
            </Form.Item>
          </Col>
          {mode === 'one' ? (
            <>
              <Col xs={12}>
                <Form.Item {...item('number')} label={t('places.field.roomNumber')} required>
                  <Input maxLength={20} data-testid="rooms-add-number" />
                </Form.Item>
              </Col>
              <Col xs={8}>
                <Form.Item {...item('floor')} label={t('places.field.floor')}>
                  <InputNumber<number> min={-10} max={200} precision={0} style={{ width: '100%' }} data-testid="rooms-add-floor" />
                </Form.Item>
              </Col>
              <Col xs={8}>
                <Form.Item name="use" label={t('places.field.roomUse')}>
                  <CodeSelect list={ROOM_USES} allowClear />
                </Form.Item>
              </Col>
              <Col xs={8}>
                <Form.Item {...item('areaM2')} label={t('places.field.areaM2')}>
                  <InputNumber<number> min={0} step={1} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : (
            <>
              <Col xs={12}>
                <Form.Item {...item('roomsPerFloor')} label={t('places.field.roomsPerFloor')} required>
                  <InputNumber<number> min={1} max={12} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item {...item('fromFloor')} label={t('places.field.fromFloor')} required>
                  <InputNumber<number> min={-10} max={200} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item {...item('toFloor')} label={t('places.field.toFloor')} required dependencies={['fromFloor']}>
                  <InputNumber<number> min={-10} max={200} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        {mode === 'floors' && rooms.length > 0 && (
          <Alert type="info" showIcon className="form-error" title={t('places.rooms.addPreview', { count: fmt.number(rooms.length), first: rooms[0]!.number, last: rooms[rooms.length - 1]!.number })} />
        )}
      </Form>
      {stale && <Alert type="warning" showIcon className="form-error" title={t('places.staleReloaded')} />}
      {conflicts.length > 0 && <Alert type="error" showIcon className="form-error" title={conflicts.join(t('registry.problemSeparator'))} data-testid="rooms-add-conflict" />}
      {add.isError && !stale && conflicts.length === 0 && rest && <ApiErrorAlert error={add.error} />}
    </Modal>
  )
}
