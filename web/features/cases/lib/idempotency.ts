// Idempotency keys: one random UUID per form (or step dialog) while it is open, sent with every try
// of the same submission, so a phone on a weak network that sends twice files one case, not two.

/** A random version-4 UUID. crypto.randomUUID exists only in secure contexts (https, localhost); an
 *  installation on plain http inside a government network still has crypto.getRandomValues. */
export function newIdempotencyKey(c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = globalThis.crypto): string {
  if (typeof c.randomUUID === 'function') return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
