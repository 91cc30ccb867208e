// Code lists of the registry, shared by server (validation, import, export) and web (forms, labels).
// National code tables where one exists: GB/T 2261.1 sex, GB/T 4762 political status, GB/T 4658
// education (first level), GB/T 2261.2 marital status, GB/T 4761 family relationship (common codes).
// Pure data and lookups only.

export interface CodeEntry {
  code: string
  zh: string
  en: string
  /** Other spellings met in spreadsheets (matched after trimming). */
  aliases?: readonly string[]
}

export type CodeList = readonly CodeEntry[]

export const RESIDENCE_CATEGORIES = [
  { code: 'registered', zh: '户籍人口', en: 'Household-registered', aliases: ['户籍', '常住户籍'] },
  { code: 'floating', zh: '流动人口', en: 'Floating', aliases: ['流动', '暂住人口', '外来人口'] },
  { code: 'unsettled', zh: '未落户人员', en: 'Not yet registered', aliases: ['未落户', '人户分离'] },
  { code: 'overseas', zh: '境外人员', en: 'Overseas', aliases: ['境外', '境外人口'] },
] as const satisfies CodeList
export type ResidenceCategoryCode = (typeof RESIDENCE_CATEGORIES)[number]['code']

export const SEXES = [
  { code: '1', zh: '男', en: 'Male', aliases: ['男性', 'M', 'male'] },
  { code: '2', zh: '女', en: 'Female', aliases: ['女性', 'F', 'female'] },
] as const satisfies CodeList

export const POLITICAL_STATUSES = [
  { code: '01', zh: '中国共产党党员', en: 'CPC member', aliases: ['中共党员', '党员'] },
  { code: '02', zh: '中国共产党预备党员', en: 'CPC probationary member', aliases: ['中共预备党员', '预备党员'] },
  { code: '03', zh: '中国共产主义青年团团员', en: 'CYL member', aliases: ['共青团员', '团员'] },
  { code: '04', zh: '中国国民党革命委员会会员', en: 'RCCK member', aliases: ['民革会员'] },
  { code: '05', zh: '中国民主同盟盟员', en: 'CDL member', aliases: ['民盟盟员'] },
  { code: '06', zh: '中国民主建国会会员', en: 'CNDCA member', aliases: ['民建会员'] },
  { code: '07', zh: '中国民主促进会会员', en: 'CAPD member', aliases: ['民进会员'] },
  { code: '08', zh: '中国农工民主党党员', en: 'CPWDP member', aliases: ['农工党党员'] },
  { code: '09', zh: '中国致公党党员', en: 'CZGP member', aliases: ['致公党党员'] },
  { code: '10', zh: '九三学社社员', en: 'Jiusan Society member', aliases: ['九三学社'] },
  { code: '11', zh: '台湾民主自治同盟盟员', en: 'TDSGL member', aliases: ['台盟盟员'] },
  { code: '12', zh: '无党派人士', en: 'Non-party', aliases: ['无党派民主人士'] },
  { code: '13', zh: '群众', en: 'Ordinary citizen', aliases: ['普通群众'] },
] as const satisfies CodeList

export const EDUCATION_LEVELS = [
  { code: '10', zh: '研究生', en: 'Postgraduate', aliases: ['研究生教育', '博士', '硕士', '博士研究生', '硕士研究生'] },
  { code: '20', zh: '大学本科', en: 'Bachelor', aliases: ['本科'] },
  { code: '30', zh: '大学专科', en: 'College', aliases: ['专科', '大专'] },
  { code: '40', zh: '中等职业教育', en: 'Secondary vocational', aliases: ['中专', '中技', '职高', '中专/中技'] },
  { code: '60', zh: '普通高中', en: 'Senior high school', aliases: ['高中'] },
  { code: '70', zh: '初中', en: 'Junior high school', aliases: ['初级中学'] },
  { code: '80', zh: '小学', en: 'Primary school', aliases: [] },
  { code: '90', zh: '其他', en: 'Other (incl. none)', aliases: ['文盲', '半文盲', '学龄前', '无'] },
] as const satisfies CodeList

