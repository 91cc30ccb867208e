// Public entry of the accounts feature (账号管理): the system admin's account administration.
export type { AccountView, AccountList, AccountCreated } from './types'
export { AccountAdmin } from './components/account-admin'
export { scopeLevelsFor, roleChoices } from './lib/account-form'
