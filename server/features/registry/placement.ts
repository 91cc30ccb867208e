// Where a record belongs: its grid, found from what the caller gives, in this order —
//   1. a room (roomId): the room's building's grid;
//   2. a location (lon/lat): the current grid containing the point (on a shared edge, the lowest code);
//   3. an address that names a registered, active building in scope (shared/registry/address.ts):
//      that building's grid, and its room when the address names unit and room;
//   4. a grid code given outright.
// A grid code given alongside 1–3 must agree with it. Whatever is found must lie in the caller's
// scope: a room or building outside it is treated as not existing, a point or grid outside it is
// refused (and the attempt audited).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { ErrorDetail } from '../../infra/http/errors.ts'
import { normalizeAddress, splitRoomAddress } from '../../../shared/registry/address.ts'
import type { LonLat } from '../../../shared/registry/api-types.ts'
import type { RegistryContext } from './registry-context.ts'

export interface PlacementInput {
  roomId?: number | null
  location?: LonLat | null
  address?: string | null
  gridCode?: string | null
}

export interface Placement {
  gridCode: string
  roomId: number | null
  buildingId: number | null
  how: 'room' | 'location' | 'address' | 'grid'
}

const problem = (field: string, code: string, message: string): ErrorDetail => ({ field: `/${field}`, location: 'body', message, problem: code })

/** The grid containing a point (lowest code on a shared edge), or undefined outside every grid. */
export async function gridAt(db: Kysely<DB>, p: LonLat): Promise<string | undefined> {
  const r = await sql<{ code: string }>`
    SELECT code FROM current_area
    WHERE level = 'grid' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326))
    ORDER BY code LIMIT 1`.execute(db)
  return r.rows[0]?.code
}

interface RoomRow {
  room_id: number
  building_id: number
  grid_code: string
}

async function roomById(db: Kysely<DB>, id: number): Promise<RoomRow | undefined> {
  const r = await sql<RoomRow>`
    SELECT r.id AS room_id, b.id AS building_id, b.grid_code FROM room r JOIN building b ON b.id = r.building_id
    WHERE r.id = ${id} AND r.status = 'active' AND b.status = 'active'`.execute(db)
  return r.rows[0]
}

/** Buildings in scope whose normalised address is `key`. */
async function buildingsByAddress(ctx: RegistryContext, db: Kysely<DB>, key: string): Promise<{ id: number; grid_code: string }[]> {
  const r = await sql<{ id: number; grid_code: string }>`
    SELECT id, grid_code FROM building WHERE address_key = ${key} AND status = 'active' AND ${ctx.scope.filterCode('grid_code')}
    ORDER BY id LIMIT 2`.execute(db)
  return r.rows
}

/**
 * Finds the placement, or pushes the problems that prevent it onto `problems` and returns undefined.
 * `required`: a record must have a grid (creates); updates pass false when nothing about the place changes.
 */
export async function resolvePlacement(ctx: RegistryContext, db: Kysely<DB>, input: PlacementInput, problems: ErrorDetail[]): Promise<Placement | undefined> {
  let found: Placement | undefined
  let field = 'gridCode'
  if (input.roomId != null) {
    field = 'roomId'
    const room = await roomById(db, input.roomId)
    if (!room || !ctx.scope.containsCode(room.grid_code)) {
      if (room) await ctx.scope.deny(`room:${input.roomId}`)
      problems.push(problem('roomId', 'not_found', `room ${input.roomId} does not exist`))
      return undefined
    }
    found = { gridCode: room.grid_code, roomId: room.room_id, buildingId: room.building_id, how: 'room' }
  } else if (input.location != null) {
    field = 'location'
    const code = await gridAt(db, input.location)
    if (!code) {
      problems.push(problem('location', 'outside_city', 'lies outside every grid of the city'))
      return undefined
    }
    if (!ctx.scope.containsCode(code)) {
      await ctx.scope.deny(`grid:${code}`, { via: 'location' })
      problems.push(problem('location', 'outside_scope', 'lies outside your area'))
      return undefined
    }
    found = { gridCode: code, roomId: null, buildingId: null, how: 'location' }
  } else if (input.address) {
    const parts = splitRoomAddress(input.address)
    const candidates = [normalizeAddress(parts.building), normalizeAddress(input.address)]
    for (const key of candidates) {
      if (!key) continue
      const hits = await buildingsByAddress(ctx, db, key)
      if (hits.length > 1 && !input.gridCode) {
        problems.push(problem('address', 'ambiguous_address', 'names more than one registered building in your area: give the room, the location or the grid'))
        return undefined
      }
      if (hits.length === 1) {
        const b = hits[0]!
        let roomId: number | null = null
        if (parts.room && key === candidates[0]) {
          const r = await sql<{ id: number }>`
            SELECT id FROM room WHERE building_id = ${b.id} AND unit = ${parts.unit ?? ''} AND number = ${parts.room} AND status = 'active'`.execute(db)
          roomId = r.rows[0]?.id ?? null
        }
        field = 'address'
        found = { gridCode: b.grid_code, roomId, buildingId: b.id, how: 'address' }
        break
      }
    }
  }
  if (input.gridCode) {
    const grid = await sql<{ code: string }>`SELECT code FROM current_area WHERE code = ${input.gridCode} AND level = 'grid'`.execute(db)
    if (!grid.rows[0] || !ctx.scope.containsCode(input.gridCode)) {
      if (grid.rows[0]) await ctx.scope.deny(`grid:${input.gridCode}`)
      problems.push(problem('gridCode', 'not_found', `grid ${input.gridCode} does not exist`))
      return undefined
    }
    if (found && found.gridCode !== input.gridCode) {
      problems.push(problem('gridCode', 'grid_mismatch', `does not agree with the ${field}, which lies in grid ${found.gridCode}`))
      return undefined
    }
    found ??= { gridCode: input.gridCode, roomId: null, buildingId: null, how: 'grid' }
  }
  if (!found) {
    problems.push(problem('address', 'no_grid', 'places the record in no grid: give a room, a location, the address of a registered building, or a grid code'))
  }
  return found
}
