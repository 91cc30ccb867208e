// People (实有人口): register, change, move, change status, put on and take off lists, search, read,
// reveal. Rules that hold for every use case here:
//   - scope: a person outside the caller's subtree is "not found" (404), and the attempt is audited;
//   - personal data: the ID number and phone are stored encrypted with blind indexes (exact search,
//     one record per person) and leave only masked, except through revealPersonData (audited);
//   - every change, its history row (registry_change) and its audit record commit in one transaction,
//     against the version the caller read (409 on a stale one);
//   - nothing is deleted: a person leaves by a status change, a list entry by being ended with a reason;
//   - special groups (重点人群) are visible only with registry.special.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { maskIdNumber, maskPhone } from '../privacy/mask.ts'
import { confirmUnmask, requireUnmaskPermission } from '../accounts/index.ts'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import { LIST_DEFINITIONS, isPersonalListField, validateListFields, type ListCode } from '../../../shared/registry/lists.ts'
import { ageOn, chinaToday, validatePersonFields, type PersonFields, type PersonFieldsInput } from '../../../shared/registry/person-fields.ts'
import type {
  ChangeEntry,
  HouseholdView,
  LonLat,
  PersonListEntry,
  PersonPage,
  PersonPersonalData,
  PersonSummary,
  PersonView,
  ResidenceEntry,
  RoomRef,
} from '../../../shared/registry/api-types.ts'
import { parseIdNumber } from '../../../shared/validation/id-number.ts'
import { parsePhone } from '../../../shared/validation/phone.ts'
import { auditIn, can, requirePermission, type RegistryContext } from './registry-context.ts'
import { changesOf, diff, recordChange } from './history.ts'
import { resolvePlacement, type PlacementInput } from './placement.ts'
import { filtersOf, stale } from './place.service.ts'
import type { PersonStatus } from './registry.tables.ts'

export const ID_CONTEXT = 'person.id_number'
export const PHONE_CONTEXT = 'person.phone'

export interface PersonCreateInput extends PersonFieldsInput, PlacementInput {
  householdId?: number | null
}

export interface PersonUpdateInput extends PersonFieldsInput, PlacementInput {
  version: number
  householdId?: number | null
  /** Why the person moved (residence history), when the place changes. */
  moveReason?: string | null
}

// --- reading -------------------------------------------------------------------------------------------

interface PersonRow {
  id: number
  grid_code: string
  grid_name: string
  grid_level: AreaLevel
  name: string
  former_name: string | null
  id_masked: string
  birth_date: string | Date
  sex: '1' | '2'
  ethnicity: string
  phone_masked: string | null
  residence_category: PersonSummary['residenceCategory']
  household_id: number | null
  relation: string | null
  room_id: number | null
  address: string
  registered_address: string | null
  political_status: string | null
  education: string | null
  marital_status: string | null
  religion: string | null
  workplace: string | null
  lon: number | null
  lat: number | null
  status: PersonStatus
  status_reason: string | null
  version: number
  created_at: Date
  created_by: string
  updated_at: Date
  updated_by: string
  lists: string[] | null
}

/** A date column as YYYY-MM-DD (drivers give a string or a local-midnight Date). */
export const isoDate = (d: string | Date): string => (typeof d === 'string' ? d.slice(0, 10) : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10))

/** The list codes the caller may see (special groups need registry.special). */
export function visibleLists(ctx: RegistryContext): ListCode[] {
  const special = can(ctx, 'registry.special')
  return (Object.keys(LIST_DEFINITIONS) as ListCode[]).filter((c) => special || LIST_DEFINITIONS[c].kind === 'care')
}

const PERSON_COLUMNS = (ctx: RegistryContext) => sql`
  p.id, p.grid_code, g.name AS grid_name, g.level AS grid_level, p.name, p.former_name, p.id_masked, p.birth_date, p.sex,
  p.ethnicity, p.phone_masked, p.residence_category, p.household_id, p.relation, p.room_id, p.address, p.registered_address,
  p.political_status, p.education, p.marital_status, p.religion, p.workplace,
  ST_X(p.location) AS lon, ST_Y(p.location) AS lat, p.status, p.status_reason, p.version,
  p.created_at, p.created_by, p.updated_at, p.updated_by,
  (SELECT array_agg(l.list_code ORDER BY l.list_code) FROM person_list l
    WHERE l.person_id = p.id AND l.ended_at IS NULL AND l.list_code = ANY(${visibleLists(ctx)}::text[])) AS lists`

function toSummary(r: PersonRow, today: string): PersonSummary {
  const birthDate = isoDate(r.birth_date)
  return {
    id: Number(r.id),
    name: r.name,
    idNumberMasked: r.id_masked,
    sex: r.sex,
    birthDate,
    age: ageOn(birthDate, today),
    ethnicity: r.ethnicity,
    phoneMasked: r.phone_masked,
    residenceCategory: r.residence_category,
    address: r.address,
    grid: { code: r.grid_code, name: r.grid_name, level: r.grid_level },
    status: r.status,
    lists: (r.lists ?? []) as ListCode[],
  }
}

async function personRow(ctx: RegistryContext, db: Kysely<DB>, id: number): Promise<PersonRow | undefined> {
  const r = await sql<PersonRow>`
    SELECT ${PERSON_COLUMNS(ctx)} FROM person p JOIN area g ON g.code = p.grid_code WHERE p.id = ${id}`.execute(db)
  return r.rows[0]
}

