// The database remembers which data key encrypts its personal data (data_key_check, migration 0006).
// A server started with another key would write values its older rows cannot be searched with, and
// read none of them: it is refused at start, with what to do.
import { sql, type Kysely } from 'kysely'
import { keyCheckValue, type FieldCipher } from './field-cipher.ts'

export class DataKeyMismatchError extends Error {
  constructor() {
    super(
      'The data key does not match the one this database was encrypted with. Start with the original key ' +
        '(FRONTLINE_DATA_KEY, or the key file FRONTLINE_DATA_KEY_FILE); a lost key cannot be recovered.',
    )
    this.name = 'DataKeyMismatchError'
  }
}

/** Records the key's check value on first use; throws DataKeyMismatchError when another key was recorded. */
export async function ensureDataKey<DB>(db: Kysely<DB>, cipher: FieldCipher): Promise<void> {
  const value = keyCheckValue(cipher)
  await sql`INSERT INTO data_key_check (id, check_value) VALUES (1, ${value}) ON CONFLICT (id) DO NOTHING`.execute(db)
  const r = await sql<{ check_value: string }>`SELECT check_value FROM data_key_check WHERE id = 1`.execute(db)
  if (r.rows[0]?.check_value !== value) throw new DataKeyMismatchError()
}
