// Organizations (组织), facilities (部件) and residents' concerns (社情民意) of the demo city: names,
// kinds, departments and texts as a grid worker in Xining would record them.
import type { Rng, Weighted } from './rng.ts'
import type { BuildingPlan, GridInfo } from './model.ts'
import type { ConcernTheme, FacilityClass, OrganizationKind } from '../../registry/registry.tables.ts'

const split = (s: string) => s.split(' ').filter((x) => x !== '')

const TRADE_NAMES = split(
  '鑫源 华泰 昆仑 高原 青藏 湟水 金穗 恒通 瑞丰 宏达 利民 丰泽 雪域 三江源 祁连 康泰 德顺 兴隆 永盛 福源 汇通 嘉禾 天佑 盛世 ' +
    '百合 顺达 安信 聚鑫 博远 西部 江河源 柴达木 夏都 金汇 新源 鼎盛 宏运 佳禾 泰丰 盛通 万通 锦程 和顺 振兴 青禾 雪莲 格桑 吉祥',
)
const INDUSTRIES = split(
  '商贸 餐饮管理 建筑工程 物流 信息技术 清真食品 农业开发 汽车服务 装饰工程 文化传媒 旅游 医药 物业服务 劳务 畜产品 枸杞 牦牛乳业 藏毯 新能源 环保科技',
)
const SHOPS = split('手抓羊肉馆 牛肉面馆 便利店 超市 五金店 理发店 药店 烤肉店 干洗店 水果店 服装店 手机维修店 面包房 茶叶店 酿皮店 火锅店')
const PUBLIC_PLACES = split('宾馆 网吧 KTV 洗浴中心 健身中心 棋牌室 商场 影院 酒店')
const SOCIAL = ['老年协会', '志愿者服务队', '居家养老服务中心', '文体协会', '调解委员会', '妇女互助会']

export interface OrganizationDraft {
  kind: OrganizationKind
  name: string
  /** GB 32100 prefix of its credit code, or null (party organizations have none). */
  creditPrefix: string | null
  employees: number | null
  keyPlace: boolean
  /** A preference for where it is: public buildings, shops, plants, any. */
  site: 'public' | 'commercial' | 'industrial' | 'any'
  /** A landline (true) or a mobile (false) as its phone; null for none. */
  landline: boolean | null
  securityContact: boolean
}

const KINDS: Record<'urban' | 'rural' | 'industrial', Weighted<OrganizationKind>> = {
  urban: [['business', 76], ['social', 4], ['public_place', 6], ['school', 1.6], ['hazardous_chemical', 0.4], ['key_site', 1.2], ['government', 3.3], ['party', 5], ['other', 2.5]],
  rural: [['business', 66], ['social', 6], ['public_place', 2], ['school', 3], ['hazardous_chemical', 0.5], ['key_site', 1], ['government', 7], ['party', 10], ['other', 4.5]],
  industrial: [['business', 88], ['hazardous_chemical', 4], ['key_site', 2], ['party', 4], ['government', 1], ['other', 1]],
}

