// Places (房屋): buildings and their rooms, households, rental housing (出租房屋) and tenants. The rules
// of person.service.ts hold here too:
//   - scope: a record whose grid lies outside the caller's subtree is "not found" (404), and the
//     attempt is audited; lists are filtered by grid code; references in a body (a room, a landlord, a
//     tenant) outside the scope are refused as not existing;
//   - every write, its history row (registry_change) and its audit record commit in one transaction,
//     against the version the caller read (409 stale_version on a stale one) — or nothing is written;
//   - nothing is deleted: buildings are retired, rentals and tenancies ended;
//   - a building placed in another grid takes along, in the same transaction and set-based, the
//     people living in its rooms (residence history closed and reopened, 'building moved'), the
//     households at its rooms and the rentals of its rooms; the totals triggers keep registry_total exact.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import { BUILDING_USES, HAZARD_GRADES, codeFromText, type CodeList } from '../../../shared/registry/codes.ts'
import { normalizeAddress } from '../../../shared/registry/address.ts'
import { ageOn, chinaToday } from '../../../shared/registry/person-fields.ts'
import type { BuildingPage, BuildingSummary, BuildingView, ChangeEntry, HouseholdView, LonLat, PersonSummary, RoomRef, RoomView } from '../../../shared/registry/api-types.ts'
import type { RentalPage, RentalPurpose, RentalSummary, RentalView, TenantEntry } from '../../../shared/registry/building-types.ts'
import type { ListCode } from '../../../shared/registry/lists.ts'
import { parsePersonName } from '../../../shared/validation/person-name.ts'
import { auditIn, requirePermission, type RegistryContext } from './registry-context.ts'
import { changesOf, diff, recordChange } from './history.ts'
import { resolvePlacement } from './placement.ts'
import { areaCondition, filtersOf, idBefore, idCursor, iso, point, stale } from './place.service.ts'
import { getHousehold, visibleLists } from './person.service.ts'
import { MAX_ROOMS_PER_BUILDING, type ROOM_USES } from './building.schemas.ts'
import type { PersonStatus } from './registry.tables.ts'

type BuildingUse = (typeof BUILDING_USES)[number]['code']
type HazardGrade = BuildingSummary['hazardGrade']
type RoomUse = (typeof ROOM_USES)[number]

// --- small helpers -------------------------------------------------------------------------------------

const problem = (field: string, code: string, message: string, extra: Record<string, unknown> = {}): ErrorDetail => ({
  field,
  location: 'body',
  message,
  problem: code,
  ...extra,
})

const conflict = (message: string, details: ErrorDetail[]) => new AppError('conflict', message, details)

/** Text with no control, bidi-override or zero-width characters (as person-fields.ts). */
const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u

/** Trimmed text of at most `max` characters, or undefined with the problem pushed. */
function cleanText(raw: string | null | undefined, field: string, max: number, problems: ErrorDetail[]): string | undefined {
  const t = (raw ?? '').normalize('NFC').trim()
  if (t === '') problems.push(problem(field, 'required', 'is required'))
  else if (UNSAFE_TEXT.test(t)) problems.push(problem(field, 'control_character', 'contains control, bidi or zero-width characters'))
  else if ([...t].length > max) problems.push(problem(field, 'too_long', `is longer than ${max} characters`))
  else return t
  return undefined
}

function cleanCode<T extends string>(raw: string | null | undefined, list: CodeList, field: string, problems: ErrorDetail[]): T | undefined {
  const code = codeFromText(list, raw)
  if (code) return code as T
  if ((raw ?? '').trim() === '') problems.push(problem(field, 'required', 'is required'))
  else problems.push(problem(field, 'not_a_code', `must be one of ${list.map((c) => `${c.code} (${c.zh})`).join(', ')}`))
  return undefined
}

/** Serializes writes that must not race on the same key (an address in a grid, a room's rental). */
const lockKey = (trx: Transaction<DB>, key: string) => sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx)

// --- rooms -----------------------------------------------------------------------------------------------

export interface RoomInput {
  unit?: string
  floor?: number | null
  number: string
  use?: RoomUse
  areaM2?: number | null
}

export interface RoomGenerator {
  units: number
  floors: number
  roomsPerFloor: number
}

interface CleanRoom {
  unit: string
  floor: number | null
  number: string
  use: RoomUse
  area_m2: number | null
}

const roomKey = (r: { unit: string; number: string }) => `${r.unit}\u0000${r.number}`
const roomLabel = (r: { unit: string; number: string }) => (r.unit ? `unit ${r.unit} room ${r.number}` : `room ${r.number}`)

/** Cleans a list of rooms: unit "2单元" → "2", number "301室" → "301", full-width digits half-width. */
function cleanRooms(rooms: RoomInput[], topFloor: number | null, problems: ErrorDetail[], duplicates: ErrorDetail[]): CleanRoom[] {
  const out: CleanRoom[] = []
  const seen = new Map<string, number>()
  rooms.forEach((r, i) => {
    const at = `/rooms/${i}`
    const unit = (r.unit ?? '').normalize('NFKC').trim().replace(/\s*单元$/u, '')
    const number = r.number.normalize('NFKC').trim().replace(/\s*(?:室|号房|房)$/u, '')
    let ok = true
    if (UNSAFE_TEXT.test(unit) || [...unit].length > 20) {
      problems.push(problem(`${at}/unit`, UNSAFE_TEXT.test(unit) ? 'control_character' : 'too_long', 'is not a valid unit'))
      ok = false
    }
    if (number === '') {
      problems.push(problem(`${at}/number`, 'required', 'is required'))
      ok = false
    } else if (UNSAFE_TEXT.test(number) || [...number].length > 20) {
      problems.push(problem(`${at}/number`, UNSAFE_TEXT.test(number) ? 'control_character' : 'too_long', 'is not a valid room number'))
      ok = false
    }
    const floor = r.floor ?? null
    if (floor !== null && topFloor !== null && floor > topFloor) {
      problems.push(problem(`${at}/floor`, 'above_top_floor', `is above the building's ${topFloor} floors`))
      ok = false
    }
    if (!ok) return
    const clean: CleanRoom = { unit, floor, number, use: r.use ?? 'residential', area_m2: r.areaM2 == null ? null : Math.round(r.areaM2 * 100) / 100 }
    const key = roomKey(clean)
    const first = seen.get(key)
    if (first !== undefined) duplicates.push(problem(at, 'duplicate_room', `${roomLabel(clean)} is given twice (also at /rooms/${first})`, { unit, number }))
    else seen.set(key, i)
    out.push(clean)
  })
  return out
}

/** Inserts rooms (a list or a generator) into building `buildingId`; returns how many. */
async function insertRooms(trx: Transaction<DB>, buildingId: number, rooms: CleanRoom[] | RoomGenerator): Promise<number> {
  if (Array.isArray(rooms)) {
    if (rooms.length === 0) return 0
    const r = await sql`
      INSERT INTO room (building_id, unit, floor, number, use, area_m2)
      SELECT ${buildingId}, x.unit, x.floor, x.number, x.use, x.area_m2
      FROM jsonb_to_recordset(${JSON.stringify(rooms)}::jsonb) AS x(unit text, floor smallint, number text, use text, area_m2 numeric)`.execute(trx)
    return Number(r.numAffectedRows ?? rooms.length)
  }
  // Unit u, floor f, room n → unit "u", number f·100 + n ("1202" is floor 12, room 2).
  const r = await sql`
    INSERT INTO room (building_id, unit, floor, number, use)
    SELECT ${buildingId}, u::text, f, (f * 100 + n)::text, 'residential'
    FROM generate_series(1, ${rooms.units}::int) u, generate_series(1, ${rooms.floors}::int) f, generate_series(1, ${rooms.roomsPerFloor}::int) n
    ORDER BY u, f, n`.execute(trx)
  return Number(r.numAffectedRows ?? rooms.units * rooms.floors * rooms.roomsPerFloor)
}

