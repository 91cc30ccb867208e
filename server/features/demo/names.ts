// Naming rules of the demo city: display names of committees, responsible units and grid names.
// Pure functions, so the rules are testable without a database (see docs/demo-city.md).

/**
 * The short name shown on maps and lists for a residents' or villagers' committee (the data holds
 * the official committee names): '北关社区居民委员会' → '北关社区', '安宁路居委会' → '安宁路社区',
 * '友谊村村民委员会' → '友谊村', '韵家口村民委员会' → '韵家口村', '巴音牧委会' → '巴音牧业村'.
 * Names without a committee suffix ('萨尔斯堡社区', '东川工业园虚拟社区') are kept as they are.
 */
export function committeeDisplayName(official: string): string {
  const name = official.trim()
  // A residents' committee (居民委员会 / 居委会) governs a community (社区).
  const residents = /(?:社区)?(?:居民委员会|居委会)$/.exec(name)
  if (residents) return `${name.slice(0, residents.index)}社区`
  // A villagers' committee (村民委员会 / 村委会) governs a village (村); the '村' may or may not
  // already end the place name ('友谊村村民委员会', '韵家口村民委员会', '红星村委会').
  const villagers = /村?(?:村民委员会|村委会)$/.exec(name)
  if (villagers) return `${name.slice(0, villagers.index)}村`
  // A herders' committee (牧民委员会 / 牧委会) is the village-level committee of a pastoral
  // village (牧业村); '…牧区' would name a whole grazing region, not one committee's area.
  const herders = /(?:牧民委员会|牧委会)$/.exec(name)
  if (herders) return `${name.slice(0, herders.index)}牧业村`
  return name
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** The Chinese numeral of 1–999 as written in ordinals: 1 一, 10 十, 12 十二, 20 二十, 105 一百零五, 110 一百一十. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new Error(`chineseNumeral: out of range: ${n}`)
  const h = Math.floor(n / 100)
  const t = Math.floor((n % 100) / 10)
  const u = n % 10
  let s = ''
  if (h) s += `${DIGITS[h]}百`
  if (t) s += t === 1 && !h ? '十' : `${DIGITS[t]}十` // 十二, but 一百一十二
  else if (h && u) s += '零' // 一百零五
  if (u) s += DIGITS[u]
  return s
}

/** The all-CJK name of a grid: '北关社区第一网格', '友谊村第十二网格'. */
export function gridName(communityDisplayName: string, serial: number): string {
  return `${communityDisplayName}第${chineseNumeral(serial)}网格`
}

/** The unit answerable for an area of each level (综治 = comprehensive governance). */
export const responsibleUnit = {
  city: (_name: string) => '西宁市综治中心',
  district: (name: string) => `${name}综治指挥中心`,
  street: (name: string) => `${name}综治工作中心`,
  /** The committee itself, under its full official name. */
  community: (officialName: string) => officialName,
  grid: (communityDisplayName: string) => `${communityDisplayName}综治工作站`,
}
