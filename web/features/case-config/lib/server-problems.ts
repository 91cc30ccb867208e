// The server's problems with a saved document (400 validation_failed, details[].field a JSON pointer
// such as /config/limits/3/category) placed at the tab, row and field of the draft that was sent:
// rows are sent in the draft's order, so an index names a draft row, whose key then follows it while
// the admin edits. What names no place stays for the general alert.
import { ApiError, type ApiErrorDetail } from '../../../shared/api/client'
import { pointerToPath } from '../../../shared/api/field-errors'
import type { ConfigProblem, ConfigTab, Draft } from '../types'
import { placeCalendarProblem } from './checks'

const SECTIONS: Record<string, { tab: ConfigTab; rows: (d: Draft) => readonly { key: string }[] }> = {
  categories: { tab: 'categories', rows: (d) => d.categories },
  limits: { tab: 'limits', rows: (d) => d.limits },
  escalations: { tab: 'escalations', rows: (d) => d.escalations },
  calendarDays: { tab: 'calendar', rows: (d) => d.calendarDays },
}

/** One detail at its place in the draft sent, or undefined when it names none. */
export function placeServerProblem(d: ApiErrorDetail, sent: Draft): ConfigProblem | undefined {
  if (typeof d.field !== 'string') return undefined
  const path = pointerToPath(d.field)
  if (path[0] !== 'config') return undefined
  const problem = d.problem ?? 'invalid'
  const message = d.message
  const [, section, index, ...rest] = path
  if (section === 'settings') {
    if (index === 'periods') {
      const pointer = `/periods${rest.length ? `/${rest.join('/')}` : ''}`
      return placeCalendarProblem(pointer, problem, sent, 'server', message)[0]
    }
    return { tab: 'settings', field: typeof index === 'string' ? index : 'settings', problem, message, source: 'server' }
  }
  const s = typeof section === 'string' ? SECTIONS[section] : undefined
  if (!s) return undefined
  if (typeof index !== 'number') return { tab: s.tab, problem, message, source: 'server' }
  const row = s.rows(sent)[index]?.key
  if (!row) return { tab: s.tab, problem, message, source: 'server' }
  return { tab: s.tab, row, ...(rest.length ? { field: rest.join('/') } : {}), problem, message, source: 'server' }
}

/** The details of a failed save: placed problems, and the rest. */
export function serverProblems(error: unknown, sent: Draft): { problems: ConfigProblem[]; other: ApiErrorDetail[] } {
  const problems: ConfigProblem[] = []
  const other: ApiErrorDetail[] = []
  if (!(error instanceof ApiError) || error.status !== 400) return { problems, other }
  for (const d of error.details) {
    const placed = placeServerProblem(d, sent)
    if (placed) problems.push(placed)
    else other.push(d)
  }
  return { problems, other }
}

/** Server problems that still apply: those of rows (or settings) the admin has not edited since. */
export function dropEdited(problems: readonly ConfigProblem[], edited: { tab: ConfigTab; row?: string }): ConfigProblem[] {
  return problems.filter((p) => !(p.tab === edited.tab && (edited.row === undefined ? p.row === undefined : p.row === edited.row)))
}
