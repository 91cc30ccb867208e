// Reading cases: one case with what the caller can do next, its timeline, the inboxes (new, to do, due
// soon, overdue, supervised, done, copied, mine), nearby cases and likely duplicates. Every query
// goes through caseVisibility (scope; a department sees what was dispatched or copied to it).
import { sql, type RawBuilder } from 'kysely'
import { AppError } from '../../infra/http/errors.ts'
import { availableActions, isOpenState, lampAt, type CaseAction, type CaseParty, type CaseState } from '../../../shared/cases/workflow.ts'
import type { CaseBox, CaseEventView, CasePage, CasePhotoRef, CaseSummary, CaseView, InboxCounts } from '../../../shared/cases/api-types.ts'
import { CASE_BOXES } from '../../../shared/cases/api-types.ts'
import { maskName } from '../privacy/mask.ts'
import { caseConfig, type CaseConfig } from './case-config.ts'
import { CASE_COLUMNS, OPEN_STATES_SQL, partiesOf, type CaseRow } from './case-model.ts'
import { caseVisibility, requireVisibleCase, type CaseContext } from './case.service.ts'

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString())

interface Names {
  holder_name: string | null
  grid_name: string | null
  department_name: string | null
  department_name_en: string | null
  department_area: string | null
}

/** Joins that name the holder, the grid and the department of `c`. */
const NAME_COLUMNS = `ha.name AS holder_name, ga.name AS grid_name, d.name AS department_name, d.name_en AS department_name_en, d.area_code AS department_area`
const NAME_JOINS = `LEFT JOIN area ha ON ha.code = c.holder_code LEFT JOIN area ga ON ga.code = c.grid_code LEFT JOIN department d ON d.code = c.department_code`

export function photoRef(p: { name: string; width: number; height: number }): CasePhotoRef {
  return { name: p.name, url: `/api/v1/case-photos/${p.name}`, thumbUrl: `/api/v1/case-photos/${p.name}?size=thumb`, width: p.width, height: p.height }
}

function summaryOf(cfg: CaseConfig, c: CaseRow & Names, now: Date): CaseSummary {
  const cat = cfg.categories.get(c.category)
  return {
    id: c.id,
    number: c.number,
    version: c.version,
    state: c.state,
    category: { code: c.category, nameZh: cat?.nameZh ?? c.category, nameEn: cat?.nameEn ?? c.category, parentCode: cat?.parentCode ?? null },
    urgency: c.urgency,
    title: c.title,
    source: c.source,
    gridCode: c.grid_code,
    holder: { code: c.holder_code, name: c.holder_name ?? c.holder_code, level: c.holder_level },
    department: c.department_code ? { code: c.department_code, name: c.department_name ?? c.department_code, nameEn: c.department_name_en ?? c.department_code, areaCode: c.department_area ?? '' } : null,
    createdAt: iso(c.created_at)!,
    dueAt: isOpenState(c.state) ? iso(c.due_at) : null,
    lamp: lampAt(now, c.state, c.warn_at, c.due_at),
    supervision: c.supervision,
    closedAt: iso(c.closed_at),
    location: c.lon !== null && c.lat !== null ? { lon: c.lon, lat: c.lat } : null,
  }
}

