// Selects for coded fields: a code list (residence category, political status, education, marital
// status, relation) with labels in the UI language, and the ethnic groups of GB 3304, searchable by
// name, romanisation, letters or code.
import { Select } from 'antd'
import type { CSSProperties } from 'react'
import type { CodeList } from '../../../../shared/registry/codes'
import { useI18n } from '../../../shared/i18n'
import { codeOptions, ethnicityOptions } from '../lib/labels'

interface SelectControlProps {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
  allowClear?: boolean
  placeholder?: string
  disabled?: boolean
  style?: CSSProperties
  'data-testid'?: string
}

export function CodeSelect({ list, id, value, onChange, allowClear, placeholder, disabled, style, 'data-testid': testId }: SelectControlProps & { list: CodeList }) {
  const { t, lang } = useI18n()
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder ?? t('registry.select')}
      options={codeOptions(list, lang)}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
      data-testid={testId}
    />
  )
}

export function EthnicitySelect({ id, value, onChange, allowClear, disabled, style, 'data-testid': testId }: SelectControlProps) {
  const { t, lang } = useI18n()
  const options = ethnicityOptions(lang)
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear={allowClear}
      disabled={disabled}
      placeholder={t('registry.ethnicityPlaceholder')}
      showSearch={{
        filterOption: (input, option) => {
          const o = options.find((x) => x.value === option?.value)
          return !!o && o.search.includes(input.trim().toLowerCase())
        },
      }}
      options={options.map((o) => ({ value: o.value, label: o.label }))}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
      data-testid={testId}
    />
  )
}
