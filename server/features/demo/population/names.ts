// Personal names of the demo population, by ethnic group, sex and birth cohort. Xining: Han and Hui
// names with the common surnames (马 above all among the Hui), Tibetan names without a surname
// (才让, 卓玛, 扎西才让), Tu and Salar names, Mongol names, Uyghur names with the middle dot
// (阿依古丽·买买提), a few foreign residents in Latin letters, and a small share of given names with
// rare characters (CJK Extension A in the BMP, Extensions B–E outside it: 𠅤, 𪚥, 𠮷).
import { Rng, WeightedTable, type Weighted } from './rng.ts'

export type Sex = '1' | '2'

const split = (s: string) => s.split(' ').filter((x) => x !== '')

/** Han surnames with weights (per mille, north-west China). */
const HAN_SURNAMES: Weighted<string> = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 30], ['杨', 33], ['赵', 24], ['黄', 10], ['周', 12], ['吴', 11],
  ['徐', 10], ['孙', 11], ['胡', 10], ['朱', 9], ['高', 10], ['林', 4], ['何', 7], ['郭', 8], ['马', 15], ['罗', 6],
  ['梁', 6], ['宋', 5], ['郑', 5], ['谢', 4], ['韩', 6], ['唐', 4], ['冯', 5], ['于', 4], ['董', 5], ['萧', 1],
  ['程', 4], ['曹', 5], ['袁', 4], ['邓', 3], ['许', 4], ['傅', 2], ['沈', 2], ['曾', 2], ['彭', 3], ['吕', 4],
  ['苏', 4], ['卢', 3], ['蒋', 3], ['蔡', 2], ['贾', 4], ['丁', 3], ['魏', 4], ['薛', 3], ['叶', 2], ['阎', 3],
  ['余', 2], ['潘', 2], ['杜', 3], ['戴', 2], ['夏', 2], ['钟', 1], ['汪', 2], ['田', 4], ['任', 4], ['姜', 2],
  ['范', 2], ['方', 2], ['石', 3], ['姚', 2], ['谭', 1], ['廖', 1], ['邹', 1], ['熊', 1], ['金', 2], ['陆', 1],
  ['郝', 3], ['孔', 2], ['白', 3], ['崔', 2], ['康', 2], ['毛', 1], ['邱', 1], ['秦', 2], ['江', 1], ['史', 2],
  ['顾', 1], ['侯', 2], ['邵', 1], ['孟', 2], ['龙', 1], ['万', 1], ['段', 2], ['雷', 2], ['钱', 1], ['汤', 1],
  ['尹', 1], ['黎', 1], ['易', 1], ['常', 2], ['武', 2], ['乔', 2], ['贺', 1], ['赖', 1], ['龚', 1], ['文', 1],
  ['祁', 2], ['鲁', 1], ['安', 2], ['牛', 2], ['严', 1], ['陶', 1], ['申', 1], ['聂', 1], ['祝', 1], ['柴', 1],
  ['晁', 1], ['甘', 1], ['宁', 1], ['窦', 1], ['欧阳', 0.3], ['司马', 0.1], ['诸葛', 0.05], ['上官', 0.05],
]

const HUI_SURNAMES: Weighted<string> = [
  ['马', 40], ['韩', 6], ['冶', 3], ['喇', 2], ['妥', 2], ['白', 3], ['沙', 2], ['海', 1], ['穆', 1], ['哈', 1],
  ['李', 5], ['王', 4], ['张', 3], ['杨', 3], ['苏', 1], ['鲜', 1], ['余', 1], ['金', 1], ['何', 1], ['赵', 1],
  ['刘', 2], ['丁', 1], ['周', 1], ['陕', 0.5], ['保', 0.5], ['者', 0.3], ['虎', 0.5], ['拉', 0.3], ['绽', 0.2],
]
const SALAR_SURNAMES: Weighted<string> = [['韩', 60], ['马', 20], ['沈', 6], ['何', 4], ['陕', 4], ['绽', 3], ['赵', 3]]
const TU_SURNAMES: Weighted<string> = [['李', 20], ['祁', 12], ['鲁', 8], ['吕', 6], ['东', 5], ['朱', 5], ['秦', 5], ['星', 3], ['赵', 6], ['张', 8], ['胡', 5], ['董', 4], ['谢', 3]]

