// Importing people from a spreadsheet: every row checked with the same validator as the form
// (shared/registry/person-fields.ts), placed in a grid (a grid code, a point, or a registered building
// by its address or building/unit/room columns), checked against the file and the database for
// duplicate ID numbers — and only then written, all rows in one transaction through COPY, so that an
// import either happens entirely or not at all.
//
// The pipeline works in batches of rows (an async iterable), so a 2-million-row CSV streams through
// it; the web upload reads its (≤ 200,000-row) file with readSheet and feeds the same pipeline.
//
//   const importer = await PeopleImporter.open(db, cipher, scope)   // loads grids, buildings, locator
//   for await (const batch of batches) importer.check(batch)          // pass 1: report (dry run)
//   importer.writeValid(copy, …)                                      // pass 2: prepare + COPY
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import type { CopyFn, CopyValue } from '../../infra/db/copy.ts'
import { maskIdNumber, maskPhone } from '../privacy/mask.ts'
import { codePrefix } from '../accounts/index.ts'
import { normalizeAddress, splitRoomAddress } from '../../../shared/registry/address.ts'
import { SEXES, codeFromText } from '../../../shared/registry/codes.ts'
import { validatePersonFields, type PersonFields, type PersonFieldsInput } from '../../../shared/registry/person-fields.ts'
import { loadGridLocator, type GridLocator } from './grid-locator.ts'
import { ID_CONTEXT, PHONE_CONTEXT } from './person.service.ts'
import type { SheetRow } from './sheets/index.ts'

export interface RowProblem {
  /** 1-based row of the spreadsheet. */
  row: number
  /** The field (camelCase key of PERSON_COLUMNS), when the problem is one cell's. */
  field?: string
  problem: string
  message: string
}

/** A valid row, ready to be written. */
export interface PreparedPerson {
  row: number
  fields: PersonFields
  gridCode: string
  roomId: number | null
  householdNo: string | null
  location: { lon: number; lat: number } | null
  idIndex: string
}

interface BuildingEntry {
  id: number
  gridCode: string
}

const TEXT_KEYS = ['name', 'formerName', 'idNumber', 'phone', 'ethnicity', 'residenceCategory', 'address', 'registeredAddress', 'politicalStatus', 'education', 'maritalStatus', 'religion', 'workplace', 'relation'] as const

export class PeopleImporter {
  /** Index keys of the ID numbers seen so far in this file → the row that had it first. */
  private readonly seen = new Map<string, number>()
  private readonly rooms = new Map<string, number | null>()

