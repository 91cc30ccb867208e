import { describe, expect, it } from 'vitest'
import { ROLE_PERMISSIONS } from '../../../../shared/roles'
import { allowedNav, homePath, safeNextPath } from './next-path'

describe('safeNextPath', () => {
  it('keeps paths of this app with their query', () => {
    expect(safeNextPath('/coverage?root=630100')).toBe('/coverage?root=630100')
    expect(safeNextPath('/admin/accounts')).toBe('/admin/accounts')
  })
  it('refuses other origins, the login page and junk', () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/login', '/login?next=/', 'admin', '', null, undefined, '/a\nb']) {
      expect(safeNextPath(bad)).toBeUndefined()
    }
  })
})

describe('homePath and allowedNav', () => {
  it('sends area readers to the map and the admin duties to their own page', () => {
    expect(homePath(ROLE_PERMISSIONS.grid_worker)).toBe('/')
    expect(homePath(ROLE_PERMISSIONS.system_admin)).toBe('/')
    expect(homePath(ROLE_PERMISSIONS.security_admin)).toBe('/admin/security')
    expect(homePath(ROLE_PERMISSIONS.auditor)).toBe('/admin/audit')
    expect(homePath([])).toBe('/account/tokens')
  })
  it('shows only what the role allows', () => {
    expect(allowedNav(ROLE_PERMISSIONS.city_admin)).toEqual(['map', 'coverage', 'import', 'registry', 'places', 'dashboard', 'cases', 'caseMetrics', 'caseConfig'])
    expect(allowedNav(ROLE_PERMISSIONS.community_staff)).toEqual(['map', 'coverage', 'registry', 'places', 'dashboard', 'cases', 'caseMetrics'])
    expect(allowedNav(ROLE_PERMISSIONS.volunteer)).toEqual(['map', 'coverage'])
    expect(allowedNav(ROLE_PERMISSIONS.system_admin)).toEqual(['map', 'coverage', 'accounts'])
    expect(allowedNav(ROLE_PERMISSIONS.security_admin)).toEqual(['security'])
    expect(allowedNav(ROLE_PERMISSIONS.auditor)).toEqual(['audit'])
  })
})
