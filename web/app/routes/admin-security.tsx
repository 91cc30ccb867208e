// /admin/security — the security policy (security admin, security.manage).
import { SecurityPolicyForm } from '../../features/security-policy'

export function AdminSecurityRoute() {
  return <SecurityPolicyForm />
}
