// Finds a registered building (part of its name or address) for a form that places a record in it:
// the building search of the registry, each option with its address and grid. A form control.
import { Select } from 'antd'
import { useState, type CSSProperties } from 'react'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'
import { useBuildingSearch } from '../api/building-queries'
import type { BuildingSummary } from '../places-types'
import { queryText } from '../lib/places-params'

interface Props {
  id?: string
  value?: number
  onChange?: (v: number | undefined, building?: BuildingSummary) => void
  style?: CSSProperties
  'data-testid'?: string
}

export function BuildingSelect({ id, value, onChange, style, 'data-testid': testId = 'building-select' }: Props) {
  const { t } = useI18n()
  const [text, setText] = useState('')
  const q = queryText(useDebouncedValue(text, 300))
  const search = useBuildingSearch({ q }, q !== undefined)
  const [chosen, setChosen] = useState<BuildingSummary | undefined>()
  const found = q !== undefined ? (search.data?.pages.flatMap((p) => p.items) ?? []) : []
  const label = (b: BuildingSummary) => (
    <span className="search-option" data-testid="building-option" data-building-id={b.id}>
      <span className="search-option-name">{b.name}</span>
      <span className="small muted">{b.address}</span>
      <span className="small muted">{b.grid.name}</span>
    </span>
  )
  const options = found.map((b) => ({ value: b.id, label: label(b) }))
  if (value !== undefined && !found.some((b) => b.id === value)) options.push({ value, label: chosen?.id === value ? label(chosen) : <span>#{value}</span> })
  return (
    <Select<number>
      id={id}
      value={value}
      allowClear
      onChange={(v) => {
        const b = found.find((x) => x.id === v)
        setChosen(b)
        setText('')
        onChange?.(v ?? undefined, b)
      }}
      options={options}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={search.isFetching}
      placeholder={t('places.building.searchPlaceholder')}
      notFoundContent={q ? (search.isFetching ? t('common.loading') : t('places.building.none')) : t('places.person.typeToSearch')}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
      data-testid={testId}
    />
  )
}
