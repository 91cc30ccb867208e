// Residents' concerns (社情民意) noted by grid workers: record (placed at a location, a grid, or the
// grid of the registered resident it comes from), list newest first, read, close with a reason, or
// convert into a case (the case system comes later: the case's reference is stored), history. Scope,
// versions, history and audit as for people (person.service.ts). A concern is never deleted: it ends
// closed or converted. Reads are audited: a concern holds a resident's name and words.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { textProblem, validateConcernFields, type ConcernFieldsInput, type ConcernThemeCode } from '../../../shared/registry/place-fields.ts'
import type { LonLat } from '../../../shared/registry/api-types.ts'
import type { ConcernPage, ConcernStatus, ConcernSummary, ConcernView, RecordHistory } from '../../../shared/registry/place-types.ts'
import { auditIn, requirePermission, type RegistryContext } from './registry-context.ts'
import { changesOf, recordChange } from './history.ts'
import { resolvePlacement } from './placement.ts'
import {
  areaCondition,
  bodyProblem,
  bodyProblems,
  filtersOf,
  gridRef,
  iso,
  lonLat,
  point,
  queryProblem,
  reasonOf,
  type GridColumns,
  type Place,
  stale,
} from './place.service.ts'

export interface ConcernCreateInput extends ConcernFieldsInput {
  personId?: number | null
  location?: LonLat | null
  gridCode?: string | null
}

// --- reading -------------------------------------------------------------------------------------------

interface ConcernRow extends GridColumns {
  id: number
  theme: ConcernThemeCode
  content: string
  person_id: number | null
  resident_name: string | null
  lon: number | null
  lat: number | null
  status: ConcernStatus
  status_reason: string | null
  case_ref: string | null
  version: number
  created_at: Date
  created_by: string
  updated_at: Date
  updated_by: string
  /** created_at in UTC with microseconds, for the cursor. */
  at_key: string
}

const COLUMNS = sql`
  c.id, c.grid_code, g.name AS grid_name, g.level AS grid_level, c.theme, c.content, c.person_id, c.resident_name,
  ST_X(c.location) AS lon, ST_Y(c.location) AS lat, c.status, c.status_reason, c.case_ref, c.version,
  c.created_at, c.created_by, c.updated_at, c.updated_by,
  to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key`

const FROM = sql`concern c JOIN area g ON g.code = c.grid_code`

function toSummary(r: ConcernRow): ConcernSummary {
  return {
    id: Number(r.id),
    theme: r.theme,
    content: r.content,
    personId: r.person_id === null ? null : Number(r.person_id),
    residentName: r.resident_name,
    grid: gridRef(r),
    status: r.status,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
  }
}

function toView(r: ConcernRow): ConcernView {
  return {
    ...toSummary(r),
    location: lonLat(r.lon, r.lat),
    statusReason: r.status_reason,
    caseRef: r.case_ref,
    version: Number(r.version),
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by,
  }
}

async function concernRow(db: Kysely<DB>, id: number): Promise<ConcernRow | undefined> {
  return (await sql<ConcernRow>`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = ${id}`.execute(db)).rows[0]
}

async function requireConcern(ctx: RegistryContext, id: number): Promise<ConcernRow> {
  return ctx.scope.requireRecord(await concernRow(ctx.db, id), 'concern', id)
}

export async function getConcern(ctx: RegistryContext, id: number): Promise<ConcernView> {
  const row = await requireConcern(ctx, id)
  await ctx.audit({ action: 'concern.read', target: `concern:${id}`, outcome: 'success' })
  return toView(row)
}

export interface ConcernSearch {
  theme?: ConcernThemeCode
  status?: ConcernStatus
  areaCode?: string
  personId?: number
  /** First and last day (YYYY-MM-DD, China time) of the period the concern was recorded in. */
  since?: string
  until?: string
  limit: number
  cursor?: string
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s
/** The start of a day in China (UTC+8). */
const dayStart = (day: string) => `${day}T00:00:00+08:00`
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,16})$/