export const MARITAL_STATUSES = [
  { code: '10', zh: '未婚', en: 'Never married', aliases: [] },
  { code: '20', zh: '已婚', en: 'Married', aliases: ['在婚'] },
  { code: '21', zh: '初婚', en: 'First marriage', aliases: [] },
  { code: '22', zh: '再婚', en: 'Remarried', aliases: [] },
  { code: '23', zh: '复婚', en: 'Remarried (same spouse)', aliases: [] },
  { code: '30', zh: '丧偶', en: 'Widowed', aliases: [] },
  { code: '40', zh: '离婚', en: 'Divorced', aliases: ['离异'] },
  { code: '90', zh: '未说明的婚姻状况', en: 'Not stated', aliases: ['未说明'] },
] as const satisfies CodeList

export const RELATIONS = [
  { code: '02', zh: '户主', en: 'Head of household', aliases: ['本人', '户主本人'] },
  { code: '10', zh: '配偶', en: 'Spouse', aliases: ['夫', '妻', '丈夫', '妻子'] },
  { code: '20', zh: '子', en: 'Son', aliases: ['儿子', '长子', '次子'] },
  { code: '30', zh: '女', en: 'Daughter', aliases: ['女儿', '长女', '次女'] },
  { code: '40', zh: '孙子女', en: 'Grandchild', aliases: ['孙子', '孙女', '外孙子', '外孙女'] },
  { code: '50', zh: '父母', en: 'Parent', aliases: ['父亲', '母亲', '父', '母'] },
  { code: '60', zh: '祖父母', en: 'Grandparent', aliases: ['祖父', '祖母', '外祖父', '外祖母'] },
  { code: '70', zh: '兄弟姐妹', en: 'Sibling', aliases: ['兄', '弟', '姐', '妹', '哥哥', '弟弟', '姐姐', '妹妹'] },
  { code: '80', zh: '其他亲属', en: 'Other relative', aliases: ['其他'] },
  { code: '99', zh: '非亲属', en: 'Not related', aliases: ['非亲属关系', '租户'] },
] as const satisfies CodeList