/** Given names by sex and cohort: born before 1966, 1966–1985, 1986–2005, 2006 on. */
const GIVEN: Record<Sex, readonly (readonly string[])[]> = {
  '1': [
    split('建国 建军 国庆 国强 志强 永福 德明 振华 文斌 学军 长林 福财 玉林 树林 占海 世荣 宝山 成林 有福 万福 生荣 忠 明 华 强 勇 军 林 海 斌 福 贵 发 占山 生福 守仁 进财 德 春 正'),
    split('伟 磊 勇 军 涛 斌 强 鹏 杰 峰 海涛 建华 志刚 红军 晓东 永刚 海龙 国栋 卫东 小军 建平 海军 文军 宏伟 德胜 俊 波 辉 刚 平 亮 宁 斌 晓明 青海 海平 建新 志勇'),
    split('浩 宇 鑫 磊 帅 超 鹏飞 晨 博 昊 浩然 子豪 宇航 俊杰 天宇 嘉豪 泽宇 文博 明轩 志远 一鸣 家乐 佳豪 思远 睿 轩 旭 阳 凯 龙 航 伟豪 鹏程 宏宇 晓龙'),
    split('梓豪 浩宇 子轩 宇轩 沐宸 一诺 浩然 梓睿 奕辰 子墨 宇泽 俊熙 铭泽 锦程 皓轩 煜祺 博文 梓航 辰逸 宸 昊然 景行 逸凡 睿泽 承泽 明哲 嘉树 星辰 瑞霖'),
  ],
  '2': [
    split('秀英 桂兰 玉兰 桂英 秀兰 淑珍 凤英 玉珍 秀珍 兰英 玉梅 桂芳 素珍 翠兰 金兰 凤兰 淑英 秀梅 玉英 兰 英 梅 芳 改兰 存兰 玉花 菊花 桂香'),
    split('丽 静 艳 敏 娟 霞 燕 红 芳 丽娟 海燕 红梅 晓燕 艳红 春梅 丽萍 秀丽 晓梅 玉霞 小红 雪梅 慧 婷 琴 萍 莉 海霞 青梅 晓红 玉洁'),
    split('婷 雪 倩 悦 欣 佳 璐 瑶 娜 晶 婷婷 欣怡 雨欣 佳琪 梦瑶 思雨 晓雪 雅婷 文静 心怡 佳怡 丹丹 梦洁 雅琪 诗琪 若曦 蓉 洁 琳'),
    split('梓涵 欣怡 子涵 一诺 雨桐 诗涵 梓萱 语桐 若汐 可馨 沐晴 依诺 芷若 安琪 思彤 紫涵 梦琪 佳怡 语嫣 书瑶 艺涵 雨萱 悦溪 梓晴 沐瑶 清妍'),
  ],
}
/** Given names of Muslim tradition, used by some Hui, Salar and Dongxiang. */
const MUSLIM_GIVEN: Record<Sex, readonly string[]> = {
  '1': split('尔撒 穆萨 伊布拉 哈桑 优素福 尔萨 阿里 麦麦 伊斯哈格 努海 阿卜杜 舍尔 伊斯玛 阿旦 苏莱曼 尕布 达吾德'),
  '2': split('法图麦 阿伊莎 麦尔燕 哈底彻 赛麦 阿米乃 再乃布 鲁哈 海迪彻 索菲娅'),
}
const TIBETAN: Record<Sex | 'any', readonly string[]> = {
  '1': split('扎西 多杰 才让 旦增 次仁 加措 桑杰 仁青 更登 完德 华旦 公保 南杰 尖措 才旦 东主 贡保 旦正 斗尕 洛桑 当周 夏吾 久美 闹日 昂秀'),
  '2': split('卓玛 拉毛 央金 措毛 拉姆 卓嘎 德吉 吉毛 周毛 才措 卓么 青措 拉吉 切吉 旦措 娘吉 桑毛 卓措 尼措 曲珍'),
  any: split('尼玛 达娃 白玛 索南 格桑 德庆 措吉 完玛 扎西 才让'),
}
const MONGOL: Record<Sex, readonly string[]> = {
  '1': split('巴特尔 那日苏 格日勒 宝音 额尔敦 苏和 阿拉坦 朝鲁 乌力吉 巴图 特木尔 孟和 布和 达来'),
  '2': split('乌兰 其其格 斯琴 敖登 图雅 萨仁 娜仁 高娃 塔娜 乌云 琪琪格 萨日娜'),
}
const UYGHUR: Record<Sex, readonly string[]> = {
  '1': split('买买提 艾力 艾合买提 吐尔逊 阿不都 热合曼 努尔 依明 艾山 库尔班 塔依尔 买合木提 吾买尔 阿布来提 亚森'),
  '2': split('阿依古丽 古丽娜尔 热依拉 帕提古丽 米热古丽 祖丽皮耶 阿依努尔 迪丽努尔 玛依拉 努尔古丽 热娜'),
}
const FOREIGN: Record<Sex, readonly string[]> = {
  '1': ['Muhammad Ali Khan', 'Kim Minjun', 'Sato Haruto', 'John Smith', 'Ahmed Hassan', 'Bikash Gurung', 'Ivan Petrov', 'Lee Jihoon', "Daniel O'Brien", 'José García'],
  '2': ['Ayesha Malik', 'Park Seoyeon', 'Suzuki Yui', 'Emily Johnson', 'Fatima Zahra', 'Anna Müller', 'Maya Tamang', 'Olga Ivanova', 'Nguyễn Thị Lan', 'Sophie Martin'],
}
/** Rare given-name characters: CJK Extension A (BMP) and Extensions B–E (outside the BMP). */
const RARE_BMP = ['\u4dae', '\u3431', '\u36c3', '\u3b0c', '\u4a44']
const RARE_ASTRAL = ['\u{20164}', '\u{2a6a5}', '\u{20bb7}', '\u{24b62}', '\u{2c029}', '\u{21484}']

