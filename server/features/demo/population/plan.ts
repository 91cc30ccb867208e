// The plan of the demo population, before any record gets an id: how many residents each grid
// holds (urban grids denser than villages), its households (size, residence category), its
// buildings with their addresses (apartment compounds on named roads in town, village houses by
// hamlet 组 in the country), and how many organizations, facilities and concerns it gets.
import { Rng, type Weighted } from './rng.ts'
import { householdSize } from './households.ts'
import type { BuildingPlan, GridInfo, GridPlan, HouseholdPlan, PublicPurpose } from './model.ts'
import type { ResidenceCategory } from '../../registry/registry.tables.ts'

/** Residents per grid relative to an urban grid's. */
const DENSITY = { urban: 1, rural: 0.4, industrial: 0.12 }
/** One organization per this many residents, facilities, concerns (urban, rural). */
const PER_ORGANIZATION = { urban: 31, rural: 75, industrial: 2.5 }
const PER_FACILITY = { urban: 19, rural: 42, industrial: 10 }
const PER_CONCERN = 100

const CATEGORIES: Record<'urban' | 'rural' | 'industrial', Weighted<ResidenceCategory>> = {
  urban: [['registered', 64.8], ['floating', 32], ['unsettled', 2.6], ['overseas', 0.6]],
  rural: [['registered', 84.75], ['floating', 13], ['unsettled', 2.2], ['overseas', 0.05]],
  industrial: [['registered', 30], ['floating', 68], ['unsettled', 2], ['overseas', 0]],
}

const ROAD_STEMS = (
  '昆仑 五四 七一 八一 建国 长江 黄河 湟水 祁连 柴达木 互助 民和 海湖 文成 文汇 古城台 同仁 康乐 城南 兴海 南山 北山 麒麟 ' +
  '宁张 花园 新宁 湟光 和平 解放 饮马 大同 小桥 冷湖 夏都 朝阳 青藏 泉湾 中庄 韵家口 乐家湾 杨家湾 树林 仓门 东稍门 莫家 ' +
  '玉井 观门 微波 德令哈 格尔木 玉树 果洛 海晏 贵德 循化 化隆 门源 刚察 天峻 乌兰 都兰 共和 同德 泽库 尖扎 杂多 治多 囊谦 ' +
  '称多 玛多 达日 班玛 久治 甘德 大通 湟源 湟中 平安 乐都 西川 南川 北川 东川 塔尔 多巴 鲁沙尔 景阳 桥头 宝库 日月 ' +
  '金塔 纬一 纬二 经一 经二 经三 生物园 创业 光华 团结 幸福 胜利 前进 新华 建设 人民 民主 友谊 育才 文化 体育 ' +
  '丽阳 园树 香格里拉 凤凰山 虎台 苏家河湾 贾小庄 西杏园 晓泉 海晏 西山 南绕城 北绕城 马坊 朝阳东 宁大 盐湖 雪松 ' +
  '索尔干 博文 青年 通海 西关 东关 南关 北关 大众 清真巷 周家泉 林家崖 火车站 建设巷 法院 香坊 玉兰 丁香 牡丹 枸杞 沙棘'
)
  .split(' ')
  .filter((s) => s !== '')
const ROAD_SUFFIXES: Weighted<string> = [['路', 40], ['街', 14], ['大街', 8], ['巷', 14], ['东路', 6], ['西路', 6], ['南路', 4], ['北路', 4], ['南巷', 2], ['北巷', 2]]

const COMPOUND_A = (
  '金座 阳光 湟水 夏都 昆仑 海湖 凤凰 锦绣 富康 泰和 新宁 绿苑 华龙 盛世 天润 鸿运 紫荆 翠园 御景 东方 ' +
  '北辰 西城 南苑 中惠 万豪 佳和 和谐 康居 安泰 祥和 瑞祥 馨园 春晖 秀水 博雅 河湾 丽景 雪峰 麒麟 书香'
).split(' ')
const COMPOUND_B: Weighted<string> = [['小区', 30], ['家园', 14], ['花园', 12], ['苑', 8], ['佳苑', 6], ['华府', 4], ['名苑', 6], ['新村', 6], ['公寓', 4], ['雅居', 4], ['华庭', 4], ['城', 2]]
const OLD_COMPOUNDS = split('铁路 电力 建工 纺织 毛纺 邮电 农机 水利 粮食 商业 物资 机床 钢厂 一建 二建 三建 公路 地质 卫生 教育')
const SHOP_NAMES = split('鑫源 华泰 高原 青藏 恒通 瑞丰 宏达 利民 丰泽 雪域 江河源 康泰 德顺 兴隆 永盛 福源 汇通 嘉禾 盛世 顺达 聚鑫 博远 西部')

