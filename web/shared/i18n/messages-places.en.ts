// English messages of the registry's places pages: exactly the keys of messages-places.zh.ts.
import type { placesZh } from './messages-places.zh.ts'

export const placesEn: { readonly [K in keyof typeof placesZh]: string } = {
}
