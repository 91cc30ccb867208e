// The test-log scanner: what counts as personal data or a secret in a log line, and what does not.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { scanLogDir, scanText } from './log-scan.js'

const kinds = (text: string) => scanText(text).map((h) => h.kind)

describe('log scanner', () => {
  it('finds mainland mobile numbers standing alone, masked', () => {
    expect(scanText('{"msg":"call 13812345678 now"}')).toEqual([{ line: 1, kind: 'mobile number', masked: '138****5678' }])
    expect(kinds('手机13912345678。')).toEqual(['mobile number'])
    expect(kinds('"phone":"19912345678"')).toEqual(['mobile number'])
    expect(kinds('"phone":19912345678,')).toEqual(['mobile number'])
  })

  it('ignores digit runs that only contain a mobile-shaped part', () => {
    for (const text of [
      '12812345678', // 12x is no mobile prefix
      '138123456789', // 12 digits
      '013812345678',
      '630102001001001', // a grid code
      '"time":1732601234567', // epoch milliseconds
      '"responseTime":3.13812345678', // the fraction of a decimal
      'sha256 ab13812345678cd', // inside a hash or token
    ]) {
      expect(kinds(text), text).toEqual([])
    }
  })

  it('finds 18-character resident ID numbers, with a final X or x, masked', () => {
    expect(scanText('id 630102199001011234 end')).toEqual([{ line: 1, kind: 'resident ID number', masked: '630102********1234' }])
    expect(kinds('"idNumber":"63010219900101123X"')).toEqual(['resident ID number'])
    expect(kinds('63010219900101123x')).toEqual(['resident ID number'])
    expect(kinds('6301021990010112345')).toEqual([]) // 19 digits
    expect(kinds('a630102199001011234')).toEqual([])
    expect(kinds('63010219900101123Xy')).toEqual([])
  })

  it('finds session cookies and API tokens', () => {
    expect(scanText('cookie: frontline_session=abc123; lang=zh')).toEqual([{ line: 1, kind: 'session cookie', masked: 'frontline_session=****' }])
    expect(kinds('"authorization":"Bearer flt_Zx9-abc"')).toEqual(['API token'])
    expect(kinds('authorization: bearer   flt_')).toEqual(['API token'])
    expect(kinds('the cookie is named frontline_session')).toEqual([])
    expect(kinds('Bearer xyz')).toEqual([])
  })

  it('finds secret JSON fields with a value, but not redacted or empty ones', () => {
    expect(scanText('{"password":"hunter2"}')).toEqual([{ line: 1, kind: 'secret field', masked: '"password": "****"' }])
    expect(kinds('{"newPassword": "x", "totpSecret":"JBSWY3DP", "secret": 123456, "currentPassword":true}')).toEqual([
      'secret field',
      'secret field',
      'secret field',
      'secret field',
    ])
    expect(kinds('{"password":"[Redacted]","secret":"","newPassword":null}')).toEqual([])
    expect(kinds('{"passwordPolicy":"mlps","msg":"password changed"}')).toEqual([])
    // JSON logged inside a string (a raw body) is JSON too.
    expect(kinds(JSON.stringify({ body: JSON.stringify({ username: 'li', password: 'hunter2' }) }))).toEqual(['secret field'])
    expect(kinds(JSON.stringify({ body: JSON.stringify({ password: '[Redacted]', secret: '' }) }))).toEqual([])
  })

  it('counts every hit with its line', () => {
    const hits = scanText('clean\n13812345678 and 13912345678\n{"password":"p"}\n')
    expect(hits.map((h) => [h.line, h.kind])).toEqual([
      [2, 'mobile number'],
      [2, 'mobile number'],
      [3, 'secret field'],
    ])
  })

  it('scans every file of a folder and names file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-logscan-'))
    try {
      fs.writeFileSync(path.join(dir, 'a.log'), '{"msg":"ok"}\n{"msg":"ok"}\n')
      fs.writeFileSync(path.join(dir, 'b.log'), '{"msg":"ok"}\n{"msg":"x","phone":"15912345678"}\n')
      const r = scanLogDir(dir)
      expect(r).toMatchObject({ files: 2, lines: 4 })
      expect(r.hits).toEqual([{ file: path.join(dir, 'b.log'), line: 2, kind: 'mobile number', masked: '159****5678' }])
      expect(scanLogDir(path.join(dir, 'missing'))).toEqual({ files: 0, lines: 0, hits: [] })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
