import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('configuration', () => {
  it('defaults to the embedded database in ./data on port 3000', () => {
    const c = loadConfig({})
    expect(c.databaseUrl).toBeUndefined()
    expect(path.basename(c.dataDir)).toBe('data')
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info' })
  })

  it('reads every variable', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', FRONTLINE_DATA_DIR: '/tmp/x', PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'warn' })
    expect(c).toMatchObject({ databaseUrl: 'postgres://u@h:5432/d', dataDir: '/tmp/x', port: 8080, host: '0.0.0.0', logLevel: 'warn' })
  })

  it('names every offending variable at once', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud', FRONTLINE_BODY_LIMIT: '12' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const names = (err as ConfigError).problems.map((p) => p.split(':')[0])
      expect(new Set(names)).toEqual(new Set(['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'FRONTLINE_BODY_LIMIT']))
    }
  })

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
  })
})
