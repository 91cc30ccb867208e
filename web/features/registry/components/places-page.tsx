// /registry/places — where a grid worker registers places, things, organizations and residents'
// concerns (地、物、组织、情): a tab each (?tab=), each with its search and filters in the URL, a
// table at a desk and cards on a phone, "load more" along the cursor. "新建 / New" (registry.write)
// opens the tab's form in a drawer (the whole screen on a phone). A building opens its own page;
// an organization, facility or concern opens in a drawer (?open=id), also right after it is saved.
import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Tabs } from 'antd'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { useAuth } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import { placesPaths } from '../lib/places-paths'
import { switchTab, tabOf } from '../lib/places-params'
import { PLACES_TABS, type PlacesTab } from '../places-types'
import { BuildingCreateForm } from './building-create-form'
import { ConcernDrawer } from './concern-drawer'
import { ConcernForm } from './concern-form'
import { FacilityDrawer } from './facility-drawer'
import { FacilityForm } from './facility-form'
import { OrganizationDrawer } from './organization-drawer'
import { OrganizationForm } from './organization-form'
import { PlacesDrawer } from './places-kit'
import { BuildingList, ConcernList, FacilityList, OrganizationList } from './places-lists'

const NEW_TITLE = {
  buildings: 'places.new.building',
  organizations: 'places.new.organization',
  facilities: 'places.new.facility',
  concerns: 'places.new.concern',
} as const

export function PlacesPage() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const { can } = useAuth()
  const navigate = useNavigate()
  const [search, setSearch] = useSearchParams()
  const tab = tabOf(search)
  const [creating, setCreating] = useState(false)
  const openParam = Number(search.get('open'))
  const openId = Number.isSafeInteger(openParam) && openParam > 0 ? openParam : undefined

  const setOpen = (id: number | undefined, inTab: PlacesTab = tab) =>
    setSearch(
      (prev) => {
        const next = inTab === tab ? new URLSearchParams(prev) : switchTab(prev, inTab)
        if (id === undefined) next.delete('open')
        else next.set('open', String(id))
        return next
      },
      { replace: id === undefined },
    )
  const saved = (what: string, id: number) => {
    void message.success(t('places.saved', { what }))
    setCreating(false)
    setOpen(id)
  }

  return (
    <div className="admin-page registry-page" data-testid="places-page" data-tab={tab}>
      <div className="admin-head">
        <h1 className="admin-title">{t('places.title')}</h1>
        {can('registry.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="places-new">
            {t('places.new')}
          </Button>
        )}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(switchTab(search, key as PlacesTab), { replace: true })}
        data-testid="places-tabs"
        items={PLACES_TABS.map((key) => ({ key, label: <span data-testid={`places-tab-${key}`}>{t(`places.tab.${key}`)}</span> }))}
      />
      {tab === 'buildings' && <BuildingList key="buildings" onOpen={(b) => navigate(placesPaths.building(b.id))} />}
      {tab === 'organizations' && <OrganizationList key="organizations" onOpen={(o) => setOpen(o.id)} />}
      {tab === 'facilities' && <FacilityList key="facilities" onOpen={(f) => setOpen(f.id)} />}
      {tab === 'concerns' && <ConcernList key="concerns" onOpen={(c) => setOpen(c.id)} />}

      <OrganizationDrawer id={tab === 'organizations' ? openId : undefined} onClose={() => setOpen(undefined)} onOpen={(id) => setOpen(id)} />
      <FacilityDrawer id={tab === 'facilities' ? openId : undefined} onClose={() => setOpen(undefined)} onOpen={(id) => setOpen(id)} />
      <ConcernDrawer id={tab === 'concerns' ? openId : undefined} onClose={() => setOpen(undefined)} />

      <PlacesDrawer open={creating} onClose={() => setCreating(false)} title={t(NEW_TITLE[tab])} data-testid="places-new-drawer">
        {tab === 'buildings' && <BuildingCreateForm onDone={() => setCreating(false)} />}
        {tab === 'organizations' && (
          <OrganizationForm
            mode="create"
            onSaved={(o) => saved(o.name, o.id)}
            onCancel={() => setCreating(false)}
            onOpen={(id) => {
              setCreating(false)
              setOpen(id)
            }}
          />
        )}
        {tab === 'facilities' && (
          <FacilityForm
            mode="create"
            onSaved={(f) => saved(f.name, f.id)}
            onCancel={() => setCreating(false)}
            onOpen={(id) => {
              setCreating(false)
              setOpen(id)
            }}
          />
        )}
        {tab === 'concerns' && <ConcernForm onSaved={(c) => saved(t('places.concern.title'), c.id)} onCancel={() => setCreating(false)} />}
      </PlacesDrawer>
    </div>
  )
}