// --- reading buildings -------------------------------------------------------------------------------------

interface BuildingRow {
  id: number
  grid_code: string
  grid_name: string
  grid_level: AreaLevel
  name: string
  address: string
  use: BuildingUse
  floors: number | null
  built_year: number | null
  hazard_grade: HazardGrade
  lon: number
  lat: number
  status: 'active' | 'retired'
  status_reason: string | null
  version: number
  created_at: Date
  created_by: string
  updated_at: Date
  updated_by: string
  rooms: number
  residents: number
}

/**
 * Buildings matching `where` (on alias b), newest first, with their room and resident counts — one
 * statement: the page first, then the counts of the page's buildings grouped, no query per row.
 */
async function buildingRows(db: Kysely<DB>, where: RawBuilder<boolean>, limit?: number): Promise<BuildingRow[]> {
  const r = await sql<BuildingRow>`
    WITH page AS (
      SELECT b.id FROM building b WHERE ${where} ORDER BY b.id DESC ${limit === undefined ? sql.raw('') : sql`LIMIT ${limit}`}
    ),
    rc AS (
      SELECT building_id, count(*) AS n FROM room WHERE status = 'active' AND building_id IN (SELECT id FROM page) GROUP BY building_id
    ),
    pc AS (
      SELECT r.building_id, count(*) AS n FROM room r JOIN person p ON p.room_id = r.id
      WHERE p.status = 'active' AND r.building_id IN (SELECT id FROM page) GROUP BY r.building_id
    )
    SELECT b.id, b.grid_code, g.name AS grid_name, g.level AS grid_level, b.name, b.address, b.use, b.floors, b.built_year,
      b.hazard_grade, ST_X(b.location) AS lon, ST_Y(b.location) AS lat, b.status, b.status_reason, b.version,
      b.created_at, b.created_by, b.updated_at, b.updated_by, coalesce(rc.n, 0) AS rooms, coalesce(pc.n, 0) AS residents
    FROM page JOIN building b ON b.id = page.id JOIN area g ON g.code = b.grid_code
    LEFT JOIN rc ON rc.building_id = b.id LEFT JOIN pc ON pc.building_id = b.id
    ORDER BY b.id DESC`.execute(db)
  return r.rows
}

function toBuildingSummary(r: BuildingRow): BuildingSummary {
  return {
    id: Number(r.id),
    name: r.name,
    address: r.address,
    use: r.use,
    floors: r.floors === null ? null : Number(r.floors),
    hazardGrade: r.hazard_grade,
    grid: { code: r.grid_code, name: r.grid_name, level: r.grid_level },
    location: { lon: Number(r.lon), lat: Number(r.lat) },
    status: r.status,
    rooms: Number(r.rooms),
    residents: Number(r.residents),
  }
}

async function roomList(db: Kysely<DB>, buildingId: number): Promise<RoomView[]> {
  const r = await sql<{ id: number; unit: string; floor: number | null; number: string; use: RoomUse; area_m2: number | null; residents: number; rented: boolean }>`
    WITH rooms AS (SELECT id, unit, floor, number, use, area_m2 FROM room WHERE building_id = ${buildingId} AND status = 'active'),
    pc AS (SELECT p.room_id, count(*) AS n FROM person p WHERE p.status = 'active' AND p.room_id IN (SELECT id FROM rooms) GROUP BY p.room_id),
    rented AS (SELECT DISTINCT x.room_id FROM rental x WHERE x.status = 'active' AND x.room_id IN (SELECT id FROM rooms))
    SELECT rooms.id, rooms.unit, rooms.floor, rooms.number, rooms.use, rooms.area_m2, coalesce(pc.n, 0) AS residents, rented.room_id IS NOT NULL AS rented
    FROM rooms LEFT JOIN pc ON pc.room_id = rooms.id LEFT JOIN rented ON rented.room_id = rooms.id
    ORDER BY length(rooms.unit), rooms.unit, rooms.floor NULLS FIRST, length(rooms.number), rooms.number`.execute(db)
  return r.rows.map((x) => ({
    id: Number(x.id),
    unit: x.unit,
    floor: x.floor === null ? null : Number(x.floor),
    number: x.number,
    use: x.use,
    areaM2: x.area_m2 === null ? null : Number(x.area_m2),
    residents: Number(x.residents),
    rented: Boolean(x.rented),
  }))
}

async function buildingView(db: Kysely<DB>, id: number): Promise<BuildingView> {
  const row = (await buildingRows(db, sql<boolean>`b.id = ${id}`))[0]
  if (!row) throw notFound(`Building ${id}`)
  return {
    ...toBuildingSummary(row),
    version: Number(row.version),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    builtYear: row.built_year === null ? null : Number(row.built_year),
    statusReason: row.status_reason,
    roomList: await roomList(db, id),
  }
}

interface BuildingCore {
  id: number
  grid_code: string
  name: string
  address: string
  use: BuildingUse
  floors: number | null
  built_year: number | null
  hazard_grade: HazardGrade
  lon: number
  lat: number
  status: 'active' | 'retired'
  version: number
}

/** The building if it exists in the caller's scope; otherwise 404 (audited when it exists elsewhere). */
async function requireBuilding(ctx: RegistryContext, db: Kysely<DB>, id: number): Promise<BuildingCore> {
  const found = (
    await sql<BuildingCore>`
      SELECT id, grid_code, name, address, use, floors, built_year, hazard_grade, ST_X(location) AS lon, ST_Y(location) AS lat, status, version
      FROM building WHERE id = ${id}`.execute(db)
  ).rows[0]
  const b = await ctx.scope.requireRecord(found, 'building', id)
  return b
}

export async function getBuilding(ctx: RegistryContext, id: number): Promise<BuildingView> {
  await requireBuilding(ctx, ctx.db, id)
  return buildingView(ctx.db, id)
}

export async function buildingHistory(ctx: RegistryContext, id: number): Promise<{ changes: ChangeEntry[] }> {
  await requireBuilding(ctx, ctx.db, id)
  return { changes: await changesOf(ctx.db, [{ entity: 'building', ids: [id] }]) }
}

