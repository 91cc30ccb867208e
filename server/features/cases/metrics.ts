// Case metrics of an area (DESIGN.md §3.3): of the cases reported in a period in the area, how many
// were closed, closed at the front line (grid or community), closed on time (never past a deadline),
// reworked, rated and rated well, the average time to close, and how many are still open or overdue —
// for the area and each of its child areas, in one grouped query. Each figure can be opened as the
// list of its cases (GET /cases?area=&metric=&from=&to=: the same conditions).
import { sql } from 'kysely'
import type { AreaRef, CaseMetrics, CaseMetricsAnswer } from '../../../shared/cases/api-types.ts'
import { AppError } from '../../infra/http/errors.ts'
import { LEVEL_CODE_LENGTH, childLevel, type AreaLevel } from '../../../shared/area-codes.ts'
import type { CaseContext } from './case.service.ts'
import { OPEN_STATES_SQL } from './case-model.ts'

interface Row {
  child: string | null
  reported: number
  closed: number
  first_line: number
  on_time: number
  reworked: number
  rated: number
  satisfied: number
  rating_sum: number | null
  close_hours: number | null
  open: number
  overdue: number
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null)

function figures(area: AreaRef, from: Date, to: Date, rows: Row[]): CaseMetrics {
  const sum = (k: keyof Omit<Row, 'child'>) => rows.reduce((n, r) => n + Number(r[k] ?? 0), 0)
  const closed = sum('closed')
  const rated = sum('rated')
  return {
    area,
    from: from.toISOString(),
    to: to.toISOString(),
    reported: sum('reported'),
    closed,
    firstLine: sum('first_line'),
    onTime: sum('on_time'),
    reworked: sum('reworked'),
    rated,
    satisfied: sum('satisfied'),
    firstLineRate: ratio(sum('first_line'), closed),
    onTimeRate: ratio(sum('on_time'), closed),
    reworkRate: ratio(sum('reworked'), closed),
    satisfactionRate: ratio(sum('satisfied'), rated),
    averageRating: rated > 0 ? sum('rating_sum') / rated : null,
    averageHoursToClose: closed > 0 ? sum('close_hours') / closed : null,
    open: sum('open'),
    overdue: sum('overdue'),
  }
}

export interface MetricsQuery {
  area?: string
  from?: string
  to?: string
}

/** The metrics of an area in the caller's scope (default: the scope itself, the last 12 months) and of its children. */
export async function caseMetrics(ctx: CaseContext, q: MetricsQuery): Promise<CaseMetricsAnswer> {
  if (ctx.actor.kind !== 'account') throw new AppError('unauthenticated', 'Log in first')
  const now = ctx.now ? ctx.now() : new Date()
  const to = q.to ? new Date(q.to) : now
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * 86_400_000)
  if (!(from < to))
    throw new AppError('validation_failed', 'The period must start before it ends', [{ field: '/from', location: 'querystring', message: 'after to', problem: 'bad_period' }])
  const area = await ctx.actor.scope.requireArea(q.area ?? ctx.actor.principal.scopeCode)
  const level = area.level as AreaLevel
  const below = childLevel(level)
  const prefix = level === 'city' ? area.code.slice(0, 4) : area.code
  const len = below ? LEVEL_CODE_LENGTH[below] : LEVEL_CODE_LENGTH.grid
  const rows = await sql<Row>`
    SELECT substring(c.grid_code, 1, ${len}) AS child,
      count(*)::int AS reported,
      count(*) FILTER (WHERE c.state = 'closed')::int AS closed,
      count(*) FILTER (WHERE c.state = 'closed' AND c.closed_level IN ('grid', 'community'))::int AS first_line,
      count(*) FILTER (WHERE c.state = 'closed' AND NOT c.ever_overdue)::int AS on_time,
      count(*) FILTER (WHERE c.state = 'closed' AND c.rework_count > 0)::int AS reworked,
      count(*) FILTER (WHERE c.state = 'closed' AND c.rating IS NOT NULL)::int AS rated,
      count(*) FILTER (WHERE c.state = 'closed' AND c.rating >= 4)::int AS satisfied,
      sum(c.rating) FILTER (WHERE c.state = 'closed')::float8 AS rating_sum,
      (sum(extract(epoch FROM c.closed_at - c.created_at)) FILTER (WHERE c.state = 'closed') / 3600)::float8 AS close_hours,
      count(*) FILTER (WHERE c.state IN ${OPEN_STATES_SQL})::int AS open,
      count(*) FILTER (WHERE c.state IN ${OPEN_STATES_SQL} AND c.due_at <= ${now})::int AS overdue
    FROM civic_case c
    WHERE (c.grid_code LIKE ${`${prefix}%`} OR (c.grid_code IS NULL AND c.holder_code LIKE ${`${prefix}%`}))
      AND c.created_at >= ${from} AND c.created_at < ${to}
    GROUP BY 1`.execute(ctx.db)
  const children = below
    ? (await sql<AreaRef>`SELECT code, name, level FROM current_area WHERE parent_code = ${area.code} ORDER BY code`.execute(ctx.db)).rows
    : []
  const byChild = new Map<string, Row>()
  for (const r of rows.rows) if (r.child) byChild.set(r.child, r)
  const areaRef: AreaRef = { code: area.code, name: area.name, level: area.level }
  return {
    ...figures(areaRef, from, to, rows.rows),
    children: children.map((c) => figures(c, from, to, byChild.has(c.code) ? [byChild.get(c.code)!] : [])),
  }
}
