import { describe, expect, it } from 'vitest'
import { auditQuery, detailSummary } from './audit-filters'

describe('auditQuery', () => {
  it('sends only the filters that are set, with the cursor', () => {
    expect(auditQuery({})).toEqual({ limit: 50 })
    expect(auditQuery({ actor: ' admin ', action: '', outcome: 'denied', from: '2026-01-01T00:00:00.000Z' }, 120, 20)).toEqual({
      limit: 20,
      actor: 'admin',
      outcome: 'denied',
      from: '2026-01-01T00:00:00.000Z',
      before: 120,
    })
    expect(auditQuery({ target: 'account:7' }, null)).toEqual({ limit: 50, target: 'account:7' })
  })
})

describe('detailSummary', () => {
  it('puts the detail on one line and shortens it', () => {
    expect(detailSummary({ reason: '核实身份', fields: ['phone'] })).toBe('reason: 核实身份 · fields: ["phone"]')
    expect(detailSummary({ text: 'x'.repeat(200) }, 20)).toHaveLength(20)
    expect(detailSummary({})).toBe('')
  })
})