export interface BuildingSearch {
  q?: string
  areaCode?: string
  use?: BuildingUse
  hazardGrade?: HazardGrade
  status?: 'active' | 'retired' | 'any'
  lon?: number
  lat?: number
  radius?: number
  limit: number
  cursor?: string
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`)

/** Buildings in the caller's scope: name or address part, area, use, hazard, status, near a point; newest first, paged by id. */
export async function searchBuildings(ctx: RegistryContext, s: BuildingSearch): Promise<BuildingPage> {
  const conds: RawBuilder<boolean>[] = [ctx.scope.filterCode('b.grid_code')]
  if ((s.lon === undefined) !== (s.lat === undefined) || (s.radius !== undefined && s.lon === undefined)) {
    const missing = s.lon === undefined ? '/lon' : '/lat'
    throw validationFailed([{ field: missing, location: 'querystring', message: 'a point needs both lon and lat', problem: 'required' }])
  }
  if (s.q !== undefined) {
    const q = s.q.normalize('NFC').trim()
    const key = normalizeAddress(q)
    if (q !== '') {
      // The name or address as written, or the address as normalised ("3栋" finds "3号楼").
      const like = `%${likeEscape(q)}%`
      const alternatives = [sql`b.name LIKE ${like}`, sql`b.address LIKE ${like}`, ...(key ? [sql`b.address_key LIKE ${`%${likeEscape(key)}%`}`] : [])]
      conds.push(sql<boolean>`(${sql.join(alternatives, sql` OR `)})`)
    }
  }
  if (s.areaCode) conds.push(await areaCondition(ctx, 'b.grid_code', s.areaCode))
  if (s.use) conds.push(sql<boolean>`b.use = ${s.use}`)
  if (s.hazardGrade) conds.push(sql<boolean>`b.hazard_grade = ${s.hazardGrade}`)
  const status = s.status ?? 'active'
  if (status !== 'any') conds.push(sql<boolean>`b.status = ${status}`)
  if (s.lon !== undefined && s.lat !== undefined) {
    const radius = s.radius ?? 500
    // A box on the location index first, then the exact distance on the sphere.
    const dLat = radius / 111_000
    const dLon = radius / (111_000 * Math.max(Math.cos((s.lat * Math.PI) / 180), 0.01))
    conds.push(sql<boolean>`b.location && ST_MakeEnvelope(${s.lon - dLon}, ${s.lat - dLat}, ${s.lon + dLon}, ${s.lat + dLat}, 4326)`)
    conds.push(sql<boolean>`ST_DWithin(b.location::geography, ${point({ lon: s.lon, lat: s.lat })}::geography, ${radius}::float8)`)
  }
  if (s.cursor) conds.push(sql<boolean>`b.id < ${idBefore(s.cursor)}`)
  const rows = await buildingRows(ctx.db, sql.join(conds, sql` AND `) as RawBuilder<boolean>, s.limit + 1)
  const page = rows.slice(0, s.limit)
  return {
    items: page.map(toBuildingSummary),
    next: rows.length > s.limit ? idCursor(Number(page[page.length - 1]!.id)) : null,
  }
}

// --- writing buildings ---------------------------------------------------------------------------------

export interface BuildingFieldsInput {
  name?: string
  address?: string
  use?: string
  floors?: number | null
  builtYear?: number | null
  hazardGrade?: string
  location?: LonLat
  gridCode?: string
}

export interface BuildingCreateInput extends BuildingFieldsInput {
  name: string
  address: string
  use: string
  location: LonLat
  rooms?: RoomInput[] | RoomGenerator
}

export interface BuildingUpdateInput extends BuildingFieldsInput {
  version: number
  reason?: string | null
}

interface BuildingFields {
  name?: string
  address?: string
  addressKey?: string
  use?: BuildingUse
  floors?: number | null
  builtYear?: number | null
  hazardGrade?: HazardGrade
}

function validateBuildingFields(input: BuildingFieldsInput, partial: boolean, problems: ErrorDetail[]): BuildingFields {
  const f: BuildingFields = {}
  const has = (k: keyof BuildingFieldsInput) => !partial || input[k] !== undefined
  if (has('name')) f.name = cleanText(input.name, '/name', 100, problems)
  if (has('address')) {
    f.address = cleanText(input.address, '/address', 200, problems)
    if (f.address !== undefined) {
      f.addressKey = normalizeAddress(f.address)
      if (f.addressKey === '') problems.push(problem('/address', 'not_an_address', 'holds no street, number or name'))
    }
  }
  if (has('use')) f.use = cleanCode<BuildingUse>(input.use, BUILDING_USES, '/use', problems)
  if (input.hazardGrade !== undefined) f.hazardGrade = cleanCode<HazardGrade>(input.hazardGrade, HAZARD_GRADES, '/hazardGrade', problems)
  if (input.floors !== undefined) f.floors = input.floors
  if (input.builtYear !== undefined) {
    const thisYear = Number(chinaToday().slice(0, 4))
    if (input.builtYear !== null && input.builtYear > thisYear + 5) problems.push(problem('/builtYear', 'in_future', `is more than five years after ${thisYear}`))
    else f.builtYear = input.builtYear
  }
  return f
}

/** 409 duplicate_address when another active building of the grid has the same normalised address. */
async function requireUniqueAddress(trx: Transaction<DB>, gridCode: string, addressKey: string, exceptId = 0): Promise<void> {
  await lockKey(trx, `building|${gridCode}|${addressKey}`)
  const other = (
    await sql<{ id: number }>`
      SELECT id FROM building WHERE address_key = ${addressKey} AND grid_code = ${gridCode} AND status = 'active' AND id <> ${exceptId} LIMIT 1`.execute(trx)
  ).rows[0]
  if (other) {
    throw conflict('A building with this address is already registered in the grid: change that one instead', [
      problem('/address', 'duplicate_address', `is the address of building ${other.id}`, { buildingId: Number(other.id) }),
    ])
  }
}

export async function createBuilding(ctx: RegistryContext, input: BuildingCreateInput): Promise<BuildingView> {
  requirePermission(ctx, 'registry.write')
  const problems: ErrorDetail[] = []
  const duplicates: ErrorDetail[] = []
  const f = validateBuildingFields(input, false, problems)
  // The location places the building; a grid code given too must agree with it.
  const placement = await resolvePlacement(ctx, ctx.db, { location: input.location, gridCode: input.gridCode ?? null }, problems)
  let rooms: CleanRoom[] | RoomGenerator = []
  let floors = f.floors ?? null
  if (input.rooms !== undefined && !Array.isArray(input.rooms)) {
    const g = input.rooms
    if (g.units * g.floors * g.roomsPerFloor > MAX_ROOMS_PER_BUILDING) {
      problems.push(problem('/rooms', 'too_many_rooms', `makes ${g.units * g.floors * g.roomsPerFloor} rooms; a building has at most ${MAX_ROOMS_PER_BUILDING}`))
    }
    if (floors !== null && g.floors > floors) problems.push(problem('/rooms/floors', 'above_top_floor', `is more than the building's ${floors} floors`))
    floors ??= g.floors
    rooms = g
  } else if (input.rooms !== undefined) {
    rooms = cleanRooms(input.rooms, floors, problems, duplicates)
  }
  if (problems.length > 0 || !placement) throw validationFailed(problems)
  if (duplicates.length > 0) throw conflict('Some rooms are given more than once', duplicates)
  const actor = ctx.principal.username
  const id = await ctx.db.transaction().execute(async (trx) => {
    await requireUniqueAddress(trx, placement.gridCode, f.addressKey!)
    const r = await sql<{ id: number }>`
      INSERT INTO building (grid_code, name, address, address_key, use, floors, built_year, hazard_grade, location, created_by, updated_by)
      VALUES (${placement.gridCode}, ${f.name!}, ${f.address!}, ${f.addressKey!}, ${f.use!}, ${floors}, ${f.builtYear ?? null},
        ${f.hazardGrade ?? 'safe'}, ${point(input.location)}, ${actor}, ${actor})
      RETURNING id`.execute(trx)
    const newId = Number(r.rows[0]!.id)
    const roomCount = await insertRooms(trx, newId, rooms)
    await recordChange(trx, { entity: 'building', entityId: newId, gridCode: placement.gridCode, action: 'create', actor, changes: { rooms: roomCount } })
    await auditIn(ctx, trx, { action: 'building.create', target: `building:${newId}`, outcome: 'success', detail: { gridCode: placement.gridCode, rooms: roomCount } })
    return newId
  })
  return buildingView(ctx.db, id)
}