/** The person if it exists in the caller's scope; otherwise 404 (audited when it exists elsewhere). */
async function requirePerson(ctx: RegistryContext, db: Kysely<DB>, id: number): Promise<PersonRow> {
  return ctx.scope.requireRecord(await personRow(ctx, db, id), 'person', id)
}

async function roomRef(db: Kysely<DB>, roomId: number | null): Promise<RoomRef | null> {
  if (roomId === null) return null
  const r = await sql<{ id: number; building_id: number; name: string; address: string; unit: string; floor: number | null; number: string }>`
    SELECT r.id, r.building_id, b.name, b.address, r.unit, r.floor, r.number FROM room r JOIN building b ON b.id = r.building_id WHERE r.id = ${roomId}`.execute(db)
  const x = r.rows[0]
  return x ? { id: Number(x.id), buildingId: Number(x.building_id), buildingName: x.name, buildingAddress: x.address, unit: x.unit, floor: x.floor, number: x.number } : null
}

interface ListRow {
  id: number
  list_code: ListCode
  attention: PersonListEntry['attention']
  source: PersonListEntry['source']
  fields: Record<string, string | number | boolean>
  started_at: Date
  started_by: string
  ended_at: Date | null
  ended_by: string | null
  end_reason: string | null
  version: number
}

/** A list entry as it leaves: its personal fields (phones, certificate numbers) masked. */
function toListEntry(r: ListRow): PersonListEntry {
  const def = LIST_DEFINITIONS[r.list_code]
  const fields: Record<string, string | number | boolean> = { ...r.fields }
  for (const f of def.fields) {
    const v = fields[f.key]
    if (typeof v === 'string' && isPersonalListField(f)) fields[f.key] = f.type === 'phone' ? (maskPhone(v) ?? v) : maskIdNumber(v)
  }
  return {
    id: Number(r.id),
    listCode: r.list_code,
    kind: def.kind,
    attention: r.attention,
    source: r.source,
    fields,
    startedAt: new Date(r.started_at).toISOString(),
    startedBy: r.started_by,
    endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
    endedBy: r.ended_by,
    endReason: r.end_reason,
    version: Number(r.version),
  }
}

async function listEntries(ctx: RegistryContext, db: Kysely<DB>, personId: number): Promise<PersonListEntry[]> {
  const r = await sql<ListRow>`
    SELECT id, list_code, attention, source, fields, started_at, started_by, ended_at, ended_by, end_reason, version
    FROM person_list WHERE person_id = ${personId} AND list_code = ANY(${visibleLists(ctx)}::text[])
    ORDER BY ended_at IS NOT NULL, started_at DESC, id DESC`.execute(db)
  return r.rows.map(toListEntry)
}

async function view(ctx: RegistryContext, db: Kysely<DB>, row: PersonRow): Promise<PersonView> {
  const today = chinaToday()
  const household = row.household_id
    ? (await sql<{ id: number; household_no: string | null; address: string }>`SELECT id, household_no, address FROM household WHERE id = ${row.household_id}`.execute(db)).rows[0]
    : undefined
  return {
    ...toSummary(row, today),
    formerName: row.former_name,
    registeredAddress: row.registered_address,
    politicalStatus: row.political_status,
    education: row.education,
    maritalStatus: row.marital_status,
    religion: row.religion,
    workplace: row.workplace,
    relation: row.relation,
    household: household ? { id: Number(household.id), householdNo: household.household_no, address: household.address } : null,
    room: await roomRef(db, row.room_id),
    location: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
    statusReason: row.status_reason,
    listEntries: await listEntries(ctx, db, Number(row.id)),
    version: Number(row.version),
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.updated_by,
  }
}

/** A person's record (masked). The read is audited: it shows personal data. */
export async function getPerson(ctx: RegistryContext, id: number): Promise<PersonView> {
  const row = await requirePerson(ctx, ctx.db, id)
  await ctx.audit({ action: 'person.read', target: `person:${id}`, outcome: 'success' })
  return view(ctx, ctx.db, row)
}

export interface PersonSearch {
  q?: string
  idNumber?: string
  phone?: string
  address?: string
  areaCode?: string
  list?: ListCode
  buildingId?: number
  householdId?: number
  residenceCategory?: PersonSummary['residenceCategory']
  status?: PersonStatus | 'any'
  limit: number
  cursor?: string
}

/**
 * Searches the caller's scope. `q` is a name prefix, or — when it reads as one — an ID number or a
 * phone number (exact, through the blind index). Pages by id (newest first) with an opaque cursor.
 */
