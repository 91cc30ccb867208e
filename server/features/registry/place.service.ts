// What the use cases of organizations (organization.service.ts), facilities (facility.service.ts) and
// residents' concerns (concern.service.ts) share: the version conflict, field problems as error
// details, cursors, area filters, reasons, and placement — where a record lies (its grid and point):
//   organizations: a building (its grid and point), a location, the address of a registered building
//                  (its grid and point), or a grid code with a location;
//   facilities:    a location (a grid code given too must agree);
//   concerns:      a location or a grid code, else the grid (and point) of the resident it comes from.
// Whatever is found must lie in the caller's scope (placement.ts audits attempts outside it).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { codePrefix } from '../accounts/index.ts'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import type { LonLat } from '../../../shared/registry/api-types.ts'
import { textProblem, type FieldProblem } from '../../../shared/registry/place-fields.ts'
import type { RegistryContext } from './registry-context.ts'
import { gridAt, resolvePlacement } from './placement.ts'

// --- errors --------------------------------------------------------------------------------------------

export const stale = (current: number) =>
  new AppError('conflict', 'The record was changed by someone else since you read it: reload it and apply your change again', [
    { field: '/version', location: 'body', message: `current version is ${current}`, problem: 'stale_version' },
  ])

export const bodyProblem = (field: string, problem: string, message: string): ErrorDetail => ({ field: `/${field}`, location: 'body', message, problem })

export const queryProblem = (field: string, problem: string, message: string): ErrorDetail => ({ field: `/${field}`, location: 'querystring', message, problem })

/** The shared validators' problems as error details of the body. */
export function bodyProblems(problems: FieldProblem[]): ErrorDetail[] {
  return problems.map((p) => bodyProblem(p.field, p.problem, p.message))
}

/** 409 when `problems` is exactly one conflict (a duplicate key), else 400 with all of them. */
export function refuse(problems: ErrorDetail[], conflictProblems: string[], conflictMessage: string): never {
  if (problems.length > 0 && problems.every((p) => conflictProblems.includes(p.problem ?? ''))) throw new AppError('conflict', conflictMessage, problems)
  throw validationFailed(problems)
}

/** A reason (closing, retiring): trimmed, at least 2 characters, one line. */
export function reasonOf(raw: string, field = 'reason'): string {
  const reason = raw.normalize('NFC').trim()
  if ([...reason].length < 2) throw validationFailed([bodyProblem(field, 'too_short', 'must say why')])
  const p = textProblem(reason, { max: 200 })
  if (p) throw validationFailed([bodyProblem(field, p.problem, `${field} ${p.message}`)])
  return reason
}

/** A record left 'active' (or 'open') cannot be changed: 409 with the status. */
export const notActive = (what: string, status: string) =>
  new AppError('conflict', `The ${what} is ${status}: it can no longer be changed`, [{ field: '/version', location: 'body', message: `status is ${status}`, problem: 'not_active' }])

// --- reading -------------------------------------------------------------------------------------------

export interface GridColumns {
  grid_code: string
  grid_name: string
  grid_level: AreaLevel
}

export const gridRef = (r: GridColumns) => ({ code: r.grid_code, name: r.grid_name, level: r.grid_level })

export const iso = (d: Date | string) => new Date(d).toISOString()

export const lonLat = (lon: number | null, lat: number | null): LonLat | null => (lon === null || lat === null ? null : { lon: Number(lon), lat: Number(lat) })

export const point = (p: LonLat) => sql`ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)`