/** One case, with what the caller is to it and the steps they can take; the read is audited (it may hold a resident's contact). */
export async function getCaseView(ctx: CaseContext, id: number): Promise<CaseView> {
  const cfg = await caseConfig(ctx.db)
  await requireVisibleCase(ctx, id)
  const c = (await sql<CaseRow & Names>`SELECT ${sql.raw(CASE_COLUMNS)}, ${sql.raw(NAME_COLUMNS)} FROM civic_case c ${sql.raw(NAME_JOINS)} WHERE c.id = ${id}`.execute(ctx.db)).rows[0]!
  const now = ctx.now ? ctx.now() : new Date()
  const [photos, people] = await Promise.all([
    sql<{ name: string; width: number; height: number }>`SELECT name, width, height FROM case_photo WHERE case_id = ${id} AND event_seq = 1 ORDER BY id`.execute(ctx.db),
    sql<{ id: number; name: string }>`SELECT p.id::int AS id, p.name FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.case_id = ${id} ORDER BY p.id`.execute(ctx.db),
  ])
  const parties: CaseParty[] = ctx.actor.kind === 'account' ? partiesOf(ctx.actor.principal, ctx.actor.departmentCode, c) : []
  const canWork = ctx.actor.kind === 'account' && ctx.actor.principal.permissions.includes('case.work')
  let actions: CaseAction[] = availableActions(c.state, parties).filter((a) => canWork || a === 'rate')
  if (c.rated_at) actions = actions.filter((a) => a !== 'rate')
  if (!c.extension_request) actions = actions.filter((a) => a !== 'grant_extension' && a !== 'refuse_extension')
  else actions = actions.filter((a) => a !== 'request_extension')
  if (!c.prev_holder_code && c.state !== 'dispatched') actions = actions.filter((a) => a !== 'return')
  if (c.holder_level === 'city') actions = actions.filter((a) => a !== 'escalate')
  if (c.holder_level === 'community') actions = actions.filter((a) => a !== 'assign')
  await ctx.audit({ action: 'case.read', target: `case:${id}`, outcome: 'success' })
  return {
    ...summaryOf(cfg, c, now),
    description: c.description,
    address: c.address,
    grid: c.grid_code ? { code: c.grid_code, name: c.grid_name ?? c.grid_code, level: 'grid' } : null,
    prevHolderCode: c.prev_holder_code,
    reporter: c.reporter,
    reporterRole: c.reporter_role,
    contact: c.contact_name || c.contact_phone_mask ? { name: maskName(c.contact_name), phone: c.contact_phone_mask } : null,
    anonymous: c.anonymous,
    step: c.step,
    stepStartedAt: iso(c.step_started_at),
    limit: c.limit_amount !== null && c.limit_unit ? { amount: Number(c.limit_amount), unit: c.limit_unit, extension: Number(c.extension_amount) } : null,
    warnAt: isOpenState(c.state) ? iso(c.warn_at) : null,
    extensionRequest: c.extension_request,
    reworkCount: c.rework_count,
    everOverdue: c.ever_overdue,
    result: c.result,
    acceptedAt: iso(c.accepted_at),
    closedLevel: c.closed_level,
    mergedInto: c.merged_into,
    rating: c.rating,
    ratingComment: c.rating_comment,
    photos: photos.rows.map(photoRef),
    people: people.rows.map((p) => ({ id: p.id, name: maskName(p.name) })),
    parties,
    actions,
  }
}

/** The whole history of a case, oldest first, with each step's photos. */
export async function getTimeline(ctx: CaseContext, id: number): Promise<CaseEventView[]> {
  await requireVisibleCase(ctx, id)
  const [events, photos] = await Promise.all([
    sql<{
      seq: number
      at: Date
      action: CaseAction
      from_state: CaseState | null
      to_state: CaseState
      actor: string
      actor_role: string | null
      party: CaseParty
      reason: string | null
      result: string | null
      card: 'yellow' | 'red' | null
      from_holder: string | null
      to_holder: string | null
      department_code: string | null
      amount: string | null
      detail: Record<string, unknown>
    }>`SELECT seq, at, action, from_state, to_state, actor, actor_role, party, reason, result, card, from_holder, to_holder, department_code, amount::text AS amount, detail
       FROM case_event WHERE case_id = ${id} ORDER BY seq`.execute(ctx.db),
    sql<{ name: string; width: number; height: number; event_seq: number }>`SELECT name, width, height, event_seq FROM case_photo WHERE case_id = ${id} ORDER BY id`.execute(ctx.db),
  ])
  return events.rows.map((e) => ({
    seq: e.seq,
    at: iso(e.at)!,
    action: e.action,
    fromState: e.from_state,
    toState: e.to_state,
    actor: e.actor,
    actorRole: e.actor_role,
    party: e.party,
    reason: e.reason,
    result: e.result,
    card: e.card,
    fromHolder: e.from_holder,
    toHolder: e.to_holder,
    department: e.department_code,
    amount: e.amount === null ? null : Number(e.amount),
    detail: e.detail,
    photos: photos.rows.filter((p) => p.event_seq === e.seq).map(photoRef),
  }))
}

// --- lists ---------------------------------------------------------------------------------------------

export interface CaseListQuery {
  box?: CaseBox
  state?: CaseState
  category?: string
  /** An area in scope: cases whose grid or holder lies in it. */
  area?: string
  /** Free text: number, title or description. */
  q?: string
  from?: string
  to?: string
  /** Metric filters for drilling into an area's figures. */
  metric?: 'closed' | 'first_line' | 'on_time' | 'late' | 'reworked' | 'rated' | 'satisfied' | 'open' | 'overdue'
  after?: number
  limit?: number
}


