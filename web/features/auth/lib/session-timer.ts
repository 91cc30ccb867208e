// When the session runs out, seen from the browser: idle expiry moves with every answer of the API
// (each request with the session cookie counts as activity), the absolute expiry never moves.
// Times are compared on the client's clock, corrected by the server clock offset (Date header).

export interface SessionTimerInput {
  idleExpiresAt: string
  expiresAt: string
  /** Client time (ms) the session info was received. */
  receivedAt: number
  /** Client time (ms) of the last API answer (0 if none since). */
  lastActivityAt: number
  /** Server clock minus client clock (ms). */
  serverOffsetMs: number
}

export interface SessionTimer {
  /** Client time (ms) at which the session ends. */
  deadline: number
  /** Which limit ends it: idle (can be extended) or absolute (cannot). */
  kind: 'idle' | 'absolute'
  /** Whole seconds left (0 when over). */
  secondsLeft: number
  warn: boolean
  expired: boolean
}

export const WARN_BEFORE_MS = 2 * 60_000

export function sessionTimer(input: SessionTimerInput, now: number, warnBeforeMs = WARN_BEFORE_MS): SessionTimer {
  const idleAt = Date.parse(input.idleExpiresAt)
  const absoluteAt = Date.parse(input.expiresAt) - input.serverOffsetMs
  // How long the server lets the session idle, measured from when it sent that answer.
  const idleWindow = Math.max(0, idleAt - (input.receivedAt + input.serverOffsetMs))
  const idleDeadline = Math.max(input.receivedAt, input.lastActivityAt) + idleWindow
  const kind = Number.isFinite(absoluteAt) && absoluteAt <= idleDeadline ? 'absolute' : 'idle'
  const deadline = kind === 'absolute' ? absoluteAt : idleDeadline
  const left = deadline - now
  return {
    deadline,
    kind,
    secondsLeft: Math.max(0, Math.ceil(left / 1000)),
    warn: left > 0 && left <= warnBeforeMs,
    expired: left <= 0,
  }
}