/** The SQL conditions of a search (scope first), or 400 with every bad filter. */
export async function personConditions(ctx: RegistryContext, s: Omit<PersonSearch, 'limit' | 'cursor'>): Promise<RawBuilder<boolean>[]> {
  const conds = [ctx.scope.filterCode('p.grid_code')]
  const problems: ErrorDetail[] = []
  let idNumber = s.idNumber
  let phone = s.phone
  let name: string | undefined
  if (s.q !== undefined) {
    // Digits may be typed full-width; a name is matched as written (NFC), full-width letters and all.
    const folded = s.q.normalize('NFKC').trim()
    if (/^\d{17}[\dXx]$/.test(folded)) idNumber = folded
    else if (/^1[3-9]\d{9}$/.test(folded)) phone = folded
    else name = s.q.normalize('NFC').trim()
  }
  if (idNumber !== undefined) {
    const r = parseIdNumber(idNumber)
    if (!r.ok) problems.push({ field: s.idNumber !== undefined ? '/idNumber' : '/q', location: 'querystring', message: `is not a valid ID number (${r.problems.join(', ')})`, problem: r.problems[0] })
    else conds.push(sql<boolean>`p.id_index = ${ctx.cipher.blindIndex(r.value, ID_CONTEXT)}`)
  }
  if (phone !== undefined) {
    const r = parsePhone(phone)
    if (!r.ok) problems.push({ field: s.phone !== undefined ? '/phone' : '/q', location: 'querystring', message: `is not a valid phone number (${r.problems.join(', ')})`, problem: r.problems[0] })
    else conds.push(sql<boolean>`p.phone_index = ${ctx.cipher.blindIndex(r.value, PHONE_CONTEXT)}`)
  }
  if (s.list !== undefined && !visibleLists(ctx).includes(s.list)) {
    problems.push({ field: '/list', location: 'querystring', message: 'is a special group your role may not see', problem: 'forbidden_list' })
  }
  if (problems.length > 0) throw validationFailed(problems)
  if (name) conds.push(sql<boolean>`p.name LIKE ${`${name.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`)
  if (s.address) conds.push(sql<boolean>`p.address LIKE ${`%${s.address.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`)
  if (s.areaCode) {
    await ctx.scope.requireArea(s.areaCode)
    conds.push(sql<boolean>`p.grid_code LIKE ${`${s.areaCode.length === 6 && s.areaCode.endsWith('00') ? s.areaCode.slice(0, 4) : s.areaCode}%`}`)
  }
  if (s.list) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM person_list l WHERE l.person_id = p.id AND l.list_code = ${s.list} AND l.ended_at IS NULL)`)
  if (s.buildingId !== undefined) conds.push(sql<boolean>`p.room_id IN (SELECT id FROM room WHERE building_id = ${s.buildingId})`)
  if (s.householdId !== undefined) conds.push(sql<boolean>`p.household_id = ${s.householdId}`)
  if (s.residenceCategory) conds.push(sql<boolean>`p.residence_category = ${s.residenceCategory}`)
  const status = s.status ?? 'active'
  if (status !== 'any') conds.push(sql<boolean>`p.status = ${status}`)
  return conds
}

export async function searchPeople(ctx: RegistryContext, s: PersonSearch): Promise<PersonPage> {
  const conds = await personConditions(ctx, s)
  if (s.cursor) {
    const before = Number(Buffer.from(s.cursor, 'base64url').toString('utf8'))
    if (!Number.isSafeInteger(before) || before < 1) throw validationFailed([{ field: '/cursor', location: 'querystring', message: 'is not a cursor of this list', problem: 'bad_cursor' }])
    conds.push(sql<boolean>`p.id < ${before}`)
  }
  const r = await sql<PersonRow>`
    SELECT ${PERSON_COLUMNS(ctx)} FROM person p JOIN area g ON g.code = p.grid_code
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY p.id DESC LIMIT ${s.limit + 1}`.execute(ctx.db)
  const today = chinaToday()
  const rows = r.rows.slice(0, s.limit)
  // The search itself is audited (it lists personal data): which filters, never their values.
  await ctx.audit({
    action: 'person.search',
    target: null,
    outcome: 'success',
    detail: { filters: filtersOf(s), results: rows.length },
  })
  return {
    items: rows.map((x) => toSummary(x, today)),
    next: r.rows.length > s.limit ? Buffer.from(String(rows[rows.length - 1]!.id), 'utf8').toString('base64url') : null,
  }
}

export async function personHistory(ctx: RegistryContext, id: number): Promise<{ changes: ChangeEntry[]; residences: ResidenceEntry[] }> {
  await requirePerson(ctx, ctx.db, id)
  const visible = new Set(visibleLists(ctx))
  const changes = (await changesOf(ctx.db, [{ entity: 'person', ids: [id] }])).filter((c) => {
    // List changes of special groups stay hidden from roles that may not see them.
    const list = (c.changes as { listCode?: unknown }).listCode
    return typeof list !== 'string' || visible.has(list as ListCode)
  })
  // A person written by an import has no row of their own for it: the import job says who and when.
  const imported = (
    await sql<{ id: number; created_by: string; finished_at: Date | null; filename: string | null; grid_code: string }>`
      SELECT j.id, j.created_by, j.finished_at, j.filename, p.grid_code FROM person p JOIN import_job j ON j.id = p.import_id WHERE p.id = ${id}`.execute(ctx.db)
  ).rows[0]
  if (imported) {
    changes.push({
      id: 0,
      entity: 'person',
      entityId: id,
      action: 'import',
      actor: imported.created_by,
      at: new Date(imported.finished_at ?? Date.now()).toISOString(),
      changes: { importId: Number(imported.id), filename: imported.filename },
      reason: null,
    })
  }
  const res = await sql<{ id: number; grid_code: string; grid_name: string; grid_level: AreaLevel; address: string; room_id: number | null; valid_from: Date; valid_to: Date | null; reason: string | null }>`
    SELECT r.id, r.grid_code, g.name AS grid_name, g.level AS grid_level, r.address, r.room_id, r.valid_from, r.valid_to, r.reason
    FROM person_residence r JOIN area g ON g.code = r.grid_code WHERE r.person_id = ${id} ORDER BY r.valid_from DESC, r.id DESC`.execute(ctx.db)
  const residences: ResidenceEntry[] = []
  for (const x of res.rows) {
    residences.push({
      id: Number(x.id),
      grid: { code: x.grid_code, name: x.grid_name, level: x.grid_level },
      address: x.address,
      room: await roomRef(ctx.db, x.room_id),
      validFrom: new Date(x.valid_from).toISOString(),
      validTo: x.valid_to ? new Date(x.valid_to).toISOString() : null,
      reason: x.reason,
    })
  }
  return { changes, residences }
}

export async function getHousehold(ctx: RegistryContext, id: number): Promise<HouseholdView> {
  const found = (
    await sql<{ id: number; household_no: string | null; kind: 'family' | 'collective'; address: string; grid_code: string; grid_name: string; grid_level: AreaLevel; room_id: number | null; version: number }>`
      SELECT h.id, h.household_no, h.kind, h.address, h.grid_code, g.name AS grid_name, g.level AS grid_level, h.room_id, h.version
      FROM household h JOIN area g ON g.code = h.grid_code WHERE h.id = ${id}`.execute(ctx.db)
  ).rows[0]
  const h = await ctx.scope.requireRecord(found, 'household', id)
  // Members who now live outside the caller's area are left out, like any record outside it.
  const members = await sql<PersonRow>`
    SELECT ${PERSON_COLUMNS(ctx)} FROM person p JOIN area g ON g.code = p.grid_code
    WHERE p.household_id = ${id} AND ${ctx.scope.filterCode('p.grid_code')} ORDER BY p.relation NULLS LAST, p.birth_date`.execute(ctx.db)
  await ctx.audit({ action: 'household.read', target: `household:${id}`, outcome: 'success' })
  const today = chinaToday()
  return {
    id: Number(h.id),
    householdNo: h.household_no,
    kind: h.kind,
    address: h.address,
    grid: { code: h.grid_code, name: h.grid_name, level: h.grid_level },
    room: await roomRef(ctx.db, h.room_id),
    members: members.rows.map((m) => ({ ...toSummary(m, today), relation: m.relation })),
    version: Number(h.version),
  }
}

// --- personal data -------------------------------------------------------------------------------------

export type PersonalField = 'idNumber' | 'phone'

/** The unmasked ID number and/or phone, for a caller with personal.unmask, a reason and a fresh re-authentication (audited). */
export async function revealPersonData(ctx: RegistryContext, id: number, fields: PersonalField[], reason: string, now = new Date()): Promise<PersonPersonalData> {
  const target = `person:${id}`
  await requireUnmaskPermission(ctx, target, fields, reason)
  await requirePerson(ctx, ctx.db, id)
  await confirmUnmask(ctx, target, fields, reason, now)
  const r = (await sql<{ id_cipher: string; phone_cipher: string | null }>`SELECT id_cipher, phone_cipher FROM person WHERE id = ${id}`.execute(ctx.db)).rows[0]!
  const out: PersonPersonalData = {}
  if (fields.includes('idNumber')) out.idNumber = ctx.cipher.decrypt(r.id_cipher, ID_CONTEXT)
  if (fields.includes('phone')) out.phone = r.phone_cipher ? ctx.cipher.decrypt(r.phone_cipher, PHONE_CONTEXT) : null
  return out
}

// --- writing -------------------------------------------------------------------------------------------

function fieldProblems(problems: { field: string; problem: string; message: string }[]): ErrorDetail[] {
  return problems.map((p) => ({ field: `/${p.field}`, location: 'body', message: p.message, problem: p.problem }))
}

interface Sealed {
  id_cipher?: string
  id_index?: string
  id_masked?: string
  phone_cipher?: string | null
  phone_index?: string | null
  phone_masked?: string | null
}

/** Encrypted ID number + blind index + masked form, and the same for the phone (only those given). */
function sealed(ctx: RegistryContext, f: PersonFields): Sealed {
  const out: Sealed = {}
  if (f.idNumber !== undefined) {
    out.id_cipher = ctx.cipher.encrypt(f.idNumber, ID_CONTEXT)
    out.id_index = ctx.cipher.blindIndex(f.idNumber, ID_CONTEXT)
    out.id_masked = maskIdNumber(f.idNumber)
  }
  if (f.phone !== undefined) {
    out.phone_cipher = f.phone === null ? null : ctx.cipher.encrypt(f.phone, PHONE_CONTEXT)
    out.phone_index = f.phone === null ? null : ctx.cipher.blindIndex(f.phone, PHONE_CONTEXT)
    out.phone_masked = f.phone === null ? null : maskPhone(f.phone)
  }
  return out
}

async function duplicateOf(ctx: RegistryContext, db: Kysely<DB>, idIndex: string, exceptId?: number): Promise<ErrorDetail | undefined> {
  const r = await sql<{ id: number; grid_code: string }>`SELECT id, grid_code FROM person WHERE id_index = ${idIndex} AND id <> ${exceptId ?? 0}`.execute(db)
  const other = r.rows[0]
  if (!other) return undefined
  // Name the existing record only to a caller who may see it.
  const inScope = ctx.scope.containsCode(other.grid_code)
  return {
    field: '/idNumber',
    location: 'body',
    message: inScope ? `is already registered (person ${other.id})` : 'is already registered, in another area',
    problem: 'duplicate_id_number',
    ...(inScope ? { personId: Number(other.id) } : {}),
  }
}

async function requireHousehold(ctx: RegistryContext, db: Kysely<DB>, id: number, problems: ErrorDetail[]): Promise<void> {
  const h = (await sql<{ grid_code: string }>`SELECT grid_code FROM household WHERE id = ${id} AND status = 'active'`.execute(db)).rows[0]
  if (!h || !ctx.scope.containsCode(h.grid_code)) {
    if (h) await ctx.scope.deny(`household:${id}`)
    problems.push({ field: '/householdId', location: 'body', message: `household ${id} does not exist`, problem: 'not_found' })
  }
}

const point = (p: LonLat | null | undefined) => (p ? sql`ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)` : sql`NULL`)

/** Masked form of the personal fields for history and audit. */
function maskedChanges(changes: Record<string, [unknown, unknown]>): Record<string, [unknown, unknown]> {
  const out = { ...changes }
  if (out.idNumber) out.idNumber = [out.idNumber[0] === null ? null : maskIdNumber(String(out.idNumber[0])), maskIdNumber(String(out.idNumber[1]))]
  if (out.phone) out.phone = [out.phone[0] === null ? null : maskPhone(String(out.phone[0])), out.phone[1] === null ? null : maskPhone(String(out.phone[1]))]
  return out
}

export async function createPerson(ctx: RegistryContext, input: PersonCreateInput): Promise<PersonView> {
  requirePermission(ctx, 'registry.write')
  const checked = validatePersonFields(input)
  const problems: ErrorDetail[] = checked.ok ? [] : fieldProblems(checked.problems)
  const f = checked.value
  const placement = await resolvePlacement(ctx, ctx.db, input, problems)
  if (input.householdId != null) await requireHousehold(ctx, ctx.db, input.householdId, problems)
  const seal = sealed(ctx, f)
  if (seal.id_index) {
    const dup = await duplicateOf(ctx, ctx.db, seal.id_index)
    if (dup) {
      if (problems.length === 0) throw new AppError('conflict', 'This ID number is already registered: a person has one record', [dup])
      problems.push(dup)
    }
  }
  if (problems.length > 0 || !placement) throw validationFailed(problems)
  const actor = ctx.principal.username
  const id = await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      INSERT INTO person (grid_code, name, former_name, id_cipher, id_index, id_masked, birth_date, sex, ethnicity,
        phone_cipher, phone_index, phone_masked, residence_category, household_id, relation, room_id, address, registered_address,
        political_status, education, marital_status, religion, workplace, location, created_by, updated_by)
      VALUES (${placement.gridCode}, ${f.name!}, ${f.formerName ?? null}, ${seal.id_cipher!}, ${seal.id_index!}, ${seal.id_masked!},
        ${f.birthDate!}, ${f.sex!}, ${f.ethnicity!}, ${seal.phone_cipher ?? null}, ${seal.phone_index ?? null}, ${seal.phone_masked ?? null},
        ${f.residenceCategory!}, ${input.householdId ?? null}, ${f.relation ?? null}, ${placement.roomId}, ${f.address!}, ${f.registeredAddress ?? null},
        ${f.politicalStatus ?? null}, ${f.education ?? null}, ${f.maritalStatus ?? null}, ${f.religion ?? null}, ${f.workplace ?? null},
        ${point(input.location)}, ${actor}, ${actor})
      RETURNING id`.execute(trx)
    const newId = Number(r.rows[0]!.id)
    await sql`INSERT INTO person_residence (person_id, grid_code, room_id, address, reason) VALUES (${newId}, ${placement.gridCode}, ${placement.roomId}, ${f.address!}, ${'registered'})`.execute(trx)
    await recordChange(trx, { entity: 'person', entityId: newId, gridCode: placement.gridCode, action: 'create', actor, changes: { placedBy: placement.how } })
    await auditIn(ctx, trx, { action: 'person.create', target: `person:${newId}`, outcome: 'success', detail: { gridCode: placement.gridCode, placedBy: placement.how } })
    return newId
  })
  return view(ctx, ctx.db, (await personRow(ctx, ctx.db, id))!)
}

