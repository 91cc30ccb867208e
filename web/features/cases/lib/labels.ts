// Colours of states, urgencies, lamps and cards, and names in the UI language. The words themselves
// are messages (cases.state.*, cases.action.*, … in web/shared/i18n/messages-cases.*.ts).
import type { CaseAction, CaseState, Lamp, Urgency } from '../types'

type Lang = 'zh-CN' | 'en-US'

/** Ant Design tag colours of the states: open ones by how far they are, closed ones quiet. */
export const STATE_COLOR: Record<CaseState, string> = {
  reported: 'blue',
  accepted: 'geekblue',
  dispatched: 'purple',
  to_verify: 'orange',
  closed: 'green',
  rejected: 'default',
  merged: 'default',
}

export const URGENCY_COLOR: Record<Urgency, string> = { normal: 'default', urgent: 'orange', emergency: 'red' }

/** The lamp's dot: green, amber, red; grey when no clock runs. */
export const LAMP_COLOR: Record<Lamp, string> = { green: '#16a34a', yellow: '#d97706', red: '#dc2626', none: '#a3a3a3' }

export const CARD_COLOR = { yellow: '#eab308', red: '#dc2626' } as const

/** A category, subcategory or department in the UI language. */
export function nameIn(lang: Lang, x: { nameZh?: string; nameEn: string; name?: string }): string {
  return lang === 'en-US' ? x.nameEn : (x.nameZh ?? x.name ?? x.nameEn)
}

/** The steps offered as buttons on the case page: creating steps are not (a case is reported once). */
export function offeredActions(actions: readonly CaseAction[]): CaseAction[] {
  return actions.filter((a) => a !== 'report' && a !== 'resolve_on_spot')
}

/** How a step's button looks: the usual way forward stands out, refusals are marked. */
export function actionTone(action: CaseAction): 'primary' | 'danger' | 'default' {
  switch (action) {
    case 'accept':
    case 'close':
    case 'verify':
    case 'feedback':
    case 'dispatch':
    case 'rate':
    case 'grant_extension':
      return 'primary'
    case 'reject':
    case 'refuse_extension':
      return 'danger'
    default:
      return 'default'
  }
}
