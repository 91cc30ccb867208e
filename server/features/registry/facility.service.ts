// Things (部件): public facilities and hazard sources — manhole covers, street lights, hydrants,
// cameras… Register at a location (its grid found from the point), search (class, kind, state,
// hazard, area, near a point), read, change against a version (a change of state — intact, damaged,
// missing, occupied — is its own history entry, from/to), retire with a reason, history. Scope,
// versions, history and audit as for people (person.service.ts); one record per facility code
// (部件编码, 409 duplicate_code).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { validateFacilityFields, type FacilityClassCode, type FacilityFieldsInput, type FacilityStateCode } from '../../../shared/registry/place-fields.ts'
import type { LonLat } from '../../../shared/registry/api-types.ts'
import type { FacilityPage, FacilitySummary, FacilityView, RecordHistory, RecordStatus } from '../../../shared/registry/place-types.ts'
import { auditIn, requirePermission, type RegistryContext } from './registry-context.ts'
import { changesOf, diff, recordChange } from './history.ts'
import {
  areaCondition,
  bodyProblem,
  bodyProblems,
  gridRef,
  idBefore,
  idCursor,
  iso,
  notActive,
  placeWithPoint,
  point,
  queryProblem,
  reasonOf,
  refuse,
  stale,
  type GridColumns,
  type Place,
} from './place.service.ts'

export interface FacilityCreateInput extends FacilityFieldsInput {
  location?: LonLat | null
  gridCode?: string | null
}

export interface FacilityUpdateInput extends FacilityFieldsInput {
  version: number
  location?: LonLat | null
  gridCode?: string | null
}

/** The widest "near" search, in metres. */
export const MAX_NEAR_RADIUS_M = 2000

// --- reading -------------------------------------------------------------------------------------------

interface FacilityRow extends GridColumns {
  id: number
  class: FacilityClassCode
  kind: string
  name: string
  code: string | null
  lon: number
  lat: number
  owner_dept: string | null
  maintainer_dept: string | null
  state: FacilityStateCode
  hazard: boolean
  status: RecordStatus
  status_reason: string | null
  version: number
  created_at: Date
  created_by: string
  updated_at: Date
  updated_by: string
  distance_m?: number | null
}

const COLUMNS = sql`
  f.id, f.grid_code, g.name AS grid_name, g.level AS grid_level, f.class, f.kind, f.name, f.code,
  ST_X(f.location) AS lon, ST_Y(f.location) AS lat, f.owner_dept, f.maintainer_dept, f.state, f.hazard,
  f.status, f.status_reason, f.version, f.created_at, f.created_by, f.updated_at, f.updated_by`

const FROM = sql`facility f JOIN area g ON g.code = f.grid_code`

function toSummary(r: FacilityRow): FacilitySummary {
  return {
    id: Number(r.id),
    class: r.class,
    kind: r.kind,
    name: r.name,
    code: r.code,
    grid: gridRef(r),
    location: { lon: Number(r.lon), lat: Number(r.lat) },
    state: r.state,
    hazard: r.hazard,
    status: r.status,
    ...(r.distance_m != null ? { distanceM: Math.round(Number(r.distance_m) * 10) / 10 } : {}),
  }
}

function toView(r: FacilityRow): FacilityView {
  return {
    ...toSummary(r),
    ownerDept: r.owner_dept,
    maintainerDept: r.maintainer_dept,
    statusReason: r.status_reason,
    version: Number(r.version),
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by,
  }
}

async function facilityRow(db: Kysely<DB>, id: number): Promise<FacilityRow | undefined> {
  return (await sql<FacilityRow>`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = ${id}`.execute(db)).rows[0]
}

async function requireFacility(ctx: RegistryContext, id: number): Promise<FacilityRow> {
  return ctx.scope.requireRecord(await facilityRow(ctx.db, id), 'facility', id)
}

export async function getFacility(ctx: RegistryContext, id: number): Promise<FacilityView> {
  return toView(await requireFacility(ctx, id))
}