async function lockPerson(trx: Transaction<DB>, id: number): Promise<{ version: number; grid_code: string } | undefined> {
  return (await sql<{ version: number; grid_code: string }>`SELECT version, grid_code FROM person WHERE id = ${id} FOR UPDATE`.execute(trx)).rows[0]
}

export async function updatePerson(ctx: RegistryContext, id: number, input: PersonUpdateInput): Promise<PersonView> {
  requirePermission(ctx, 'registry.write')
  const before = await requirePerson(ctx, ctx.db, id)
  if (before.status !== 'active') {
    throw new AppError('conflict', `The person is ${before.status}: bring the record back (status active) before changing it`, [
      { field: '/status', message: `status is ${before.status}`, problem: 'not_active' },
    ])
  }
  const checked = validatePersonFields(input, { partial: true })
  const problems: ErrorDetail[] = checked.ok ? [] : fieldProblems(checked.problems)
  const f = checked.value
  const moves = input.roomId !== undefined || input.location !== undefined || input.gridCode !== undefined
  let placement: Awaited<ReturnType<typeof resolvePlacement>>
  if (moves) {
    placement = await resolvePlacement(ctx, ctx.db, { roomId: input.roomId, location: input.location, gridCode: input.gridCode, address: f.address ?? before.address }, problems)
  }
  if (input.householdId != null) await requireHousehold(ctx, ctx.db, input.householdId, problems)
  const seal = sealed(ctx, f)
  if (seal.id_index) {
    const dup = await duplicateOf(ctx, ctx.db, seal.id_index, id)
    if (dup) problems.push(dup)
  }
  if (problems.length > 0) {
    if (problems.length === 1 && problems[0]!.problem === 'duplicate_id_number') throw new AppError('conflict', 'This ID number is already registered: a person has one record', problems)
    throw validationFailed(problems)
  }
  // Before/after of what may change (the ID number and phone compared in clear, recorded masked).
  const current = (await sql<{ id_cipher: string; phone_cipher: string | null }>`SELECT id_cipher, phone_cipher FROM person WHERE id = ${id}`.execute(ctx.db)).rows[0]!
  const beforeFields: Record<string, unknown> = {
    name: before.name, formerName: before.former_name, idNumber: ctx.cipher.decrypt(current.id_cipher, ID_CONTEXT),
    phone: current.phone_cipher ? ctx.cipher.decrypt(current.phone_cipher, PHONE_CONTEXT) : null, ethnicity: before.ethnicity,
    residenceCategory: before.residence_category, address: before.address, registeredAddress: before.registered_address,
    politicalStatus: before.political_status, education: before.education, maritalStatus: before.marital_status,
    religion: before.religion, workplace: before.workplace, relation: before.relation, householdId: before.household_id === null ? null : Number(before.household_id),
    gridCode: before.grid_code, roomId: before.room_id === null ? null : Number(before.room_id),
    location: before.lon !== null && before.lat !== null ? { lon: before.lon, lat: before.lat } : null,
  }
  const afterFields: Record<string, unknown> = {
    name: f.name, formerName: f.formerName, idNumber: f.idNumber, phone: f.phone, ethnicity: f.ethnicity, residenceCategory: f.residenceCategory,
    address: f.address, registeredAddress: f.registeredAddress, politicalStatus: f.politicalStatus, education: f.education,
    maritalStatus: f.maritalStatus, religion: f.religion, workplace: f.workplace, relation: f.relation, householdId: input.householdId,
    ...(placement ? { gridCode: placement.gridCode, roomId: placement.roomId } : {}),
    location: input.location,
  }
  const changes = diff(beforeFields, afterFields)
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockPerson(trx, id)
    if (!locked) throw notFound(`Person ${id}`)
    if (Number(locked.version) !== input.version) throw stale(Number(locked.version))
    if (Object.keys(changes).length === 0) return
    const set = (col: string, v: unknown) => sql`${sql.ref(col)} = ${v}`
    const sets = [
      ...(f.name !== undefined ? [set('name', f.name)] : []),
      ...(f.formerName !== undefined ? [set('former_name', f.formerName)] : []),
      ...(seal.id_cipher ? [set('id_cipher', seal.id_cipher), set('id_index', seal.id_index), set('id_masked', seal.id_masked), sql`birth_date = ${f.birthDate!}::date`, set('sex', f.sex)] : []),
      ...(f.phone !== undefined ? [set('phone_cipher', seal.phone_cipher), set('phone_index', seal.phone_index), set('phone_masked', seal.phone_masked)] : []),
      ...(f.ethnicity !== undefined ? [set('ethnicity', f.ethnicity)] : []),
      ...(f.residenceCategory !== undefined ? [set('residence_category', f.residenceCategory)] : []),
      ...(f.address !== undefined ? [set('address', f.address)] : []),
      ...(f.registeredAddress !== undefined ? [set('registered_address', f.registeredAddress)] : []),
      ...(f.politicalStatus !== undefined ? [set('political_status', f.politicalStatus)] : []),
      ...(f.education !== undefined ? [set('education', f.education)] : []),
      ...(f.maritalStatus !== undefined ? [set('marital_status', f.maritalStatus)] : []),
      ...(f.religion !== undefined ? [set('religion', f.religion)] : []),
      ...(f.workplace !== undefined ? [set('workplace', f.workplace)] : []),
      ...(f.relation !== undefined ? [set('relation', f.relation)] : []),
      ...(input.householdId !== undefined ? [set('household_id', input.householdId)] : []),
      ...(placement ? [set('grid_code', placement.gridCode), set('room_id', placement.roomId)] : []),
      ...(input.location !== undefined ? [sql`location = ${point(input.location)}`] : []),
    ]
    await sql`UPDATE person SET ${sql.join(sets, sql`, `)}, version = version + 1, updated_at = now(), updated_by = ${actor} WHERE id = ${id}`.execute(trx)
    const moved = changes.gridCode || changes.roomId || changes.address
    const gridCode = placement?.gridCode ?? before.grid_code
    if (moved) {
      await sql`UPDATE person_residence SET valid_to = now() WHERE person_id = ${id} AND valid_to IS NULL`.execute(trx)
      await sql`INSERT INTO person_residence (person_id, grid_code, room_id, address, reason)
        VALUES (${id}, ${gridCode}, ${placement ? placement.roomId : before.room_id}, ${f.address ?? before.address}, ${input.moveReason ?? 'moved'})`.execute(trx)
    }
    const masked = maskedChanges(changes)
    await recordChange(trx, { entity: 'person', entityId: id, gridCode, action: moved ? 'move' : 'update', actor, changes: masked, reason: input.moveReason ?? null })
    await auditIn(ctx, trx, { action: 'person.update', target: `person:${id}`, outcome: 'success', detail: { fields: Object.keys(changes) } })
  })
  return view(ctx, ctx.db, (await personRow(ctx, ctx.db, id))!)
}

