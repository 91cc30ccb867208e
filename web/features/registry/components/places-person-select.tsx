// Finds a registered person for a place's form (a landlord, a tenant, a concern's resident): the
// people search of the registry (a name's first characters, or a whole ID number or mobile number),
// each option with the masked ID number and the grid. A form control (value/onChange) for one
// person or several.
import { Select, Tag } from 'antd'
import { useEffect, useState, type CSSProperties } from 'react'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'
import { usePeopleSearch } from '../api/search-people'
import { readSearchTerm, searchQ } from '../lib/search-term'
import type { PersonSummary } from '../types'

interface Props<V> {
  id?: string
  value?: V
  onChange?: (v: V) => void
  /** Known people (e.g. a rental's tenants) so their names show before any search. */
  known?: PersonSummary[]
  exclude?: readonly number[]
  placeholder?: string
  style?: CSSProperties
  'data-testid'?: string
}

function usePeopleOptions(text: string, known: PersonSummary[] | undefined) {
  const term = readSearchTerm(useDebouncedValue(text, 300))
  const q = searchQ(term)
  const people = usePeopleSearch({ q, status: 'active' }, q !== undefined)
  const [seen, setSeen] = useState<Map<number, PersonSummary>>(() => new Map((known ?? []).map((p) => [p.id, p])))
  const found = q !== undefined ? (people.data?.pages.flatMap((p) => p.items) ?? []) : []
  useEffect(() => {
    if (found.length === 0) return
    setSeen((prev) => {
      const next = new Map(prev)
      for (const p of found) next.set(p.id, p)
      return next
    })
    // Only when the results change.
  }, [people.data])
  return { term, q, found, seen, fetching: people.isFetching }
}

function PersonOption({ p }: { p: PersonSummary }) {
  return (
    <span className="search-option" data-testid="person-option" data-person-id={p.id}>
      <span className="search-option-name">{p.name}</span>
      <span className="code-text small">{p.idNumberMasked}</span>
      <span className="small muted">{p.grid.name}</span>
    </span>
  )
}

export function PersonSelect({ id, value, onChange, known, exclude = [], placeholder, style, 'data-testid': testId }: Props<number | undefined>) {
  const { t } = useI18n()
  const [text, setText] = useState('')
  const { q, found, seen, fetching, term } = usePeopleOptions(text, known)
  const options = found.filter((p) => !exclude.includes(p.id)).map((p) => ({ value: p.id, label: <PersonOption p={p} /> }))
  if (value !== undefined && !found.some((p) => p.id === value)) {
    const p = seen.get(value)
    options.push({ value, label: p ? <PersonOption p={p} /> : <span>#{value}</span> })
  }
  return (
    <Select<number>
      id={id}
      value={value}
      allowClear
      onChange={(v) => {
        setText('')
        onChange?.(v ?? undefined)
      }}
      options={options}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={fetching}
      placeholder={placeholder ?? t('places.person.placeholder')}
      notFoundContent={q ? (fetching ? t('common.loading') : t('places.person.none')) : term.kind === 'partialNumber' ? t('registry.search.partial', { digits: term.digits }) : t('places.person.typeToSearch')}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
      data-testid={testId}
    />
  )
}

export function PeopleSelect({ id, value, onChange, known, exclude = [], placeholder, style, 'data-testid': testId }: Props<number[] | undefined>) {
  const { t } = useI18n()
  const [text, setText] = useState('')
  const { q, found, seen, fetching, term } = usePeopleOptions(text, known)
  const chosen = value ?? []
  const options = found.filter((p) => !exclude.includes(p.id)).map((p) => ({ value: p.id, label: <PersonOption p={p} /> }))
  for (const v of chosen) {
    if (found.some((p) => p.id === v)) continue
    const p = seen.get(v)
    options.push({ value: v, label: p ? <PersonOption p={p} /> : <span>#{v}</span> })
  }
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      value={chosen}
      onChange={(v) => {
        setText('')
        onChange?.(v)
      }}
      options={options}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={fetching}
      placeholder={placeholder ?? t('places.person.placeholder')}
      notFoundContent={q ? (fetching ? t('common.loading') : t('places.person.none')) : term.kind === 'partialNumber' ? t('registry.search.partial', { digits: term.digits }) : t('places.person.typeToSearch')}
      tagRender={({ value: v, closable, onClose }) => (
        <Tag closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }} data-testid="person-chosen">
          {seen.get(Number(v))?.name ?? `#${String(v)}`}
        </Tag>
      )}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
      data-testid={testId}
    />
  )
}
