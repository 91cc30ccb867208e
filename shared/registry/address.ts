// Addresses as people write them, normalised so that one address finds one building. Used to place a
// record in its grid from its address (a registered building's grid), by the import and by forms.
//
//   normalizeAddress('青海省西宁市城东区 东关大街１２号 3栋') === normalizeAddress('东关大街12号3号楼')
//
// Rules: NFKC (full-width → half-width), no whitespace or punctuation, Latin lower-case, leading
// province / city / district names dropped (a sheet may or may not carry them), and the ways of
// writing a building number (3栋, 3幢, 3号楼, 3#楼, 3#) all become "3#".

const PUNCTUATION = /[\s,，、。.·:：;；'"“”‘’()（）\[\]【】\-—_/\\]+/gu
const PREFIX = /^(?:[\u4e00-\u9fff]{2,8}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,8}?(?:市|自治州|地区))?(?:[\u4e00-\u9fff]{1,8}?(?:区|县|自治县))?/u

export function normalizeAddress(raw: string | null | undefined): string {
  let s = (raw ?? '').normalize('NFKC').replace(PUNCTUATION, '').toLowerCase()
  // Only a real administrative prefix is dropped: never the whole address.
  const prefix = PREFIX.exec(s)?.[0] ?? ''
  if (prefix.length > 0 && prefix.length < s.length) s = s.slice(prefix.length)
  return s.replace(/(\d+)(?:#楼|号楼|栋|幢|#)/gu, '$1#')
}

export interface RoomAddress {
  /** The building's part of the address, as written. */
  building: string
  unit?: string
  room?: string
}

/**
 * Splits "东关大街12号3号楼2单元301室" into building "东关大街12号3号楼", unit "2", room "301". An
 * address without a unit and room is all building.
 */
export function splitRoomAddress(raw: string): RoomAddress {
  const s = raw.normalize('NFKC').trim()
  const m = /^(.*?(?:号楼|栋|幢|#楼|#|号))\s*(?:(\d{1,3})\s*单元)?\s*(\d{1,5})\s*(?:室|号房|房)?$/u.exec(s)
  if (!m || !m[1]) return { building: s }
  return { building: m[1], ...(m[2] ? { unit: m[2] } : {}), room: m[3] }
}