/** Changes a person's status; leaving 'active' ends their open list entries with the same reason. */
export async function setPersonStatus(ctx: RegistryContext, id: number, input: { version: number; status: PersonStatus; reason: string }): Promise<PersonView> {
  requirePermission(ctx, 'registry.write')
  const before = await requirePerson(ctx, ctx.db, id)
  const reason = input.reason.trim()
  if ([...reason].length < 2) throw validationFailed([{ field: '/reason', location: 'body', message: 'must say why', problem: 'too_short' }])
  if (before.status === input.status) {
    throw validationFailed([{ field: '/status', location: 'body', message: `the person is already ${input.status}`, problem: 'unchanged' }])
  }
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockPerson(trx, id)
    if (!locked) throw notFound(`Person ${id}`)
    if (Number(locked.version) !== input.version) throw stale(Number(locked.version))
    await sql`UPDATE person SET status = ${input.status}, status_reason = ${reason}, version = version + 1, updated_at = now(), updated_by = ${actor} WHERE id = ${id}`.execute(trx)
    let listsEnded = 0
    if (input.status !== 'active') {
      const ended = await sql`UPDATE person_list SET ended_at = now(), ended_by = ${actor}, end_reason = ${reason}, version = version + 1
        WHERE person_id = ${id} AND ended_at IS NULL`.execute(trx)
      listsEnded = Number(ended.numAffectedRows ?? 0)
      await sql`UPDATE person_residence SET valid_to = now() WHERE person_id = ${id} AND valid_to IS NULL AND ${input.status === 'moved_out'}`.execute(trx)
    } else if (before.status === 'moved_out') {
      await sql`INSERT INTO person_residence (person_id, grid_code, room_id, address, reason)
        SELECT id, grid_code, room_id, address, ${reason} FROM person WHERE id = ${id}
        AND NOT EXISTS (SELECT 1 FROM person_residence WHERE person_id = ${id} AND valid_to IS NULL)`.execute(trx)
    }
    await recordChange(trx, { entity: 'person', entityId: id, gridCode: before.grid_code, action: 'status', actor, changes: { status: [before.status, input.status], listsEnded }, reason })
    await auditIn(ctx, trx, { action: 'person.status', target: `person:${id}`, outcome: 'success', detail: { from: before.status, to: input.status, listsEnded } })
  })
  return view(ctx, ctx.db, (await personRow(ctx, ctx.db, id))!)
}

