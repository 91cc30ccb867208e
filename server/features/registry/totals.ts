// Counts per area from the maintained per-grid totals (registry_total, kept exact by the triggers of
// migration 0006). An area's figure is the sum over the grids below it, a prefix range of the
// primary key: the city's ~70,000 rows instead of 2 million people. Special groups' counts are shown
// only to roles that may see special groups.
import { sql } from 'kysely'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import type { AreaTotals } from '../../../shared/registry/api-types.ts'
import { LIST_DEFINITIONS, isListCode } from '../../../shared/registry/lists.ts'
import { codePrefix } from '../accounts/index.ts'
import { can, type RegistryContext } from './registry-context.ts'

const CHILD_CODE_LENGTH: Partial<Record<AreaLevel, number>> = { city: 6, district: 9, street: 12, community: 15 }

export async function areaTotals(ctx: RegistryContext, code: string): Promise<AreaTotals> {
  const area = await ctx.scope.requireArea(code)
  const special = can(ctx, 'registry.special')
  const visible = (metric: string) => {
    if (!metric.startsWith('list.')) return true
    const list = metric.slice(5)
    return !isListCode(list) || special || LIST_DEFINITIONS[list].kind === 'care'
  }
  const childLength = CHILD_CODE_LENGTH[area.level]
  const prefix = codePrefix(area.code)
  const rows = await sql<{ child: string; metric: string; n: number }>`
    SELECT ${childLength ? sql`substr(grid_code, 1, ${childLength})` : sql`grid_code`} AS child, metric, sum(n)::bigint AS n
    FROM registry_total WHERE grid_code LIKE ${`${prefix}%`} AND n <> 0
    GROUP BY 1, 2`.execute(ctx.db)
  const children = childLength
    ? (await sql<{ code: string; name: string; level: AreaLevel }>`SELECT code, name, level FROM current_area WHERE parent_code = ${area.code} ORDER BY code`.execute(ctx.db)).rows
    : []
  const totals: Record<string, number> = {}
  const byChild = new Map<string, Record<string, number>>(children.map((c) => [c.code, {}]))
  for (const r of rows.rows) {
    if (!visible(r.metric)) continue
    const n = Number(r.n)
    totals[r.metric] = (totals[r.metric] ?? 0) + n
    const t = byChild.get(r.child)
    if (t) t[r.metric] = (t[r.metric] ?? 0) + n
  }
  return {
    area: { code: area.code, name: area.name, level: area.level },
    totals,
    children: children.map((c) => ({ area: { code: c.code, name: c.name, level: c.level }, totals: byChild.get(c.code)! })),
  }
}