/** `LIKE` pattern of a prefix, its wildcards escaped. */
export const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`

/** SQL condition limiting `column` (a grid code) to the area `areaCode`, which must lie in scope (else 404, audited). */
export async function areaCondition(ctx: RegistryContext, column: string, areaCode: string) {
  const area = await ctx.scope.requireArea(areaCode)
  return sql<boolean>`${sql.ref(column)} LIKE ${`${codePrefix(area.code)}%`}`
}

/** Cursor of a page ordered by id, newest first. */
export const idCursor = (id: number) => Buffer.from(String(id), 'utf8').toString('base64url')

export function idBefore(cursor: string): number {
  const before = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!Number.isSafeInteger(before) || before < 1) throw validationFailed([queryProblem('cursor', 'bad_cursor', 'is not a cursor of this list')])
  return before
}

/** The filters a search used (names, never values), for its audit record. */
export const filtersOf = (s: object) => Object.entries(s).flatMap(([k, v]) => (k !== 'limit' && v !== undefined ? [k] : []))

// --- placement -----------------------------------------------------------------------------------------

export interface PlaceInput {
  buildingId?: number | null
  location?: LonLat | null
  address?: string | null
  gridCode?: string | null
}

export interface Place {
  gridCode: string
  buildingId: number | null
  location: LonLat | null
  /** The building's address, when placed at or by a building. */
  buildingAddress: string | null
  how: 'building' | 'location' | 'address' | 'grid' | 'person'
}

interface BuildingRow {
  id: number
  grid_code: string
  address: string
  lon: number
  lat: number
}

async function buildingRow(db: Kysely<DB>, id: number): Promise<BuildingRow | undefined> {
  return (
    await sql<BuildingRow>`
      SELECT id, grid_code, address, ST_X(location) AS lon, ST_Y(location) AS lat FROM building WHERE id = ${id} AND status = 'active'`.execute(db)
  ).rows[0]
}

/** An active building in scope, or a not_found problem on `/buildingId` (audited when it lies elsewhere). */
async function requireBuilding(ctx: RegistryContext, db: Kysely<DB>, id: number, problems: ErrorDetail[]): Promise<BuildingRow | undefined> {
  const b = await buildingRow(db, id)
  if (!b || !ctx.scope.containsCode(b.grid_code)) {
    if (b) await ctx.scope.deny(`building:${id}`)
    problems.push(bodyProblem('buildingId', 'not_found', `building ${id} does not exist`))
    return undefined
  }
  return b
}

/**
 * Places a record that needs a point (organizations, facilities): a building (its grid and point; a
 * location given too must lie in the building's grid), else placement.ts (location, address of a
 * registered building, grid code) with the point given or the building's. Pushes the problems that
 * prevent it onto `problems` and returns undefined.
 */
export async function placeWithPoint(ctx: RegistryContext, db: Kysely<DB>, input: PlaceInput, problems: ErrorDetail[], o: { buildings: boolean }): Promise<Place | undefined> {
  if (o.buildings && input.buildingId != null) {
    const b = await requireBuilding(ctx, db, input.buildingId, problems)
    if (!b) return undefined
    if (input.gridCode && input.gridCode !== b.grid_code) {
      problems.push(bodyProblem('gridCode', 'grid_mismatch', `does not agree with the building, which lies in grid ${b.grid_code}`))
      return undefined
    }
    if (input.location) {
      const at = await gridAt(db, input.location)
      if (at !== b.grid_code) {
        problems.push(bodyProblem('location', 'grid_mismatch', `lies ${at ? `in grid ${at}` : 'outside every grid'}, not in the building's grid ${b.grid_code}`))
        return undefined
      }
    }
    return { gridCode: b.grid_code, buildingId: Number(b.id), location: input.location ?? { lon: Number(b.lon), lat: Number(b.lat) }, buildingAddress: b.address, how: 'building' }
  }
  if (!o.buildings && input.location == null) {
    problems.push(bodyProblem('location', 'required', 'is required: where the facility stands'))
    return undefined
  }
  const p = await resolvePlacement(ctx, db, { location: input.location, address: o.buildings ? input.address : undefined, gridCode: input.gridCode }, problems)
  if (!p) return undefined
  let location = input.location ?? null
  let buildingAddress: string | null = null
  if (p.buildingId !== null) {
    const b = await buildingRow(db, p.buildingId)
    if (b) {
      location ??= { lon: Number(b.lon), lat: Number(b.lat) }
      buildingAddress = b.address
    }
  }
  if (!location) {
    problems.push(bodyProblem('location', 'required', 'is required: give a location, a building, or the address of a registered building'))
    return undefined
  }
  return { gridCode: p.gridCode, buildingId: p.how === 'address' ? p.buildingId : null, location, buildingAddress, how: p.how === 'room' ? 'building' : p.how }
}
