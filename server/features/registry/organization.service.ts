// Organizations (组织): businesses, social organizations, party organizations, public places, schools,
// hazardous-chemical units, key sites. Register (placed at a building, a location, a registered
// building's address, or a grid with a location), search, read (masked), change against a version,
// retire with a reason, reveal the phone (audited), history. As for people (person.service.ts):
//   - an organization outside the caller's subtree is "not found" (404), and the attempt is audited;
//   - the phone is stored encrypted with a blind index and its masked form, and leaves only masked
//     except through revealOrganizationData;
//   - every change, its history row and its audit record commit in one transaction, against the
//     version the caller read (409 stale_version), or nothing does;
//   - one record per unified social credit code (409 duplicate_credit_code).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { maskPhone } from '../privacy/mask.ts'
import { confirmUnmask, requireUnmaskPermission } from '../accounts/index.ts'
import { parseCreditCode } from '../../../shared/validation/credit-code.ts'
import { validateOrganizationFields, type OrganizationFields, type OrganizationFieldsInput, type OrganizationKindCode } from '../../../shared/registry/place-fields.ts'
import type { LonLat } from '../../../shared/registry/api-types.ts'
import type { OrganizationPage, OrganizationPersonalData, OrganizationSummary, OrganizationView, RecordHistory, RecordStatus } from '../../../shared/registry/place-types.ts'
import { auditIn, requirePermission, type RegistryContext } from './registry-context.ts'
import { changesOf, diff, recordChange } from './history.ts'
import {
  areaCondition,
  bodyProblem,
  bodyProblems,
  filtersOf,
  gridRef,
  idBefore,
  idCursor,
  iso,
  likePrefix,
  notActive,
  placeWithPoint,
  point,
  queryProblem,
  reasonOf,
  refuse,
  stale,
  type GridColumns,
  type Place,
  type PlaceInput,
} from './place.service.ts'

export const ORGANIZATION_PHONE_CONTEXT = 'organization.phone'

export interface OrganizationCreateInput extends OrganizationFieldsInput, PlaceInput {}

export interface OrganizationUpdateInput extends OrganizationFieldsInput, PlaceInput {
  version: number
}

// --- reading -------------------------------------------------------------------------------------------

interface OrganizationRow extends GridColumns {
  id: number
  credit_code: string | null
  name: string
  kind: OrganizationKindCode
  legal_rep: string | null
  address: string
  building_id: number | null
  building_name: string | null
  building_address: string | null
  lon: number
  lat: number
  employees: number | null
  security_contact: string | null
  phone_masked: string | null
  key_place: boolean
  status: RecordStatus
  status_reason: string | null
  version: number
  created_at: Date
  created_by: string
  updated_at: Date
  updated_by: string
}

const COLUMNS = sql`
  o.id, o.grid_code, g.name AS grid_name, g.level AS grid_level, o.credit_code, o.name, o.kind, o.legal_rep, o.address,
  o.building_id, b.name AS building_name, b.address AS building_address, ST_X(o.location) AS lon, ST_Y(o.location) AS lat,
  o.employees, o.security_contact, o.phone_masked, o.key_place, o.status, o.status_reason, o.version,
  o.created_at, o.created_by, o.updated_at, o.updated_by`

const FROM = sql`organization o JOIN area g ON g.code = o.grid_code LEFT JOIN building b ON b.id = o.building_id`

function toSummary(r: OrganizationRow): OrganizationSummary {
  return {
    id: Number(r.id),
    name: r.name,
    kind: r.kind,
    creditCode: r.credit_code,
    address: r.address,
    grid: gridRef(r),
    location: { lon: Number(r.lon), lat: Number(r.lat) },
    keyPlace: r.key_place,
    phoneMasked: r.phone_masked,
    status: r.status,
  }
}

