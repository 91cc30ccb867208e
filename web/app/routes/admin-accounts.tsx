// /admin/accounts — account administration (system admin, account.manage).
import { AccountAdmin } from '../../features/accounts'

export function AdminAccountsRoute() {
  return <AccountAdmin />
}
