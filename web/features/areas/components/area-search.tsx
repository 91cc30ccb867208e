// Search box for areas by name or code prefix; picking a result selects the area.
import { AutoComplete, Input } from 'antd'
import { useState } from 'react'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'
import { useSearchAreas } from '../api/search-areas'
import { LevelTag } from './level-tag'

export function AreaSearch({ onSelect }: { onSelect: (code: string) => void }) {
  const { t } = useI18n()
  const [text, setText] = useState('')
  const q = useDebouncedValue(text.trim(), 250)
  const search = useSearchAreas(q)
  const items = q ? (search.data ?? []) : []
  const options = items.map((a) => ({
    value: a.code,
    label: (
      <div className="search-option" data-testid="area-search-option">
        <span className="search-option-name">{a.name}</span>
        <LevelTag level={a.level} />
        <span className="code-text">{a.code}</span>
      </div>
    ),
  }))
  return (
    <AutoComplete
      value={text}
      options={options}
      onChange={(v: string) => setText(v)}
      onSelect={(code: string) => {
        setText('')
        onSelect(code)
      }}
      showSearch={{ filterOption: false }}
      defaultActiveFirstOption
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      notFoundContent={q && !search.isFetching && search.isSuccess ? t('search.noResults') : null}
      data-testid="area-search"
    >
      <Input.Search
        allowClear
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        loading={search.isFetching}
        data-testid="area-search-input"
        onSearch={(value) => {
          const first = items[0]
          if (value.trim() && first) {
            setText('')
            onSelect(first.code)
          }
        }}
      />
    </AutoComplete>
  )
}