export function organizationFor(rng: Rng, g: GridInfo, district: string): OrganizationDraft {
  const kind = rng.weighted(KINDS[g.industrial ? 'industrial' : g.kind])
  const trade = () => rng.pick(TRADE_NAMES)
  const place = g.kind === 'urban' ? district : g.streetName
  switch (kind) {
    case 'business': {
      const individual = rng.chance(g.industrial ? 0.05 : 0.35)
      if (individual) return { kind, name: `${place}${trade()}${rng.pick(SHOPS)}`, creditPrefix: '92', employees: rng.int(1, 8), keyPlace: false, site: 'commercial', landline: rng.chance(0.2), securityContact: false }
      const suffix = rng.weighted<string>([['有限公司', 70], ['有限责任公司', 22], ['股份有限公司', 8]])
      return {
        kind,
        name: `${rng.chance(0.5) ? '西宁' : `西宁市${district}`}${trade()}${rng.pick(INDUSTRIES)}${suffix}`,
        creditPrefix: rng.chance(0.04) && g.kind === 'rural' ? '93' : '91',
        employees: Math.max(1, Math.round(Math.exp(rng.normal(2.3, 1.1)))),
        keyPlace: false,
        site: g.industrial ? 'industrial' : 'commercial',
        landline: rng.chance(0.5),
        securityContact: rng.chance(0.3),
      }
    }
    case 'social':
      return { kind, name: `${g.communityName}${rng.pick(SOCIAL)}`, creditPrefix: rng.chance(0.6) ? '51' : '52', employees: rng.int(0, 12), keyPlace: false, site: 'public', landline: rng.chance(0.3), securityContact: false }
    case 'party':
      return {
        kind,
        name: rng.chance(0.5) ? `中共${g.communityName}${g.kind === 'urban' ? '社区' : '村'}委员会`.replace('社区社区', '社区').replace('村村', '村') : `${trade()}${rng.pick(INDUSTRIES)}有限公司党支部`,
        creditPrefix: null,
        employees: null,
        keyPlace: false,
        site: 'any',
        landline: rng.chance(0.5) ? true : null,
        securityContact: false,
      }
    case 'public_place':
      return { kind, name: `${trade()}${rng.pick(PUBLIC_PLACES)}`, creditPrefix: rng.chance(0.7) ? '91' : '92', employees: rng.int(3, 60), keyPlace: rng.chance(0.3), site: 'commercial', landline: true, securityContact: true }
    case 'school': {
      const r = rng.next()
      const name = r < 0.45 ? `${g.communityName}幼儿园` : r < 0.8 ? `${g.streetName.replace(/街道$/, '')}小学` : `西宁市第${rng.pick(['一', '三', '五', '七', '九', '十一', '十四', '二十一', '二十六'])}中学${g.communityName}分校`
      return { kind, name, creditPrefix: r < 0.45 && rng.chance(0.5) ? '52' : '12', employees: rng.int(10, 160), keyPlace: true, site: 'public', landline: true, securityContact: true }
    }
    case 'hazardous_chemical':
      return {
        kind,
        name: rng.chance(0.5) ? `中国石油天然气股份有限公司青海西宁销售分公司${trade()}加油站` : `西宁${trade()}${rng.pick(['燃气', '化工', '危险品运输', '液化气'])}有限公司`,
        creditPrefix: '91',
        employees: rng.int(5, 80),
        keyPlace: true,
        site: g.industrial ? 'industrial' : 'commercial',
        landline: true,
        securityContact: true,
      }
    case 'key_site':
      return {
        kind,
        name: rng.pick([`${g.communityName}社区卫生服务中心`, `${g.streetName}养老院`, `${trade()}客运站`, `${g.streetName}供水站`, `${trade()}变电站`, `${g.communityName}农贸市场`]),
        creditPrefix: rng.chance(0.6) ? '12' : '91',
        employees: rng.int(5, 200),
        keyPlace: true,
        site: 'public',
        landline: true,
        securityContact: true,
      }
    case 'government':
      return {
        kind,
        name: rng.pick([g.committee, `${g.streetName}办事处`, `西宁市公安局${district}分局${g.streetName.replace(/街道$/, '')}派出所`, `${district}${rng.pick(['民政局', '人力资源和社会保障局', '市场监督管理局', '城市管理局'])}`]),
        creditPrefix: rng.chance(0.6) ? '11' : '12',
        employees: rng.int(5, 120),
        keyPlace: false,
        site: 'public',
        landline: true,
        securityContact: rng.chance(0.5),
      }
    default:
      return { kind, name: `${g.communityName}${rng.pick(['物业服务中心', '业主委员会', '农民专业合作社', '便民服务点'])}`, creditPrefix: rng.chance(0.5) ? '93' : null, employees: rng.int(0, 20), keyPlace: false, site: 'any', landline: rng.chance(0.5) ? false : null, securityContact: false }
  }
}

/** Picks the building an organization is at, by its preferred site. */
export function siteOf(rng: Rng, buildings: readonly BuildingPlan[], site: OrganizationDraft['site']): BuildingPlan {
  const fits = (b: BuildingPlan) =>
    site === 'public' ? b.use === 'public' : site === 'commercial' ? b.use === 'commercial' || b.use === 'mixed' : site === 'industrial' ? b.use === 'industrial' : true
  const candidates = buildings.filter(fits)
  return rng.pick(candidates.length > 0 ? candidates : buildings)
}

export interface FacilityKind {
  kind: string
  zh: string
  class: FacilityClass
  /** Code part: 630102-SL-000123. */
  abbr: string
  owner: readonly string[]
  maintainer: readonly string[]
  weight: { urban: number; rural: number }
}