function toView(r: OrganizationRow): OrganizationView {
  return {
    ...toSummary(r),
    legalRep: r.legal_rep,
    employees: r.employees === null ? null : Number(r.employees),
    securityContact: r.security_contact,
    building: r.building_id === null ? null : { id: Number(r.building_id), name: r.building_name ?? '', address: r.building_address ?? '' },
    statusReason: r.status_reason,
    version: Number(r.version),
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by,
  }
}

async function organizationRow(db: Kysely<DB>, id: number): Promise<OrganizationRow | undefined> {
  return (await sql<OrganizationRow>`SELECT ${COLUMNS} FROM ${FROM} WHERE o.id = ${id}`.execute(db)).rows[0]
}

/** The organization if it exists in the caller's scope; otherwise 404 (audited when it exists elsewhere). */
async function requireOrganization(ctx: RegistryContext, id: number): Promise<OrganizationRow> {
  return ctx.scope.requireRecord(await organizationRow(ctx.db, id), 'organization', id)
}

/** An organization's record, its phone masked. The read is audited (it shows a contact's data). */
export async function getOrganization(ctx: RegistryContext, id: number): Promise<OrganizationView> {
  const row = await requireOrganization(ctx, id)
  await ctx.audit({ action: 'organization.read', target: `organization:${id}`, outcome: 'success' })
  return toView(row)
}

export interface OrganizationSearch {
  q?: string
  kind?: OrganizationKindCode
  keyPlace?: boolean
  areaCode?: string
  status?: RecordStatus | 'any'
  limit: number
  cursor?: string
}

/**
 * Searches the caller's scope. `q` is a name prefix or — when it reads as one (18 letters and
 * digits) — an exact unified social credit code. Pages by id (newest first) with an opaque cursor.
 */
export async function searchOrganizations(ctx: RegistryContext, s: OrganizationSearch): Promise<OrganizationPage> {
  const conds = [ctx.scope.filterCode('o.grid_code')]
  if (s.q !== undefined) {
    // Names keep their full-width brackets (有限公司（分公司）); a code may be typed in full-width characters.
    const name = s.q.normalize('NFC').trim()
    const folded = name.normalize('NFKC')
    if (/^[0-9A-Za-z]{18}$/.test(folded)) {
      const r = parseCreditCode(folded)
      if (!r.ok) throw validationFailed([queryProblem('q', r.problems[0]!, `is not a valid unified social credit code (${r.problems.join(', ')})`)])
      conds.push(sql<boolean>`o.credit_code = ${r.value}`)
    } else if (name !== '') conds.push(sql<boolean>`o.name LIKE ${likePrefix(name)}`)
  }
  if (s.kind) conds.push(sql<boolean>`o.kind = ${s.kind}`)
  if (s.keyPlace !== undefined) conds.push(sql<boolean>`o.key_place = ${s.keyPlace}`)
  if (s.areaCode) conds.push(await areaCondition(ctx, 'o.grid_code', s.areaCode))
  const status = s.status ?? 'active'
  if (status !== 'any') conds.push(sql<boolean>`o.status = ${status}`)
  if (s.cursor) conds.push(sql<boolean>`o.id < ${idBefore(s.cursor)}`)
  const r = await sql<OrganizationRow>`
    SELECT ${COLUMNS} FROM ${FROM} WHERE ${sql.join(conds, sql` AND `)} ORDER BY o.id DESC LIMIT ${s.limit + 1}`.execute(ctx.db)
  const rows = r.rows.slice(0, s.limit)
  await ctx.audit({ action: 'organization.search', target: null, outcome: 'success', detail: { filters: filtersOf(s), results: rows.length } })
  return { items: rows.map(toSummary), next: r.rows.length > s.limit ? idCursor(Number(rows[rows.length - 1]!.id)) : null }
}

export async function organizationHistory(ctx: RegistryContext, id: number): Promise<RecordHistory> {
  await requireOrganization(ctx, id)
  return { changes: await changesOf(ctx.db, [{ entity: 'organization', ids: [id] }]) }
}

