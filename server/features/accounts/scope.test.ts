// The scope rule over random area trees: a record is readable iff the scope is its area or an ancestor.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { inScope } from './scope.ts'

interface Node {
  code: string
  path: string
  ancestors: Set<string>
}

/** A random tree: each node's code extends its parent's by three digits, like real area codes. */
const treeArb = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 999 })), { minLength: 1, maxLength: 60 }).map((spec) => {
  const nodes: Node[] = [{ code: '990100', path: '990100', ancestors: new Set(['990100']) }]
  for (const [pick, serial] of spec) {
    const parent = nodes[pick % nodes.length]!
    if (parent.code.length >= 15) continue
    const code = parent.code.length === 6 && parent.code.endsWith('00') ? `${parent.code.slice(0, 4)}${String(serial % 99 + 1).padStart(2, '0')}` : `${parent.code}${String(serial).padStart(3, '0')}`
    if (nodes.some((n) => n.code === code)) continue
    nodes.push({ code, path: `${parent.path}.${code}`, ancestors: new Set([...parent.ancestors, code]) })
  }
  return nodes
})

describe('area scope', () => {
  it('lets a user read a record iff the user\'s area is the record\'s area or an ancestor of it', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), (nodes, u, r) => {
        const user = nodes[u % nodes.length]!
        const record = nodes[r % nodes.length]!
        expect(inScope(user.path, record.path)).toBe(record.ancestors.has(user.code))
      }),
    )
  })

  it('does not confuse a sibling whose code starts with the same digits', () => {
    expect(inScope('630100.630102.630102001', '630100.630102.630102001.630102001001')).toBe(true)
    expect(inScope('630100.630102.630102001', '630100.630102.6301020011')).toBe(false)
    expect(inScope('630100.630102', '630100.630103')).toBe(false)
    expect(inScope('630100.630102', '630100')).toBe(false)
  })
})
