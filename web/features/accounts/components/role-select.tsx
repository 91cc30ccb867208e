// A role picker with the roles' names in the UI language.
import { Select } from 'antd'
import type { CSSProperties } from 'react'
import { roleLabel } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import type { Role } from '../types'

interface RoleSelectProps {
  id?: string
  value?: Role
  onChange?: (role: Role) => void
  roles: readonly Role[]
  disabled?: boolean
  allowClear?: boolean
  placeholder?: string
  style?: CSSProperties
  'data-testid'?: string
}

export function RoleSelect({ id, value, onChange, roles, disabled, allowClear, placeholder, style, 'data-testid': testId }: RoleSelectProps) {
  const { lang } = useI18n()
  return (
    <Select<Role>
      id={id}
      value={value}
      onChange={(r) => onChange?.(r)}
      disabled={disabled}
      allowClear={allowClear}
      placeholder={placeholder}
      style={style}
      popupMatchSelectWidth={false}
      options={roles.map((r) => ({ value: r, label: roleLabel(r, lang) }))}
      data-testid={testId}
    />
  )
}
