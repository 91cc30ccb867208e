// The whole database as Kysely sees it: the union of every feature's table types.
import type { AreaTables } from './features/areas/area.tables.ts'
import type { AuditTables } from './features/audit/audit.tables.ts'
import type { AccountTables } from './features/accounts/account.tables.ts'
import type { RegistryTables } from './features/registry/registry.tables.ts'
import type { CaseTables } from './features/cases/case.tables.ts'
import type { Database } from './infra/db/database.ts'

export type DB = AreaTables & AuditTables & AccountTables & RegistryTables & CaseTables

export type AppDatabase = Database<DB>
