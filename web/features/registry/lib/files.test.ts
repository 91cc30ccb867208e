import { describe, expect, it } from 'vitest'
import { datedFilename, filenameFromDisposition, IMPORT_MAX_BYTES, uploadRefusal } from './files'
import { IMPORT_MAX_BYTES as SERVER_MAX_BYTES } from '../../../../server/features/registry/import.service'
import { errorOfAnswer } from '../api/binary-fetch'

describe('download names', () => {
  it('read filename* (UTF-8) before filename', () => {
    expect(filenameFromDisposition(`attachment; filename="people.xlsx"; filename*=UTF-8''${encodeURIComponent('实有人口.xlsx')}`)).toBe('实有人口.xlsx')
    expect(filenameFromDisposition('attachment; filename="people.xlsx"')).toBe('people.xlsx')
    expect(filenameFromDisposition('attachment; filename=people.xlsx')).toBe('people.xlsx')
  })

  it('drop paths and control characters, and give up on nothing', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd')
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''a%0Ab.xlsx`)).toBe('ab.xlsx')
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A`)).toBeUndefined()
    expect(filenameFromDisposition('attachment')).toBeUndefined()
    expect(filenameFromDisposition(null)).toBeUndefined()
  })

  it('put the day before the extension', () => {
    const day = new Date(2026, 2, 5)
    expect(datedFilename('实有人口.xlsx', day)).toBe('实有人口-2026-03-05.xlsx')
    expect(datedFilename('people', day)).toBe('people-2026-03-05')
  })
})

describe('uploads', () => {
  it('refuse empty and too large files before sending them, with the server\'s limit', () => {
    expect(IMPORT_MAX_BYTES).toBe(SERVER_MAX_BYTES)
    expect(uploadRefusal({ size: 0 })).toBe('empty')
    expect(uploadRefusal({ size: IMPORT_MAX_BYTES + 1 })).toBe('too_large')
    expect(uploadRefusal({ size: IMPORT_MAX_BYTES })).toBeUndefined()
  })
})

describe('errors of file answers', () => {
  it('carry the API\'s code and details, or the status', () => {
    const e = errorOfAnswer(409, JSON.stringify({ error: { code: 'conflict', message: '2 rows are invalid', details: [{ field: '/mode', message: 'x', problem: 'has_invalid_rows' }] } }), null)
    expect(e.status).toBe(409)
    expect(e.code).toBe('conflict')
    expect(e.details[0]!.problem).toBe('has_invalid_rows')
    const r = errorOfAnswer(401, JSON.stringify({ error: { code: 'reauth_required', message: 'confirm first' } }), null)
    expect(r.code).toBe('reauth_required')
    const plain = errorOfAnswer(502, 'Bad gateway', '7')
    expect(plain.code).toBe('http_error')
    expect(plain.message).toContain('Bad gateway')
    expect(plain.retryAfterSeconds).toBe(7)
  })
})
