// Area scope: a staff account is scoped to one area, and may see a record iff that area is the
// record's area or one of its ancestors. Areas carry their ancestor chain in `path`
// (630100.630102.630102001…), so the rule is one prefix test — in code here, in SQL through the
// areas feature's subtreeFilter (the same rule, on the path index).
import { sql, type RawBuilder } from 'kysely'
import { subtreeFilter } from '../areas/index.ts'

/** True when a record whose area has path `recordPath` lies in the subtree at `scopePath`. */
export function inScope(scopePath: string, recordPath: string): boolean {
  return recordPath === scopePath || recordPath.startsWith(`${scopePath}.`)
}

/** The scope rule as a SQL condition on a path column. */
export function scopeFilter(scopePath: string, pathColumn: string): RawBuilder<boolean> {
  return subtreeFilter(scopePath, pathColumn)
}

/**
 * The prefix every area code in the subtree of `scopeCode` starts with. Codes are hierarchical
 * (a child's code begins with its parent's; area-codes.ts enforces it), except that a city's
 * districts share only its first 4 digits (630100 → 630102).
 */
export function codePrefix(scopeCode: string): string {
  return scopeCode.length === 6 && scopeCode.endsWith('00') ? scopeCode.slice(0, 4) : scopeCode
}

/** Whether an area code lies in the subtree of `scopeCode`. */
export function codeInScope(scopeCode: string, code: string): boolean {
  return code.startsWith(codePrefix(scopeCode))
}

/** The scope rule as a SQL condition on an area-code column (e.g. grid_code, on a text_pattern_ops index). */
export function codeScopeFilter(scopeCode: string, codeColumn: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(codeColumn)} LIKE ${`${codePrefix(scopeCode)}%`})`
}
