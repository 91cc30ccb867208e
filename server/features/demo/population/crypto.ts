// Fills the encrypted columns of generated rows: each ID number and phone becomes ciphertext
// (AES-256-GCM, bound to its column), a blind index and a masked form, through the application's
// own FieldCipher and masks — the same values the registry writes for a record entered by hand.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { DataKey, FieldCipher } from '../../../infra/crypto/field-cipher.ts'
import { maskIdNumber, maskPhone } from '../../privacy/mask.ts'
import type { Secrets } from './generate.ts'
import { col, type Rows } from './tables.ts'

export const PERSON_ID_FIELD = 'person.id_number'
export const PERSON_PHONE_FIELD = 'person.phone'
export const ORGANIZATION_PHONE_FIELD = 'organization.phone'

/** The three stored columns of one secret value. */
export type Sealed = [cipher: string, index: string, masked: string]

export type Sealer = (values: readonly (string | null)[], field: string) => Promise<(Sealed | null)[]>

/** Seals values in this thread. */
export function inlineSealer(cipher: FieldCipher): Sealer {
  return async (values, field) =>
    values.map((v) => (v === null ? null : [cipher.encrypt(v, field), cipher.blindIndex(v, field), field.endsWith('id_number') ? maskIdNumber(v) : maskPhone(v)]))
}

const P = {
  idCipher: col('person', 'id_cipher'),
  idIndex: col('person', 'id_index'),
  idMasked: col('person', 'id_masked'),
  phoneCipher: col('person', 'phone_cipher'),
  phoneIndex: col('person', 'phone_index'),
  phoneMasked: col('person', 'phone_masked'),
}
const O = { phoneCipher: col('organization', 'phone_cipher'), phoneIndex: col('organization', 'phone_index'), phoneMasked: col('organization', 'phone_masked') }

/** Puts sealed values into the rows' encrypted columns. */
export async function sealRows(rows: Rows, secrets: Secrets, seal: Sealer): Promise<void> {
  const [ids, phones, orgPhones] = await Promise.all([
    seal(secrets.personIds, PERSON_ID_FIELD),
    seal(secrets.personPhones, PERSON_PHONE_FIELD),
    seal(secrets.organizationPhones, ORGANIZATION_PHONE_FIELD),
  ])
  rows.person.forEach((row, i) => {
    const id = ids[i]!
    ;[row[P.idCipher], row[P.idIndex], row[P.idMasked]] = id
    const phone = phones[i]
    if (phone) [row[P.phoneCipher], row[P.phoneIndex], row[P.phoneMasked]] = phone
  })
  rows.organization.forEach((row, i) => {
    const phone = orgPhones[i]
    if (phone) [row[O.phoneCipher], row[O.phoneIndex], row[O.phoneMasked]] = phone
  })
}

export interface PooledSealer {
  seal: Sealer
  threads: number
  close(): Promise<void>
}

/**
 * Seals in `threads` worker threads, each with a FieldCipher of `keys` (which must be the keys of
 * `cipher`: a probe sealed by the workers is checked against it). The workers load TypeScript
 * through tsx, as the command line does.
 */
export async function workerSealer(cipher: FieldCipher, keys: readonly DataKey[], threads: number): Promise<PooledSealer> {
  // tsx's ESM entry (the package resolves `require` to its CommonJS build, which cannot register hooks from a worker).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const script = new URL('./seal-worker.ts', import.meta.url).href
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}) })`
  const workerData = { keys: keys.map((k) => ({ id: k.id, key: new Uint8Array(k.key) })) }
  const pending = new Map<number, { resolve: (v: (Sealed | null)[]) => void; reject: (e: Error) => void }>()
  let nextJob = 0
  /** Set when a worker died: every job after that fails at once instead of waiting forever. */
  let failed: Error | undefined
  const fail = (err: Error) => {
    failed ??= err
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  const started: Worker[] = []
  const starting = await Promise.allSettled(
    Array.from({ length: Math.max(1, threads) }, async () => {
      const w = new Worker(bootstrap, { eval: true, workerData })
      started.push(w)
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: { ready?: boolean }) => {
          if (!m.ready) return
          w.off('message', onMessage)
          w.off('error', reject)
          resolve()
        }
        const onExit = (code: number) => reject(new Error(`seal worker exited while starting (code ${code})`))
        w.on('message', onMessage)
        w.once('error', reject)
        w.once('exit', onExit)
        // Removed once ready (the pool's own exit handler takes over).
        w.once('message', () => w.off('exit', onExit))
      })
      w.on('message', (m: { job: number; sealed?: (Sealed | null)[]; error?: string }) => {
        const p = pending.get(m.job)
        if (!p) return
        pending.delete(m.job)
        if (m.error !== undefined) p.reject(new Error(`seal worker: ${m.error}`))
        else p.resolve(m.sealed!)
      })
      w.on('error', fail)
      w.on('exit', (code) => fail(new Error(`seal worker exited (code ${code})`)))
      return w
    }),
  )
  const notStarted = starting.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (notStarted) {
    await Promise.all(started.map((w) => w.terminate()))
    throw notStarted.reason
  }
  const workers = started
  const run = (w: Worker, values: readonly (string | null)[], field: string) =>
    new Promise<(Sealed | null)[]>((resolve, reject) => {
      if (failed) return reject(failed)
      const job = nextJob++
      pending.set(job, { resolve, reject })
      w.postMessage({ job, values, field })
    })
  const seal: Sealer = async (values, field) => {
    if (values.length === 0) return []
    const size = Math.ceil(values.length / workers.length)
    const parts = await Promise.all(workers.map((w, i) => (i * size < values.length ? run(w, values.slice(i * size, (i + 1) * size), field) : Promise.resolve([]))))
    return parts.flat()
  }
  const close = async () => {
    failed ??= new Error('seal workers closed')
    await Promise.all(workers.map((w) => w.terminate()))
  }
  try {
    const probe = 'frontline-probe'
    const [sealed] = await seal([probe], 'demo.probe')
    let same = false
    try {
      same = !!sealed && cipher.decrypt(sealed[0], 'demo.probe') === probe && cipher.blindIndex(probe, 'demo.probe') === sealed[1]
    } catch {
      same = false
    }
    if (!same) throw new Error('demo population: the data keys given for the seal workers are not the cipher’s keys')
  } catch (err) {
    await close()
    throw err
  }
  return { seal, threads: workers.length, close }
}
