// /admin/audit — the audit log and its verification (auditor, audit.read).
import { AuditLog } from '../../features/audit'

export function AdminAuditRoute() {
  return <AuditLog />
}
