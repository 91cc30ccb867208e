// Puts the server's field problems (details[].field, a JSON pointer) onto an Ant Design form.
import type { FormInstance } from 'antd'
import type { ApiErrorDetail } from '../api/client'
import { splitFieldErrors } from '../api/field-errors'
import type { I18n } from '../i18n'

/**
 * Shows each detail naming one of `known` fields (paths joined with '.') under that field; returns
 * whether any did. `strip` drops leading parts of the pointers (e.g. 'policy').
 */
export function applyFieldErrors(form: FormInstance, error: unknown, known: readonly string[], i18n: I18n, strip: readonly string[] = []): boolean {
  const describe = (d: ApiErrorDetail) => {
    const problem = d.problem ? i18n.tryT(`problem.${d.problem}`) : undefined
    return problem ? `${problem} — ${d.message}` : d.message
  }
  const { fields } = splitFieldErrors(error, known, describe, strip)
  if (fields.length > 0) form.setFields(fields.map((f) => ({ name: f.name, errors: f.errors })))
  return fields.length > 0
}