function split(s: string): string[] {
  return s.split(' ').filter((x) => x !== '')
}

/** Roads of each street with urban communities: the street's own road first (东关大街街道 → 东关大街), then generated ones, unique in the city. */
export function planRoads(grids: GridInfo[], seed: number): Map<string, string[]> {
  const rng = new Rng('roads', seed)
  const used = new Set<string>()
  const roads = new Map<string, string[]>()
  const streets = [...new Map(grids.filter((g) => g.kind === 'urban' || g.industrial).map((g) => [g.streetCode, g.streetName])).entries()].sort()
  for (const [code, name] of streets) {
    const list: string[] = []
    const own = /^(.+?(?:大街|路|街|巷))街道$/.exec(name)?.[1]
    if (own && !used.has(own)) {
      used.add(own)
      list.push(own)
    }
    const want = rng.int(7, 12)
    for (let tries = 0; list.length < want && tries < 500; tries++) {
      const road = rng.pick(ROAD_STEMS) + rng.weighted(ROAD_SUFFIXES)
      if (used.has(road)) continue
      used.add(road)
      list.push(road)
    }
    roads.set(code, list)
  }
  return roads
}

/** Largest-remainder split of `total` by weights. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0))
  const out = exact.map(Math.floor)
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]! += 1
  return out
}

const kindOf = (g: GridInfo) => (g.industrial ? 'industrial' : g.kind)

/** Residents of every grid: weights by kind with ±25–40% variation, summing exactly to `residents`. */
export function residentsPerGrid(grids: GridInfo[], residents: number, seed: number): number[] {
  const weights = grids.map((g) => {
    const rng = new Rng(`weight:${g.code}`, seed)
    const k = kindOf(g)
    return DENSITY[k] * (k === 'urban' ? 0.75 + rng.next() * 0.5 : 0.6 + rng.next() * 0.8)
  })
  return apportion(residents, weights)
}

function households(rng: Rng, residents: number, kind: 'urban' | 'rural' | 'industrial'): HouseholdPlan[] {
  const out: HouseholdPlan[] = []
  let left = residents
  while (left > 0) {
    const category = rng.weighted(CATEGORIES[kind])
    const collective = category === 'floating' && rng.chance(kind === 'industrial' ? 0.6 : kind === 'urban' ? 0.05 : 0.02)
    let size = collective ? rng.int(3, 10) : householdSize(rng, kind === 'rural', category !== 'registered')
    size = Math.min(size, left)
    out.push({ size, category, collective: collective && size >= 2 })
    left -= size
  }
  return out
}

interface RoadCursor {
  roads: string[]
  next: Map<string, number>
}

/** The next house number on a road: numbers run on across grids, 1–8 apart. */
function nextNumber(rng: Rng, cursor: RoadCursor, road: string): number {
  const n = (cursor.next.get(road) ?? rng.int(1, 5)) + 0
  cursor.next.set(road, n + rng.int(1, 8))
  return n
}

const hazardOf = (rng: Rng, builtYear: number, rural: boolean): BuildingPlan['hazard'] => {
  const r = rng.next()
  if (rural) return r < 0.02 ? 'serious' : r < 0.1 ? 'general' : 'safe'
  if (builtYear < 1995) return r < 0.01 ? 'serious' : r < 0.12 ? 'general' : 'safe'
  return r < 0.01 ? 'general' : 'safe'
}

function building(partial: Omit<BuildingPlan, 'id' | 'x' | 'y' | 'hamlet' | 'shopFloors'> & { hamlet?: number; shopFloors?: number }): BuildingPlan {
  return { hamlet: 0, shopFloors: 0, ...partial, id: 0, x: 0, y: 0 }
}

/** Residential capacity (rooms) of a building. */
export function residentialRooms(b: BuildingPlan): number {
  if (b.use === 'residential') return b.floors * Math.max(1, b.units) * b.perFloor
  if (b.use === 'mixed') return (b.floors - b.shopFloors) * Math.max(1, b.units) * b.perFloor
  return 0
}