export const FACILITY_TYPES: readonly FacilityKind[] = [
  { kind: 'manhole', zh: '井盖', class: 'public_utility', abbr: 'MH', owner: ['西宁水务集团有限公司', '国网西宁供电公司', '西宁中油燃气有限责任公司', '中国电信西宁分公司'], maintainer: ['西宁市市政工程管理处', '西宁水务集团有限公司'], weight: { urban: 22, rural: 8 } },
  { kind: 'street_light', zh: '路灯', class: 'public_utility', abbr: 'SL', owner: ['西宁市城市管理局'], maintainer: ['西宁市路灯管理所'], weight: { urban: 18, rural: 20 } },
  { kind: 'hydrant', zh: '消防栓', class: 'public_utility', abbr: 'HY', owner: ['西宁市消防救援支队'], maintainer: ['西宁水务集团有限公司'], weight: { urban: 5, rural: 2 } },
  { kind: 'camera', zh: '监控摄像头', class: 'public_utility', abbr: 'CM', owner: ['西宁市公安局'], maintainer: ['中国电信西宁分公司', '中国移动西宁分公司'], weight: { urban: 8, rural: 6 } },
  { kind: 'electric_box', zh: '电力箱', class: 'public_utility', abbr: 'EB', owner: ['国网西宁供电公司'], maintainer: ['国网西宁供电公司'], weight: { urban: 5, rural: 6 } },
  { kind: 'gas_valve', zh: '燃气阀门', class: 'public_utility', abbr: 'GV', owner: ['西宁中油燃气有限责任公司'], maintainer: ['西宁中油燃气有限责任公司'], weight: { urban: 3, rural: 0.5 } },
  { kind: 'traffic_light', zh: '交通信号灯', class: 'road_traffic', abbr: 'TL', owner: ['西宁市公安局交通警察支队'], maintainer: ['西宁市公安局交通警察支队'], weight: { urban: 1.5, rural: 0.2 } },
  { kind: 'bus_stop', zh: '公交站亭', class: 'road_traffic', abbr: 'BS', owner: ['西宁公交集团有限责任公司'], maintainer: ['西宁公交集团有限责任公司'], weight: { urban: 2, rural: 1 } },
  { kind: 'charging_pile', zh: '充电桩', class: 'road_traffic', abbr: 'CP', owner: ['国网青海电动汽车服务有限公司'], maintainer: ['国网青海电动汽车服务有限公司'], weight: { urban: 2, rural: 0.3 } },
  { kind: 'trash_bin', zh: '垃圾箱', class: 'appearance_environment', abbr: 'TB', owner: ['西宁市城市管理局'], maintainer: ['西宁市环境卫生管理处'], weight: { urban: 14, rural: 20 } },
  { kind: 'public_toilet', zh: '公厕', class: 'appearance_environment', abbr: 'PT', owner: ['西宁市城市管理局'], maintainer: ['西宁市环境卫生管理处'], weight: { urban: 1.5, rural: 3 } },
  { kind: 'billboard', zh: '广告牌', class: 'appearance_environment', abbr: 'BB', owner: ['西宁市城市管理局'], maintainer: ['西宁市城市管理局'], weight: { urban: 2, rural: 0.5 } },
  { kind: 'tree', zh: '行道树', class: 'landscaping', abbr: 'TR', owner: ['西宁市园林绿化局'], maintainer: ['西宁市园林绿化局'], weight: { urban: 12, rural: 10 } },
  { kind: 'bench', zh: '座椅', class: 'landscaping', abbr: 'BC', owner: ['西宁市园林绿化局'], maintainer: ['西宁市园林绿化局'], weight: { urban: 3, rural: 2 } },
  { kind: 'other', zh: '其他部件', class: 'other', abbr: 'OT', owner: ['西宁市城市管理局'], maintainer: ['西宁市城市管理局'], weight: { urban: 1, rural: 1 } },
]
const FACILITY_WEIGHTS = {
  urban: FACILITY_TYPES.map((t) => [t, t.weight.urban] as const),
  rural: FACILITY_TYPES.map((t) => [t, t.weight.rural] as const),
}

export function facilityTypeFor(rng: Rng, rural: boolean): FacilityKind {
  return rng.weighted(rural ? FACILITY_WEIGHTS.rural : FACILITY_WEIGHTS.urban)
}

