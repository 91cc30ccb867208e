// A small seeded random number generator (sfc32, seeded through a string hash): the demo population
// is a pure function of (seed, resident count, reference date), so every stream is derived from a
// label such as "grid:630102001001001:people".

/** 32-bit hash of a string (cyrb53's mixing, folded to 32 bits). */
export function hashString(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (h1 ^ h2) >>> 0
}

export type Weighted<T> = readonly (readonly [T, number])[]

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(label: string, seed: number) {
    this.a = hashString(label, seed)
    this.b = hashString(label, seed ^ 0x9e3779b9)
    this.c = hashString(label, seed ^ 0x85ebca6b)
    this.d = hashString(label, seed ^ 0xc2b2ae35) | 1
    for (let i = 0; i < 12; i++) this.next()
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** An item by weight (weights need not sum to 1). */
  weighted<T>(items: Weighted<T>): T {
    let total = 0
    for (const [, w] of items) total += w
    let r = this.next() * total
    for (const [item, w] of items) {
      r -= w
      if (r < 0) return item
    }
    return items[items.length - 1]![0]
  }

  /** A normal deviate (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next()
    const v = this.next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** floor(x) plus one with probability frac(x): an integer count whose mean is x. */
  round(x: number): number {
    const f = Math.floor(x)
    return f + (this.next() < x - f ? 1 : 0)
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const t = items[i]!
      items[i] = items[j]!
      items[j] = t
    }
    return items
  }
}

/** A sampler over fixed weights: O(log n) per draw (for long lists such as surnames). */
export class WeightedTable<T> {
  private readonly items: T[]
  private readonly cumulative: Float64Array
  private readonly total: number

  constructor(entries: Weighted<T>) {
    this.items = entries.map((e) => e[0])
    this.cumulative = new Float64Array(entries.length)
    let sum = 0
    entries.forEach(([, w], i) => {
      sum += w
      this.cumulative[i] = sum
    })
    this.total = sum
  }

  draw(rng: Rng): T {
    const r = rng.next() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cumulative[mid]! > r) hi = mid
      else lo = mid + 1
    }
    return this.items[lo]!
  }
}