export const BUILDING_USES = [
  { code: 'residential', zh: '住宅', en: 'Residential' },
  { code: 'commercial', zh: '商业', en: 'Commercial' },
  { code: 'mixed', zh: '商住混合', en: 'Mixed' },
  { code: 'public', zh: '公共建筑', en: 'Public' },
  { code: 'industrial', zh: '工业', en: 'Industrial' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies CodeList

export const HAZARD_GRADES = [
  { code: 'safe', zh: '安全', en: 'Safe' },
  { code: 'general', zh: '一般隐患', en: 'General hazard' },
  { code: 'serious', zh: '严重隐患', en: 'Serious hazard' },
] as const satisfies CodeList

export const ORGANIZATION_KINDS = [
  { code: 'business', zh: '非公有制经济组织', en: 'Business' },
  { code: 'social', zh: '社会组织', en: 'Social organization' },
  { code: 'party', zh: '党组织', en: 'Party organization' },
  { code: 'public_place', zh: '公共场所', en: 'Public place' },
  { code: 'school', zh: '学校', en: 'School' },
  { code: 'hazardous_chemical', zh: '危化品单位', en: 'Hazardous-chemical unit' },
  { code: 'key_site', zh: '重点场所', en: 'Key site' },
  { code: 'government', zh: '机关事业单位', en: 'Government / public institution' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies CodeList

export const FACILITY_CLASSES = [
  { code: 'public_utility', zh: '公用设施', en: 'Public utilities' },
  { code: 'road_traffic', zh: '道路交通', en: 'Roads and traffic' },
  { code: 'appearance_environment', zh: '市容环境', en: 'City appearance and environment' },
  { code: 'landscaping', zh: '园林绿化', en: 'Landscaping' },
  { code: 'housing_land', zh: '房屋土地', en: 'Housing and land' },
  { code: 'other', zh: '其他设施', en: 'Other' },
] as const satisfies CodeList

/** Common kinds of facility per class (部件小类); other kinds are allowed as snake_case codes. */
export const FACILITY_KINDS = [
  { code: 'manhole', zh: '井盖', en: 'Manhole cover' },
  { code: 'street_light', zh: '路灯', en: 'Street light' },
  { code: 'hydrant', zh: '消防栓', en: 'Fire hydrant' },
  { code: 'camera', zh: '监控摄像头', en: 'Surveillance camera' },
  { code: 'traffic_light', zh: '交通信号灯', en: 'Traffic light' },
  { code: 'bus_stop', zh: '公交站亭', en: 'Bus shelter' },
  { code: 'trash_bin', zh: '垃圾箱', en: 'Litter bin' },
  { code: 'public_toilet', zh: '公厕', en: 'Public toilet' },
  { code: 'electric_box', zh: '电力箱', en: 'Electrical cabinet' },
  { code: 'gas_valve', zh: '燃气阀门', en: 'Gas valve' },
  { code: 'tree', zh: '行道树', en: 'Street tree' },
  { code: 'bench', zh: '座椅', en: 'Bench' },
  { code: 'billboard', zh: '广告牌', en: 'Billboard' },
  { code: 'charging_pile', zh: '充电桩', en: 'Charging point' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies CodeList

export const FACILITY_STATES = [
  { code: 'intact', zh: '完好', en: 'Intact' },
  { code: 'damaged', zh: '损坏', en: 'Damaged' },
  { code: 'missing', zh: '丢失', en: 'Missing' },
  { code: 'occupied', zh: '占用', en: 'Occupied' },
] as const satisfies CodeList

export const CONCERN_THEMES = [
  { code: 'livelihood', zh: '民生诉求', en: 'Livelihood' },
  { code: 'environment', zh: '环境卫生', en: 'Environment' },
  { code: 'safety', zh: '治安安全', en: 'Safety' },
  { code: 'dispute', zh: '矛盾纠纷', en: 'Dispute' },
  { code: 'policy', zh: '政策咨询', en: 'Policy' },
  { code: 'service', zh: '公共服务', en: 'Public services' },
  { code: 'infrastructure', zh: '基础设施', en: 'Infrastructure' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies CodeList

export const PERSON_STATUSES = [
  { code: 'active', zh: '在册', en: 'Active' },
  { code: 'moved_out', zh: '迁出', en: 'Moved out' },
  { code: 'deceased', zh: '死亡', en: 'Deceased' },
  { code: 'retired', zh: '注销', en: 'Retired (entered in error)' },
] as const satisfies CodeList

export const ATTENTION_LEVELS = [
  { code: 'general', zh: '一般', en: 'General' },
  { code: 'medium', zh: '中等', en: 'Medium' },
  { code: 'serious', zh: '严重', en: 'Serious' },
] as const satisfies CodeList

export const LIST_SOURCES = [
  { code: 'entered', zh: '录入', en: 'Entered' },
  { code: 'claimed', zh: '认领', en: 'Claimed' },
  { code: 'verified', zh: '核实', en: 'Verified' },
] as const satisfies CodeList

/** The codes of a list, as a tuple for schemas. */
export function codesOf<L extends CodeList>(list: L): [L[number]['code'], ...L[number]['code'][]] {
  return list.map((e) => e.code) as [L[number]['code'], ...L[number]['code'][]]
}

/** The entry with `code`. */
export function entryOf(list: CodeList, code: string | null | undefined): CodeEntry | undefined {
  return code == null ? undefined : list.find((e) => e.code === code)
}

/**
 * The code a spreadsheet cell means: a code itself, its Chinese or English label, or an alias.
 * Matching ignores surrounding spaces and case (for Latin letters).
 */
export function codeFromText(list: CodeList, text: string | null | undefined): string | undefined {
  const t = (text ?? '').normalize('NFKC').trim()
  if (t === '') return undefined
  const lower = t.toLowerCase()
  for (const e of list) {
    if (e.code === t || e.zh === t || e.en.toLowerCase() === lower) return e.code
    if (e.aliases?.some((a) => a === t || a.toLowerCase() === lower)) return e.code
  }
  return undefined
}
