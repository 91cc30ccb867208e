// Encryption of personal-data fields at rest, and keyed blind indexes to find them by exact value
// (issue 4 stores ID numbers this way). One master data key, kept outside the database, yields through
// HKDF a separate key per purpose: an encryption key, and one index key per indexed field, so a blind
// index of one field cannot be matched against another.
//
//   ciphertext: "fe1.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>"  — AES-256-GCM, 96-bit random IV,
//               the field's context (e.g. "person.id_number") as additional data, so a value copied
//               into another column does not decrypt.
//   blind index: hex HMAC-SHA-256 of the normalised value under the field's index key.
//
// Keys rotate: the cipher encrypts with the current key id and decrypts with any key it holds. Blind
// indexes are tied to their key; rotating an index key means recomputing the index column.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const KEY_BYTES = 32
const FORMAT = 'fe1'
const IV_BYTES = 12
const TAG_BYTES = 16

export class FieldCipherError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FieldCipherError'
  }
}

export interface DataKey {
  /** Short id stored with every ciphertext (letters, digits, '-'). */
  id: string
  /** 32 random bytes. */
  key: Buffer
}

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), Buffer.from(info, 'utf8'), KEY_BYTES))
}

export class FieldCipher {
  private readonly enc = new Map<string, Buffer>()
  private readonly indexKeys = new Map<string, Buffer>()
  private readonly current: DataKey

  /** `keys[0]` is the current key; the others are kept to decrypt older values. */
  constructor(keys: DataKey[]) {
    if (keys.length === 0) throw new FieldCipherError('No data key')
    for (const k of keys) {
      if (!/^[A-Za-z0-9-]{1,16}$/.test(k.id)) throw new FieldCipherError(`Bad data key id "${k.id}"`)
      if (k.key.length !== KEY_BYTES) throw new FieldCipherError(`Data key ${k.id} must be ${KEY_BYTES} bytes`)
      if (this.enc.has(k.id)) throw new FieldCipherError(`Data key id ${k.id} appears twice`)
      this.enc.set(k.id, derive(k.key, 'frontline/field-encryption/v1'))
    }
    this.current = keys[0]!
  }

  /** Encrypts `plain` for the field `context` (e.g. "person.id_number"). */
  encrypt(plain: string, context: string): string {
    const iv = this.nextIv()
    const cipher = crypto.createCipheriv('aes-256-gcm', this.enc.get(this.current.id)!, iv)
    cipher.setAAD(Buffer.from(`${context}|${this.current.id}`, 'utf8'))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return `${FORMAT}.${this.current.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`
  }

  private ivPool = Buffer.alloc(0)
  private ivAt = 0

  /** A fresh random IV, taken from a pool refilled 4,096 IVs at a time (one CSPRNG call instead of one per value). */
  private nextIv(): Buffer {
    if (this.ivAt + IV_BYTES > this.ivPool.length) {
      this.ivPool = crypto.randomBytes(IV_BYTES * 4096)
      this.ivAt = 0
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + IV_BYTES)
    this.ivAt += IV_BYTES
    return iv
  }

  /** Decrypts a value of the field `context`; throws FieldCipherError when it was altered, or is not ours. */
  decrypt(stored: string, context: string): string {
    const [format, keyId, payload, ...rest] = stored.split('.')
    if (format !== FORMAT || !keyId || payload === undefined || rest.length > 0) throw new FieldCipherError('Not an encrypted field value')
    const key = this.enc.get(keyId)
    if (!key) throw new FieldCipherError(`Unknown data key ${keyId}`)
    const raw = Buffer.from(payload, 'base64url')
    if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldCipherError('Encrypted value too short')
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(`${context}|${keyId}`, 'utf8'))
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES))
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      throw new FieldCipherError('Encrypted value was altered, or belongs to another field')
    }
  }

  /** Whether a stored value was encrypted with an older key (re-encrypt it when convenient). */
  isStale(stored: string): boolean {
    return stored.split('.')[1] !== this.current.id
  }

  /** The blind index of `normalised` for `purpose` (e.g. "person.id_number"), under the current key. */
  blindIndex(normalised: string, purpose: string): string {
    let key = this.indexKeys.get(purpose)
    if (!key) {
      // Derived once per purpose: HKDF per call cost more than the HMAC itself (measured in bulk imports).
      key = derive(this.current.key, `frontline/blind-index/v1/${purpose}`)
      this.indexKeys.set(purpose, key)
    }
    return crypto.createHmac('sha256', key).update(normalised, 'utf8').digest('hex')
  }
}

/** A data key from its base64 text (FRONTLINE_DATA_KEY); throws on anything but 32 bytes. */
export function parseDataKey(text: string, id = 'k1'): DataKey {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== KEY_BYTES || key.toString('base64') !== text.trim()) {
    throw new FieldCipherError(`A data key is ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)`)
  }
  return { id, key }
}

/**
 * The embedded database's data key: read from `file`, or created there (owner-only permissions) on
 * first use. Deployments on PostgreSQL pass FRONTLINE_DATA_KEY instead, kept apart from the database
 * and its backups.
 */
export function loadOrCreateDataKeyFile(file: string): DataKey {
  if (fs.existsSync(file)) return parseDataKey(fs.readFileSync(file, 'utf8'))
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const text = crypto.randomBytes(KEY_BYTES).toString('base64')
  // 'wx': never overwrite a key another process created meanwhile.
  try {
    fs.writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return parseDataKey(fs.readFileSync(file, 'utf8'))
  }
  return parseDataKey(text)
}

/** The cipher of a configuration: FRONTLINE_DATA_KEY when set, else the key file (created on first use). */
export function cipherFromConfig(config: { dataKey?: string; dataKeyFile: string }): FieldCipher {
  return new FieldCipher([config.dataKey ? parseDataKey(config.dataKey) : loadOrCreateDataKeyFile(config.dataKeyFile)])
}

/** A value that identifies a data key without revealing it (stored by the database to catch a wrong key). */
export function keyCheckValue(cipher: FieldCipher): string {
  return cipher.blindIndex('frontline', 'data-key-check')
}