async function lockBuilding(trx: Transaction<DB>, id: number, version: number): Promise<{ grid_code: string; status: string }> {
  const locked = (await sql<{ version: number; grid_code: string; status: string }>`SELECT version, grid_code, status FROM building WHERE id = ${id} FOR UPDATE`.execute(trx)).rows[0]
  if (!locked) throw notFound(`Building ${id}`)
  if (Number(locked.version) !== version) throw stale(Number(locked.version))
  return locked
}

const notActive = (what: string) =>
  conflict(`The ${what} is retired: it can no longer be changed`, [{ field: '/version', location: 'body', message: `the ${what} is retired`, problem: 'not_active' }])

interface MoveCounts {
  people: number
  households: number
  rentals: number
}

/**
 * Moves what belongs to building `id` into grid `to`, set-based: its active residents (residence
 * history closed and reopened, a 'move' in each one's history), the households at its rooms and the
 * rentals of its rooms (ended ones too: their room is in the new grid now). People no longer active
 * keep the grid they left from. The people are locked first, so the set cannot change in between.
 */
async function moveBuildingContents(trx: Transaction<DB>, id: number, to: string, actor: string): Promise<MoveCounts> {
  const ids = (
    await sql<{ id: number }>`
      SELECT p.id FROM person p WHERE p.room_id IN (SELECT r.id FROM room r WHERE r.building_id = ${id})
        AND p.status = 'active' AND p.grid_code <> ${to}
      ORDER BY p.id FOR UPDATE`.execute(trx)
  ).rows.map((r) => Number(r.id))
  const reason = 'building moved'
  if (ids.length > 0) {
    const set = sql`${ids}::bigint[]`
    await sql`
      INSERT INTO registry_change (entity, entity_id, grid_code, action, actor, changes, reason)
      SELECT 'person', p.id, ${to}, 'move', ${actor},
        jsonb_build_object('gridCode', jsonb_build_array(p.grid_code, ${to}::text), 'buildingId', ${id}::bigint), ${reason}
      FROM person p WHERE p.id = ANY(${set}) ORDER BY p.id`.execute(trx)
    // greatest(): a stay opened by a transaction that committed after this one began ends no earlier than it started.
    await sql`UPDATE person_residence SET valid_to = greatest(valid_from, now()) WHERE person_id = ANY(${set}) AND valid_to IS NULL`.execute(trx)
    await sql`
      INSERT INTO person_residence (person_id, grid_code, room_id, address, reason)
      SELECT p.id, ${to}, p.room_id, p.address, ${reason} FROM person p WHERE p.id = ANY(${set}) ORDER BY p.id`.execute(trx)
    await sql`UPDATE person SET grid_code = ${to}, version = version + 1, updated_at = now(), updated_by = ${actor} WHERE id = ANY(${set})`.execute(trx)
  }
  const households = await sql<{ n: number }>`
    WITH old AS (
      SELECT h.id, h.grid_code FROM household h
      WHERE h.room_id IN (SELECT r.id FROM room r WHERE r.building_id = ${id}) AND h.grid_code <> ${to}
      ORDER BY h.id FOR UPDATE
    ), moved AS (
      UPDATE household h SET grid_code = ${to}, version = h.version + 1 FROM old WHERE h.id = old.id RETURNING h.id, old.grid_code AS was
    ), logged AS (
      INSERT INTO registry_change (entity, entity_id, grid_code, action, actor, changes, reason)
      SELECT 'household', moved.id, ${to}, 'move', ${actor}, jsonb_build_object('gridCode', jsonb_build_array(moved.was, ${to}::text), 'buildingId', ${id}::bigint), ${reason}
      FROM moved RETURNING 1
    )
    SELECT count(*) AS n FROM logged`.execute(trx)
  const rentals = await sql<{ n: number }>`
    WITH old AS (
      SELECT x.id, x.grid_code FROM rental x
      WHERE x.room_id IN (SELECT r.id FROM room r WHERE r.building_id = ${id}) AND x.grid_code <> ${to}
      ORDER BY x.id FOR UPDATE
    ), moved AS (
      UPDATE rental x SET grid_code = ${to}, version = x.version + 1 FROM old WHERE x.id = old.id RETURNING x.id, old.grid_code AS was
    ), logged AS (
      INSERT INTO registry_change (entity, entity_id, grid_code, action, actor, changes, reason)
      SELECT 'rental', moved.id, ${to}, 'move', ${actor}, jsonb_build_object('gridCode', jsonb_build_array(moved.was, ${to}::text), 'buildingId', ${id}::bigint), ${reason}
      FROM moved RETURNING 1
    )
    SELECT count(*) AS n FROM logged`.execute(trx)
  return { people: ids.length, households: Number(households.rows[0]?.n ?? 0), rentals: Number(rentals.rows[0]?.n ?? 0) }
}

export async function updateBuilding(ctx: RegistryContext, id: number, input: BuildingUpdateInput): Promise<BuildingView> {
  requirePermission(ctx, 'registry.write')
  const before = await requireBuilding(ctx, ctx.db, id)
  if (before.status !== 'active') throw notActive('building')
  const problems: ErrorDetail[] = []
  const f = validateBuildingFields(input, true, problems)
  const beforeLocation = { lon: Number(before.lon), lat: Number(before.lat) }
  let gridCode = before.grid_code
  if (input.location !== undefined || input.gridCode !== undefined) {
    const placement = await resolvePlacement(ctx, ctx.db, { location: input.location ?? beforeLocation, gridCode: input.gridCode ?? null }, problems)
    if (placement) gridCode = placement.gridCode
  }
  if (f.floors != null) {
    const top = (await sql<{ top: number | null }>`SELECT max(floor) AS top FROM room WHERE building_id = ${id} AND status = 'active'`.execute(ctx.db)).rows[0]?.top ?? null
    if (top !== null && Number(top) > f.floors) problems.push(problem('/floors', 'below_room_floors', `is below the building's rooms on floor ${top}`))
  }
  if (problems.length > 0) throw validationFailed(problems)
  const beforeFields: Record<string, unknown> = {
    name: before.name, address: before.address, use: before.use, floors: before.floors === null ? null : Number(before.floors),
    builtYear: before.built_year === null ? null : Number(before.built_year), hazardGrade: before.hazard_grade, location: beforeLocation, gridCode: before.grid_code,
  }
  const afterFields: Record<string, unknown> = {
    name: f.name, address: f.address, use: f.use, floors: f.floors, builtYear: f.builtYear, hazardGrade: f.hazardGrade,
    location: input.location === undefined ? undefined : { lon: input.location.lon, lat: input.location.lat }, gridCode,
  }
  const changes = diff(beforeFields, afterFields)
  const moved = gridCode !== before.grid_code
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    await lockBuilding(trx, id, input.version)
    if (Object.keys(changes).length === 0) return
    if (changes.address || moved) await requireUniqueAddress(trx, gridCode, f.addressKey ?? normalizeAddress(before.address), id)
    const set = (col: string, v: unknown) => sql`${sql.ref(col)} = ${v}`
    const sets = [
      ...(changes.name ? [set('name', f.name)] : []),
      ...(changes.address ? [set('address', f.address), set('address_key', f.addressKey)] : []),
      ...(changes.use ? [set('use', f.use)] : []),
      ...(changes.floors ? [set('floors', f.floors)] : []),
      ...(changes.builtYear ? [set('built_year', f.builtYear)] : []),
      ...(changes.hazardGrade ? [set('hazard_grade', f.hazardGrade)] : []),
      ...(changes.location && input.location ? [sql`location = ${point(input.location)}`] : []),
      ...(moved ? [set('grid_code', gridCode)] : []),
    ]
    await sql`UPDATE building SET ${sql.join(sets, sql`, `)}, version = version + 1, updated_at = now(), updated_by = ${actor} WHERE id = ${id}`.execute(trx)
    const counts = moved ? await moveBuildingContents(trx, id, gridCode, actor) : undefined
    await recordChange(trx, { entity: 'building', entityId: id, gridCode, action: moved ? 'move' : 'update', actor, changes: { ...changes, ...(counts ? { moved: counts } : {}) }, reason: input.reason ?? null })
    await auditIn(ctx, trx, { action: 'building.update', target: `building:${id}`, outcome: 'success', detail: { fields: Object.keys(changes), ...(counts ? { moved: counts } : {}) } })
  })
  return buildingView(ctx.db, id)
}