/** The unmasked phone, for a caller with personal.unmask, a reason and a fresh re-authentication (audited). */
export async function revealOrganizationData(ctx: RegistryContext, id: number, fields: 'phone'[], reason: string, now = new Date()): Promise<OrganizationPersonalData> {
  const target = `organization:${id}`
  await requireUnmaskPermission(ctx, target, fields, reason)
  await requireOrganization(ctx, id)
  await confirmUnmask(ctx, target, fields, reason, now)
  const r = (await sql<{ phone_cipher: string | null }>`SELECT phone_cipher FROM organization WHERE id = ${id}`.execute(ctx.db)).rows[0]!
  return { phone: r.phone_cipher ? ctx.cipher.decrypt(r.phone_cipher, ORGANIZATION_PHONE_CONTEXT) : null }
}

// --- writing -------------------------------------------------------------------------------------------

interface SealedPhone {
  phone_cipher: string | null
  phone_index: string | null
  phone_masked: string | null
}

function sealPhone(ctx: RegistryContext, phone: string | null): SealedPhone {
  if (phone === null) return { phone_cipher: null, phone_index: null, phone_masked: null }
  return {
    phone_cipher: ctx.cipher.encrypt(phone, ORGANIZATION_PHONE_CONTEXT),
    phone_index: ctx.cipher.blindIndex(phone, ORGANIZATION_PHONE_CONTEXT),
    phone_masked: maskPhone(phone),
  }
}

/** The problem of a credit code another organization holds; names it only to a caller who may see it. */
async function duplicateOf(ctx: RegistryContext, db: Kysely<DB>, creditCode: string, exceptId = 0): Promise<ErrorDetail | undefined> {
  const other = (await sql<{ id: number; grid_code: string }>`SELECT id, grid_code FROM organization WHERE credit_code = ${creditCode} AND id <> ${exceptId}`.execute(db)).rows[0]
  if (!other) return undefined
  const inScope = ctx.scope.containsCode(other.grid_code)
  return {
    field: '/creditCode',
    location: 'body',
    message: inScope ? `is already registered (organization ${other.id})` : 'is already registered, in another area',
    problem: 'duplicate_credit_code',
    ...(inScope ? { organizationId: Number(other.id) } : {}),
  }
}

const DUPLICATE_MESSAGE = 'This unified social credit code is already registered: an organization has one record'

/** A unique violation of the credit code (a concurrent registration) as the same 409. */
function isCreditCodeViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string }
  return e?.code === '23505' && (e.constraint === 'organization_credit_code_uq' || (e.message ?? '').includes('organization_credit_code_uq'))
}

const maskedChanges = (changes: Record<string, [unknown, unknown]>) => {
  const out = { ...changes }
  if (out.phone) out.phone = out.phone.map((v) => (v === null ? null : maskPhone(String(v)))) as [unknown, unknown]
  return out
}

