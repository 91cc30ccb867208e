// English messages of the registry's import pages: exactly the keys of messages-import.zh.ts.
import type { importZh } from './messages-import.zh.ts'

export const importEn: { readonly [K in keyof typeof importZh]: string } = {
}
