// The grid picker of a grid worker: which grids are theirs, which belong to someone else.
import type { GridAssignment } from '../types'

export interface GridChoice {
  code: string
  name: string
  /** Another worker holds it (assigning it here moves it). */
  heldBy: string | null
  mine: boolean
}

export function gridChoices(assignments: readonly GridAssignment[], accountId: number): GridChoice[] {
  return assignments
    .map((a) => ({
      code: a.grid.code,
      name: a.grid.name,
      mine: a.accountId === accountId,
      heldBy: a.accountId !== null && a.accountId !== accountId ? (a.displayName ?? a.username ?? String(a.accountId)) : null,
    }))
    .sort((x, y) => x.code.localeCompare(y.code))
}

/** Codes added to and removed from the worker's grids by a new selection. */
export function gridChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const b = new Set(before)
  const a = new Set(after)
  return { added: [...a].filter((c) => !b.has(c)).sort(), removed: [...b].filter((c) => !a.has(c)).sort() }
}
