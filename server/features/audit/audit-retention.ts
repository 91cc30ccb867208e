// The retention rule of the audit trail, run by the server: a prune at start and then once a day,
// with the retention the security admin set (security policy, audit.retentionDays ≥ 185 days).
import type { AppDatabase } from '../../db-schema.ts'
import { getSecurityPolicy } from '../accounts/security-policy.ts'
import { pruneAudit } from './audit.repository.ts'

/** The subset of a pino/Fastify logger the retention job writes to. */
export interface RetentionLog {
  info(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export const AUDIT_RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000

/**
 * Prunes the audit trail now and then every `intervalMs` (default 24 h). The timer does not keep the
 * process alive; a failed run is logged, never thrown. Returns a stop function, which resolves once a
 * run in progress has finished (await it before closing the database).
 */
export function startAuditRetention(
  database: AppDatabase,
  log: RetentionLog,
  options: { intervalMs?: number } = {},
): () => Promise<void> {
  let running: Promise<void> | null = null
  let stopped = false
  const run = (): void => {
    if (stopped || running) return
    running = (async () => {
      try {
        const policy = await getSecurityPolicy(database.db, true)
        const result = await pruneAudit(database.db, policy.audit.retentionDays, new Date(), { actor: 'system', source: 'retention' })
        if (result.refused) {
          log.error({ audit: result }, `audit retention refused: ${result.refused.message}; nothing was removed (run frontline audit-verify)`)
        } else if (result.removed > 0) {
          log.info({ audit: result }, `audit retention: removed ${result.removed} records older than ${result.retentionDays} days`)
        }
      } catch (err) {
        log.error({ err }, 'audit retention failed')
      } finally {
        running = null
      }
    })()
  }
  run()
  const timer = setInterval(run, options.intervalMs ?? AUDIT_RETENTION_INTERVAL_MS)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}
