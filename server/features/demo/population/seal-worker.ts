// A worker thread that seals values (encrypt, blind index, mask) with its own FieldCipher, built
// from the data keys it is given. Started by workerSealer() in crypto.ts.
import { parentPort, workerData } from 'node:worker_threads'
import { FieldCipher } from '../../../infra/crypto/field-cipher.ts'
import { inlineSealer } from './crypto.ts'

interface Job {
  job: number
  values: (string | null)[]
  field: string
}

const keys = (workerData as { keys: { id: string; key: Uint8Array }[] }).keys.map((k) => ({ id: k.id, key: Buffer.from(k.key) }))
const seal = inlineSealer(new FieldCipher(keys))

parentPort!.on('message', (m: Job) => {
  seal(m.values, m.field).then(
    (sealed) => parentPort!.postMessage({ job: m.job, sealed }),
    (err: Error) => parentPort!.postMessage({ job: m.job, error: err.message }),
  )
})
parentPort!.postMessage({ ready: true })