export function facilityStateFor(rng: Rng, kind: string): { state: 'intact' | 'damaged' | 'missing' | 'occupied'; hazard: boolean } {
  const state = rng.weighted<'intact' | 'damaged' | 'missing' | 'occupied'>([
    ['intact', 93],
    ['damaged', 4],
    ['missing', kind === 'manhole' || kind === 'trash_bin' ? 1.5 : 0.3],
    ['occupied', kind === 'hydrant' || kind === 'bus_stop' || kind === 'charging_pile' ? 4 : 1],
  ])
  const dangerous = ['manhole', 'electric_box', 'gas_valve', 'street_light', 'traffic_light']
  return { state, hazard: (state === 'damaged' || state === 'missing') && dangerous.includes(kind) }
}

const CONCERNS: Record<ConcernTheme, readonly string[]> = {
  livelihood: [
    '{b}楼道声控灯损坏多日，老人夜间上下楼不便，希望尽快维修。',
    '反映{b}冬季供暖温度不达标，室内不足16度。',
    '{b}二次供水水压不足，高层住户早晚用水困难。',
    '居民反映{p}附近缺少便民菜店，买菜需步行较远。',
    '{b}电梯频繁故障停运，希望物业加强维保。',
  ],
  environment: [
    '{p}路边垃圾清运不及时，夏季有异味。',
    '{p}附近餐馆油烟直排，影响周边住户。',
    '{b}楼下有人长期堆放杂物，影响消防通道。',
    '{p}夜间施工噪音扰民，希望协调施工时间。',
    '{p}沿线绿化带有枯死树木，建议补植。',
  ],
  safety: [
    '{b}楼下有电动车飞线充电，存在火灾隐患。',
    '{p}路口夜间照明不足，行人过马路不安全。',
    '{b}单元门禁损坏，陌生人员可随意进出。',
    '{p}有流动摊贩占道经营，存在交通安全隐患。',
    '反映{p}附近有井盖松动，存在安全隐患。',
  ],
  dispute: [
    '{b}两户居民因楼上漏水问题发生纠纷，请求调解。',
    '{b}住户因停车位占用问题与邻居发生争执。',
    '反映与物业公司因物业费收费标准存在分歧。',
    '{p}商户与房东因租金和押金退还问题产生纠纷。',
    '邻里之间因宠物犬扰民问题多次发生口角。',
  ],
  policy: [
    '咨询城乡居民医疗保险缴费时间及标准。',
    '咨询高龄老人津贴申领条件和办理流程。',
    '咨询孩子入学需要准备的材料和划片政策。',
    '咨询灵活就业人员养老保险参保办法。',
    '咨询残疾人两项补贴的申请条件。',
  ],
  service: [
    '希望社区增设老年助餐点，方便独居老人就餐。',
    '建议在{p}附近增设公交站点。',
    '希望社区开设周末儿童托管服务。',
    '建议社区卫生服务站延长下午门诊时间。',
    '希望增加社区图书室开放时间。',
  ],
  infrastructure: [
    '{p}路面坑洼不平，雨天积水严重。',
    '{p}人行道地砖破损，行人容易绊倒。',
    '{b}门前排水管道堵塞，污水外溢。',
    '{p}路灯不亮已有一周，请求维修。',
    '{p}缺少无障碍通道，轮椅出行困难。',
  ],
  other: ['反映{p}附近有流浪犬出没，担心伤人。', '建议在{p}设置快递集中收发点。', '居民对{b}外墙保温改造工程进度有疑问。'],
}
const THEMES: Weighted<ConcernTheme> = [['livelihood', 24], ['environment', 18], ['safety', 12], ['dispute', 10], ['policy', 12], ['service', 8], ['infrastructure', 13], ['other', 3]]

export function concernFor(rng: Rng, building: BuildingPlan): { theme: ConcernTheme; content: string } {
  const theme = rng.weighted(THEMES)
  const content = rng.pick(CONCERNS[theme]).replace('{b}', building.name).replace('{p}', building.place)
  return { theme, content }
}

export const CONCERN_CLOSINGS = ['已现场答复', '已协调物业处理', '已转交相关部门办理', '已协调解决', '群众撤回诉求', '已纳入社区年度计划']
