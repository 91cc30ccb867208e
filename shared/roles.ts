// Roles and permissions: one table, read by the server (to allow or refuse) and by the web app (to
// show only what a user may do). DESIGN.md §2. Each account holds exactly one role, so the three
// admin duties (三员: system admin, security admin, auditor) are always separate accounts.
import type { AreaLevel } from './area-codes.ts'

export const ROLES = [
  'city_admin',
  'district_staff',
  'street_staff',
  'community_staff',
  'grid_worker',
  'department_handler',
  'mediator',
  'volunteer',
  'system_admin',
  'security_admin',
  'auditor',
] as const
export type Role = (typeof ROLES)[number]

/** The three separated admin duties: one account each, never changed into another role. */
export const ADMIN_DUTIES = ['system_admin', 'security_admin', 'auditor'] as const satisfies readonly Role[]
export const isAdminDuty = (role: Role): boolean => (ADMIN_DUTIES as readonly Role[]).includes(role)

export const PERMISSIONS = [
  /** Read areas, boundaries, tiles and coverage within the scope. */
  'area.read',
  /** Import or edit boundaries within the scope. */
  'area.write',
  /** List, create and change accounts; assign grid workers to grids. */
  'account.manage',
  /** Reveal masked personal data (with a reason, after re-authentication; audited). */
  'personal.unmask',
  /** Read and change the security policy (password rules, lockout, timeouts). */
  'security.manage',
  /** Read and verify the audit log. */
  'audit.read',
  /** Read the registry (people, places, things, organizations, concerns) within the scope, masked. */
  'registry.read',
  /** Register and change registry records, import spreadsheets, within the scope. */
  'registry.write',
  /** See special groups (重点人群: correction, released prisoners, mental disorder, drugs, HIV, petitioners, key youth). */
  'registry.special',
  /** Read cases within the scope (a department: the cases dispatched or copied to it). */
  'case.read',
  /** Report cases within the scope. */
  'case.report',
  /** Take workflow steps on cases: accept, dispatch, handle, verify, urge… (which ones: the workflow table). */
  'case.work',
  /** Edit the case configuration: categories, time limits, escalation rules, work calendar, departments, Open311 clients. */
  'case.configure',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const OPERATIONAL_READ: Permission[] = ['area.read']
const REGISTRY: Permission[] = ['registry.read', 'registry.write', 'registry.special']
const CASES: Permission[] = ['case.read', 'case.report', 'case.work']

// Special groups are for the governance staff and the grid worker who visits them; departments and
// mediators read the registry without them; volunteers and the admin duties do not read it at all.
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  city_admin: ['area.read', 'area.write', 'personal.unmask', ...REGISTRY, ...CASES, 'case.configure'],
  district_staff: ['area.read', 'area.write', 'personal.unmask', ...REGISTRY, ...CASES],
  street_staff: ['area.read', 'area.write', 'personal.unmask', ...REGISTRY, ...CASES],
  community_staff: ['area.read', 'personal.unmask', ...REGISTRY, ...CASES],
  grid_worker: [...OPERATIONAL_READ, ...REGISTRY, 'case.read', 'case.report'],
  department_handler: [...OPERATIONAL_READ, 'registry.read', 'case.read', 'case.work'],
  mediator: [...OPERATIONAL_READ, 'registry.read', 'case.read'],
  volunteer: [...OPERATIONAL_READ],
  system_admin: ['area.read', 'account.manage', 'personal.unmask'],
  security_admin: ['security.manage'],
  auditor: ['audit.read'],
}

export const hasPermission = (role: Role, permission: Permission): boolean => ROLE_PERMISSIONS[role].includes(permission)

/** The levels an account of each role may be scoped to. */
export const ROLE_SCOPE_LEVELS: Record<Role, readonly AreaLevel[]> = {
  city_admin: ['city'],
  district_staff: ['district'],
  street_staff: ['street'],
  community_staff: ['community'],
  grid_worker: ['community', 'grid'],
  department_handler: ['city', 'district', 'street', 'community'],
  mediator: ['city', 'district', 'street', 'community'],
  volunteer: ['city', 'district', 'street', 'community', 'grid'],
  system_admin: ['city'],
  security_admin: ['city'],
  auditor: ['city'],
}

/** Roles that get a session: all of them are staff roles, so all need the second factor (TOTP). */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  city_admin: { zh: '市级管理员（市综治中心）', en: 'City admin' },
  district_staff: { zh: '区县指挥中心', en: 'District staff' },
  street_staff: { zh: '街道（乡镇）工作中心', en: 'Street staff' },
  community_staff: { zh: '社区（村）工作站', en: 'Community staff' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  department_handler: { zh: '职能部门处置人员', en: 'Department handler' },
  mediator: { zh: '人民调解员', en: 'Mediator' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  system_admin: { zh: '系统管理员', en: 'System admin' },
  security_admin: { zh: '安全管理员', en: 'Security admin' },
  auditor: { zh: '安全审计员', en: 'Auditor' },
}
