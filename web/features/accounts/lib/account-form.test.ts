import { describe, expect, it } from 'vitest'
import type { AccountView } from '../types'
import { buildPatch, editValuesOf, patchChangesSomething, roleChoices, scopeFits, scopeLevelsFor } from './account-form'

const account: AccountView = {
  id: 7,
  username: 'wang.wei',
  displayName: '王伟',
  role: 'grid_worker',
  scope: { code: '630102001001', name: '某社区', level: 'community' },
  status: 'active',
  phone: '138****5678',
  totpEnrolled: true,
  mustChangePassword: false,
  lastLoginAt: null,
  passwordChangedAt: '2026-01-01T00:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
  gridCount: 2,
  version: 4,
}

describe('roles and scopes', () => {
  it('offers the scope levels of the role', () => {
    expect(scopeLevelsFor('grid_worker')).toEqual(['community', 'grid'])
    expect(scopeLevelsFor('auditor')).toEqual(['city'])
    expect(scopeLevelsFor(undefined)).toEqual([])
    expect(scopeFits('district_staff', 'district')).toBe(true)
    expect(scopeFits('district_staff', 'street')).toBe(false)
  })
  it('never turns an account into an admin duty, nor an admin duty into something else', () => {
    expect(roleChoices()).toContain('auditor')
    expect(roleChoices('grid_worker')).not.toContain('auditor')
    expect(roleChoices('grid_worker')).not.toContain('system_admin')
    expect(roleChoices('grid_worker')).toContain('street_staff')
    expect(roleChoices('security_admin')).toEqual(['security_admin'])
  })
})

describe('buildPatch', () => {
  it('sends only the version when nothing changed', () => {
    const patch = buildPatch(account, editValuesOf(account))
    expect(patch).toEqual({ version: 4 })
    expect(patchChangesSomething(patch)).toBe(false)
  })
  it('sends what changed', () => {
    const patch = buildPatch(account, { ...editValuesOf(account), displayName: ' 王伟伟 ', scopeCode: '630102001', role: 'community_staff', phone: '13900001111', enabled: false })
    expect(patch).toEqual({ version: 4, displayName: '王伟伟', role: 'community_staff', scopeCode: '630102001', phone: '13900001111', status: 'disabled' })
    expect(patchChangesSomething(patch)).toBe(true)
  })
})