function urbanBuildings(rng: Rng, g: GridInfo, households: number, cursor: RoadCursor, residents: number): BuildingPlan[] {
  const out: BuildingPlan[] = []
  const needed = Math.ceil(households / (0.84 + rng.next() * 0.1))
  let capacity = 0
  const roads = cursor.roads
  while (capacity < needed || (g.industrial && out.length === 0)) {
    // A compound: one to a dozen buildings at one house number.
    const road = rng.pick(roads)
    const number = nextNumber(rng, cursor, road)
    const type = needed - capacity < 30 ? 'walkup' : rng.weighted<'walkup' | 'mid' | 'high'>([['walkup', 45], ['mid', 30], ['high', 25]])
    const old = type === 'walkup' && rng.chance(0.35)
    const compound = old ? `${rng.pick(OLD_COMPOUNDS)}家属院` : rng.pick(COMPOUND_A) + rng.weighted(COMPOUND_B)
    const count = type === 'walkup' ? rng.int(1, 8) : type === 'mid' ? rng.int(1, 6) : rng.int(1, 4)
    for (let k = 1; k <= count && (capacity < needed || k === 1); k++) {
      const floors = type === 'walkup' ? rng.int(5, 7) : type === 'mid' ? rng.int(8, 18) : rng.int(19, 33)
      const units = type === 'high' ? rng.int(1, 2) : rng.weighted<number>([[1, 20], [2, 45], [3, 30], [4, 5]])
      const perFloor = type === 'walkup' ? rng.weighted<number>([[2, 70], [3, 30]]) : rng.int(2, 4)
      const builtYear = type === 'walkup' ? rng.int(1982, 2008) : type === 'mid' ? rng.int(1998, 2022) : rng.int(2006, 2023)
      const mixed = type !== 'walkup' && rng.chance(0.1)
      const b = building({
        use: mixed ? 'mixed' : 'residential',
        name: `${compound}${k}号楼`,
        address: `${road}${number}号${k}号楼`,
        floors,
        units,
        perFloor,
        shopFloors: mixed ? rng.int(1, 2) : 0,
        builtYear,
        hazard: hazardOf(rng, builtYear, false),
        place: road,
      })
      out.push(b)
      capacity += residentialRooms(b)
    }
  }
  // Shops, offices and public buildings, each at a number of its own.
  const commercial = rng.round(residents / (g.industrial ? 200 : 650))
  for (let i = 0; i < commercial; i++) {
    const road = rng.pick(roads)
    const number = nextNumber(rng, cursor, road)
    const kind = rng.weighted<'mall' | 'office' | 'market'>([['mall', 40], ['office', 45], ['market', 15]])
    const name = kind === 'mall' ? `${rng.pick(SHOP_NAMES)}商厦` : kind === 'office' ? `${rng.pick(SHOP_NAMES)}大厦` : `${road}农贸市场`
    const builtYear = rng.int(1995, 2023)
    out.push(
      building({
        use: 'commercial',
        name,
        address: `${road}${number}号`,
        floors: kind === 'market' ? rng.int(1, 2) : kind === 'mall' ? rng.int(3, 8) : rng.int(6, 26),
        units: 0,
        perFloor: kind === 'office' ? rng.int(4, 10) : rng.int(6, 16),
        builtYear,
        hazard: hazardOf(rng, builtYear, false),
        purpose: kind === 'market' ? 'market' : undefined,
        place: road,
      }),
    )
  }
  if (g.industrial) {
    const plants = rng.round(residents / 40) + 3
    for (let i = 0; i < plants; i++) {
      const road = rng.pick(roads)
      const number = nextNumber(rng, cursor, road)
      out.push(
        building({ use: 'industrial', name: `${g.streetName}${number}号厂房`, address: `${road}${number}号`, floors: rng.int(1, 4), units: 0, perFloor: rng.int(1, 4), builtYear: rng.int(2005, 2023), hazard: 'safe', place: road }),
      )
    }
  }
  const publicCount = rng.round(residents / 900) + (g.serial === 1 ? 1 : 0)
  for (let i = 0; i < publicCount; i++) {
    const road = rng.pick(roads)
    const number = nextNumber(rng, cursor, road)
    // The first grid of a community holds its committee and service centre.
    const purpose: PublicPurpose =
      i === 0 && g.serial === 1 ? 'community_centre' : rng.weighted<PublicPurpose>([['school', 22], ['kindergarten', 22], ['clinic', 22], ['police', 6], ['office', 28]])
    const names: Record<PublicPurpose, string> = {
      community_centre: `${g.communityName}党群服务中心`,
      committee: `${g.communityName}居委会`,
      school: `${road}小学`,
      kindergarten: `${g.communityName}幼儿园`,
      clinic: `${g.communityName}卫生服务站`,
      police: `${g.streetName.replace(/街道$/, '')}派出所`,
      office: `${g.streetName}办公楼`,
      market: `${road}农贸市场`,
    }
    out.push(
      building({
        use: 'public',
        name: names[purpose],
        address: `${road}${number}号`,
        floors: purpose === 'school' ? rng.int(3, 5) : rng.int(2, 6),
        units: 0,
        perFloor: rng.int(2, 8),
        builtYear: rng.int(1990, 2022),
        hazard: 'safe',
        purpose,
        place: road,
      }),
    )
  }
  return out
}