/** The condition of an inbox for the caller. */
function boxCondition(ctx: CaseContext, box: CaseBox, now: Date): RawBuilder<boolean> {
  if (ctx.actor.kind !== 'account') return sql<boolean>`false`
  const { principal, departmentCode } = ctx.actor
  const me = principal.scopeCode
  const dept = principal.role === 'department_handler'
  // A department works what is dispatched to it; a level works what it holds.
  const mine = dept ? sql`c.department_code = ${departmentCode ?? ''}` : sql`c.holder_code = ${me}`
  switch (box) {
    case 'new':
      return dept ? sql<boolean>`(${mine} AND c.state = 'dispatched' AND c.step_started_at >= ${new Date(now.getTime() - 86_400_000)})` : sql<boolean>`(${mine} AND c.state = 'reported')`
    case 'todo':
      return dept
        ? sql<boolean>`(${mine} AND c.state = 'dispatched')`
        : sql<boolean>`((${mine} AND c.state IN ('accepted', 'to_verify')) OR (${mine} AND c.state = 'dispatched' AND c.extension_request IS NOT NULL)
            OR (c.state = 'accepted' AND c.extension_request IS NOT NULL AND c.holder_code <> ${me} AND ${ctx.actor.scope.filterCode('c.holder_code')}))`
    case 'due_soon':
      return sql<boolean>`(${mine} AND c.state IN ${OPEN_STATES_SQL} AND c.warn_at <= ${now} AND c.due_at > ${now})`
    case 'overdue':
      return sql<boolean>`(c.state IN ${OPEN_STATES_SQL} AND c.due_at <= ${now})`
    case 'supervised':
      return sql<boolean>`(c.state IN ${OPEN_STATES_SQL} AND c.supervision <> 'none')`
    case 'done':
      return sql<boolean>`(c.state IN ('closed', 'rejected', 'merged'))`
    case 'copied':
      return sql<boolean>`EXISTS (SELECT 1 FROM case_copy k WHERE k.case_id = c.id AND k.target_code = ${dept ? (departmentCode ?? '') : me})`
    case 'mine':
      return sql<boolean>`(c.reporter = ${principal.username})`
    case 'all':
      return sql<boolean>`true`
  }
}

function metricCondition(metric: NonNullable<CaseListQuery['metric']>, now: Date): RawBuilder<boolean> {
  switch (metric) {
    case 'closed':
      return sql<boolean>`c.state = 'closed'`
    case 'first_line':
      return sql<boolean>`(c.state = 'closed' AND c.closed_level IN ('grid', 'community'))`
    case 'on_time':
      return sql<boolean>`(c.state = 'closed' AND NOT c.ever_overdue)`
    case 'late':
      return sql<boolean>`(c.state = 'closed' AND c.ever_overdue)`
    case 'reworked':
      return sql<boolean>`(c.state = 'closed' AND c.rework_count > 0)`
    case 'rated':
      return sql<boolean>`(c.state = 'closed' AND c.rating IS NOT NULL)`
    case 'satisfied':
      return sql<boolean>`(c.state = 'closed' AND c.rating >= 4)`
    case 'open':
      return sql<boolean>`c.state IN ${OPEN_STATES_SQL}`
    case 'overdue':
      return sql<boolean>`(c.state IN ${OPEN_STATES_SQL} AND c.due_at <= ${now})`
  }
}

/** An area code usable as a filter: in the caller's scope, or refused as not found. */
async function areaFilter(ctx: CaseContext, code: string): Promise<RawBuilder<boolean>> {
  if (ctx.actor.kind !== 'account') return sql<boolean>`false`
  await ctx.actor.scope.requireArea(code)
  const prefix = code.length === 6 && code.endsWith('00') ? code.slice(0, 4) : code
  return sql<boolean>`(c.grid_code LIKE ${`${prefix}%`} OR (c.grid_code IS NULL AND c.holder_code LIKE ${`${prefix}%`}))`
}

/** A page of the caller's cases, newest first. */
export async function listCases(ctx: CaseContext, q: CaseListQuery): Promise<CasePage> {
  const cfg = await caseConfig(ctx.db)
  const now = ctx.now ? ctx.now() : new Date()
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  const conds: RawBuilder<boolean>[] = [caseVisibility(ctx.actor), boxCondition(ctx, q.box ?? 'all', now)]
  if (q.state) conds.push(sql<boolean>`c.state = ${q.state}`)
  if (q.category) conds.push(sql<boolean>`(c.category = ${q.category} OR c.category LIKE ${`${q.category}.%`})`)
  if (q.area) conds.push(await areaFilter(ctx, q.area))
  if (q.from) conds.push(sql<boolean>`c.created_at >= ${new Date(q.from)}`)
  if (q.to) conds.push(sql<boolean>`c.created_at < ${new Date(q.to)}`)
  if (q.metric) conds.push(metricCondition(q.metric, now))
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    conds.push(sql<boolean>`(c.number = ${q.q.toUpperCase()} OR c.title LIKE ${like} OR c.description LIKE ${like})`)
  }
  if (q.after) conds.push(sql<boolean>`c.id < ${q.after}`)
  const rows = await sql<CaseRow & Names>`
    SELECT ${sql.raw(CASE_COLUMNS)}, ${sql.raw(NAME_COLUMNS)} FROM civic_case c ${sql.raw(NAME_JOINS)}
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY c.id DESC LIMIT ${limit + 1}`.execute(ctx.db)
  const items = rows.rows.slice(0, limit).map((r) => summaryOf(cfg, r, now))
  return { items, next: rows.rows.length > limit ? items[items.length - 1]!.id : null }
}

