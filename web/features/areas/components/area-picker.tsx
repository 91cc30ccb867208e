// Picks an area by searching its name or code (used where a page needs a root or a parent).
import { Select } from 'antd'
import { useState, type CSSProperties } from 'react'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'
import { useArea } from '../api/get-area'
import { useSearchAreas } from '../api/search-areas'
import type { AreaLevel } from '../types'
import { LevelTag } from './level-tag'

interface AreaPickerProps {
  value?: string
  onChange: (code: string) => void
  /** Only areas of these levels can be picked. */
  levels?: readonly AreaLevel[]
  id?: string
  'data-testid'?: string
  style?: CSSProperties
}

export function AreaPicker({ value, onChange, levels, id, style, 'data-testid': testId }: AreaPickerProps) {
  const { t } = useI18n()
  const [text, setText] = useState('')
  const q = useDebouncedValue(text.trim(), 250)
  const search = useSearchAreas(q)
  const current = useArea(value)
  const found = (q ? (search.data ?? []) : []).filter((a) => !levels || levels.includes(a.level))
  const options = found.map((a) => ({
    value: a.code,
    label: (
      <span className="search-option">
        <span className="search-option-name">{a.name}</span>
        <LevelTag level={a.level} />
        <span className="code-text">{a.code}</span>
      </span>
    ),
  }))
  // The current value needs an option for its label; it goes last so Enter picks the first match.
  if (value && !found.some((a) => a.code === value)) {
    options.push({
      value,
      label: (
        <span className="search-option">
          <span className="search-option-name">{current.data?.name ?? value}</span>
          {current.data && <LevelTag level={current.data.level} />}
          <span className="code-text">{value}</span>
        </span>
      ),
    })
  }
  return (
    <Select
      id={id}
      value={value}
      options={options}
      onChange={(code: string) => {
        setText('')
        onChange(code)
      }}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={search.isFetching || current.isFetching}
      placeholder={t('picker.placeholder')}
      notFoundContent={q ? (search.isFetching ? t('common.loading') : t('search.noResults')) : t('picker.typeToSearch')}
      popupMatchSelectWidth={false}
      style={{ minWidth: 260, ...style }}
      data-testid={testId}
    />
  )
}