// --- lists ---------------------------------------------------------------------------------------------

function requireListAccess(ctx: RegistryContext, code: ListCode): void {
  if (LIST_DEFINITIONS[code].kind === 'special') requirePermission(ctx, 'registry.special')
}

function listFieldProblems(code: ListCode, fields: unknown): { value: Record<string, string | number | boolean>; problems: ErrorDetail[] } {
  const r = validateListFields(code, fields)
  if (r.ok) return { value: r.value, problems: [] }
  return { value: {}, problems: r.problems.map((p) => ({ field: `/fields/${p.field}`, location: 'body', message: p.message, problem: p.code })) }
}

export interface ListEntryInput {
  listCode: ListCode
  attention?: PersonListEntry['attention']
  source?: PersonListEntry['source']
  fields: Record<string, unknown>
}

export async function addToList(ctx: RegistryContext, personId: number, input: ListEntryInput): Promise<PersonListEntry> {
  requirePermission(ctx, 'registry.write')
  requireListAccess(ctx, input.listCode)
  const person = await requirePerson(ctx, ctx.db, personId)
  if (person.status !== 'active') throw new AppError('conflict', `The person is ${person.status}: only active people are put on lists`, [{ field: '/listCode', message: `status is ${person.status}`, problem: 'not_active' }])
  const { value, problems } = listFieldProblems(input.listCode, input.fields)
  if (problems.length > 0) throw validationFailed(problems)
  const actor = ctx.principal.username
  const entryId = await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, personId)
    const open = await sql<{ id: number }>`SELECT id FROM person_list WHERE person_id = ${personId} AND list_code = ${input.listCode} AND ended_at IS NULL`.execute(trx)
    if (open.rows[0]) {
      throw new AppError('conflict', `The person is already on the list ${input.listCode}: change that entry instead`, [
        { field: '/listCode', location: 'body', message: `open entry ${open.rows[0].id}`, problem: 'already_on_list' },
      ])
    }
    const r = await sql<{ id: number }>`
      INSERT INTO person_list (person_id, list_code, grid_code, attention, source, fields, started_by)
      VALUES (${personId}, ${input.listCode}, ${person.grid_code}, ${input.attention ?? 'general'}, ${input.source ?? 'entered'}, ${JSON.stringify(value)}::jsonb, ${actor})
      RETURNING id`.execute(trx)
    const id = Number(r.rows[0]!.id)
    await recordChange(trx, { entity: 'person', entityId: personId, gridCode: person.grid_code, action: 'list.add', actor, changes: { listCode: input.listCode, entryId: id, attention: input.attention ?? 'general' } })
    await auditIn(ctx, trx, { action: 'person.list.add', target: `person:${personId}`, outcome: 'success', detail: { listCode: input.listCode, entryId: id } })
    return id
  })
  return (await entryById(ctx, entryId))!
}

