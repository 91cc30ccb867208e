// The filter bar of a places tab: the search box (when the tab has one), the area picker and the
// tab's own selects, all kept in the URL.
import { CloseOutlined, SearchOutlined } from '@ant-design/icons'
import { Button, Input, Select, Space } from 'antd'
import { useEffect, useState, type ReactNode } from 'react'
import { useSearchParams } from 'react-router'
import { AreaPicker } from '../../areas'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'

/** Sets (or clears) one URL parameter, keeping the others; the history is not grown by filters. */
export function useUrlParam() {
  const [, setSearch] = useSearchParams()
  return (key: string, value: string | undefined) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true },
    )
}

/** The search text, typed into a box and written to ?q= once it stopped changing. */
export function useSearchText(): [string, (v: string) => void] {
  const [search] = useSearchParams()
  const set = useUrlParam()
  const [text, setText] = useState(() => search.get('q') ?? '')
  const debounced = useDebouncedValue(text, 300)
  useEffect(() => {
    if ((search.get('q') ?? '') !== debounced.trim()) set('q', debounced.trim() || undefined)
    // Only when the debounced text changes.
  }, [debounced])
  return [text, setText]
}

export function SearchBox({ value, onChange, placeholder, name }: { value: string; onChange: (v: string) => void; placeholder: string; name: string }) {
  return (
    <Input
      allowClear
      prefix={<SearchOutlined aria-hidden="true" />}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      placeholder={placeholder}
      aria-label={placeholder}
      autoComplete="off"
      spellCheck={false}
      style={{ maxWidth: 420, width: '100%' }}
      data-testid={`${name}-search`}
    />
  )
}

export function AreaFilter({ value, name }: { value: string | undefined; name: string }) {
  const { t } = useI18n()
  const set = useUrlParam()
  return (
    <Space.Compact>
      <AreaPicker value={value} onChange={(c) => set('area', c)} style={{ minWidth: 220 }} data-testid={`${name}-filter-area`} />
      {value && <Button icon={<CloseOutlined />} onClick={() => set('area', undefined)} aria-label={t('registry.search.clearArea')} />}
    </Space.Compact>
  )
}

export function FilterSelect({
  param,
  value,
  options,
  placeholder,
  allowClear = true,
  testId,
}: {
  param: string
  value: string | undefined
  options: { value: string; label: ReactNode }[]
  placeholder: string
  allowClear?: boolean
  testId: string
}) {
  const set = useUrlParam()
  return (
    <Select<string>
      allowClear={allowClear}
      value={value}
      placeholder={placeholder}
      aria-label={placeholder}
      onChange={(v) => set(param, v ?? undefined)}
      options={options}
      popupMatchSelectWidth={false}
      style={{ minWidth: 130 }}
      data-testid={testId}
    />
  )
}
