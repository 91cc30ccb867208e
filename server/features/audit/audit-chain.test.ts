import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { canonicalAround, canonicalJson, chainNext, hashRecord, verifyChain, GENESIS_HASH, type AuditFields, type AuditRecord } from './audit-chain.ts'

const fieldsArb: fc.Arbitrary<AuditFields> = fc.record({
  occurredAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  actor: fc.string({ minLength: 1, maxLength: 20 }),
  action: fc.constantFrom('area.import', 'auth.login', 'person.read'),
  target: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
  source: fc.option(fc.ipV4(), { nil: null }),
  outcome: fc.constantFrom('success' as const, 'failure' as const, 'denied' as const),
  detail: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })) as fc.Arbitrary<Record<string, unknown>>,
})

const build = (all: AuditFields[]): AuditRecord[] => {
  const out: AuditRecord[] = []
  for (const f of all) out.push(chainNext(out[out.length - 1], f))
  return out
}

describe('audit hash chain', () => {
  it('writes canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}')
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}')
  })

  it('starts at seq 1 from the genesis hash and links each record to the one before', () => {
    const chain = build([
      { occurredAt: '2026-11-26T00:00:00.000Z', actor: 'a', action: 'area.import', target: null, source: null, outcome: 'success', detail: {} },
      { occurredAt: '2026-11-26T00:00:01.000Z', actor: 'b', action: 'area.import', target: 'area:1', source: '127.0.0.1', outcome: 'failure', detail: { n: 1 } },
    ])
    expect(chain[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH })
    expect(chain[1]!.prevHash).toBe(chain[0]!.hash)
    expect(chain[1]!.hash).toBe(hashRecord(2, chain[0]!.hash, chain[1]!))
    expect(verifyChain(chain)).toEqual({ ok: true, checked: 2 })
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 })
  })

  it('accepts every untouched chain', () => {
    fc.assert(fc.property(fc.array(fieldsArb, { maxLength: 20 }), (all) => {
        expect(verifyChain(build(all)).ok).toBe(true)
      }))
  })

  it('names the altered record when any field of any record changes', () => {
    const field = fc.constantFrom<keyof AuditFields>('occurredAt', 'actor', 'action', 'target', 'source', 'outcome', 'detail')
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 1, maxLength: 12 }), fc.nat(), field, (all, pick, key) => {
        const chain = build(all)
        const i = pick % chain.length
        const victim = { ...chain[i]! }
        const changed: Record<keyof AuditFields, unknown> = {
          occurredAt: new Date(Date.parse(victim.occurredAt) + 1000).toISOString(),
          actor: `${victim.actor}x`,
          action: victim.action === 'auth.login' ? 'area.import' : 'auth.login',
          target: victim.target === null ? 'area:x' : null,
          source: victim.source === null ? '10.0.0.1' : null,
          outcome: victim.outcome === 'success' ? 'denied' : 'success',
          detail: { ...victim.detail, tampered: true },
        }
        ;(victim as Record<string, unknown>)[key] = changed[key]
        chain[i] = victim
        const v = verifyChain(chain)
        expect(v.ok).toBe(false)
        expect(v.firstBad).toMatchObject({ seq: i + 1, problem: 'tampered' })
        expect(v.checked).toBe(i)
      }),
    )
  })

  it('names a removed record, a moved record and a record rewritten with a fresh hash', () => {
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 3, maxLength: 12 }), fc.nat(), (all, pick) => {
        const chain = build(all)
        const i = 1 + (pick % (chain.length - 2))
        const removed = chain.filter((_, j) => j !== i)
        expect(verifyChain(removed).firstBad).toMatchObject({ seq: i + 1, problem: 'missing' })
        const swapped = [...chain]
        ;[swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!]
        expect(verifyChain(swapped).firstBad?.seq).toBe(i + 1)
        // A forger who recomputes the altered record's own hash still breaks the next link.
        const forged = [...chain]
        const f = { ...forged[i]!, actor: 'forger' }
        f.hash = hashRecord(f.seq, f.prevHash, f)
        forged[i] = f
        expect(verifyChain(forged).firstBad).toMatchObject({ seq: i + 2, problem: 'broken_link' })
      }),
    )
  })

  it('verifies a pruned chain from its anchor, and names a removed head or a wrong anchor', () => {
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 3, maxLength: 12 }), fc.nat(), (all, pick) => {
        const chain = build(all)
        const k = 1 + (pick % (chain.length - 2)) // records 1..k were pruned
        const anchor = { seq: chain[k - 1]!.seq, hash: chain[k - 1]!.hash }
        const kept = chain.slice(k)
        expect(verifyChain(kept, anchor)).toEqual({ ok: true, checked: kept.length })
        // Without the anchor the pruned prefix counts as missing.
        expect(verifyChain(kept).firstBad).toMatchObject({ seq: 1, problem: 'missing' })
        // The head removed without moving the anchor.
        expect(verifyChain(kept.slice(1), anchor).firstBad).toMatchObject({ seq: k + 1, problem: 'missing' })
        // An anchor whose hash is not that of the last removed record.
        expect(verifyChain(kept, { seq: anchor.seq, hash: GENESIS_HASH }).firstBad).toMatchObject({ seq: k + 1, problem: 'broken_link' })
        // A record left behind before the anchor.
        expect(verifyChain(chain.slice(k - 1), anchor).firstBad).toMatchObject({ seq: k, problem: 'reordered' })
      }),
    )
  })
})

describe('the canonical form split around seq (what the database completes)', () => {
  it('joins with any seq into exactly the body hashRecord hashes, whatever detail holds', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 })
    const detail = fc.dictionary(fc.oneof(fc.constant('seq'), text), fc.oneof(fc.constant(-1), fc.constant('"seq":-1'), fc.integer(), text, fc.dictionary(fc.constantFrom('seq', 'a'), fc.constant(-1))))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), text, fc.option(text), fc.option(text), detail, (seq, actor, target, source, d) => {
        const fields: AuditFields = { occurredAt: '2026-11-26T00:00:00.000Z', actor, action: 'test.split', target, source, outcome: 'success', detail: d }
        const [before, after] = canonicalAround(fields)
        const body = canonicalJson({ seq, occurredAt: fields.occurredAt, actor, action: fields.action, target, source, outcome: 'success', detail: d })
        expect(before + String(seq) + after).toBe(body)
      }),
    )
  })
})