async function entryById(ctx: RegistryContext, entryId: number): Promise<PersonListEntry | undefined> {
  const r = await sql<ListRow>`
    SELECT id, list_code, attention, source, fields, started_at, started_by, ended_at, ended_by, end_reason, version
    FROM person_list WHERE id = ${entryId}`.execute(ctx.db)
  return r.rows[0] ? toListEntry(r.rows[0]) : undefined
}

async function requireEntry(ctx: RegistryContext, personId: number, entryId: number): Promise<{ list_code: ListCode; grid_code: string; ended_at: Date | null; fields: Record<string, unknown> }> {
  await requirePerson(ctx, ctx.db, personId)
  const r = await sql<{ list_code: ListCode; grid_code: string; ended_at: Date | null; fields: Record<string, unknown> }>`
    SELECT list_code, grid_code, ended_at, fields FROM person_list WHERE id = ${entryId} AND person_id = ${personId}`.execute(ctx.db)
  const e = r.rows[0]
  if (!e || !visibleLists(ctx).includes(e.list_code)) throw notFound(`List entry ${entryId}`)
  return e
}

export async function updateListEntry(
  ctx: RegistryContext,
  personId: number,
  entryId: number,
  input: { version: number; attention?: PersonListEntry['attention']; source?: PersonListEntry['source']; fields?: Record<string, unknown> },
): Promise<PersonListEntry> {
  requirePermission(ctx, 'registry.write')
  const e = await requireEntry(ctx, personId, entryId)
  if (e.ended_at) throw new AppError('conflict', 'The entry has ended: put the person on the list again instead', [{ field: '/version', message: 'entry ended', problem: 'entry_ended' }])
  let fields: Record<string, string | number | boolean> | undefined
  if (input.fields !== undefined) {
    const { value, problems } = listFieldProblems(e.list_code, input.fields)
    if (problems.length > 0) throw validationFailed(problems)
    fields = value
  }
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await sql<{ version: number }>`SELECT version FROM person_list WHERE id = ${entryId} FOR UPDATE`.execute(trx)).rows[0]!
    if (Number(locked.version) !== input.version) throw stale(Number(locked.version))
    await sql`UPDATE person_list SET
        attention = coalesce(${input.attention ?? null}, attention), source = coalesce(${input.source ?? null}, source),
        fields = coalesce(${fields ? JSON.stringify(fields) : null}::jsonb, fields), version = version + 1
      WHERE id = ${entryId}`.execute(trx)
    const changed = [...(input.attention ? ['attention'] : []), ...(input.source ? ['source'] : []), ...(fields ? Object.keys(diff(e.fields, fields)).map((k) => `fields.${k}`) : [])]
    await recordChange(trx, { entity: 'person', entityId: personId, gridCode: e.grid_code, action: 'list.update', actor, changes: { listCode: e.list_code, entryId, fields: changed } })
    await auditIn(ctx, trx, { action: 'person.list.update', target: `person:${personId}`, outcome: 'success', detail: { listCode: e.list_code, entryId, fields: changed } })
  })
  return (await entryById(ctx, entryId))!
}

