// Demo accounts of the Xining demo city: one account per role, scoped along one branch of the
// hierarchy (西宁市 → 城中区 → 人民街街道 → 南关街社区 → its first grid), and one grid worker for every
// grid of the city, assigned to it. All share DEMO_PASSWORD (hashed once), need no password change
// and have no TOTP yet, so the first login goes through TOTP enrolment with a QR code.
// For demonstrations only: a real installation creates its accounts through the system admin.
import { sql, type Kysely } from 'kysely'
import type { AppDatabase, DB } from '../../db-schema.ts'
import { ROLES, ROLE_LABELS, ROLE_SCOPE_LEVELS, type Role } from '../../../shared/roles.ts'
import { levelOfCode } from '../../../shared/area-codes.ts'
import { PASSWORD_PROFILES, checkPassword, hashPassword } from '../accounts/index.ts'

/** The one password of every demo account: passes the MLPS and NIST profiles (checked when seeding). */
export const DEMO_PASSWORD = 'Demo@Xining2025'

export interface DemoAccount {
  username: string
  role: Role
  scopeCode: string
  displayName: string
  /** Staff phone number: fake, deterministic, to show masking (grid workers get 1390971 + a serial). */
  phone?: string
  description: string
}

/** The community whose branch the demo's staff accounts follow, and its first grid. */
const CITY = '630100'
const DISTRICT = '630103' // 城中区
const STREET = '630103001' // 人民街街道
const COMMUNITY = '630103001003' // 南关街社区
const GRID = '630103001003001' // 南关街社区第一网格

/** Prefix of the grid workers' usernames: gw + grid code (gw630103001003001). */
export const GRID_WORKER_PREFIX = 'gw'

/** One account per role (the grid worker shown is one of the city's grid workers, see below). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'city.admin', role: 'city_admin', scopeCode: CITY, displayName: '市综治中心 管理员', phone: '13809710001', description: 'City admin: the whole of 西宁市' },
  { username: 'district.staff', role: 'district_staff', scopeCode: DISTRICT, displayName: '城中区综治指挥中心 值班员', phone: '13809710002', description: 'District command centre of 城中区' },
  { username: 'street.staff', role: 'street_staff', scopeCode: STREET, displayName: '人民街街道综治工作中心 专干', phone: '13809710003', description: 'Street work centre of 人民街街道 (城中区)' },
  { username: 'community.staff', role: 'community_staff', scopeCode: COMMUNITY, displayName: '南关街社区综治工作站 站长', phone: '13809710004', description: 'Community work station of 南关街社区' },
  { username: `${GRID_WORKER_PREFIX}${GRID}`, role: 'grid_worker', scopeCode: GRID, displayName: '网格员 南关街社区第一网格', description: 'Grid worker of 南关街社区第一网格 — every grid has one: gw + grid code' },
  { username: 'dept.handler', role: 'department_handler', scopeCode: DISTRICT, displayName: '城中区城市管理局 处置员', phone: '13809710006', description: 'Department handler in 城中区' },
  { username: 'mediator', role: 'mediator', scopeCode: STREET, displayName: '人民街街道 人民调解员', phone: '13809710007', description: 'People\'s mediator of 人民街街道' },
  { username: 'volunteer', role: 'volunteer', scopeCode: COMMUNITY, displayName: '南关街社区 志愿者', phone: '13809710008', description: 'Volunteer in 南关街社区' },
  { username: 'sysadmin', role: 'system_admin', scopeCode: CITY, displayName: '系统管理员', phone: '13809710009', description: 'System admin (三员): accounts and grid assignments' },
  { username: 'secadmin', role: 'security_admin', scopeCode: CITY, displayName: '安全管理员', phone: '13809710010', description: 'Security admin (三员): the security policy' },
  { username: 'auditor', role: 'auditor', scopeCode: CITY, displayName: '安全审计员', phone: '13809710011', description: 'Auditor (三员): the audit log' },
]

/** Checks the constants against the rules they must obey (run by the seed and the tests). */
export function checkDemoAccounts(): void {
  const roles = DEMO_ACCOUNTS.map((a) => a.role)
  if (roles.length !== ROLES.length || ROLES.some((r) => !roles.includes(r))) throw new Error('demo accounts: not one per role')
  for (const a of DEMO_ACCOUNTS) {
    const level = levelOfCode(a.scopeCode)
    if (!level || !ROLE_SCOPE_LEVELS[a.role].includes(level)) throw new Error(`demo account ${a.username}: scope ${a.scopeCode} does not fit ${a.role}`)
  }
  const context = DEMO_ACCOUNTS.flatMap((a) => [a.username, a.displayName])
  for (const policy of [PASSWORD_PROFILES.mlps, PASSWORD_PROFILES.nist]) {
    const problems = checkPassword(DEMO_PASSWORD, policy, context)
    if (problems.length > 0) throw new Error(`demo password breaks the ${policy.profile} profile: ${problems.join(', ')}`)
  }
}

