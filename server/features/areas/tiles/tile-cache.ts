// A least-recently-used cache of encoded tiles, capped by the bytes it holds (not by entry count: a
// district tile at zoom 8 and an empty grid tile differ by orders of magnitude). Pure; no I/O.

export interface TileCacheStats {
  entries: number
  bytes: number
  maxBytes: number
  hits: number
  misses: number
  evictions: number
}

/** Rough per-entry overhead (key string, Map slot, buffer header) so many tiny tiles still count. */
const ENTRY_OVERHEAD = 128

export class TileCache {
  private readonly entries = new Map<string, Uint8Array>()
  private bytes = 0
  private hits = 0
  private misses = 0
  private evictions = 0

  constructor(readonly maxBytes: number) {
    if (!(maxBytes >= 0)) throw new Error(`maxBytes must be >= 0, got ${maxBytes}`)
  }

  /** The cached value, marked as most recently used; undefined on a miss. */
  get(key: string): Uint8Array | undefined {
    const value = this.entries.get(key)
    if (value === undefined) {
      this.misses++
      return undefined
    }
    this.hits++
    this.entries.delete(key)
    this.entries.set(key, value)
    return value
  }

  /** Stores a value, evicting the least recently used entries beyond the cap; oversized values are not kept. */
  set(key: string, value: Uint8Array): void {
    const old = this.entries.get(key)
    if (old !== undefined) {
      this.entries.delete(key)
      this.bytes -= cost(key, old)
    }
    const size = cost(key, value)
    if (size > this.maxBytes) return
    this.entries.set(key, value)
    this.bytes += size
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= cost(k, v)
      this.evictions++
    }
  }

  /** Drops every entry whose key does not start with `prefix` (tiles of older data versions). */
  retainPrefix(prefix: string): void {
    for (const [k, v] of this.entries) {
      if (!k.startsWith(prefix)) {
        this.entries.delete(k)
        this.bytes -= cost(k, v)
      }
    }
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  stats(): TileCacheStats {
    return {
      entries: this.entries.size,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    }
  }
}

function cost(key: string, value: Uint8Array): number {
  return value.byteLength + key.length * 2 + ENTRY_OVERHEAD
}
