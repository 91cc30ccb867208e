// A warning a couple of minutes before the session ends: "stay signed in" reads the session (which
// extends it) when it is the idle limit; the absolute limit cannot be extended, only announced.
// When the time is up, the session is read once more: the server then says it is gone and the app
// goes to the login page (or, if there was activity the browser missed, it simply goes on).
import { Button, Modal } from 'antd'
import { useEffect, useState } from 'react'
import { getLastApiActivity, getServerClockOffset, watchResourceActivity } from '../../../shared/api/session-state'
import { useI18n } from '../../../shared/i18n'
import { sessionTimer, type SessionTimer } from '../lib/session-timer'
import { useAuth } from './auth-provider'

const TICK_MS = 1000

export function IdleWarning() {
  const { t } = useI18n()
  const { session, receivedAt, refresh, logout } = useAuth()
  const [timer, setTimer] = useState<SessionTimer | null>(null)
  const [dismissedAbsolute, setDismissedAbsolute] = useState(false)
  const [refreshing, setRefreshing] = useState(false)

  // Map tiles do not go through apiFetch, but they keep the session alive all the same.
  useEffect(() => watchResourceActivity(), [])

  useEffect(() => {
    if (!session || session.stage !== 'active') return
    const input = { idleExpiresAt: session.idleExpiresAt, expiresAt: session.expiresAt, receivedAt }
    let checkedExpiry = false
    const tick = () => {
      const next = sessionTimer({ ...input, lastActivityAt: getLastApiActivity(), serverOffsetMs: getServerClockOffset() }, Date.now())
      setTimer(next)
      if (next.expired && !checkedExpiry) {
        checkedExpiry = true
        void refresh()
      }
    }
    tick()
    const id = setInterval(tick, TICK_MS)
    return () => clearInterval(id)
  }, [session, receivedAt, refresh])

  if (!timer || !timer.warn || (timer.kind === 'absolute' && dismissedAbsolute)) return null
  const minutes = Math.floor(timer.secondsLeft / 60)
  const seconds = String(timer.secondsLeft % 60).padStart(2, '0')
  const stay = async () => {
    setRefreshing(true)
    try {
      await refresh()
    } finally {
      setRefreshing(false)
    }
  }
  return (
    <Modal
      open
      closable={false}
      mask={{ closable: false }}
      title={t(timer.kind === 'idle' ? 'idle.title' : 'idle.absoluteTitle')}
      footer={[
        <Button key="logout" onClick={() => void logout()} data-testid="idle-logout">
          {t('user.logout')}
        </Button>,
        timer.kind === 'idle' ? (
          <Button key="stay" type="primary" loading={refreshing} onClick={() => void stay()} data-testid="idle-stay">
            {t('idle.stay')}
          </Button>
        ) : (
          <Button key="ok" type="primary" onClick={() => setDismissedAbsolute(true)}>
            {t('idle.ok')}
          </Button>
        ),
      ]}
    >
      <p role="timer" aria-live="polite" data-testid="idle-warning" data-kind={timer.kind}>
        {t(timer.kind === 'idle' ? 'idle.text' : 'idle.absoluteText', { time: `${minutes}:${seconds}` })}
      </p>
    </Modal>
  )
}
