// The countdown lamp of a case (红黄绿灯): its colour and the time left or past due, from the case's
// deadline. The server sends the lamp as it was when it answered; a page left open keeps counting, so
// the colour turns red here too once the deadline passes.
import type { Lamp } from '../types'

export type DurationUnit = 'days' | 'hours' | 'minutes'

export interface LampInfo {
  lamp: Lamp
  /** 'left': time until the deadline; 'over': time past it; 'none': no clock runs (closed, no limit). */
  kind: 'left' | 'over' | 'none'
  amount: number
  unit: DurationUnit
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * A span as a whole number of one unit, rounded down: days from two days on (shorter spans read
 * better in hours: "30 小时" rather than "1 天"), hours from one hour on, else minutes (at least 1).
 */
export function roundDuration(ms: number): { amount: number; unit: DurationUnit } {
  const abs = Math.abs(ms)
  if (abs >= 2 * DAY) return { amount: Math.floor(abs / DAY), unit: 'days' }
  if (abs >= HOUR) return { amount: Math.floor(abs / HOUR), unit: 'hours' }
  return { amount: Math.max(1, Math.floor(abs / MINUTE)), unit: 'minutes' }
}

/** The lamp of a case at `now` (ms): the server's colour, red once the deadline has passed. */
export function lampInfo(c: { lamp: Lamp; dueAt: string | null }, now: number): LampInfo {
  const due = c.dueAt ? Date.parse(c.dueAt) : NaN
  if (c.lamp === 'none' || !Number.isFinite(due)) return { lamp: 'none', kind: 'none', amount: 0, unit: 'minutes' }
  const left = due - now
  if (left <= 0) return { lamp: 'red', kind: 'over', ...roundDuration(left) }
  // Before the deadline the server's colour stands (green until the warning share of the limit, then yellow).
  return { lamp: c.lamp === 'red' ? 'yellow' : c.lamp, kind: 'left', ...roundDuration(left) }
}

/** How often a countdown should refresh to stay right to its unit. */
export function refreshEvery(info: LampInfo): number {
  return info.kind === 'none' ? 0 : info.unit === 'minutes' ? 15_000 : MINUTE
}