  private constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: FieldCipher,
    private readonly scopeCode: string,
    private readonly grids: Set<string>,
    private readonly buildings: Map<string, BuildingEntry | 'ambiguous'>,
    private readonly locator: GridLocator,
    private readonly today: string,
  ) {}

  /** Loads what placement needs for the scope: its grids, its buildings by address, a grid locator. */
  static async open(db: Kysely<DB>, cipher: FieldCipher, scopeCode: string, today: string): Promise<PeopleImporter> {
    const prefix = codePrefix(scopeCode)
    const grids = await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'grid' AND code LIKE ${`${prefix}%`}`.execute(db)
    const buildings = await sql<{ id: number; grid_code: string; address_key: string }>`
      SELECT id, grid_code, address_key FROM building WHERE status = 'active' AND grid_code LIKE ${`${prefix}%`}`.execute(db)
    const byAddress = new Map<string, BuildingEntry | 'ambiguous'>()
    for (const b of buildings.rows) byAddress.set(b.address_key, byAddress.has(b.address_key) ? 'ambiguous' : { id: Number(b.id), gridCode: b.grid_code })
    const locator = await loadGridLocator(db, prefix)
    return new PeopleImporter(db, cipher, scopeCode, new Set(grids.rows.map((g) => g.code)), byAddress, locator, today)
  }

  /**
   * Checks a batch of rows (`columns`: the field key of each cell, from mapHeaders). Returns the valid
   * rows prepared for writing and every problem of the others. ID numbers are checked against the
   * rows seen before in this importer and against the database.
   */
  async check(rows: SheetRow[], columns: (string | null)[]): Promise<{ valid: PreparedPerson[]; problems: RowProblem[] }> {
    const problems: RowProblem[] = []
    const candidates: PreparedPerson[] = []
    const roomWanted: { p: PreparedPerson; building: BuildingEntry; unit: string; number: string }[] = []
    for (const r of rows) {
      const cell: Record<string, string> = {}
      columns.forEach((key, i) => {
        if (key) cell[key] = r.cells[i] ?? ''
      })
      const rowProblems: RowProblem[] = []
      const add = (field: string | undefined, problem: string, message: string) => rowProblems.push({ row: r.row, ...(field ? { field } : {}), problem, message })
      const input: PersonFieldsInput = {}
      for (const k of TEXT_KEYS) if (k in cell) input[k] = cell[k]
      const checked = validatePersonFields(input, { today: this.today })
      if (!checked.ok) for (const p of checked.problems) add(p.field, p.problem, p.message)
      const f = checked.value
      // Redundant columns must agree with the ID number.
      if (f.sex && cell.sex) {
        const sex = codeFromText(SEXES, cell.sex)
        if (!sex) add('sex', 'not_a_code', 'sex must be 男 or 女')
        else if (sex !== f.sex) add('sex', 'sex_mismatch', 'sex does not agree with the ID number')
      }
      if (f.birthDate && cell.birthDate) {
        const d = cell.birthDate.replace(/[年月/.]/g, '-').replace(/日$/, '').split('-').map((x) => x.padStart(2, '0')).join('-')
        if (d !== f.birthDate && d.replace(/-/g, '') !== f.birthDate.replace(/-/g, '')) add('birthDate', 'birth_date_mismatch', 'birth date does not agree with the ID number')
      }
      // Placement.
      let gridCode: string | undefined
      let building: BuildingEntry | undefined
      let location: { lon: number; lat: number } | null = null
      const unit = (cell.unit ?? '').replace(/单元$/, '').trim()
      let number = (cell.room ?? '').replace(/(室|号房|房)$/, '').trim()
      if (cell.building) {
        const b = this.buildings.get(normalizeAddress(cell.building))
        if (b === 'ambiguous') add('building', 'ambiguous_building', 'names more than one registered building: give the full address')
        else if (!b) add('building', 'unknown_building', 'is not a registered building in your area')
        else building = b
      }
      if ((cell.lon ?? '') !== '' || (cell.lat ?? '') !== '') {
        const lon = Number(cell.lon)
        const lat = Number(cell.lat)
        if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) add('lon', 'bad_coordinates', 'longitude and latitude must be numbers in degrees')
        else {
          location = { lon, lat }
          const code = this.locator.locate(lon, lat)
          if (!code) add('lon', 'outside_scope', 'the point lies outside every grid of your area')
          else gridCode = code
        }
      }
      if (!building && !gridCode && !cell.building && f.address) {
        const parts = splitRoomAddress(f.address)
        const b = this.buildings.get(normalizeAddress(parts.building)) ?? this.buildings.get(normalizeAddress(f.address))
        if (b && b !== 'ambiguous') {
          building = b
          if (!number && parts.room) number = parts.room
        }
      }
      if (building) {
        if (gridCode && gridCode !== building.gridCode) add('lon', 'grid_mismatch', `the point lies in grid ${gridCode}, the building in ${building.gridCode}`)
        gridCode = building.gridCode
      }
      if (cell.gridCode) {
        const g = cell.gridCode.trim()
        if (!this.grids.has(g)) add('gridCode', 'unknown_grid', 'is not a grid of your area')
        else if (gridCode && gridCode !== g) add('gridCode', 'grid_mismatch', `does not agree with the building or point (grid ${gridCode})`)
        else gridCode = g
      }
      if (!gridCode && !rowProblems.some((p) => ['building', 'lon', 'gridCode'].includes(p.field ?? ''))) {
        add('gridCode', 'no_grid', 'the row names no grid: give 所属网格, a registered 楼栋, a known address, or 经度/纬度')
      }
      const householdNo = (cell.householdNo ?? '').trim() || null
      if (householdNo && !/^[0-9A-Za-z-]{1,30}$/.test(householdNo)) add('householdNo', 'bad_household_no', 'household number may hold digits, letters and "-" (30 at most)')
      // Duplicates within the file (the first row keeps the number).
      let idIndex = ''
      if (f.idNumber) {
        idIndex = this.cipher.blindIndex(f.idNumber, ID_CONTEXT)
        const first = this.seen.get(idIndex)
        if (first !== undefined) add('idNumber', 'duplicate_in_file', `the same ID number as row ${first}`)
        else this.seen.set(idIndex, r.row)
      }
      if (rowProblems.length > 0) {
        problems.push(...rowProblems)
        continue
      }
      const p: PreparedPerson = { row: r.row, fields: f, gridCode: gridCode!, roomId: null, householdNo, location, idIndex }
      candidates.push(p)
      if (building && number) roomWanted.push({ p, building, unit, number })
    }
    // Rooms named by building/unit/room: looked up in one query per batch.
    await this.resolveRooms(roomWanted)
    // Duplicates against the database, one query per batch.
    const existing = new Set<string>()
    for (let i = 0; i < candidates.length; i += 10_000) {
      const keys = candidates.slice(i, i + 10_000).map((c) => c.idIndex)
      const r = await sql<{ id_index: string }>`SELECT id_index FROM person WHERE id_index = ANY(${keys}::text[])`.execute(this.db)
      for (const x of r.rows) existing.add(x.id_index)
    }
    const valid: PreparedPerson[] = []
    for (const c of candidates) {
      if (existing.has(c.idIndex)) problems.push({ row: c.row, field: 'idNumber', problem: 'already_registered', message: 'this ID number is already registered' })
      else valid.push(c)
    }
    return { valid, problems }
  }

  private async resolveRooms(wanted: { p: PreparedPerson; building: BuildingEntry; unit: string; number: string }[]): Promise<void> {
    const missing = wanted.filter((w) => !this.rooms.has(`${w.building.id}|${w.unit}|${w.number}`))
    if (missing.length > 0) {
      const r = await sql<{ id: number; building_id: number; unit: string; number: string }>`
        SELECT r.id, r.building_id, r.unit, r.number FROM room r
        JOIN unnest(${missing.map((w) => w.building.id)}::bigint[], ${missing.map((w) => w.unit)}::text[], ${missing.map((w) => w.number)}::text[]) AS q(b, u, n)
          ON r.building_id = q.b AND r.unit = q.u AND r.number = q.n
        WHERE r.status = 'active'`.execute(this.db)
      for (const w of missing) this.rooms.set(`${w.building.id}|${w.unit}|${w.number}`, null)
      for (const x of r.rows) this.rooms.set(`${x.building_id}|${x.unit}|${x.number}`, Number(x.id))
    }
    for (const w of wanted) w.p.roomId = this.rooms.get(`${w.building.id}|${w.unit}|${w.number}`) ?? null
  }

}

/** The COPY row of a prepared person (column order PERSON_COPY_COLUMNS): personal data encrypted here. */
export function personCopyRow(cipher: FieldCipher, p: PreparedPerson, importId: number, actor: string, householdId: number | null): CopyValue[] {
  const f = p.fields
  return [
    p.gridCode, f.name!, f.formerName ?? null,
    cipher.encrypt(f.idNumber!, ID_CONTEXT), p.idIndex, maskIdNumber(f.idNumber!),
    f.birthDate!, f.sex!, f.ethnicity!,
    f.phone ? cipher.encrypt(f.phone, PHONE_CONTEXT) : null, f.phone ? cipher.blindIndex(f.phone, PHONE_CONTEXT) : null, f.phone ? maskPhone(f.phone) : null,
    f.residenceCategory!, householdId, f.relation ?? null, p.roomId, f.address!, f.registeredAddress ?? null,
    f.politicalStatus ?? null, f.education ?? null, f.maritalStatus ?? null, f.religion ?? null, f.workplace ?? null,
    p.location ? `SRID=4326;POINT(${p.location.lon} ${p.location.lat})` : null,
    importId, actor, actor,
  ]
}

export const PERSON_COPY_COLUMNS = [
  'grid_code', 'name', 'former_name', 'id_cipher', 'id_index', 'id_masked', 'birth_date', 'sex', 'ethnicity',
  'phone_cipher', 'phone_index', 'phone_masked', 'residence_category', 'household_id', 'relation', 'room_id', 'address', 'registered_address',
  'political_status', 'education', 'marital_status', 'religion', 'workplace', 'location', 'import_id', 'created_by', 'updated_by',
]

/**
 * Writes a batch of prepared people inside the caller's bulk transaction: households first (one per
 * new household number; an existing one in scope is joined), then the people by COPY. Call
 * finishPeopleImport once after the last batch. Returns the number of people written.
 */
export async function writePeople(
  tx: Kysely<DB>,
  copy: CopyFn,
  cipher: FieldCipher,
  prepared: Iterable<PreparedPerson> | PreparedPerson[],
  opts: { importId: number; actor: string; scopeCode: string },
): Promise<number> {
  const list = Array.isArray(prepared) ? prepared : [...prepared]
  const prefix = codePrefix(opts.scopeCode)
  // Households: existing ones (by number, in scope), new ones for the rest.
  const numbers = [...new Set(list.map((p) => p.householdNo).filter((n): n is string => n !== null))]
  const households = new Map<string, number>()
  for (let i = 0; i < numbers.length; i += 10_000) {
    const r = await sql<{ id: number; household_no: string }>`
      SELECT DISTINCT ON (household_no) id, household_no FROM household
      WHERE household_no = ANY(${numbers.slice(i, i + 10_000)}::text[]) AND status = 'active' AND grid_code LIKE ${`${prefix}%`}
      ORDER BY household_no, id`.execute(tx)
    for (const h of r.rows) households.set(h.household_no, Number(h.id))
  }
  const fresh = new Map<string, PreparedPerson>()
  for (const p of list) if (p.householdNo && !households.has(p.householdNo) && !fresh.has(p.householdNo)) fresh.set(p.householdNo, p)
  if (fresh.size > 0) {
    await copy(
      { table: 'household', columns: ['grid_code', 'household_no', 'kind', 'room_id', 'address', 'import_id', 'created_by'] },
      [...fresh.entries()].map(([no, p]) => [p.gridCode, no, 'family', p.roomId, p.fields.address!, opts.importId, opts.actor]),
    )
    const r = await sql<{ id: number; household_no: string }>`SELECT id, household_no FROM household WHERE import_id = ${opts.importId}`.execute(tx)
    for (const h of r.rows) households.set(h.household_no, Number(h.id))
  }
  function* rows(): Generator<CopyValue[]> {
    for (const p of list) yield personCopyRow(cipher, p, opts.importId, opts.actor, p.householdNo ? households.get(p.householdNo)! : null)
  }
  return copy({ table: 'person', columns: PERSON_COPY_COLUMNS }, rows())
}

/** After the last batch: the current residence row of every person the import wrote. */
export async function finishPeopleImport(tx: Kysely<DB>, importId: number): Promise<void> {
  await sql`
    INSERT INTO person_residence (person_id, grid_code, room_id, address, valid_from, reason)
    SELECT id, grid_code, room_id, address, created_at, 'imported' FROM person WHERE import_id = ${importId}`.execute(tx)
}