function ruralBuildings(rng: Rng, g: GridInfo, households: number, residents: number, firstHamlet: number): { buildings: BuildingPlan[]; hamlets: number } {
  const houses = Math.max(1, Math.ceil(households / (0.86 + rng.next() * 0.09)))
  const hamlets = Math.max(1, Math.min(8, Math.round(houses / (35 + rng.next() * 25))))
  const out: BuildingPlan[] = []
  const perHamlet = new Array<number>(hamlets).fill(0)
  const village = `${g.streetName}${g.communityName}`
  for (let i = 0; i < houses; i++) {
    const h = i < hamlets ? i : rng.int(0, hamlets - 1)
    const number = ++perHamlet[h]!
    const builtYear = rng.chance(0.3) ? rng.int(1972, 1999) : rng.int(2000, 2024)
    const address = `${village}${firstHamlet + h}组${number}号`
    out.push(
      building({ use: 'residential', name: address, address, floors: rng.chance(0.78) ? 1 : 2, units: 0, perFloor: 1, builtYear, hazard: hazardOf(rng, builtYear, true), hamlet: h, place: `${g.communityName}${firstHamlet + h}组` }),
    )
  }
  const publicBuilding = (purpose: PublicPurpose, name: string, use: 'public' | 'commercial' = 'public') => {
    const h = rng.int(0, hamlets - 1)
    const number = ++perHamlet[h]!
    out.push(
      building({
        use,
        name,
        address: `${village}${firstHamlet + h}组${number}号`,
        floors: rng.int(1, 3),
        units: 0,
        perFloor: rng.int(1, 4),
        builtYear: rng.int(1995, 2023),
        hazard: 'safe',
        purpose,
        hamlet: h,
        place: `${g.communityName}${firstHamlet + h}组`,
      }),
    )
  }
  if (g.serial === 1) publicBuilding('committee', `${g.communityName}村民委员会`)
  if (g.serial === 1 && rng.chance(0.35)) publicBuilding('school', `${g.communityName}小学`)
  if (rng.chance(0.4)) publicBuilding('clinic', `${g.communityName}卫生室`)
  const shops = rng.round(residents / 160)
  for (let i = 0; i < shops; i++) publicBuilding('market', `${g.communityName}${rng.pick(SHOP_NAMES)}便民超市`, 'commercial')
  return { buildings: out, hamlets }
}

/** The plan of every grid, in grid-code order. */
export function planGrids(grids: GridInfo[], residents: number, seed: number): GridPlan[] {
  const counts = residentsPerGrid(grids, residents, seed)
  const roads = planRoads(grids, seed)
  const cursors = new Map<string, RoadCursor>()
  // Hamlets (组) are numbered across the grids of a village.
  const nextHamlet = new Map<string, number>()
  return grids.map((g, i) => {
    const rng = new Rng(`plan:${g.code}`, seed)
    const kind = kindOf(g)
    const r = counts[i]!
    const hh = households(rng, r, kind)
    let buildings: BuildingPlan[]
    let hamletPoints: number[] = []
    let facilityHamlets: number[] = []
    const facilities = rng.round(r / PER_FACILITY[kind])
    if (g.kind === 'urban' || g.industrial) {
      let cursor = cursors.get(g.streetCode)
      if (!cursor) {
        cursor = { roads: roads.get(g.streetCode) ?? [`${g.communityName}路`], next: new Map() }
        cursors.set(g.streetCode, cursor)
      }
      // Each grid lies along a few of its street's roads.
      const mine = rng.shuffle([...cursor.roads]).slice(0, rng.int(1, 3))
      buildings = urbanBuildings(rng, g, hh.length, { roads: mine, next: cursor.next }, r)
    } else {
      const first = nextHamlet.get(g.communityCode) ?? 1
      const rural = ruralBuildings(rng, g, hh.length, r, first)
      nextHamlet.set(g.communityCode, first + rural.hamlets)
      buildings = rural.buildings
      hamletPoints = new Array<number>(rural.hamlets).fill(0)
      for (const b of buildings) hamletPoints[b.hamlet]! += 1
      facilityHamlets = Array.from({ length: facilities }, () => rng.int(0, rural.hamlets - 1))
      for (const h of facilityHamlets) hamletPoints[h]! += 1
    }
    const places = [...new Set(buildings.map((b) => b.place))]
    return {
      grid: g,
      residents: r,
      households: hh,
      buildings,
      hamletPoints,
      facilityHamlets,
      facilities,
      organizations: rng.round(r / PER_ORGANIZATION[kind]),
      concerns: rng.round(r / PER_CONCERN),
      facilityPoints: [],
      places,
    }
  })
}
