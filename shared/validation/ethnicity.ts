// Ethnic groups (民族), GB 3304-1991 "Names of nationalities of China in romanization with codes":
// the 56 groups with their two-digit codes in the standard's order, their romanised names and
// two-letter codes, plus 97 其他 (other, not identified) and 98 外国血统中国籍人士 (Chinese citizens of
// foreign origin) as used on identity documents. Pure data and functions, shared by server and web.

export interface Ethnicity {
  /** Two digits: '01'–'56', '97', '98'. */
  code: string
  /** Chinese name as in the standard: '汉族'. */
  name: string
  /** Romanised name of GB 3304 ('Han'); for 97 and 98, which the standard does not romanise, an English label. */
  roman: string
  /** GB 3304 two-letter code ('HA'); undefined for 97 and 98. */
  letters: string | undefined
}

const TABLE: ReadonlyArray<readonly [string, string, string, string?]> = [
  ['01', '汉族', 'Han', 'HA'],
  ['02', '蒙古族', 'Mongol', 'MG'],
  ['03', '回族', 'Hui', 'HU'],
  ['04', '藏族', 'Zang', 'ZA'],
  ['05', '维吾尔族', 'Uygur', 'UG'],
  ['06', '苗族', 'Miao', 'MH'],
  ['07', '彝族', 'Yi', 'YI'],
  ['08', '壮族', 'Zhuang', 'ZH'],
  ['09', '布依族', 'Buyei', 'BY'],
  ['10', '朝鲜族', 'Chosen', 'CS'],
  ['11', '满族', 'Man', 'MA'],
  ['12', '侗族', 'Dong', 'DO'],
  ['13', '瑶族', 'Yao', 'YA'],
  ['14', '白族', 'Bai', 'BA'],
  ['15', '土家族', 'Tujia', 'TJ'],
  ['16', '哈尼族', 'Hani', 'HN'],
  ['17', '哈萨克族', 'Kazak', 'KZ'],
  ['18', '傣族', 'Dai', 'DA'],
  ['19', '黎族', 'Li', 'LI'],
  ['20', '傈僳族', 'Lisu', 'LS'],
  ['21', '佤族', 'Va', 'VA'],
  ['22', '畲族', 'She', 'SH'],
  ['23', '高山族', 'Gaoshan', 'GS'],
  ['24', '拉祜族', 'Lahu', 'LH'],
  ['25', '水族', 'Sui', 'SU'],
  ['26', '东乡族', 'Dongxiang', 'DX'],
  ['27', '纳西族', 'Naxi', 'NX'],
  ['28', '景颇族', 'Jingpo', 'JP'],
  ['29', '柯尔克孜族', 'Kirgiz', 'KG'],
  ['30', '土族', 'Tu', 'TU'],
  ['31', '达斡尔族', 'Daur', 'DU'],
  ['32', '仫佬族', 'Mulao', 'ML'],
  ['33', '羌族', 'Qiang', 'QI'],
  ['34', '布朗族', 'Blang', 'BL'],
  ['35', '撒拉族', 'Salar', 'SL'],
  ['36', '毛南族', 'Maonan', 'MN'],
  ['37', '仡佬族', 'Gelao', 'GL'],
  ['38', '锡伯族', 'Xibe', 'XB'],
  ['39', '阿昌族', 'Achang', 'AC'],
  ['40', '普米族', 'Pumi', 'PM'],
  ['41', '塔吉克族', 'Tajik', 'TA'],
  ['42', '怒族', 'Nu', 'NU'],
  ['43', '乌孜别克族', 'Uzbek', 'UZ'],
  ['44', '俄罗斯族', 'Russ', 'RS'],
  ['45', '鄂温克族', 'Ewenki', 'EW'],
  ['46', '德昂族', 'Deang', 'DE'],
  ['47', '保安族', 'Bonan', 'BN'],
  ['48', '裕固族', 'Yugur', 'YG'],
  ['49', '京族', 'Gin', 'GI'],
  ['50', '塔塔尔族', 'Tatar', 'TT'],
  ['51', '独龙族', 'Derung', 'DR'],
  ['52', '鄂伦春族', 'Oroqen', 'OR'],
  ['53', '赫哲族', 'Hezhen', 'HZ'],
  ['54', '门巴族', 'Monba', 'MB'],
  ['55', '珞巴族', 'Lhoba', 'LB'],
  ['56', '基诺族', 'Jino', 'JN'],
  ['97', '其他', 'Other'],
  ['98', '外国血统中国籍人士', 'Chinese citizen of foreign origin'],
]

export const ETHNICITIES: readonly Ethnicity[] = TABLE.map(([code, name, roman, letters]) => ({ code, name, roman, letters }))

export type EthnicityProblem = 'empty' | 'unknown_ethnicity'
export type EthnicityResult = { ok: true; code: string; name: string } | { ok: false; problems: EthnicityProblem[] }

/** Every accepted spelling (Latin ones lower-case) → code. */
const LOOKUP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>()
  for (const e of ETHNICITIES) {
    const keys = [e.code, String(Number(e.code)), e.name, e.roman.toLowerCase()]
    if (e.letters) keys.push(e.letters.toLowerCase())
    if (e.name.endsWith('族')) keys.push(e.name.slice(0, -1)) // '汉' for 汉族, '土家' for 土家族
    if (e.code === '98') keys.push('外国血统')
    for (const key of keys) map.set(key, e.code)
  }
  return map
})()

const BY_CODE = new Map(ETHNICITIES.map((e) => [e.code, e]))

/** The group with this two-digit code, or undefined. */
export function ethnicityByCode(code: string): Ethnicity | undefined {
  return BY_CODE.get(code)
}

/** Accepts a code ('01', '1'), a Chinese name ('汉族', '汉'), a romanised name ('Han') or a two-letter code ('HA'); returns the two-digit code. */
export function parseEthnicity(codeOrName: string | null | undefined): EthnicityResult {
  const input = typeof codeOrName === 'string' ? codeOrName.normalize('NFC').trim() : ''
  if (input === '') return { ok: false, problems: ['empty'] }
  const code = LOOKUP.get(/^[A-Za-z ]+$/.test(input) ? input.toLowerCase() : input)
  if (code === undefined) return { ok: false, problems: ['unknown_ethnicity'] }
  return { ok: true, code, name: BY_CODE.get(code)!.name }
}