const han = new WeightedTable(HAN_SURNAMES)
const hui = new WeightedTable(HUI_SURNAMES)
const salar = new WeightedTable(SALAR_SURNAMES)
const tu = new WeightedTable(TU_SURNAMES)

function cohort(birthYear: number): number {
  return birthYear < 1966 ? 0 : birthYear < 1986 ? 1 : birthYear < 2006 ? 2 : 3
}

/** A given name of the Han pattern for the cohort, now and then with a rare character. */
function givenName(rng: Rng, sex: Sex, birthYear: number): string {
  const c = cohort(birthYear)
  // Neighbouring cohorts overlap a little.
  const pool = GIVEN[sex][rng.chance(0.15) ? Math.max(0, Math.min(3, c + (rng.chance(0.5) ? 1 : -1))) : c]!
  let name = rng.pick(pool)
  const r = rng.next()
  if (r < 0.0006) name = name.slice(0, 1) + rng.pick(RARE_ASTRAL)
  else if (r < 0.0016) name = rng.pick(RARE_BMP) + name.slice(-1)
  // Two-character given names are more common among the young.
  if (name.length === 1 && rng.chance(c >= 2 ? 0.15 : 0.05)) name = rng.pick(pool).slice(0, 1) + name
  return name
}

export function surnameOf(rng: Rng, ethnicity: string): string {
  switch (ethnicity) {
    case '03':
    case '26':
    case '47':
      return hui.draw(rng)
    case '35':
      return salar.draw(rng)
    case '30':
      return tu.draw(rng)
    default:
      return han.draw(rng)
  }
}

function tibetanName(rng: Rng, sex: Sex): string {
  const own = () => (rng.chance(0.8) ? rng.pick(TIBETAN[sex]) : rng.pick(TIBETAN.any))
  const r = rng.next()
  if (r < 0.55) return own()
  // Two parts: 扎西才让, 才让卓玛 (a woman's name ends with a woman's part).
  if (sex === '2') return rng.pick([...TIBETAN['1'], ...TIBETAN.any]) + rng.pick(TIBETAN['2'])
  return rng.pick(TIBETAN['1']) + rng.pick([...TIBETAN['1'], ...TIBETAN.any])
}

/**
 * A full name. `surname` is the family's (children take the father's); ethnic groups whose names
 * carry none (Tibetan, most Mongol, Uyghur) ignore it.
 */
export function personName(rng: Rng, ethnicity: string, sex: Sex, birthYear: number, surname?: string): string {
  switch (ethnicity) {
    case '04':
      // Some Tibetans in Qinghai carry a Han surname (李才让).
      return rng.chance(0.1) ? (surname ?? han.draw(rng)) + rng.pick(TIBETAN[sex]) : tibetanName(rng, sex)
    case '02':
      return rng.chance(0.45) ? rng.pick(MONGOL[sex]) : (surname ?? han.draw(rng)) + givenName(rng, sex, birthYear)
    case '05':
    case '17':
    case '43':
      return `${rng.pick(UYGHUR[sex])}\u00b7${rng.pick(UYGHUR['1'])}`
    case '30':
      return rng.chance(0.15) ? tibetanName(rng, sex) : (surname ?? tu.draw(rng)) + givenName(rng, sex, birthYear)
    case '03':
    case '35':
    case '26':
    case '47': {
      const s = surname ?? surnameOf(rng, ethnicity)
      return s + (rng.chance(ethnicity === '35' ? 0.3 : 0.12) ? rng.pick(MUSLIM_GIVEN[sex]) : givenName(rng, sex, birthYear))
    }
    case '97':
      return rng.pick(FOREIGN[sex])
    default:
      return (surname ?? han.draw(rng)) + givenName(rng, sex, birthYear)
  }
}

/** Whether names of this group pass from father to child through a surname. */
export function hasFamilySurname(ethnicity: string): boolean {
  return !['04', '05', '17', '43', '97'].includes(ethnicity)
}

/** A name for someone outside the registry (a legal representative, a guardian elsewhere). */
export function anyName(rng: Rng, birthYear: number): string {
  const sex: Sex = rng.chance(0.6) ? '1' : '2'
  const eth = rng.weighted<string>([['01', 78], ['03', 15], ['04', 4], ['30', 3]])
  return personName(rng, eth, sex, birthYear)
}