/** Lists the concerns of the caller's scope, newest first, with an opaque cursor. */
export async function listConcerns(ctx: RegistryContext, s: ConcernSearch): Promise<ConcernPage> {
  const conds = [ctx.scope.filterCode('c.grid_code')]
  const problems: ErrorDetail[] = []
  if (s.since !== undefined && !isDate(s.since)) problems.push(queryProblem('since', 'bad_date', 'is not a date (YYYY-MM-DD)'))
  if (s.until !== undefined && !isDate(s.until)) problems.push(queryProblem('until', 'bad_date', 'is not a date (YYYY-MM-DD)'))
  if (problems.length === 0 && s.since && s.until && s.since > s.until) problems.push(queryProblem('until', 'before_since', 'is before since'))
  let cursor: RegExpExecArray | null = null
  if (s.cursor) {
    cursor = CURSOR.exec(Buffer.from(s.cursor, 'base64url').toString('utf8'))
    if (!cursor || Number.isNaN(Date.parse(cursor[1]!))) problems.push(queryProblem('cursor', 'bad_cursor', 'is not a cursor of this list'))
  }
  if (problems.length > 0) throw validationFailed(problems)
  if (s.theme) conds.push(sql<boolean>`c.theme = ${s.theme}`)
  if (s.status) conds.push(sql<boolean>`c.status = ${s.status}`)
  if (s.personId !== undefined) conds.push(sql<boolean>`c.person_id = ${s.personId}`)
  if (s.since) conds.push(sql<boolean>`c.created_at >= ${dayStart(s.since)}::timestamptz`)
  if (s.until) conds.push(sql<boolean>`c.created_at < ${dayStart(nextDay(s.until))}::timestamptz`)
  if (s.areaCode) conds.push(await areaCondition(ctx, 'c.grid_code', s.areaCode))
  if (cursor) conds.push(sql<boolean>`(c.created_at, c.id) < (${cursor[1]!}::timestamptz, ${Number(cursor[2])})`)
  const r = await sql<ConcernRow>`
    SELECT ${COLUMNS} FROM ${FROM} WHERE ${sql.join(conds, sql` AND `)} ORDER BY c.created_at DESC, c.id DESC LIMIT ${s.limit + 1}`.execute(ctx.db)
  const rows = r.rows.slice(0, s.limit)
  await ctx.audit({ action: 'concern.search', target: null, outcome: 'success', detail: { filters: filtersOf(s), results: rows.length } })
  const last = rows[rows.length - 1]
  return {
    items: rows.map(toSummary),
    next: r.rows.length > s.limit && last ? Buffer.from(`${last.at_key}|${Number(last.id)}`, 'utf8').toString('base64url') : null,
  }
}

export async function concernHistory(ctx: RegistryContext, id: number): Promise<RecordHistory> {
  await requireConcern(ctx, id)
  return { changes: await changesOf(ctx.db, [{ entity: 'concern', ids: [id] }]) }
}

// --- writing -------------------------------------------------------------------------------------------

interface PersonRef {
  id: number
  grid_code: string
  name: string
  status: string
  lon: number | null
  lat: number | null
}

/** The active resident in scope the concern comes from, or a problem on /personId (audited when elsewhere). */
async function requirePerson(ctx: RegistryContext, id: number, problems: ErrorDetail[]): Promise<PersonRef | undefined> {
  const p = (
    await sql<PersonRef>`SELECT id, grid_code, name, status, ST_X(location) AS lon, ST_Y(location) AS lat FROM person WHERE id = ${id}`.execute(ctx.db)
  ).rows[0]
  if (!p || !ctx.scope.containsCode(p.grid_code)) {
    if (p) await ctx.scope.deny(`person:${id}`)
    problems.push(bodyProblem('personId', 'not_found', `person ${id} does not exist`))
    return undefined
  }
  if (p.status !== 'active') {
    problems.push(bodyProblem('personId', 'not_active', `the person is ${p.status}`))
    return undefined
  }
  return p
}

