// Home: the area tree, the map and the details of the selected area; the selection lives in the URL
// (/?area=630102). On narrow screens the tree moves into a drawer and the details go below the map.
import { ApartmentOutlined } from '@ant-design/icons'
import { Button, Drawer, Grid } from 'antd'
import { useCallback, useState } from 'react'
import { useSearchParams } from 'react-router'
import { AreaDetails, AreaMap, AreaSearch, AreaTree, useArea } from '../../features/areas'
import { useI18n } from '../../shared/i18n'

export function MapRoute() {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams()
  const selectedCode = params.get('area') ?? undefined
  const selected = useArea(selectedCode)
  const screens = Grid.useBreakpoint()
  const wide = screens.lg ?? true
  const [drawerOpen, setDrawerOpen] = useState(false)

  const select = useCallback(
    (code: string) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev)
        next.set('area', code)
        return next
      })
      setDrawerOpen(false)
    },
    [setParams],
  )

  const ancestorCodes = selected.data && selected.data.code === selectedCode ? selected.data.ancestors.map((a) => a.code) : undefined
  const treePanel = (
    <div className="tree-panel">
      <AreaSearch onSelect={select} />
      <AreaTree selectedCode={selectedCode} ancestorCodes={ancestorCodes} onSelect={select} />
    </div>
  )

  return (
    <div className={`explorer ${wide ? 'is-wide' : 'is-narrow'}`}>
      {wide ? (
        <aside className="explorer-tree" aria-label={t('tree.label')}>
          {treePanel}
        </aside>
      ) : (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          title={t('tree.label')}
          size={Math.min(360, window.innerWidth - 40)}
          styles={{ body: { padding: 8, display: 'flex', flexDirection: 'column' } }}
          data-testid="tree-drawer"
        >
          {treePanel}
        </Drawer>
      )}
      <section className="explorer-map">
        <AreaMap
          selectedCode={selectedCode}
          onSelect={select}
          overlay={
            wide ? null : (
              <Button className="tree-toggle" icon={<ApartmentOutlined />} onClick={() => setDrawerOpen(true)} data-testid="tree-toggle">
                {t('tree.open')}
              </Button>
            )
          }
        />
      </section>
      <aside className="explorer-details" aria-label={t('details.label')}>
        <AreaDetails code={selectedCode} />
      </aside>
    </div>
  )
}
