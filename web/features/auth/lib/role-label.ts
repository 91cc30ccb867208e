// Role names in the UI language (the table itself is shared with the server: shared/roles.ts).
import { ROLE_LABELS, type Role } from '../../../../shared/roles'
import type { Lang } from '../../../shared/i18n'

export function roleLabel(role: Role, lang: Lang): string {
  const labels = ROLE_LABELS[role] as { zh: string; en: string } | undefined
  if (!labels) return role
  return lang === 'zh-CN' ? labels.zh : labels.en
}
