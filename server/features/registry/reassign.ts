// When grid boundaries change, every registry record moves to the grid it now lies in — inside the
// boundary change's own transaction, so the map and the registry never disagree (a dry run reports
// what would move). Set-based SQL, one statement per table:
//   buildings, organizations, facilities, concerns: the current grid containing their point
//     (lowest code on a shared edge); a point no grid contains keeps its grid;
//   people: their room's building's grid; else their own point's grid; else, when their grid was
//     abolished, the grid containing a point of the abolished grid;
//   households and rentals: their room's building's grid (households without a room: their grid
//     was abolished → as people);
//   list entries follow their person (trigger of migration 0006), and registry_total stays exact
//     through the tables' triggers.
// Each moved record gets a registry_change row 'reassign' (gridCode [old, new]).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { codePrefix } from '../accounts/index.ts'

export interface ReassignInput {
  rootCode: string
  changeId: number | null
  actor: string
}

/** Records moved, per table. */
export type ReassignCounts = Record<'building' | 'organization' | 'facility' | 'concern' | 'person' | 'household' | 'rental', number>

/** The grid (current, lowest code) containing `point`, as a SQL expression. */
const gridOf = (point: ReturnType<typeof sql.ref>) => sql`(SELECT code FROM current_area WHERE level = 'grid' AND ST_Intersects(geom, ${point}) ORDER BY code LIMIT 1)`

export async function reassignRegistry(trx: Kysely<DB>, input: ReassignInput): Promise<Record<string, number>> {
  const prefix = `${codePrefix(input.rootCode)}%`
  const reason = input.changeId !== null ? `boundary change ${input.changeId}` : 'boundary change'
  const counts: ReassignCounts = { building: 0, organization: 0, facility: 0, concern: 0, person: 0, household: 0, rental: 0 }

  // Records with a point of their own.
  for (const table of ['building', 'organization', 'facility', 'concern'] as const) {
    const versioned = sql`, version = t.version + 1, updated_at = now(), updated_by = ${input.actor}`
    const r = await sql<{ n: number }>`
      WITH target AS (
        SELECT t.id, t.grid_code AS old, ${gridOf(sql.ref('t.location'))} AS new
        FROM ${sql.table(table)} t
        WHERE t.grid_code LIKE ${prefix} AND t.location IS NOT NULL
      ), moved AS (
        UPDATE ${sql.table(table)} t SET grid_code = target.new ${versioned}
        FROM target WHERE t.id = target.id AND target.new IS NOT NULL AND target.new <> target.old
        RETURNING t.id, target.old, target.new
      ), logged AS (
        INSERT INTO registry_change (entity, entity_id, grid_code, action, actor, changes, reason)
        SELECT ${table}, id, new, 'reassign', ${input.actor}, jsonb_build_object('gridCode', jsonb_build_array(old, new)), ${reason} FROM moved
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM logged`.execute(trx)
    counts[table] = r.rows[0]!.n
  }

  // People: by room, by own point, or out of an abolished grid.
  const people = await sql<{ n: number }>`
    WITH target AS (
      SELECT p.id, p.grid_code AS old,
        coalesce(
          (SELECT b.grid_code FROM room r JOIN building b ON b.id = r.building_id WHERE r.id = p.room_id),
          CASE WHEN p.location IS NOT NULL THEN ${gridOf(sql.ref('p.location'))} END,
          CASE WHEN NOT EXISTS (SELECT 1 FROM current_area c WHERE c.code = p.grid_code) THEN
            (SELECT ${gridOf(sql.ref('x.pt'))} FROM (
              SELECT ST_PointOnSurface(ab.geom) AS pt FROM area_boundary ab WHERE ab.area_code = p.grid_code ORDER BY ab.valid_from DESC LIMIT 1) x)
          END
        ) AS new
      FROM person p
      WHERE p.grid_code LIKE ${prefix}
    ), moved AS (
      UPDATE person p SET grid_code = target.new, version = p.version + 1, updated_at = now(), updated_by = ${input.actor}
      FROM target WHERE p.id = target.id AND target.new IS NOT NULL AND target.new <> target.old
      RETURNING p.id, target.old, target.new
    ), logged AS (
      INSERT INTO registry_change (entity, entity_id, grid_code, action, actor, changes, reason)
      SELECT 'person', id, new, 'reassign', ${input.actor}, jsonb_build_object('gridCode', jsonb_build_array(old, new)), ${reason} FROM moved
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM logged`.execute(trx)
  counts.person = people.rows[0]!.n

  const households = await sql`
    UPDATE household h SET grid_code = x.new, version = h.version + 1
    FROM (
      SELECT h2.id,
        coalesce(
          (SELECT b.grid_code FROM room r JOIN building b ON b.id = r.building_id WHERE r.id = h2.room_id),
          CASE WHEN NOT EXISTS (SELECT 1 FROM current_area c WHERE c.code = h2.grid_code) THEN
            (SELECT ${gridOf(sql.ref('y.pt'))} FROM (
              SELECT ST_PointOnSurface(ab.geom) AS pt FROM area_boundary ab WHERE ab.area_code = h2.grid_code ORDER BY ab.valid_from DESC LIMIT 1) y)
          END) AS new
      FROM household h2 WHERE h2.grid_code LIKE ${prefix}
    ) x
    WHERE h.id = x.id AND x.new IS NOT NULL AND x.new <> h.grid_code`.execute(trx)
  counts.household = Number(households.numAffectedRows ?? 0)

  const rentals = await sql`
    UPDATE rental t SET grid_code = b.grid_code, version = t.version + 1
    FROM room r JOIN building b ON b.id = r.building_id
    WHERE t.room_id = r.id AND t.grid_code LIKE ${prefix} AND t.grid_code <> b.grid_code`.execute(trx)
  counts.rental = Number(rentals.numAffectedRows ?? 0)
  return counts
}