/** Retires a building (拆除, entered in error…) with a reason; refused while people live in it or a room is rented. */
export async function retireBuilding(ctx: RegistryContext, id: number, input: { version: number; reason: string }): Promise<BuildingView> {
  requirePermission(ctx, 'registry.write')
  const before = await requireBuilding(ctx, ctx.db, id)
  const reason = input.reason.trim()
  if ([...reason].length < 2) throw validationFailed([problem('/reason', 'too_short', 'must say why')])
  if (before.status !== 'active') throw conflict('The building is already retired', [problem('/version', 'already_retired', 'the building is retired')])
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    await lockBuilding(trx, id, input.version)
    const busy = (
      await sql<{ residents: number; rentals: number }>`
        SELECT (SELECT count(*) FROM person p WHERE p.status = 'active' AND p.room_id IN (SELECT r.id FROM room r WHERE r.building_id = ${id})) AS residents,
               (SELECT count(*) FROM rental x WHERE x.status = 'active' AND x.room_id IN (SELECT r.id FROM room r WHERE r.building_id = ${id})) AS rentals`.execute(trx)
    ).rows[0]!
    const details: ErrorDetail[] = []
    if (Number(busy.residents) > 0) details.push(problem('/version', 'has_residents', `${busy.residents} people live in it: move them first`, { count: Number(busy.residents) }))
    if (Number(busy.rentals) > 0) details.push(problem('/version', 'has_rentals', `${busy.rentals} of its rooms are rented: end the rentals first`, { count: Number(busy.rentals) }))
    if (details.length > 0) throw conflict('The building is still in use', details)
    await sql`UPDATE building SET status = 'retired', status_reason = ${reason}, version = version + 1, updated_at = now(), updated_by = ${actor} WHERE id = ${id}`.execute(trx)
    await recordChange(trx, { entity: 'building', entityId: id, gridCode: before.grid_code, action: 'retire', actor, changes: { status: ['active', 'retired'] }, reason })
    await auditIn(ctx, trx, { action: 'building.retire', target: `building:${id}`, outcome: 'success', detail: { reason } })
  })
  return buildingView(ctx.db, id)
}

/** Adds rooms to a building; a unit and number it already has, or one given twice, is refused (409 duplicate_room, each named). */
export async function addRooms(ctx: RegistryContext, id: number, input: { version: number; rooms: RoomInput[] }): Promise<BuildingView> {
  requirePermission(ctx, 'registry.write')
  const before = await requireBuilding(ctx, ctx.db, id)
  if (before.status !== 'active') throw notActive('building')
  const problems: ErrorDetail[] = []
  const duplicates: ErrorDetail[] = []
  const rooms = cleanRooms(input.rooms, before.floors === null ? null : Number(before.floors), problems, duplicates)
  if (problems.length > 0) throw validationFailed(problems)
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    await lockBuilding(trx, id, input.version)
    const existing = await sql<{ id: number; unit: string; number: string }>`
      SELECT r.id, r.unit, r.number FROM room r
      JOIN jsonb_to_recordset(${JSON.stringify(rooms.map((x) => ({ unit: x.unit, number: x.number })))}::jsonb) AS x(unit text, number text)
        ON r.unit = x.unit AND r.number = x.number
      WHERE r.building_id = ${id}`.execute(trx)
    const taken = new Map(existing.rows.map((r) => [roomKey(r), Number(r.id)]))
    rooms.forEach((r, i) => {
      const other = taken.get(roomKey(r))
      if (other !== undefined) duplicates.push(problem(`/rooms/${i}`, 'duplicate_room', `${roomLabel(r)} already exists (room ${other})`, { unit: r.unit, number: r.number, roomId: other }))
    })
    if (duplicates.length > 0) throw conflict('Some rooms exist already or are given more than once', duplicates)
    const count = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM room WHERE building_id = ${id}`.execute(trx)).rows[0]!.n)
    if (count + rooms.length > MAX_ROOMS_PER_BUILDING) {
      throw validationFailed([problem('/rooms', 'too_many_rooms', `would make ${count + rooms.length} rooms; a building has at most ${MAX_ROOMS_PER_BUILDING}`)])
    }
    const added = await insertRooms(trx, id, rooms)
    await sql`UPDATE building SET version = version + 1, updated_at = now(), updated_by = ${actor} WHERE id = ${id}`.execute(trx)
    await recordChange(trx, { entity: 'building', entityId: id, gridCode: before.grid_code, action: 'rooms.add', actor, changes: { rooms: added, numbers: rooms.slice(0, 50).map(roomLabel) } })
    await auditIn(ctx, trx, { action: 'building.rooms.add', target: `building:${id}`, outcome: 'success', detail: { rooms: added } })
  })
  return buildingView(ctx.db, id)
}

// --- households ------------------------------------------------------------------------------------------

export interface HouseholdCreateInput {
  kind?: 'family' | 'collective'
  householdNo?: string | null
  roomId?: number
  address?: string
  gridCode?: string
}

function cleanHouseholdNo(raw: string | null | undefined, problems: ErrorDetail[]): string | null | undefined {
  if (raw === undefined) return undefined
  const t = (raw ?? '').normalize('NFKC').trim()
  if (t === '') return null
  if (!/^[0-9A-Za-z-]{1,30}$/.test(t)) {
    problems.push(problem('/householdNo', 'bad_format', 'may hold 1–30 letters, digits and hyphens'))
    return undefined
  }
  return t
}

interface RoomPlace {
  room_id: number
  building_id: number
  grid_code: string
  building_name: string
  building_address: string
  unit: string
  floor: number | null
  number: string
  room_status: string
  building_status: string
}

async function roomPlace(db: Kysely<DB>, roomId: number): Promise<RoomPlace | undefined> {
  return (
    await sql<RoomPlace>`
      SELECT r.id AS room_id, b.id AS building_id, b.grid_code, b.name AS building_name, b.address AS building_address,
        r.unit, r.floor, r.number, r.status AS room_status, b.status AS building_status
      FROM room r JOIN building b ON b.id = r.building_id WHERE r.id = ${roomId}`.execute(db)
  ).rows[0]
}

/** The address of a room: its building's address, unit and number ("南关街12号3号楼2单元301室"). */
const roomAddress = (r: { building_address: string; unit: string; number: string }) =>
  `${r.building_address}${r.unit ? `${/^\d+$/.test(r.unit) ? `${r.unit}单元` : r.unit}` : ''}${/^\d+$/.test(r.number) ? `${r.number}室` : r.number}`.slice(0, 200)

export async function createHousehold(ctx: RegistryContext, input: HouseholdCreateInput): Promise<HouseholdView> {
  requirePermission(ctx, 'registry.write')
  const problems: ErrorDetail[] = []
  const householdNo = cleanHouseholdNo(input.householdNo, problems)
  let address = input.address === undefined ? undefined : cleanText(input.address, '/address', 200, problems)
  if (input.roomId === undefined && input.address === undefined) problems.push(problem('/address', 'required', 'is required without a room'))
  const placement = await resolvePlacement(ctx, ctx.db, { roomId: input.roomId ?? null, address: address ?? null, gridCode: input.gridCode ?? null }, problems)
  if (placement?.roomId != null && address === undefined) {
    const room = await roomPlace(ctx.db, placement.roomId)
    if (room) address = roomAddress(room)
  }
  if (problems.length > 0 || !placement || address === undefined) throw validationFailed(problems)
  const actor = ctx.principal.username
  const kind = input.kind ?? 'family'
  const id = await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      INSERT INTO household (grid_code, household_no, kind, room_id, address, created_by)
      VALUES (${placement.gridCode}, ${householdNo ?? null}, ${kind}, ${placement.roomId}, ${address!}, ${actor}) RETURNING id`.execute(trx)
    const newId = Number(r.rows[0]!.id)
    await recordChange(trx, { entity: 'household', entityId: newId, gridCode: placement.gridCode, action: 'create', actor, changes: { placedBy: placement.how, kind, roomId: placement.roomId } })
    await auditIn(ctx, trx, { action: 'household.create', target: `household:${newId}`, outcome: 'success', detail: { gridCode: placement.gridCode, placedBy: placement.how } })
    return newId
  })
  return getHousehold(ctx, id)
}

