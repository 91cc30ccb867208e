// A registry record's own history (registry_change): who changed what and when, written in the same
// transaction as the change. Personal values (ID numbers, phones) appear masked; the audit trail
// holds the same events for the auditor.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { ChangeEntry } from '../../../shared/registry/api-types.ts'
import type { RegistryEntity } from './registry.tables.ts'

export interface ChangeInput {
  entity: RegistryEntity
  entityId: number
  gridCode: string
  action: string
  actor: string
  changes?: Record<string, unknown>
  reason?: string | null
}

export async function recordChange(trx: Kysely<DB>, c: ChangeInput): Promise<void> {
  await sql`
    INSERT INTO registry_change (entity, entity_id, grid_code, action, actor, changes, reason)
    VALUES (${c.entity}, ${c.entityId}, ${c.gridCode}, ${c.action}, ${c.actor}, ${JSON.stringify(c.changes ?? {})}::jsonb, ${c.reason ?? null})`.execute(trx)
}

/** field → [before, after] for the fields whose value differs (undefined in `after` means unchanged). */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {}
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue
    const b = before[k] ?? null
    if (JSON.stringify(b) !== JSON.stringify(v ?? null)) out[k] = [b, v ?? null]
  }
  return out
}

interface ChangeRow {
  id: number
  entity: string
  entity_id: number
  action: string
  actor: string
  at: Date
  changes: Record<string, unknown>
  reason: string | null
}

/** Changes of the given records, newest first. */
export async function changesOf(db: Kysely<DB>, targets: { entity: RegistryEntity; ids: number[] }[], limit = 200): Promise<ChangeEntry[]> {
  const conds = targets.filter((t) => t.ids.length > 0).map((t) => sql`(entity = ${t.entity} AND entity_id = ANY(${t.ids}::bigint[]))`)
  if (conds.length === 0) return []
  const r = await sql<ChangeRow>`
    SELECT id, entity, entity_id, action, actor, at, changes, reason FROM registry_change
    WHERE ${sql.join(conds, sql` OR `)} ORDER BY id DESC LIMIT ${limit}`.execute(db)
  return r.rows.map((c) => ({
    id: Number(c.id),
    entity: c.entity,
    entityId: Number(c.entity_id),
    action: c.action,
    actor: c.actor,
    at: new Date(c.at).toISOString(),
    changes: c.changes,
    reason: c.reason,
  }))
}
