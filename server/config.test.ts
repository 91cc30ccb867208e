import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, isProxyAddress, loadConfig } from './config.ts'

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

  it('defaults the HTTP security settings to safe values', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ rateLimitPerMinute: 600, loginRateLimitPerMinute: 20, trustProxy: [], cookieSecure: true })
  })

  it('reads the HTTP security variables', () => {
    const c = loadConfig({
      FRONTLINE_RATE_LIMIT: '1200',
      FRONTLINE_LOGIN_RATE_LIMIT: '5',
      FRONTLINE_TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16 ,fd00::/8,loopback, 172.16.0.0/255.240.0.0',
      FRONTLINE_COOKIE_SECURE: 'false',
    })
    expect(c).toMatchObject({
      rateLimitPerMinute: 1200,
      loginRateLimitPerMinute: 5,
      trustProxy: ['10.0.0.1', '192.168.0.0/16', 'fd00::/8', 'loopback', '172.16.0.0/255.240.0.0'],
      cookieSecure: false,
    })
    expect(loadConfig({ FRONTLINE_COOKIE_SECURE: '0' }).cookieSecure).toBe(false)
    expect(loadConfig({ FRONTLINE_COOKIE_SECURE: 'TRUE' }).cookieSecure).toBe(true)
    expect(loadConfig({ FRONTLINE_TRUST_PROXY: ' , ' }).trustProxy).toEqual([])
  })

  it('names each offending HTTP security variable', () => {
    try {
      loadConfig({
        FRONTLINE_RATE_LIMIT: '0',
        FRONTLINE_LOGIN_RATE_LIMIT: 'many',
        FRONTLINE_TRUST_PROXY: '10.0.0.1,example.org,10.0.0.0/33,0.0.0.0/0',
        FRONTLINE_COOKIE_SECURE: 'maybe',
      })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const problems = (err as ConfigError).problems
      expect(new Set(problems.map((p) => p.split(':')[0]))).toEqual(
        new Set(['FRONTLINE_RATE_LIMIT', 'FRONTLINE_LOGIN_RATE_LIMIT', 'FRONTLINE_TRUST_PROXY', 'FRONTLINE_COOKIE_SECURE']),
      )
      // Each bad proxy entry is named; the good one is not.
      expect(problems.filter((p) => p.startsWith('FRONTLINE_TRUST_PROXY'))).toHaveLength(3)
      expect(problems.join('\n')).toMatch(/"example\.org" is not an IP address/)
      expect(problems.join('\n')).toMatch(/"10\.0\.0\.0\/33" is not an IP address/)
      expect(problems.join('\n')).toMatch(/"0\.0\.0\.0\/0" trusts every address/)
    }
  })

  it('accepts only what Fastify trustProxy accepts as a proxy entry', () => {
    for (const ok of ['127.0.0.1', '::1', '10.0.0.0/8', '2001:db8::/32', '10.0.0.0/255.0.0.0', '10.0.0.0/255.255.255.255', 'loopback', 'linklocal', 'uniquelocal']) {
      expect(isProxyAddress(ok), ok).toBe(true)
    }
    for (const bad of ['', 'true', '*', 'localhost', '10.0.0.0/', '10.0.0.0/33', '::/129', '10.0.0.0/8/8', '::1/255.0.0.0', '10.0.0.0/255.0.255.0', '0.0.0.0/0.0.0.0', '1.2.3']) {
      expect(isProxyAddress(bad), bad).toBe(false)
    }
  })
})