export async function createOrganization(ctx: RegistryContext, input: OrganizationCreateInput): Promise<OrganizationView> {
  requirePermission(ctx, 'registry.write')
  const checked = validateOrganizationFields(input, { addressOptional: input.buildingId != null })
  const problems = bodyProblems(checked.problems)
  const f = checked.value
  const place = await placeWithPoint(ctx, ctx.db, input, problems, { buildings: true })
  if (f.creditCode) {
    const dup = await duplicateOf(ctx, ctx.db, f.creditCode)
    if (dup) problems.push(dup)
  }
  const address = f.address ?? place?.buildingAddress
  if (place && !address && !problems.some((p) => p.field === '/address')) problems.push(bodyProblem('address', 'required', 'address is required'))
  if (problems.length > 0 || !place || !address) refuse(problems, ['duplicate_credit_code'], DUPLICATE_MESSAGE)
  const seal = sealPhone(ctx, f.phone ?? null)
  const actor = ctx.principal.username
  const id = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const r = await sql<{ id: number }>`
        INSERT INTO organization (grid_code, credit_code, name, kind, legal_rep, address, building_id, location, employees, security_contact,
          phone_cipher, phone_index, phone_masked, key_place, created_by, updated_by)
        VALUES (${place.gridCode}, ${f.creditCode ?? null}, ${f.name!}, ${f.kind!}, ${f.legalRep ?? null}, ${address}, ${place.buildingId},
          ${point(place.location!)}, ${f.employees ?? null}, ${f.securityContact ?? null}, ${seal.phone_cipher}, ${seal.phone_index}, ${seal.phone_masked},
          ${f.keyPlace ?? false}, ${actor}, ${actor})
        RETURNING id`.execute(trx)
      const newId = Number(r.rows[0]!.id)
      await recordChange(trx, { entity: 'organization', entityId: newId, gridCode: place.gridCode, action: 'create', actor, changes: { placedBy: place.how, kind: f.kind } })
      await auditIn(ctx, trx, { action: 'organization.create', target: `organization:${newId}`, outcome: 'success', detail: { gridCode: place.gridCode, placedBy: place.how, kind: f.kind } })
      return newId
    })
    .catch(async (err: unknown) => {
      if (!isCreditCodeViolation(err)) throw err
      const dup = await duplicateOf(ctx, ctx.db, f.creditCode!)
      throw new AppError('conflict', DUPLICATE_MESSAGE, dup ? [dup] : [bodyProblem('creditCode', 'duplicate_credit_code', 'is already registered')])
    })
  return toView((await organizationRow(ctx.db, id))!)
}

export async function updateOrganization(ctx: RegistryContext, id: number, input: OrganizationUpdateInput): Promise<OrganizationView> {
  requirePermission(ctx, 'registry.write')
  const before = await requireOrganization(ctx, id)
  if (before.status !== 'active') throw notActive('organization', before.status)
  if (Number(before.version) !== input.version) throw stale(Number(before.version))
  const checked = validateOrganizationFields(input, { partial: true, current: { kind: before.kind, creditCode: before.credit_code } })
  const problems = bodyProblems(checked.problems)
  const f: OrganizationFields = checked.value
  const moves = input.buildingId != null || input.location != null || input.gridCode != null
  let place: Place | undefined
  if (moves) {
    place = await placeWithPoint(ctx, ctx.db, { buildingId: input.buildingId, location: input.location, gridCode: input.gridCode, address: f.address ?? before.address }, problems, { buildings: true })
  }
  if (f.creditCode && f.creditCode !== before.credit_code) {
    const dup = await duplicateOf(ctx, ctx.db, f.creditCode, id)
    if (dup) problems.push(dup)
  }
  if (problems.length > 0) refuse(problems, ['duplicate_credit_code'], DUPLICATE_MESSAGE)

  const current = f.phone !== undefined ? (await sql<{ phone_cipher: string | null }>`SELECT phone_cipher FROM organization WHERE id = ${id}`.execute(ctx.db)).rows[0]! : undefined
  const beforeFields: Record<string, unknown> = {
    name: before.name,
    kind: before.kind,
    creditCode: before.credit_code,
    legalRep: before.legal_rep,
    address: before.address,
    employees: before.employees === null ? null : Number(before.employees),
    securityContact: before.security_contact,
    phone: current?.phone_cipher ? ctx.cipher.decrypt(current.phone_cipher, ORGANIZATION_PHONE_CONTEXT) : null,
    keyPlace: before.key_place,
    gridCode: before.grid_code,
    buildingId: before.building_id === null ? null : Number(before.building_id),
    location: { lon: Number(before.lon), lat: Number(before.lat) },
  }
  const newBuilding = place ? place.buildingId : input.buildingId === null ? null : undefined
  const afterFields: Record<string, unknown> = {
    ...f,
    ...(place ? { gridCode: place.gridCode, location: place.location } : {}),
    buildingId: newBuilding,
  }
  const changes = diff(beforeFields, afterFields)
  if (Object.keys(changes).length === 0) return toView(before)
  const actor = ctx.principal.username
  const seal = f.phone !== undefined ? sealPhone(ctx, f.phone) : undefined
  const set = (col: string, v: unknown) => sql`${sql.ref(col)} = ${v}`
  const sets = [
    ...(changes.name ? [set('name', f.name)] : []),
    ...(changes.kind ? [set('kind', f.kind)] : []),
    ...(changes.creditCode ? [set('credit_code', f.creditCode)] : []),
    ...(changes.legalRep ? [set('legal_rep', f.legalRep)] : []),
    ...(changes.address ? [set('address', f.address)] : []),
    ...(changes.employees ? [set('employees', f.employees)] : []),
    ...(changes.securityContact ? [set('security_contact', f.securityContact)] : []),
    ...(changes.phone && seal ? [set('phone_cipher', seal.phone_cipher), set('phone_index', seal.phone_index), set('phone_masked', seal.phone_masked)] : []),
    ...(changes.keyPlace ? [set('key_place', f.keyPlace)] : []),
    ...(changes.gridCode ? [set('grid_code', place!.gridCode)] : []),
    ...(changes.buildingId ? [set('building_id', newBuilding)] : []),
    ...(changes.location ? [sql`location = ${point(place!.location as LonLat)}`] : []),
  ]
  const gridCode = place?.gridCode ?? before.grid_code
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      const r = await sql<{ id: number }>`
        UPDATE organization SET ${sql.join(sets, sql`, `)}, version = version + 1, updated_at = now(), updated_by = ${actor}
        WHERE id = ${id} AND version = ${input.version} AND status = 'active' RETURNING id`.execute(trx)
      if (!r.rows[0]) throw await conflictNow(trx, id)
      await recordChange(trx, { entity: 'organization', entityId: id, gridCode, action: changes.gridCode ? 'move' : 'update', actor, changes: maskedChanges(changes) })
      await auditIn(ctx, trx, { action: 'organization.update', target: `organization:${id}`, outcome: 'success', detail: { fields: Object.keys(changes) } })
    })
    .catch(async (err: unknown) => {
      if (!isCreditCodeViolation(err)) throw err
      const dup = await duplicateOf(ctx, ctx.db, f.creditCode!, id)
      throw new AppError('conflict', DUPLICATE_MESSAGE, dup ? [dup] : [bodyProblem('creditCode', 'duplicate_credit_code', 'is already registered')])
    })
  return toView((await organizationRow(ctx.db, id))!)
}