export async function updateHousehold(ctx: RegistryContext, id: number, input: { version: number; householdNo?: string | null; kind?: 'family' | 'collective' }): Promise<HouseholdView> {
  requirePermission(ctx, 'registry.write')
  const h = await ctx.scope.requireRecord((await sql<{ grid_code: string; household_no: string | null; kind: string; status: string }>`SELECT grid_code, household_no, kind, status FROM household WHERE id = ${id}`.execute(ctx.db)).rows[0], 'household', id)
  if (h.status !== 'active') throw notActive('household')
  const problems: ErrorDetail[] = []
  const householdNo = cleanHouseholdNo(input.householdNo, problems)
  if (problems.length > 0) throw validationFailed(problems)
  const changes = diff({ householdNo: h.household_no, kind: h.kind }, { householdNo, kind: input.kind })
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await sql<{ version: number }>`SELECT version FROM household WHERE id = ${id} FOR UPDATE`.execute(trx)).rows[0]!
    if (Number(locked.version) !== input.version) throw stale(Number(locked.version))
    if (Object.keys(changes).length === 0) return
    await sql`UPDATE household SET
        household_no = ${changes.householdNo ? (householdNo ?? null) : h.household_no}, kind = ${input.kind ?? h.kind}, version = version + 1
      WHERE id = ${id}`.execute(trx)
    await recordChange(trx, { entity: 'household', entityId: id, gridCode: h.grid_code, action: 'update', actor, changes })
    await auditIn(ctx, trx, { action: 'household.update', target: `household:${id}`, outcome: 'success', detail: { fields: Object.keys(changes) } })
  })
  return getHousehold(ctx, id)
}

// --- people referred to by rentals -------------------------------------------------------------------------

/**
 * The people `ids` as seen from the caller: each one missing or outside the scope is a not_found
 * problem at its field (the attempt audited), each one not active a not_active problem.
 */
async function requirePeople(ctx: RegistryContext, ids: { id: number; field: string }[], problems: ErrorDetail[]): Promise<Map<number, { name: string; grid_code: string }>> {
  const found = new Map<number, { name: string; grid_code: string; status: PersonStatus }>()
  if (ids.length > 0) {
    const r = await sql<{ id: number; name: string; grid_code: string; status: PersonStatus }>`
      SELECT id, name, grid_code, status FROM person WHERE id = ANY(${ids.map((x) => x.id)}::bigint[])`.execute(ctx.db)
    for (const p of r.rows) found.set(Number(p.id), p)
  }
  const out = new Map<number, { name: string; grid_code: string }>()
  for (const { id, field } of ids) {
    const p = found.get(id)
    if (!p || !ctx.scope.containsCode(p.grid_code)) {
      if (p) await ctx.scope.deny(`person:${id}`)
      problems.push(problem(field, 'not_found', `person ${id} does not exist`))
    } else if (p.status !== 'active') {
      problems.push(problem(field, 'not_active', `person ${id} is ${p.status}`))
    } else out.set(id, p)
  }
  return out
}

// --- reading rentals -----------------------------------------------------------------------------------------

interface RentalRow {
  id: number
  room_id: number
  building_id: number
  building_name: string
  building_address: string
  unit: string
  floor: number | null
  number: string
  grid_code: string
  grid_name: string
  grid_level: AreaLevel
  landlord_id: number | null
  landlord_name: string
  purpose: RentalPurpose
  started_on: string
  ended_on: string | null
  status: 'active' | 'ended'
  version: number
  created_at: Date
  created_by: string
  tenant_count: number
}

async function rentalRows(db: Kysely<DB>, where: RawBuilder<boolean>, limit: number): Promise<RentalRow[]> {
  const r = await sql<RentalRow>`
    WITH page AS (SELECT x.id FROM rental x WHERE ${where} ORDER BY x.id DESC LIMIT ${limit}),
    tc AS (SELECT t.rental_id, count(*) AS n FROM tenancy t WHERE t.ended_on IS NULL AND t.rental_id IN (SELECT id FROM page) GROUP BY t.rental_id)
    SELECT x.id, x.room_id, r.building_id, b.name AS building_name, b.address AS building_address, r.unit, r.floor, r.number,
      x.grid_code, g.name AS grid_name, g.level AS grid_level, x.landlord_id, x.landlord_name, x.purpose,
      x.started_on::text AS started_on, x.ended_on::text AS ended_on, x.status, x.version, x.created_at, x.created_by,
      coalesce(tc.n, 0) AS tenant_count
    FROM page JOIN rental x ON x.id = page.id JOIN room r ON r.id = x.room_id JOIN building b ON b.id = r.building_id
    JOIN area g ON g.code = x.grid_code LEFT JOIN tc ON tc.rental_id = x.id
    ORDER BY x.id DESC`.execute(db)
  return r.rows
}

function toRentalSummary(x: RentalRow): RentalSummary {
  const room: RoomRef = {
    id: Number(x.room_id),
    buildingId: Number(x.building_id),
    buildingName: x.building_name,
    buildingAddress: x.building_address,
    unit: x.unit,
    floor: x.floor === null ? null : Number(x.floor),
    number: x.number,
  }
  return {
    id: Number(x.id),
    room,
    grid: { code: x.grid_code, name: x.grid_name, level: x.grid_level },
    landlordName: x.landlord_name,
    landlordPersonId: x.landlord_id === null ? null : Number(x.landlord_id),
    purpose: x.purpose,
    startedOn: x.started_on,
    endedOn: x.ended_on,
    status: x.status,
    tenantCount: Number(x.tenant_count),
  }
}

interface TenantRow {
  tenancy_id: number
  person_id: number
  started_on: string
  ended_on: string | null
  name: string
  id_masked: string
  sex: '1' | '2'
  birth_date: string
  ethnicity: string
  phone_masked: string | null
  residence_category: PersonSummary['residenceCategory']
  address: string
  grid_code: string
  grid_name: string
  grid_level: AreaLevel
  status: PersonStatus
  lists: string[] | null
}