export interface DemoAccountsResult {
  staff: number
  gridWorkers: number
}

/**
 * Creates the demo accounts in `db` (the demo city's seed transaction, or a transaction of its own):
 * one INSERT … SELECT for the grid workers of every current grid under the city, one for their grid
 * assignments, and the staff accounts of DEMO_ACCOUNTS. The password is hashed once.
 */
export async function seedDemoAccounts(db: Kysely<DB>): Promise<DemoAccountsResult> {
  checkDemoAccounts()
  const hash = await hashPassword(DEMO_PASSWORD)
  const workers = await sql`
    INSERT INTO account (username, display_name, role, scope_code, phone, password_hash, must_change_password)
    SELECT ${GRID_WORKER_PREFIX} || g.code, '网格员 ' || g.name, 'grid_worker', g.code,
           -- fake, deterministic: 139 0971 + a serial
           '1390971' || lpad(((row_number() OVER (ORDER BY g.code)) % 10000)::text, 4, '0'),
           ${hash}, false
    FROM area g
    WHERE g.level = 'grid' AND g.valid_to IS NULL AND g.path LIKE ${`${CITY}.%`}
    ORDER BY g.code`.execute(db)
  await sql`
    INSERT INTO grid_assignment (grid_code, account_id, assigned_by)
    SELECT a.scope_code, a.id, 'demo'
    FROM account a JOIN area g ON g.code = a.scope_code
    WHERE a.role = 'grid_worker' AND g.level = 'grid' AND a.username = ${GRID_WORKER_PREFIX} || a.scope_code`.execute(db)
  const staff = DEMO_ACCOUNTS.filter((a) => a.role !== 'grid_worker')
  await sql`
    INSERT INTO account (username, display_name, role, scope_code, phone, password_hash, must_change_password)
    VALUES ${sql.join(staff.map((a) => sql`(${a.username}, ${a.displayName}, ${a.role}, ${a.scopeCode}, ${a.phone ?? null}, ${hash}, false)`))}`.execute(db)
  return { staff: staff.length, gridWorkers: Number(workers.numAffectedRows ?? 0) }
}

/**
 * Seeds the demo accounts into a database whose demo city exists but that has no account at all (a
 * database made before accounts existed). Returns whether it did: an installation with accounts of
 * its own never gets demo accounts.
 */
export async function ensureDemoAccounts(database: AppDatabase): Promise<boolean> {
  return database.db.transaction().execute(async (trx) => {
    const r = await sql<{ city: boolean; accounts: boolean }>`
      SELECT EXISTS (SELECT 1 FROM area WHERE code = ${CITY}) AS city, EXISTS (SELECT 1 FROM account) AS accounts`.execute(trx)
    if (!r.rows[0]?.city || r.rows[0].accounts) return false
    await seedDemoAccounts(trx)
    return true
  })
}

/** The demo accounts as a plain-text table for the console (first start of `serve --demo`, `seed-demo`). */
export function formatDemoAccounts(gridWorkers?: number): string {
  const rows = DEMO_ACCOUNTS.map((a) => [a.username, `${a.role} (${ROLE_LABELS[a.role].zh})`, a.scopeCode, a.description])
  const header = ['username', 'role', 'scope', 'about']
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0)
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))))
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i < cells.length - 1 ? c + ' '.repeat(widths[i]! - width(c)) : c)).join('  ')}`.trimEnd()
  return [
    'Demo accounts — FOR THE DEMO ONLY: anyone who reads this can log in. Never use them with real data.',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `  … and one grid worker per grid${gridWorkers ? ` (${gridWorkers})` : ''}: gw + grid code, e.g. gw630102001001001`,
    `Password of every demo account: ${DEMO_PASSWORD}`,
    'At the first login each account enrols its second factor (TOTP): scan the QR code with an authenticator app.',
  ].join('\n')
}