/** Why a conditional update matched no row: the version moved on, or the record was retired meanwhile. */
async function conflictNow(db: Kysely<DB>, id: number): Promise<AppError> {
  const now = (await sql<{ version: number; status: string }>`SELECT version, status FROM organization WHERE id = ${id}`.execute(db)).rows[0]
  if (now && now.status !== 'active') return notActive('organization', now.status)
  return stale(Number(now?.version ?? 0))
}

/** Retires an organization (closed, moved away, entered in error): it stays, with the reason, and no longer counts. */
export async function retireOrganization(ctx: RegistryContext, id: number, input: { version: number; reason: string }): Promise<OrganizationView> {
  requirePermission(ctx, 'registry.write')
  const before = await requireOrganization(ctx, id)
  const reason = reasonOf(input.reason)
  if (before.status !== 'active') {
    throw new AppError('conflict', 'The organization is already retired', [{ field: '/version', location: 'body', message: `status is ${before.status}`, problem: 'already_retired' }])
  }
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      UPDATE organization SET status = 'retired', status_reason = ${reason}, version = version + 1, updated_at = now(), updated_by = ${actor}
      WHERE id = ${id} AND version = ${input.version} AND status = 'active' RETURNING id`.execute(trx)
    if (!r.rows[0]) throw await conflictNow(trx, id)
    await recordChange(trx, { entity: 'organization', entityId: id, gridCode: before.grid_code, action: 'retire', actor, changes: { status: [before.status, 'retired'] }, reason })
    await auditIn(ctx, trx, { action: 'organization.retire', target: `organization:${id}`, outcome: 'success', detail: { reason } })
  })
  return toView((await organizationRow(ctx.db, id))!)
}
