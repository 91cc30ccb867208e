// Public entry of the audit feature (安全审计): the auditor's log view and chain verification.
export { AuditLog } from './components/audit-log'
