// Area scope: a staff account is scoped to one area, and may see a record iff that area is the
// record's area or one of its ancestors. Areas carry their ancestor chain in `path`
// (630100.630102.630102001…), so the rule is one prefix test — in code here, in SQL through the
// areas feature's subtreeFilter (the same rule, on the path index).
import type { RawBuilder } from 'kysely'
import { subtreeFilter } from '../areas/index.ts'

/** True when a record whose area has path `recordPath` lies in the subtree at `scopePath`. */
export function inScope(scopePath: string, recordPath: string): boolean {
  return recordPath === scopePath || recordPath.startsWith(`${scopePath}.`)
}

/** The scope rule as a SQL condition on a path column. */
export function scopeFilter(scopePath: string, pathColumn: string): RawBuilder<boolean> {
  return subtreeFilter(scopePath, pathColumn)
}
