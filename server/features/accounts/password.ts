// Password hashing with argon2id (OWASP's recommended parameters: 19 MiB, 2 passes, 1 lane).
// The parameters live in the hash, so raising them later re-hashes passwords at their next login.
import { hash, verify, type Algorithm } from '@node-rs/argon2'

/** Algorithm.Argon2id: the library exports a const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm

export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/** Hashes a password with argon2id and a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2_PARAMS)
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFC'))
  } catch {
    return false
  }
}

/** True when `stored` was made with other parameters than today's (re-hash after a successful login). */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored)
  if (!m) return true
  return Number(m[1]) !== ARGON2_PARAMS.memoryCost || Number(m[2]) !== ARGON2_PARAMS.timeCost || Number(m[3]) !== ARGON2_PARAMS.parallelism
}
