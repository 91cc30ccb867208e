// The action bar: a button for each step the caller can take now (the server's `actions` for this
// case and this caller), the usual way forward marked; each opens its dialog.
import { Button } from 'antd'
import { useI18n } from '../../../shared/i18n'
import { actionTone, offeredActions } from '../lib/labels'
import type { CaseAction, CaseView } from '../types'

export function CaseActions({ view, onAct }: { view: CaseView; onAct: (action: CaseAction) => void }) {
  const { t } = useI18n()
  const actions = offeredActions(view.actions)
  if (actions.length === 0) return null
  return (
    <div className="case-actions case-actions-bar" data-testid="case-actions" data-actions={actions.join(' ')}>
      {actions.map((a) => {
        const tone = actionTone(a)
        return (
          <Button key={a} type={tone === 'primary' ? 'primary' : 'default'} danger={tone === 'danger'} onClick={() => onAct(a)} data-testid={`case-action-${a}`}>
            {t(`cases.action.${a}`)}
          </Button>
        )
      })}
    </div>
  )
}
