// Public entry of the audit feature: the append-only, hash-chained audit trail, the auditor's query
// API and the retention rule.
export {
  appendAudit,
  appendAuditIn,
  verifyAuditChain,
  latestAuditEvents,
  queryAuditEvents,
  pruneAudit,
  AUDIT_PAGE_DEFAULT,
  AUDIT_PAGE_MAX,
} from './audit.repository.ts'
export type { AuditInput, AuditChainVerdict, AuditEventFilter, PruneOptions, PruneResult } from './audit.repository.ts'
export { verifyChain, ChainVerifier, GENESIS_HASH } from './audit-chain.ts'
export type { AuditRecord, ChainVerdict, ChainAnchor, AuditOutcome } from './audit-chain.ts'
export { startAuditRetention, AUDIT_RETENTION_INTERVAL_MS } from './audit-retention.ts'
export type { RetentionLog } from './audit-retention.ts'
export { auditRoutes } from './audit.routes.ts'
