// Where to go after logging in: the `next` of /login?next=… when it is a path of this app (never
// another origin, never the login page itself), else the user's home.
import type { Permission } from '../../../../shared/roles'

/** `next` if it is a safe in-app path, else undefined. */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next) return undefined
  // Only absolute paths of this origin: no scheme, no protocol-relative //host, no backslash tricks.
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return undefined
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(next)) return undefined
  const pathOnly = next.split(/[?#]/)[0] ?? ''
  if (pathOnly === '/login' || pathOnly.startsWith('/login/')) return undefined
  return next
}

/** The first page a user may see: the map for anyone who reads areas, else their own admin page. */
export function homePath(permissions: readonly Permission[]): string {
  if (permissions.includes('area.read')) return '/'
  if (permissions.includes('account.manage')) return '/admin/accounts'
  if (permissions.includes('security.manage')) return '/admin/security'
  if (permissions.includes('audit.read')) return '/admin/audit'
  return '/account/tokens'
}

/** The main navigation entries, each with the permission it needs, in menu order. */
export const NAV_ITEMS = [
  { key: 'map', permission: 'area.read' },
  { key: 'coverage', permission: 'area.read' },
  { key: 'import', permission: 'area.write' },
  { key: 'registry', permission: 'registry.read' },
  { key: 'places', permission: 'registry.read' },
  { key: 'dashboard', permission: 'registry.read' },
  { key: 'cases', permission: 'case.read' },
  { key: 'caseMetrics', permission: 'case.read' },
  { key: 'caseConfig', permission: 'case.configure' },
  { key: 'accounts', permission: 'account.manage' },
  { key: 'security', permission: 'security.manage' },
  { key: 'audit', permission: 'audit.read' },
] as const satisfies readonly { key: string; permission: Permission }[]

export type NavKey = (typeof NAV_ITEMS)[number]['key']

/** The navigation entries a user with these permissions sees. */
export function allowedNav(permissions: readonly Permission[]): NavKey[] {
  return NAV_ITEMS.filter((i) => permissions.includes(i.permission)).map((i) => i.key)
}
