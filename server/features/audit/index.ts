// Public entry of the audit feature: the append-only, hash-chained audit trail.
export { appendAudit, appendAuditIn, verifyAuditChain, latestAuditEvents } from './audit.repository.ts'
export type { AuditInput } from './audit.repository.ts'
export { verifyChain, ChainVerifier, GENESIS_HASH } from './audit-chain.ts'
export type { AuditRecord, ChainVerdict, AuditOutcome } from './audit-chain.ts'