export async function createConcern(ctx: RegistryContext, input: ConcernCreateInput): Promise<ConcernView> {
  requirePermission(ctx, 'registry.write')
  const checked = validateConcernFields(input)
  const problems = bodyProblems(checked.problems)
  const f = checked.value
  const person = input.personId != null ? await requirePerson(ctx, input.personId, problems) : undefined
  let place: Place | undefined
  if (input.location != null || input.gridCode != null) {
    const p = await resolvePlacement(ctx, ctx.db, { location: input.location, gridCode: input.gridCode }, problems)
    if (p) place = { gridCode: p.gridCode, buildingId: null, location: input.location ?? null, buildingAddress: null, how: p.how === 'location' ? 'location' : 'grid' }
  } else if (person) {
    place = { gridCode: person.grid_code, buildingId: null, location: lonLat(person.lon, person.lat), buildingAddress: null, how: 'person' }
  } else if (input.personId == null) {
    problems.push(bodyProblem('gridCode', 'no_grid', 'places the concern in no grid: give a location, a grid code, or the resident (personId)'))
  }
  if (problems.length > 0 || !place) throw validationFailed(problems)
  const actor = ctx.principal.username
  const residentName = f.residentName ?? person?.name ?? null
  const id = await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      INSERT INTO concern (grid_code, theme, content, person_id, resident_name, location, created_by, updated_by)
      VALUES (${place.gridCode}, ${f.theme!}, ${f.content!}, ${person ? person.id : null}, ${residentName},
        ${place.location ? point(place.location) : sql`NULL`}, ${actor}, ${actor})
      RETURNING id`.execute(trx)
    const newId = Number(r.rows[0]!.id)
    await recordChange(trx, { entity: 'concern', entityId: newId, gridCode: place.gridCode, action: 'create', actor, changes: { theme: f.theme, placedBy: place.how } })
    await auditIn(ctx, trx, {
      action: 'concern.create',
      target: `concern:${newId}`,
      outcome: 'success',
      detail: { gridCode: place.gridCode, theme: f.theme, placedBy: place.how, ...(person ? { personId: Number(person.id) } : {}) },
    })
    return newId
  })
  return toView((await concernRow(ctx.db, id))!)
}

async function conflictNow(db: Kysely<DB>, id: number): Promise<AppError> {
  const now = (await sql<{ version: number; status: ConcernStatus }>`SELECT version, status FROM concern WHERE id = ${id}`.execute(db)).rows[0]
  if (now && now.status !== 'open') return notOpen(now.status)
  return stale(Number(now?.version ?? 0))
}

const notOpen = (status: ConcernStatus) =>
  new AppError('conflict', `The concern is already ${status}`, [{ field: '/version', location: 'body', message: `status is ${status}`, problem: 'not_open' }])

/** Ends an open concern: closed with a reason, or converted into a case (its reference kept). */
async function endConcern(
  ctx: RegistryContext,
  id: number,
  version: number,
  to: 'closed' | 'converted',
  check: () => { reason: string | null; caseRef: string | null },
): Promise<ConcernView> {
  const before = await requireConcern(ctx, id)
  const values = check()
  if (before.status !== 'open') throw notOpen(before.status)
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      UPDATE concern SET status = ${to}, status_reason = ${values.reason}, case_ref = ${values.caseRef},
        version = version + 1, updated_at = now(), updated_by = ${actor}
      WHERE id = ${id} AND version = ${version} AND status = 'open' RETURNING id`.execute(trx)
    if (!r.rows[0]) throw await conflictNow(trx, id)
    const action = to === 'closed' ? 'close' : 'convert'
    await recordChange(trx, {
      entity: 'concern',
      entityId: id,
      gridCode: before.grid_code,
      action,
      actor,
      changes: { status: ['open', to], ...(values.caseRef ? { caseRef: values.caseRef } : {}) },
      reason: values.reason,
    })
    await auditIn(ctx, trx, {
      action: `concern.${action}`,
      target: `concern:${id}`,
      outcome: 'success',
      detail: values.caseRef ? { caseRef: values.caseRef } : { reason: values.reason },
    })
  })
  return toView((await concernRow(ctx.db, id))!)
}

export async function closeConcern(ctx: RegistryContext, id: number, input: { version: number; reason: string }): Promise<ConcernView> {
  requirePermission(ctx, 'registry.write')
  return endConcern(ctx, id, input.version, 'closed', () => ({ reason: reasonOf(input.reason), caseRef: null }))
}

export async function convertConcern(ctx: RegistryContext, id: number, input: { version: number; caseRef: string }): Promise<ConcernView> {
  requirePermission(ctx, 'registry.write')
  return endConcern(ctx, id, input.version, 'converted', () => {
    const caseRef = input.caseRef.normalize('NFKC').trim()
    if (caseRef === '') throw validationFailed([bodyProblem('caseRef', 'required', 'caseRef is required')])
    const p = textProblem(caseRef, { max: 60 })
    if (p) throw validationFailed([bodyProblem('caseRef', p.problem, `caseRef ${p.message}`)])
    return { reason: null, caseRef }
  })
}
