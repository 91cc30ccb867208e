// Small pieces every case page shows: the state and urgency tags, the countdown lamp (a coloured dot
// with the time left or past due) and the supervision card (督办: yellow or red flag).
import { FlagFilled } from '@ant-design/icons'
import { Tag, Tooltip } from 'antd'
import { useI18n } from '../../../shared/i18n'
import { lampInfo, refreshEvery } from '../lib/lamp'
import { CARD_COLOR, LAMP_COLOR, STATE_COLOR, URGENCY_COLOR } from '../lib/labels'
import type { CaseState, Lamp, Supervision, Urgency } from '../types'
import { useNow } from './use-now'

export function StateTag({ state }: { state: CaseState }) {
  const { t } = useI18n()
  return (
    <Tag color={STATE_COLOR[state]} data-testid="case-state" data-state={state} style={{ marginInlineEnd: 0 }}>
      {t(`cases.state.${state}`)}
    </Tag>
  )
}

/** Shown only for urgent and emergency cases (normal is the rule). */
export function UrgencyTag({ urgency, always = false }: { urgency: Urgency; always?: boolean }) {
  const { t } = useI18n()
  if (urgency === 'normal' && !always) return null
  return (
    <Tag color={URGENCY_COLOR[urgency]} data-testid="case-urgency" data-urgency={urgency} style={{ marginInlineEnd: 0 }}>
      {t(`cases.urgency.${urgency}`)}
    </Tag>
  )
}

/** The countdown: a dot in the lamp's colour and "剩余 3 小时" / "超时 2 天"; it moves on while shown. */
export function CaseLamp({ lamp, dueAt, compact = false }: { lamp: Lamp; dueAt: string | null; compact?: boolean }) {
  const { t, fmt } = useI18n()
  // Refresh as often as the unit needs; the first pass decides the rhythm (minutes near the end).
  const first = lampInfo({ lamp, dueAt }, Date.now())
  const now = useNow(refreshEvery(first))
  const info = lampInfo({ lamp, dueAt }, now)
  if (info.kind === 'none') {
    return compact ? null : (
      <span className="muted small" data-testid="case-lamp" data-lamp="none">
        {t('cases.lamp.none')}
      </span>
    )
  }
  const span = t(`cases.duration.${info.unit}`, { n: info.amount })
  const label = info.kind === 'over' ? t('cases.lamp.over', { time: span }) : t('cases.lamp.left', { time: span })
  return (
    <Tooltip title={dueAt ? t('cases.lamp.due', { at: fmt.dateTime(dueAt) }) : undefined}>
      <span className="case-lamp" data-testid="case-lamp" data-lamp={info.lamp} data-kind={info.kind}>
        <span className="case-lamp-dot" style={{ background: LAMP_COLOR[info.lamp] }} aria-hidden="true" />
        <span style={{ color: info.lamp === 'red' ? LAMP_COLOR.red : undefined }}>{label}</span>
        <span className="sr-only">{t(`cases.lamp.${info.lamp}`)}</span>
      </span>
    </Tooltip>
  )
}

/** The supervision card, if the case has one in its current step. */
export function SupervisionFlag({ supervision, withText = false }: { supervision: Supervision; withText?: boolean }) {
  const { t } = useI18n()
  if (supervision === 'none') return null
  const text = t(`cases.card.${supervision}`)
  return (
    <Tooltip title={text}>
      <span data-testid="case-supervision" data-card={supervision} style={{ color: CARD_COLOR[supervision], whiteSpace: 'nowrap' }}>
        <FlagFilled aria-label={text} />
        {withText && <span style={{ marginInlineStart: 4 }}>{text}</span>}
      </span>
    </Tooltip>
  )
}
