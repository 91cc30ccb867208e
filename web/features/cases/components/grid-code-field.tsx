// A grid by its code, for a report without a point (a grid worker without GPS): the grids of the
// user's own area to choose from (a grid worker's own grid first), or any 15-digit code typed.
import { AutoComplete } from 'antd'
import { useAreas } from '../../areas'
import { useActiveSession } from '../../auth'
import { useI18n } from '../../../shared/i18n'

interface Props {
  id?: string
  value?: string
  onChange?: (code: string) => void
}

export function GridCodeField({ id, value, onChange }: Props) {
  const { t } = useI18n()
  const { scope } = useActiveSession().account
  // A community's grids are its children; a grid worker of one grid has just that one.
  const children = useAreas(scope.level === 'community' ? scope.code : null)
  const grids = scope.level === 'grid' ? [scope] : scope.level === 'community' ? (children.data ?? []).filter((a) => a.level === 'grid') : []
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      options={grids.map((g) => ({ value: g.code, label: `${g.name} ${g.code}` }))}
      filterOption={(input, option) => String(option?.label ?? '').includes(input.trim())}
      placeholder={t('cases.report.gridCodeHint')}
      style={{ maxWidth: 360 }}
      data-testid="case-grid-code"
    />
  )
}