export interface FacilitySearch {
  class?: FacilityClassCode
  kind?: string
  state?: FacilityStateCode
  hazard?: boolean
  areaCode?: string
  /** Near a point: lon, lat and a radius in metres (≤ 2000). */
  lon?: number
  lat?: number
  radius?: number
  q?: string
  status?: RecordStatus | 'any'
  limit: number
  cursor?: string
}

/** Searches the caller's scope; pages by id (newest first). Near a point, each item carries its distance. */
export async function searchFacilities(ctx: RegistryContext, s: FacilitySearch): Promise<FacilityPage> {
  const conds = [ctx.scope.filterCode('f.grid_code')]
  const problems: ErrorDetail[] = []
  const near = s.lon !== undefined || s.lat !== undefined || s.radius !== undefined
  if (near) {
    if (s.lon === undefined) problems.push(queryProblem('lon', 'required', 'is required with lat and radius'))
    if (s.lat === undefined) problems.push(queryProblem('lat', 'required', 'is required with lon and radius'))
    if (s.radius !== undefined && (s.radius <= 0 || s.radius > MAX_NEAR_RADIUS_M)) problems.push(queryProblem('radius', 'out_of_range', `must be between 1 and ${MAX_NEAR_RADIUS_M} metres`))
  }
  if (problems.length > 0) throw validationFailed(problems)
  let distance = sql`NULL::float8`
  if (near) {
    const here = point({ lon: s.lon!, lat: s.lat! })
    const radius = s.radius ?? 500
    // A box in degrees first (the GiST index), then the exact distance on the spheroid.
    const degrees = (1.02 * radius) / (111_320 * Math.max(0.1, Math.cos((s.lat! * Math.PI) / 180)))
    conds.push(sql<boolean>`ST_DWithin(f.location, ${here}, ${degrees})`)
    conds.push(sql<boolean>`ST_DWithin(f.location::geography, ${here}::geography, ${radius})`)
    distance = sql`ST_Distance(f.location::geography, ${here}::geography)`
  }
  if (s.class) conds.push(sql<boolean>`f.class = ${s.class}`)
  if (s.kind) conds.push(sql<boolean>`f.kind = ${s.kind}`)
  if (s.state) conds.push(sql<boolean>`f.state = ${s.state}`)
  if (s.hazard !== undefined) conds.push(sql<boolean>`f.hazard = ${s.hazard}`)
  if (s.q) conds.push(sql<boolean>`(f.name LIKE ${`%${s.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`} OR f.code = ${s.q.trim()})`)
  if (s.areaCode) conds.push(await areaCondition(ctx, 'f.grid_code', s.areaCode))
  const status = s.status ?? 'active'
  if (status !== 'any') conds.push(sql<boolean>`f.status = ${status}`)
  if (s.cursor) conds.push(sql<boolean>`f.id < ${idBefore(s.cursor)}`)
  const r = await sql<FacilityRow>`
    SELECT ${COLUMNS}, ${distance} AS distance_m FROM ${FROM}
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY f.id DESC LIMIT ${s.limit + 1}`.execute(ctx.db)
  const rows = r.rows.slice(0, s.limit)
  return { items: rows.map(toSummary), next: r.rows.length > s.limit ? idCursor(Number(rows[rows.length - 1]!.id)) : null }
}

export async function facilityHistory(ctx: RegistryContext, id: number): Promise<RecordHistory> {
  await requireFacility(ctx, id)
  return { changes: await changesOf(ctx.db, [{ entity: 'facility', ids: [id] }]) }
}

// --- writing -------------------------------------------------------------------------------------------

async function duplicateOf(ctx: RegistryContext, db: Kysely<DB>, code: string, exceptId = 0): Promise<ErrorDetail | undefined> {
  const other = (await sql<{ id: number; grid_code: string }>`SELECT id, grid_code FROM facility WHERE code = ${code} AND id <> ${exceptId}`.execute(db)).rows[0]
  if (!other) return undefined
  const inScope = ctx.scope.containsCode(other.grid_code)
  return {
    field: '/code',
    location: 'body',
    message: inScope ? `is already used (facility ${other.id})` : 'is already used, in another area',
    problem: 'duplicate_code',
    ...(inScope ? { facilityId: Number(other.id) } : {}),
  }
}

const DUPLICATE_MESSAGE = 'This facility code is already used: a facility has one record'

function isCodeViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string }
  return e?.code === '23505' && (e.constraint === 'facility_code_uq' || (e.message ?? '').includes('facility_code_uq'))
}

