// The scope rule end to end, over random area trees and users: through the real app and database, an
// area is readable iff the user's scope is that area or one of its ancestors; anything else reads as
// "not found" — the same answer as a code that does not exist — and the refusal is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sql } from 'kysely'
import { BACKENDS, buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts'
import { insertAccount } from './account.repository.ts'
import { hashPassword } from './password.ts'

interface Node {
  code: string
  parent: string | null
  path: string
  level: 'city' | 'district' | 'street' | 'community' | 'grid'
}

const LEVEL_BY_LENGTH = { 9: 'street', 12: 'community', 15: 'grid' } as const

/** A random tree under a fresh city code: each child code extends its parent's, like real codes. */
function treeArb() {
  return fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 999 })), { minLength: 1, maxLength: 25 }).map((spec) => {
    const root = '700000'
    const nodes: Node[] = [{ code: root, parent: null, path: root, level: 'city' }]
    for (const [pick, serial] of spec) {
      const parent = nodes[pick % nodes.length]!
      if (parent.code.length >= 15) continue
      const code =
        parent.level === 'city' ? `${root.slice(0, 4)}${String((serial % 98) + 1).padStart(2, '0')}` : `${parent.code}${String(serial).padStart(3, '0')}`
      if (nodes.some((n) => n.code === code)) continue
      const level = parent.level === 'city' ? 'district' : LEVEL_BY_LENGTH[code.length as 9 | 12 | 15]
      nodes.push({ code, parent: parent.code, path: `${parent.path}.${code}`, level })
    }
    return nodes
  })
}

describe.each(BACKENDS)('area scope over random trees on %s', (backend) => {
  let t: TestApp
  let hash: string
  let cities = 0
  beforeAll(async () => {
    t = await buildTestApp(backend)
    hash = await hashPassword('Scope#Test-2026')
  })
  afterAll(async () => t?.close())

  async function insertTree(nodes: Node[]): Promise<void> {
    const db = t.database.db
    for (const n of nodes) {
      await sql`INSERT INTO area (code, parent_code, level, name, path) VALUES (${n.code}, ${n.parent}, ${n.level}, ${`区域${n.code}`}, ${n.path})`.execute(db)
    }
    const change = await sql<{ id: number }>`
      INSERT INTO boundary_change (root_code, kind, summary) VALUES (${nodes[0]!.code}, 'seed', '{}') RETURNING id`.execute(db)
    for (const n of nodes) {
      await sql`
        INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
        VALUES (${n.code}, ${change.rows[0]!.id}, ST_Multi(ST_MakeEnvelope(80, 30, 80.001, 30.001, 4326)), 10000)`.execute(db)
    }
  }

  it('reads an area iff the user is scoped to it or an ancestor; else 404 like a missing one, audited', async () => {
    let accounts = 0
    await fc.assert(
      fc.asyncProperty(
        treeArb(),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        async (generated, probes) => {
          // A fresh city prefix per run (fast-check replays generated values while shrinking).
          const prefix = String(7001 + cities++)
          const renumber = (code: string) => `${prefix}${code.slice(4)}`
          const nodes = generated.map((n) => ({
            ...n,
            code: renumber(n.code),
            parent: n.parent && renumber(n.parent),
            path: n.path.split('.').map(renumber).join('.'),
          }))
          await insertTree(nodes)
          for (const [u, r] of probes) {
            const user = nodes[u % nodes.length]!
            const record = nodes[r % nodes.length]!
            const username = `scope${backend.slice(0, 2)}${++accounts}`
            await insertAccount(t.database.db, {
              username,
              displayName: username,
              role: 'city_admin',
              scopeCode: user.code,
              password: '',
              passwordHash: hash,
              mustChangePassword: false,
              totpSecret: 'JBSWY3DPEHPK3PXP',
            })
            const caller = await loginAs(t, username)
            const readable = record.path === user.path || record.path.startsWith(`${user.path}.`)

            const res = await t.app.inject({ url: `/api/v1/areas/${record.code}`, headers: caller.headers })
            expect(res.statusCode, `${user.path} reading ${record.path}`).toBe(readable ? 200 : 404)
            if (!readable) {
              const [last] = (await sql<{ actor: string; target: string; outcome: string }>`
                SELECT actor, target, outcome FROM audit_event ORDER BY seq DESC LIMIT 1`.execute(t.database.db)).rows
              expect(last).toMatchObject({ actor: username, target: `area:${record.code}`, outcome: 'denied' })
              // Checked after the audit record: the probe code may itself name an area outside the scope.
              const missing = await t.app.inject({ url: `/api/v1/areas/${record.code.slice(0, -1)}9`, headers: caller.headers })
              if (missing.statusCode === 404) expect(res.json().error.code).toBe(missing.json().error.code)
            }

            // Lists agree: children of a readable area, and search, hold only areas in scope.
            const search = await t.app.inject({ url: `/api/v1/areas?q=${nodes[0]!.code.slice(0, 4)}&limit=200`, headers: caller.headers })
            expect(search.statusCode).toBe(200)
            const seen = (search.json().items as { code: string }[]).map((i) => i.code).sort()
            const expected = nodes.filter((n) => n.path === user.path || n.path.startsWith(`${user.path}.`)).map((n) => n.code).sort()
            expect(seen).toEqual(expected)
            const children = await t.app.inject({ url: `/api/v1/areas?parentCode=${record.code}`, headers: caller.headers })
            expect(children.statusCode).toBe(readable ? 200 : 404)
          }
        },
      ),
      { numRuns: 12 },
    )
  })
})