/** Takes a person off a list (取消关注): the entry ends with a reason and stays in the history. */
export async function endListEntry(ctx: RegistryContext, personId: number, entryId: number, input: { version: number; reason: string }): Promise<PersonListEntry> {
  requirePermission(ctx, 'registry.write')
  const e = await requireEntry(ctx, personId, entryId)
  const reason = input.reason.trim()
  if ([...reason].length < 2) throw validationFailed([{ field: '/reason', location: 'body', message: 'must say why the person leaves the list', problem: 'too_short' }])
  if (e.ended_at) throw new AppError('conflict', 'The entry has already ended', [{ field: '/version', message: 'entry ended', problem: 'entry_ended' }])
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await sql<{ version: number }>`SELECT version FROM person_list WHERE id = ${entryId} FOR UPDATE`.execute(trx)).rows[0]!
    if (Number(locked.version) !== input.version) throw stale(Number(locked.version))
    await sql`UPDATE person_list SET ended_at = now(), ended_by = ${actor}, end_reason = ${reason}, version = version + 1 WHERE id = ${entryId}`.execute(trx)
    await recordChange(trx, { entity: 'person', entityId: personId, gridCode: e.grid_code, action: 'list.end', actor, changes: { listCode: e.list_code, entryId }, reason })
    await auditIn(ctx, trx, { action: 'person.list.end', target: `person:${personId}`, outcome: 'success', detail: { listCode: e.list_code, entryId, reason } })
  })
  return (await entryById(ctx, entryId))!
}