async function duplicateConflict(ctx: RegistryContext, code: string, exceptId?: number): Promise<AppError> {
  const dup = await duplicateOf(ctx, ctx.db, code, exceptId)
  return new AppError('conflict', DUPLICATE_MESSAGE, dup ? [dup] : [bodyProblem('code', 'duplicate_code', 'is already used')])
}

export async function createFacility(ctx: RegistryContext, input: FacilityCreateInput): Promise<FacilityView> {
  requirePermission(ctx, 'registry.write')
  const checked = validateFacilityFields(input)
  const problems = bodyProblems(checked.problems)
  const f = checked.value
  const place = await placeWithPoint(ctx, ctx.db, { location: input.location, gridCode: input.gridCode }, problems, { buildings: false })
  if (f.code) {
    const dup = await duplicateOf(ctx, ctx.db, f.code)
    if (dup) problems.push(dup)
  }
  if (problems.length > 0 || !place) refuse(problems, ['duplicate_code'], DUPLICATE_MESSAGE)
  const actor = ctx.principal.username
  const id = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const r = await sql<{ id: number }>`
        INSERT INTO facility (grid_code, class, kind, name, code, location, owner_dept, maintainer_dept, state, hazard, created_by, updated_by)
        VALUES (${place.gridCode}, ${f.class!}, ${f.kind!}, ${f.name!}, ${f.code ?? null}, ${point(place.location!)}, ${f.ownerDept ?? null},
          ${f.maintainerDept ?? null}, ${f.state ?? 'intact'}, ${f.hazard ?? false}, ${actor}, ${actor})
        RETURNING id`.execute(trx)
      const newId = Number(r.rows[0]!.id)
      await recordChange(trx, { entity: 'facility', entityId: newId, gridCode: place.gridCode, action: 'create', actor, changes: { kind: f.kind, state: f.state ?? 'intact' } })
      await auditIn(ctx, trx, { action: 'facility.create', target: `facility:${newId}`, outcome: 'success', detail: { gridCode: place.gridCode, kind: f.kind } })
      return newId
    })
    .catch(async (err: unknown) => {
      if (!isCodeViolation(err)) throw err
      throw await duplicateConflict(ctx, f.code!)
    })
  return toView((await facilityRow(ctx.db, id))!)
}

async function conflictNow(db: Kysely<DB>, id: number): Promise<AppError> {
  const now = (await sql<{ version: number; status: string }>`SELECT version, status FROM facility WHERE id = ${id}`.execute(db)).rows[0]
  if (now && now.status !== 'active') return notActive('facility', now.status)
  return stale(Number(now?.version ?? 0))
}

