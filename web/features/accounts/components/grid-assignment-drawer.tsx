// A grid worker's grids: every grid under the worker's scope, ticked when it is theirs; a grid held
// by another worker says by whom (each grid has one worker, so ticking it moves it here).
import { Alert, Button, Checkbox, Drawer, Grid, Input, Spin, Tag } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useAccountGrids, useGridAssignments, useSetAccountGrids } from '../api/grids'
import { gridChanges, gridChoices } from '../lib/grid-selection'
import type { AccountView } from '../types'

export function GridAssignmentDrawer({ account, onClose }: { account: AccountView | undefined; onClose: () => void }) {
  const { t } = useI18n()
  const screens = Grid.useBreakpoint()
  return (
    <Drawer
      open={account !== undefined}
      onClose={onClose}
      title={account ? t('grids.title', { name: account.displayName }) : ''}
      size={screens.sm ? 480 : '100%'}
      destroyOnHidden
      data-testid="grid-drawer"
    >
      {account && <GridAssignmentBody account={account} onSaved={onClose} />}
    </Drawer>
  )
}

function GridAssignmentBody({ account, onSaved }: { account: AccountView; onSaved: () => void }) {
  const { t } = useI18n()
  const assignments = useGridAssignments(account.scope.code)
  const current = useAccountGrids(account.id)
  const save = useSetAccountGrids()
  const [selected, setSelected] = useState<string[] | null>(null)
  const [filter, setFilter] = useState('')
  useEffect(() => {
    if (current.data && selected === null) setSelected(current.data.map((g) => g.code))
  }, [current.data, selected])
  const choices = useMemo(() => gridChoices(assignments.data ?? [], account.id), [assignments.data, account.id])
  const shown = filter ? choices.filter((c) => c.name.includes(filter) || c.code.startsWith(filter)) : choices

  if (assignments.isError) return <ApiErrorAlert error={assignments.error} />
  if (current.isError) return <ApiErrorAlert error={current.error} />
  if (assignments.isPending || current.isPending || selected === null) return <Spin className="page-spin" />

  const changes = gridChanges(
    current.data.map((g) => g.code),
    selected,
  )
  const moved = selected.filter((c) => choices.find((x) => x.code === c)?.heldBy)
  return (
    <div>
      <p className="muted">{t('grids.intro', { scope: account.scope.name })}</p>
      {choices.length === 0 ? (
        <Alert type="info" showIcon title={t('grids.none')} />
      ) : (
        <>
          <Input.Search allowClear placeholder={t('grids.filter')} value={filter} onChange={(e) => setFilter(e.target.value.trim())} aria-label={t('grids.filter')} />
          <Checkbox.Group value={selected} onChange={(v) => setSelected(v as string[])} className="grid-checklist" data-testid="grid-checklist">
            {shown.map((c) => (
              <Checkbox key={c.code} value={c.code} data-testid="grid-choice" data-code={c.code}>
                <span className="search-option-name">{c.name}</span> <span className="code-text">{c.code}</span>
                {c.heldBy && (
                  <Tag className="held-tag" color={selected.includes(c.code) ? 'orange' : 'default'}>
                    {t('grids.heldBy', { name: c.heldBy })}
                  </Tag>
                )}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </>
      )}
      {moved.length > 0 && <Alert type="warning" showIcon className="block" title={t('grids.moving', { count: moved.length })} />}
      {save.isError && <ApiErrorAlert error={save.error} />}
      <div className="drawer-actions">
        <span className="muted small">{t('grids.changes', { added: changes.added.length, removed: changes.removed.length })}</span>
        <Button
          type="primary"
          disabled={changes.added.length + changes.removed.length === 0}
          loading={save.isPending}
          onClick={() => save.mutate({ id: account.id, gridCodes: [...selected].sort() }, { onSuccess: onSaved })}
          data-testid="grid-save"
        >
          {t('grids.save', { count: selected.length })}
        </Button>
      </div>
    </div>
  )
}
