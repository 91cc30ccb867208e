// /registry/buildings/:id — one building: a header (name, address, status, hazard grade, grid) with
// "retire" (a reason; refused while people live in it or a room is rented), and tabs (?tab=) —
// its fields edited in place, its rooms by unit and floor (residents, rented; add rooms), the rentals
// of its rooms (register, tenants, end), and its change history.
import { ArrowLeftOutlined, StopOutlined } from '@ant-design/icons'
import { Alert, Button, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd'
import { useEffect, useState, type ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router'
import { BUILDING_USES, HAZARD_GRADES } from '../../../../shared/registry/codes'
import { useAuth } from '../../auth'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useRetireBuilding } from '../api/building-changes'
import { useBuilding, useBuildingHistory } from '../api/building-queries'
import { useRentalSearch } from '../api/rental-queries'
import { codeLabel } from '../lib/labels'
import { HAZARD_COLOR, RECORD_STATUS_COLOR } from '../lib/places-labels'
import { placesPaths } from '../lib/places-paths'
import type { BuildingView, RoomView } from '../places-types'
import { BuildingDetails } from './building-details'
import { BuildingRooms } from './building-rooms'
import { PlaceHistory, ReasonDialog } from './places-kit'
import { RentalSection } from './rental-section'

const TABS = ['details', 'rooms', 'rentals', 'history'] as const
type TabKey = (typeof TABS)[number]

export function BuildingPage({ buildingId }: { buildingId: number }) {
  const { t } = useI18n()
  const building = useBuilding(buildingId)
  const back = (
    <Link to={placesPaths.places()}>
      <Button icon={<ArrowLeftOutlined />}>{t('places.building.back')}</Button>
    </Link>
  )
  if (building.isPending) {
    return (
      <div className="admin-page registry-page" aria-busy="true">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    )
  }
  if (building.isError) {
    const missing = building.error instanceof ApiError && building.error.status === 404
    return (
      <div className="admin-page registry-page" data-testid="building-page">
        {missing ? <Result status="404" title="404" subTitle={t('places.building.notFound')} extra={back} data-testid="building-not-found" /> : <ApiErrorAlert error={building.error} />}
      </div>
    )
  }
  return <BuildingLoaded building={building.data} onReload={() => building.refetch()} back={back} />
}

function BuildingLoaded({ building: b, onReload, back }: { building: BuildingView; onReload: () => Promise<unknown>; back: ReactNode }) {
  const { t, lang, fmt } = useI18n()
  const { can } = useAuth()
  const [search, setSearch] = useSearchParams()
  const [retiring, setRetiring] = useState(false)
  const [openRental, setOpenRental] = useState<number | undefined>()
  const [newForRoom, setNewForRoom] = useState<number | undefined>()
  const retire = useRetireBuilding()
  const history = useBuildingHistory(b.id)
  // The rental of a room opened from the rooms tab: the room's active rental.
  const [rentalRoom, setRentalRoom] = useState<number | undefined>()
  const roomRentals = useRentalSearch({ roomId: rentalRoom, status: 'active' }, rentalRoom !== undefined)
  const tabParam = search.get('tab')
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'details'
  const setTab = (key: TabKey) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (key === 'details') next.delete('tab')
        else next.set('tab', key)
        return next
      },
      { replace: true },
    )

  // Once the room's active rental is known, it opens in the rentals tab.
  useEffect(() => {
    if (rentalRoom === undefined || !roomRentals.isSuccess) return
    const found = roomRentals.data.pages[0]?.items[0]
    setRentalRoom(undefined)
    if (found) setOpenRental(found.id)
    else setNewForRoom(rentalRoom)
    setTab('rentals')
  }, [rentalRoom, roomRentals.isSuccess, roomRentals.data])
  const onRental = (room: RoomView) => {
    if (room.rented) setRentalRoom(room.id)
    else {
      setNewForRoom(room.id)
      setTab('rentals')
    }
  }

  return (
    <div className="admin-page registry-page" data-testid="building-page" data-building-id={b.id} data-version={b.version} data-status={b.status}>
      <div className="admin-head">
        <div style={{ minWidth: 0 }}>
          <Space wrap size={8} align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="building-title">
              {b.name}
            </Typography.Title>
            <Tag color={RECORD_STATUS_COLOR[b.status]} data-testid="building-status">
              {t(`places.status.${b.status}`)}
            </Tag>
            <Tag color={HAZARD_COLOR[b.hazardGrade]}>{codeLabel(HAZARD_GRADES, b.hazardGrade, lang)}</Tag>
          </Space>
          <div className="muted" style={{ marginTop: 4, overflowWrap: 'anywhere' }}>
            {b.address} · {codeLabel(BUILDING_USES, b.use, lang)} · <span data-testid="building-grid" data-code={b.grid.code}>{b.grid.name}</span> ·{' '}
            {t('places.building.counts', { rooms: fmt.number(b.rooms), residents: fmt.number(b.residents) })}
          </div>
        </div>
        <Space wrap>
          {can('registry.write') && b.status === 'active' && (
            <Button danger icon={<StopOutlined />} onClick={() => setRetiring(true)} data-testid="building-retire">
              {t('places.retire')}
            </Button>
          )}
          {back}
        </Space>
      </div>
      {b.status !== 'active' && <Alert type="warning" showIcon className="form-error" title={t('places.retiredBecause', { reason: b.statusReason ?? '—' })} data-testid="building-retired" />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as TabKey)}
        data-testid="building-tabs"
        items={[
          { key: 'details', label: <span data-testid="building-tab-details">{t('places.tab.details')}</span>, children: <BuildingDetails building={b} onReload={onReload} /> },
          {
            key: 'rooms',
            label: <span data-testid="building-tab-rooms">{t('places.tab.rooms', { count: b.rooms })}</span>,
            children: <BuildingRooms building={b} onReload={onReload} onRental={onRental} />,
          },
          {
            key: 'rentals',
            label: <span data-testid="building-tab-rentals">{t('places.tab.rentals')}</span>,
            children: <RentalSection building={b} openRental={openRental} newForRoom={newForRoom} onOpenRental={setOpenRental} onNewForRoom={setNewForRoom} />,
          },
          { key: 'history', label: <span data-testid="building-tab-history">{t('registry.tab.changes')}</span>, children: <PlaceHistory history={history} /> },
        ]}
      />
      <ReasonDialog
        open={retiring}
        title={t('places.retireTitle', { name: b.name })}
        label={t('registry.status.reason')}
        hint={t('places.building.retireHint')}
        submitLabel={t('places.retire')}
        entity="building"
        onSubmit={(reason) => retire.mutateAsync({ id: b.id, body: { version: b.version, reason } })}
        onClose={() => setRetiring(false)}
        onStale={() => void onReload()}
        data-testid="building-retire-dialog"
      />
    </div>
  )
}