/** Changes a facility (only the fields given). A change of state is recorded as its own history entry ('state', from/to). */
export async function updateFacility(ctx: RegistryContext, id: number, input: FacilityUpdateInput): Promise<FacilityView> {
  requirePermission(ctx, 'registry.write')
  const before = await requireFacility(ctx, id)
  if (before.status !== 'active') throw notActive('facility', before.status)
  if (Number(before.version) !== input.version) throw stale(Number(before.version))
  const checked = validateFacilityFields(input, { partial: true })
  const problems = bodyProblems(checked.problems)
  const f = checked.value
  let place: Place | undefined
  if (input.location != null || input.gridCode != null) {
    place = await placeWithPoint(ctx, ctx.db, { location: input.location, gridCode: input.gridCode }, problems, { buildings: false })
  }
  if (f.code && f.code !== before.code) {
    const dup = await duplicateOf(ctx, ctx.db, f.code, id)
    if (dup) problems.push(dup)
  }
  if (problems.length > 0) refuse(problems, ['duplicate_code'], DUPLICATE_MESSAGE)
  const beforeFields: Record<string, unknown> = {
    class: before.class,
    kind: before.kind,
    name: before.name,
    code: before.code,
    ownerDept: before.owner_dept,
    maintainerDept: before.maintainer_dept,
    state: before.state,
    hazard: before.hazard,
    gridCode: before.grid_code,
    location: { lon: Number(before.lon), lat: Number(before.lat) },
  }
  const changes = diff(beforeFields, { ...f, ...(place ? { gridCode: place.gridCode, location: place.location } : {}) })
  if (Object.keys(changes).length === 0) return toView(before)
  const { state: stateChange, ...otherChanges } = changes
  const set = (col: string, v: unknown) => sql`${sql.ref(col)} = ${v}`
  const sets = [
    ...(changes.class ? [set('class', f.class)] : []),
    ...(changes.kind ? [set('kind', f.kind)] : []),
    ...(changes.name ? [set('name', f.name)] : []),
    ...(changes.code ? [set('code', f.code)] : []),
    ...(changes.ownerDept ? [set('owner_dept', f.ownerDept)] : []),
    ...(changes.maintainerDept ? [set('maintainer_dept', f.maintainerDept)] : []),
    ...(changes.state ? [set('state', f.state)] : []),
    ...(changes.hazard ? [set('hazard', f.hazard)] : []),
    ...(changes.gridCode ? [set('grid_code', place!.gridCode)] : []),
    ...(changes.location ? [sql`location = ${point(place!.location!)}`] : []),
  ]
  const actor = ctx.principal.username
  const gridCode = place?.gridCode ?? before.grid_code
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      const r = await sql<{ id: number }>`
        UPDATE facility SET ${sql.join(sets, sql`, `)}, version = version + 1, updated_at = now(), updated_by = ${actor}
        WHERE id = ${id} AND version = ${input.version} AND status = 'active' RETURNING id`.execute(trx)
      if (!r.rows[0]) throw await conflictNow(trx, id)
      if (stateChange) await recordChange(trx, { entity: 'facility', entityId: id, gridCode, action: 'state', actor, changes: { state: stateChange } })
      if (Object.keys(otherChanges).length > 0) {
        await recordChange(trx, { entity: 'facility', entityId: id, gridCode, action: otherChanges.gridCode ? 'move' : 'update', actor, changes: otherChanges })
      }
      await auditIn(ctx, trx, {
        action: 'facility.update',
        target: `facility:${id}`,
        outcome: 'success',
        detail: { fields: Object.keys(changes), ...(stateChange ? { state: { from: stateChange[0], to: stateChange[1] } } : {}) },
      })
    })
    .catch(async (err: unknown) => {
      if (!isCodeViolation(err)) throw err
      throw await duplicateConflict(ctx, f.code!, id)
    })
  return toView((await facilityRow(ctx.db, id))!)
}

/** Retires a facility (removed, entered in error): it stays, with the reason, and no longer counts. */
export async function retireFacility(ctx: RegistryContext, id: number, input: { version: number; reason: string }): Promise<FacilityView> {
  requirePermission(ctx, 'registry.write')
  const before = await requireFacility(ctx, id)
  const reason = reasonOf(input.reason)
  if (before.status !== 'active') {
    throw new AppError('conflict', 'The facility is already retired', [{ field: '/version', location: 'body', message: `status is ${before.status}`, problem: 'already_retired' }])
  }
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      UPDATE facility SET status = 'retired', status_reason = ${reason}, version = version + 1, updated_at = now(), updated_by = ${actor}
      WHERE id = ${id} AND version = ${input.version} AND status = 'active' RETURNING id`.execute(trx)
    if (!r.rows[0]) throw await conflictNow(trx, id)
    await recordChange(trx, { entity: 'facility', entityId: id, gridCode: before.grid_code, action: 'retire', actor, changes: { status: [before.status, 'retired'] }, reason })
    await auditIn(ctx, trx, { action: 'facility.retire', target: `facility:${id}`, outcome: 'success', detail: { reason } })
  })
  return toView((await facilityRow(ctx.db, id))!)
}