async function tenants(ctx: RegistryContext, rentalId: number): Promise<TenantEntry[]> {
  const r = await sql<TenantRow>`
    SELECT t.id AS tenancy_id, t.person_id, t.started_on::text AS started_on, t.ended_on::text AS ended_on,
      p.name, p.id_masked, p.sex, p.birth_date::text AS birth_date, p.ethnicity, p.phone_masked, p.residence_category, p.address,
      p.grid_code, g.name AS grid_name, g.level AS grid_level, p.status,
      (SELECT array_agg(l.list_code ORDER BY l.list_code) FROM person_list l
        WHERE l.person_id = p.id AND l.ended_at IS NULL AND l.list_code = ANY(${visibleLists(ctx)}::text[])) AS lists
    FROM tenancy t JOIN person p ON p.id = t.person_id JOIN area g ON g.code = p.grid_code
    WHERE t.rental_id = ${rentalId}
    ORDER BY t.ended_on IS NOT NULL, t.started_on, t.id`.execute(ctx.db)
  const today = chinaToday()
  return r.rows.map((x) => ({
    tenancyId: Number(x.tenancy_id),
    personId: Number(x.person_id),
    startedOn: x.started_on,
    endedOn: x.ended_on,
    // A tenant who now lives outside the caller's area is not shown (as in every other read).
    person: ctx.scope.containsCode(x.grid_code)
      ? {
          id: Number(x.person_id),
          name: x.name,
          idNumberMasked: x.id_masked,
          sex: x.sex,
          birthDate: x.birth_date,
          age: ageOn(x.birth_date, today),
          ethnicity: x.ethnicity,
          phoneMasked: x.phone_masked,
          residenceCategory: x.residence_category,
          address: x.address,
          grid: { code: x.grid_code, name: x.grid_name, level: x.grid_level },
          status: x.status,
          lists: (x.lists ?? []) as ListCode[],
        }
      : null,
  }))
}

async function rentalView(ctx: RegistryContext, id: number): Promise<RentalView> {
  const row = (await rentalRows(ctx.db, sql<boolean>`x.id = ${id}`, 1))[0]
  if (!row) throw notFound(`Rental ${id}`)
  return { ...toRentalSummary(row), version: Number(row.version), createdAt: iso(row.created_at), createdBy: row.created_by, tenants: await tenants(ctx, id) }
}

interface RentalCore {
  id: number
  grid_code: string
  room_id: number
  status: 'active' | 'ended'
  started_on: string
}

async function requireRental(ctx: RegistryContext, db: Kysely<DB>, id: number): Promise<RentalCore> {
  const x = await ctx.scope.requireRecord((await sql<RentalCore>`SELECT id, grid_code, room_id, status, started_on::text AS started_on FROM rental WHERE id = ${id}`.execute(db)).rows[0], 'rental', id)
  return x
}

/** A rental with its tenants (masked). The read is audited: it shows personal data. */
export async function getRental(ctx: RegistryContext, id: number): Promise<RentalView> {
  await requireRental(ctx, ctx.db, id)
  await ctx.audit({ action: 'rental.read', target: `rental:${id}`, outcome: 'success' })
  return rentalView(ctx, id)
}

export interface RentalSearch {
  areaCode?: string
  status?: 'active' | 'ended' | 'any'
  buildingId?: number
  roomId?: number
  limit: number
  cursor?: string
}

export async function searchRentals(ctx: RegistryContext, s: RentalSearch): Promise<RentalPage> {
  const conds: RawBuilder<boolean>[] = [ctx.scope.filterCode('x.grid_code')]
  if (s.areaCode) conds.push(await areaCondition(ctx, 'x.grid_code', s.areaCode))
  const status = s.status ?? 'active'
  if (status !== 'any') conds.push(sql<boolean>`x.status = ${status}`)
  if (s.buildingId !== undefined) conds.push(sql<boolean>`x.room_id IN (SELECT id FROM room WHERE building_id = ${s.buildingId})`)
  if (s.roomId !== undefined) conds.push(sql<boolean>`x.room_id = ${s.roomId}`)
  if (s.cursor) conds.push(sql<boolean>`x.id < ${idBefore(s.cursor)}`)
  const rows = await rentalRows(ctx.db, sql.join(conds, sql` AND `) as RawBuilder<boolean>, s.limit + 1)
  const page = rows.slice(0, s.limit)
  // Landlords' names are personal data: the search is audited (which filters, never their values).
  await ctx.audit({
    action: 'rental.search',
    target: null,
    outcome: 'success',
    detail: { filters: filtersOf(s), results: page.length },
  })
  return { items: page.map(toRentalSummary), next: rows.length > s.limit ? idCursor(Number(page[page.length - 1]!.id)) : null }
}

// --- writing rentals -------------------------------------------------------------------------------------------

export interface RentalCreateInput {
  roomId: number
  landlordPersonId?: number
  landlordName?: string
  purpose?: RentalPurpose
  startedOn: string
  tenants?: number[]
}

function checkDay(day: string, field: string, problems: ErrorDetail[], notBefore?: { day: string; what: string }): void {
  if (day > chinaToday()) problems.push(problem(field, 'in_future', 'is in the future'))
  else if (notBefore && day < notBefore.day) problems.push(problem(field, 'before_start', `is before ${notBefore.what} (${notBefore.day})`))
}

export async function createRental(ctx: RegistryContext, input: RentalCreateInput): Promise<RentalView> {
  requirePermission(ctx, 'registry.write')
  const problems: ErrorDetail[] = []
  const room = await roomPlace(ctx.db, input.roomId)
  if (!room || !ctx.scope.containsCode(room.grid_code)) {
    if (room) await ctx.scope.deny(`room:${input.roomId}`)
    problems.push(problem('/roomId', 'not_found', `room ${input.roomId} does not exist`))
  } else if (room.room_status !== 'active' || room.building_status !== 'active') {
    problems.push(problem('/roomId', 'not_active', `room ${input.roomId} is retired`))
  }
  let landlordName: string | undefined
  const refs = [
    ...(input.landlordPersonId !== undefined ? [{ id: input.landlordPersonId, field: '/landlordPersonId' }] : []),
    ...(input.tenants ?? []).map((id, i) => ({ id, field: `/tenants/${i}` })),
  ]
  const people = await requirePeople(ctx, refs, problems)
  if (input.landlordName !== undefined) {
    const r = parsePersonName(input.landlordName)
    if (r.ok) landlordName = r.value
    else for (const p of r.problems) problems.push(problem('/landlordName', p === 'empty' ? 'required' : p, p === 'empty' ? 'is required' : `is not a valid name (${p})`))
  }
  if (input.landlordPersonId !== undefined) {
    const landlord = people.get(input.landlordPersonId)
    if (landlord && landlordName !== undefined && landlordName !== landlord.name) {
      problems.push(problem('/landlordName', 'landlord_mismatch', `is not the name of person ${input.landlordPersonId}`))
    }
    if (landlord) landlordName = landlord.name
    if ((input.tenants ?? []).includes(input.landlordPersonId)) {
      problems.push(problem(`/tenants/${input.tenants!.indexOf(input.landlordPersonId)}`, 'landlord_as_tenant', 'is the landlord'))
    }
  } else if (input.landlordName === undefined) {
    problems.push(problem('/landlordName', 'required', 'is required without landlordPersonId'))
  }
  checkDay(input.startedOn, '/startedOn', problems)
  if (problems.length > 0 || !room || landlordName === undefined) throw validationFailed(problems)
  const actor = ctx.principal.username
  const tenantIds = input.tenants ?? []
  const id = await ctx.db.transaction().execute(async (trx) => {
    // One active rental per room: the room's key is locked, then checked (the unique index backs it).
    await lockKey(trx, `rental|${room.room_id}`)
    const open = (await sql<{ id: number }>`SELECT id FROM rental WHERE room_id = ${room.room_id} AND status = 'active'`.execute(trx)).rows[0]
    if (open) throw conflict('The room is already rented: end that rental first', [problem('/roomId', 'already_rented', `has the active rental ${open.id}`, { rentalId: Number(open.id) })])
    const r = await sql<{ id: number }>`
      INSERT INTO rental (room_id, grid_code, landlord_id, landlord_name, purpose, started_on, created_by)
      VALUES (${room.room_id}, ${room.grid_code}, ${input.landlordPersonId ?? null}, ${landlordName!}, ${input.purpose ?? 'residence'}, ${input.startedOn}::date, ${actor})
      RETURNING id`.execute(trx)
    const newId = Number(r.rows[0]!.id)
    if (tenantIds.length > 0) {
      await sql`INSERT INTO tenancy (rental_id, person_id, started_on) SELECT ${newId}, t, ${input.startedOn}::date FROM unnest(${tenantIds}::bigint[]) t`.execute(trx)
    }
    await recordChange(trx, {
      entity: 'rental', entityId: newId, gridCode: room.grid_code, action: 'create', actor,
      changes: { roomId: Number(room.room_id), landlordPersonId: input.landlordPersonId ?? null, purpose: input.purpose ?? 'residence', tenants: tenantIds },
    })
    await auditIn(ctx, trx, { action: 'rental.create', target: `rental:${newId}`, outcome: 'success', detail: { roomId: Number(room.room_id), tenants: tenantIds.length } })
    return newId
  })
  return rentalView(ctx, id)
}