/**
 * How many cases wait in each inbox of the caller. Every counted box but `mine` and `copied` holds open
 * cases only, so the counts run over three small sets — the open cases the caller can see (partial
 * indexes on open cases), the caller's own reports and what was copied to them — never over the year.
 */
export async function inboxCounts(ctx: CaseContext): Promise<InboxCounts> {
  const now = ctx.now ? ctx.now() : new Date()
  const boxes = CASE_BOXES.filter((b) => b !== 'all' && b !== 'done')
  if (ctx.actor.kind !== 'account') return { counts: Object.fromEntries(CASE_BOXES.map((b) => [b, 0])) as InboxCounts['counts'] }
  const { principal, departmentCode } = ctx.actor
  const visible = caseVisibility(ctx.actor)
  const copiedTo = principal.role === 'department_handler' ? (departmentCode ?? '') : principal.scopeCode
  const r = await sql<Record<string, number>>`
    WITH ids AS (
      SELECT c.id FROM civic_case c WHERE c.step IS NOT NULL AND ${visible}
      UNION SELECT c.id FROM civic_case c WHERE c.reporter = ${principal.username}
      UNION SELECT k.case_id FROM case_copy k WHERE k.target_code = ${copiedTo}
    )
    SELECT ${sql.join(boxes.map((b) => sql`count(*) FILTER (WHERE ${boxCondition(ctx, b, now)})::int AS ${sql.ref(b)}`))}
    FROM civic_case c JOIN ids ON ids.id = c.id WHERE ${visible}`.execute(ctx.db)
  const row = r.rows[0] ?? {}
  const counts = Object.fromEntries(CASE_BOXES.map((b) => [b, row[b] ?? 0])) as InboxCounts['counts']
  return { counts }
}

/** Open or recent cases near a case (for its map), and those that look like the same report (for merging). */
export async function nearbyCases(ctx: CaseContext, id: number, opts: { radiusM?: number; days?: number } = {}): Promise<{ nearby: CaseSummary[]; duplicates: CaseSummary[] }> {
  const cfg = await caseConfig(ctx.db)
  const c = await requireVisibleCase(ctx, id)
  if (c.lon === null || c.lat === null) return { nearby: [], duplicates: [] }
  const now = ctx.now ? ctx.now() : new Date()
  const radius = opts.radiusM ?? 500
  const days = opts.days ?? 30
  const rows = await sql<CaseRow & Names & { distance: number }>`
    SELECT ${sql.raw(CASE_COLUMNS)}, ${sql.raw(NAME_COLUMNS)},
      ST_Distance(c.location::geography, ST_SetSRID(ST_MakePoint(${c.lon}, ${c.lat}), 4326)::geography) AS distance
    FROM civic_case c ${sql.raw(NAME_JOINS)}
    WHERE c.id <> ${id} AND c.location IS NOT NULL
      AND ST_DWithin(c.location::geography, ST_SetSRID(ST_MakePoint(${c.lon}, ${c.lat}), 4326)::geography, ${radius})
      AND c.created_at BETWEEN ${new Date(c.created_at.getTime() - days * 86_400_000)} AND ${new Date(c.created_at.getTime() + days * 86_400_000)}
      AND c.state <> 'merged' AND ${caseVisibility(ctx.actor)}
    ORDER BY distance LIMIT 50`.execute(ctx.db)
  const nearby = rows.rows.map((r) => summaryOf(cfg, r, now))
  // A likely duplicate: same category family, within 200 m and 3 days, not closed.
  const family = c.category.split('.')[0]!
  const duplicates = rows.rows
    .filter((r) => r.distance <= 200 && r.category.split('.')[0] === family && Math.abs(r.created_at.getTime() - c.created_at.getTime()) <= 3 * 86_400_000 && r.state !== 'rejected')
    .map((r) => summaryOf(cfg, r, now))
  return { nearby, duplicates }
}

export function assertBox(box: string | undefined): CaseBox | undefined {
  if (box === undefined) return undefined
  if (!(CASE_BOXES as readonly string[]).includes(box)) throw new AppError('validation_failed', `Unknown box ${box}`)
  return box as CaseBox
}