describe.each(BACKENDS)('scope widening on %s', (backend) => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(backend)
  })
  afterAll(async () => t?.close())

  it('cannot be widened through query parameters, paths or headers', async () => {
    const { createTestAccount } = await import('../../../test/helpers.ts')
    const a = await createTestAccount(t, { role: 'street_staff', scopeCode: '630102001' })
    const c = await loginAs(t, a.username)
    const status = async (url: string, headers: Record<string, string> = {}) =>
      (await t.app.inject({ url, headers: { ...c.headers, ...headers } })).statusCode
    expect(await status('/api/v1/areas')).toBe(200)
    expect((await t.app.inject({ url: '/api/v1/areas', headers: c.headers })).json().items.map((i: { code: string }) => i.code)).toEqual(['630102001'])
    expect(await status('/api/v1/areas?parentCode=630100')).toBe(404)
    expect(await status('/api/v1/areas?parentCode=630102')).toBe(404)
    expect(await status('/api/v1/coverage?root=630100')).toBe(404)
    expect(await status('/api/v1/areas/630102/export')).toBe(404)
    expect(await status('/api/v1/areas/630102/geometry')).toBe(404)
    expect(await status('/api/v1/areas/630102/history')).toBe(404)
    expect(await status('/api/v1/areas?scope=630100')).toBe(400)
    expect(await status('/api/v1/areas?q=城&scopeCode=630100')).toBe(400)
    // Identity headers a proxy might add are not trusted.
    for (const h of ['x-user', 'x-forwarded-user', 'x-remote-user', 'x-role', 'x-scope']) {
      expect(await status('/api/v1/areas/630103', { [h]: 'city_admin' })).toBe(404)
    }
    expect((await t.app.inject({ url: '/api/v1/areas/630103', headers: { 'x-remote-user': 'admin', 'x-forwarded-for': '127.0.0.1' } })).statusCode).toBe(401)
    // Oddly spelled paths that reach an API route are API requests: no caller, no data.
    for (const url of ['/%61pi/v1/areas/630102001', '/api/v1/%61reas/630102001', '/api/v1/areas/630102001/', '/api//v1/areas/630102001']) {
      const res = await t.app.inject({ url })
      expect(res.statusCode === 401 || res.statusCode === 404 || (res.statusCode === 200 && !res.body.includes('630102001')), `${url}: ${res.statusCode} ${res.body.slice(0, 80)}`).toBe(true)
    }
    const search = await t.app.inject({ url: `/api/v1/areas?q=${encodeURIComponent("' OR 1=1 --")}`, headers: c.headers })
    expect(search.statusCode).toBe(200)
    expect(search.json().items).toEqual([])
    const imp = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/630102/import?dryRun=true',
      headers: { ...c.headers, 'content-type': 'application/json' },
      payload: { type: 'FeatureCollection', features: [] },
    })
    expect(imp.statusCode).toBe(404)
  })

  it('refuses oversized login bodies before reading them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(20_000) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('payload_too_large')
  })
})