async function lockRental(trx: Transaction<DB>, id: number, version: number): Promise<{ status: string; started_on: string }> {
  const locked = (await sql<{ version: number; status: string; started_on: string }>`SELECT version, status, started_on::text AS started_on FROM rental WHERE id = ${id} FOR UPDATE`.execute(trx)).rows[0]
  if (!locked) throw notFound(`Rental ${id}`)
  if (Number(locked.version) !== version) throw stale(Number(locked.version))
  if (locked.status !== 'active') throw rentalEnded()
  return locked
}

const rentalEnded = () => conflict('The rental has ended', [{ field: '/version', location: 'body', message: 'the rental has ended', problem: 'rental_ended' }])

export async function addTenant(ctx: RegistryContext, rentalId: number, input: { version: number; personId: number; startedOn?: string }): Promise<RentalView> {
  requirePermission(ctx, 'registry.write')
  const rental = await requireRental(ctx, ctx.db, rentalId)
  if (rental.status !== 'active') throw rentalEnded()
  const problems: ErrorDetail[] = []
  await requirePeople(ctx, [{ id: input.personId, field: '/personId' }], problems)
  const startedOn = input.startedOn ?? chinaToday()
  checkDay(startedOn, '/startedOn', problems, { day: rental.started_on, what: 'the rental started' })
  if (problems.length > 0) throw validationFailed(problems)
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    await lockRental(trx, rentalId, input.version)
    const open = (await sql<{ id: number }>`SELECT id FROM tenancy WHERE rental_id = ${rentalId} AND person_id = ${input.personId} AND ended_on IS NULL`.execute(trx)).rows[0]
    if (open) throw conflict('The person is already a tenant of this rental', [problem('/personId', 'already_tenant', `tenancy ${open.id} is open`)])
    const r = await sql<{ id: number }>`INSERT INTO tenancy (rental_id, person_id, started_on) VALUES (${rentalId}, ${input.personId}, ${startedOn}::date) RETURNING id`.execute(trx)
    await sql`UPDATE rental SET version = version + 1 WHERE id = ${rentalId}`.execute(trx)
    await recordChange(trx, { entity: 'rental', entityId: rentalId, gridCode: rental.grid_code, action: 'tenant.add', actor, changes: { personId: input.personId, tenancyId: Number(r.rows[0]!.id), startedOn } })
    await auditIn(ctx, trx, { action: 'rental.tenant.add', target: `rental:${rentalId}`, outcome: 'success', detail: { personId: input.personId } })
  })
  return rentalView(ctx, rentalId)
}

export async function endTenancy(ctx: RegistryContext, rentalId: number, personId: number, input: { version: number; endedOn: string }): Promise<RentalView> {
  requirePermission(ctx, 'registry.write')
  const rental = await requireRental(ctx, ctx.db, rentalId)
  if (rental.status !== 'active') throw rentalEnded()
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    await lockRental(trx, rentalId, input.version)
    const open = (await sql<{ id: number; started_on: string }>`
      SELECT id, started_on::text AS started_on FROM tenancy WHERE rental_id = ${rentalId} AND person_id = ${personId} AND ended_on IS NULL`.execute(trx)).rows[0]
    if (!open) throw notFound(`Open tenancy of person ${personId} in rental ${rentalId}`)
    const problems: ErrorDetail[] = []
    checkDay(input.endedOn, '/endedOn', problems, { day: open.started_on, what: 'the tenancy started' })
    if (problems.length > 0) throw validationFailed(problems)
    await sql`UPDATE tenancy SET ended_on = ${input.endedOn}::date WHERE id = ${open.id}`.execute(trx)
    await sql`UPDATE rental SET version = version + 1 WHERE id = ${rentalId}`.execute(trx)
    await recordChange(trx, { entity: 'rental', entityId: rentalId, gridCode: rental.grid_code, action: 'tenant.end', actor, changes: { personId, tenancyId: Number(open.id), endedOn: input.endedOn } })
    await auditIn(ctx, trx, { action: 'rental.tenant.end', target: `rental:${rentalId}`, outcome: 'success', detail: { personId } })
  })
  return rentalView(ctx, rentalId)
}

/** Ends a rental (退租) with a reason; its open tenancies end the same day. */
export async function endRental(ctx: RegistryContext, rentalId: number, input: { version: number; endedOn: string; reason: string }): Promise<RentalView> {
  requirePermission(ctx, 'registry.write')
  const rental = await requireRental(ctx, ctx.db, rentalId)
  const reason = input.reason.trim()
  if ([...reason].length < 2) throw validationFailed([problem('/reason', 'too_short', 'must say why')])
  if (rental.status !== 'active') throw rentalEnded()
  const actor = ctx.principal.username
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockRental(trx, rentalId, input.version)
    const latest = (await sql<{ d: string | null }>`SELECT max(started_on)::text AS d FROM tenancy WHERE rental_id = ${rentalId} AND ended_on IS NULL`.execute(trx)).rows[0]?.d ?? null
    const problems: ErrorDetail[] = []
    const notBefore = latest !== null && latest > locked.started_on ? { day: latest, what: 'an open tenancy started' } : { day: locked.started_on, what: 'the rental started' }
    checkDay(input.endedOn, '/endedOn', problems, notBefore)
    if (problems.length > 0) throw validationFailed(problems)
    const ended = await sql`UPDATE tenancy SET ended_on = ${input.endedOn}::date WHERE rental_id = ${rentalId} AND ended_on IS NULL`.execute(trx)
    await sql`UPDATE rental SET status = 'ended', ended_on = ${input.endedOn}::date, version = version + 1 WHERE id = ${rentalId}`.execute(trx)
    const tenanciesEnded = Number(ended.numAffectedRows ?? 0)
    await recordChange(trx, { entity: 'rental', entityId: rentalId, gridCode: rental.grid_code, action: 'end', actor, changes: { status: ['active', 'ended'], endedOn: input.endedOn, tenanciesEnded }, reason })
    await auditIn(ctx, trx, { action: 'rental.end', target: `rental:${rentalId}`, outcome: 'success', detail: { endedOn: input.endedOn, tenanciesEnded, reason } })
  })
  return rentalView(ctx, rentalId)
}
