// Unified social credit codes (统一社会信用代码), GB 32100-2015. Pure functions, shared by server and web.
//
//   9 1 350100 M000100Y4 3
//   │ │ │      │         └ check character (position 18): MOD 31 over positions 1–17
//   │ │ │      └ subject identifier = organisation code, GB 11714-1997: 8 characters + its own
//   │ │ │        MOD 11 check character at position 17
//   │ │ └ region: the GB/T 2260 code of the registering authority
//   │ └ organisation type within that department
//   └ registration management department
//
// Every character comes from the 31-character set 0-9 A-H J-N P-R T U W-Y (no I, O, Z, S, V).
// Note the two checks value letters differently: GB 32100 by their index in that set (A=10 … Y=30),
// GB 11714 by their place in the alphabet (A=10 … Z=35).
//
// parseCreditCode never throws on bad input: it lists every problem with a stable snake_case code.

export const CREDIT_CODE_PROBLEMS = ['empty', 'wrong_length', 'bad_characters', 'bad_org_check', 'bad_check_character'] as const
export type CreditCodeProblem = (typeof CREDIT_CODE_PROBLEMS)[number]

/** The code's character set, in value order (GB 32100-2015). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

export interface CreditCodeCategory {
  /** 登记管理部门 (position 1) */
  department: string
  /** 机构类别 (position 2) */
  type: string
  /** 'GB 32100-2015' for the standard's own table, 'later' for codes assigned since by the code authority. */
  source: 'GB 32100-2015' | 'later'
}

function category(department: string, type: string, source: CreditCodeCategory['source']): CreditCodeCategory {
  return { department, type, source }
}

/**
 * Positions 1–2. The standard's table (1 机构编制, 5 民政, 9 工商, Y 其他), plus the later
 * departments a community registry meets most (司法行政 3, 宗教 7, 工会 8, 农业 N) as published by
 * the national credit code centre (cods.org.cn). Not exhaustive: an unlisted prefix is not a problem.
 */
export const CREDIT_CODE_CATEGORIES: Readonly<Record<string, CreditCodeCategory>> = {
  '11': category('机构编制', '机关', 'GB 32100-2015'),
  '12': category('机构编制', '事业单位', 'GB 32100-2015'),
  '13': category('机构编制', '中央编办直接管理机构编制的群众团体', 'GB 32100-2015'),
  '19': category('机构编制', '其他', 'GB 32100-2015'),
  '51': category('民政', '社会团体', 'GB 32100-2015'),
  '52': category('民政', '民办非企业单位', 'GB 32100-2015'),
  '53': category('民政', '基金会', 'GB 32100-2015'),
  '59': category('民政', '其他', 'GB 32100-2015'),
  '91': category('工商', '企业', 'GB 32100-2015'),
  '92': category('工商', '个体工商户', 'GB 32100-2015'),
  '93': category('工商', '农民专业合作社', 'GB 32100-2015'),
  Y1: category('其他', '其他', 'GB 32100-2015'),
  '31': category('司法行政', '律师执业机构', 'later'),
  '32': category('司法行政', '公证处', 'later'),
  '33': category('司法行政', '基层法律服务所', 'later'),
  '34': category('司法行政', '司法鉴定机构', 'later'),
  '35': category('司法行政', '仲裁委员会', 'later'),
  '39': category('司法行政', '其他', 'later'),
  '71': category('宗教', '宗教活动场所', 'later'),
  '72': category('宗教', '宗教院校', 'later'),
  '79': category('宗教', '其他', 'later'),
  '81': category('工会', '基层工会', 'later'),
  '89': category('工会', '其他', 'later'),
  N1: category('农业', '组级集体经济组织', 'later'),
  N2: category('农业', '村级集体经济组织', 'later'),
  N3: category('农业', '乡镇级集体经济组织', 'later'),
  N9: category('农业', '其他', 'later'),
}

export interface ValidCreditCode {
  ok: true
  /** 18 characters, upper-case. */
  value: string
  /** Positions 1–2. */
  prefix: string
  /** Positions 1–2 looked up in CREDIT_CODE_CATEGORIES; undefined when not listed there. */
  category: CreditCodeCategory | undefined
  /** Positions 3–8. */
  regionCode: string
  /** Positions 9–17: the GB 11714 organisation code, check character included. */
  orgCode: string
}
export type CreditCodeResult = ValidCreditCode | { ok: false; problems: CreditCodeProblem[] }

/** Weights of positions 1–17: 3^(i−1) mod 31 (GB 32100-2015). */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1
  for (let k = 0; k < i; k++) w = (w * 3) % 31
  return w
})
/** GB 11714-1997 weights of the 8 organisation-code characters. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

const isCharsetString = (s: string) => [...s].every((c) => CREDIT_CODE_CHARSET.includes(c))

/** The GB 11714-1997 check character ('0'–'9' or 'X') of an 8-character organisation code body. Throws on malformed input. */
export function orgCodeCheckCharacter(base8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(base8)) throw new Error(`expected 8 digits or capital letters, got ${JSON.stringify(base8)}`)
  let sum = 0
  for (let i = 0; i < 8; i++) sum += parseInt(base8[i]!, 36) * ORG_WEIGHTS[i]!
  const c = 11 - (sum % 11) // 1…11; 10 is written X, 11 is written 0
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/** The GB 32100-2015 check character of the first 17 characters. Throws unless all 17 are in the code's character set. */
export function creditCheckCharacter(first17: string): string {
  if (first17.length !== 17 || !isCharsetString(first17)) throw new Error(`expected 17 code characters, got ${JSON.stringify(first17)}`)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!
}

export function parseCreditCode(raw: string | null | undefined): CreditCodeResult {
  const input = typeof raw === 'string' ? raw.trim() : ''
  if (input === '') return { ok: false, problems: ['empty'] }
  const problems = new Set<CreditCodeProblem>()
  // Lower-case letters are accepted and upper-cased (only ASCII: toUpperCase would turn 'ß' into 'SS').
  const chars = Array.from(input, (c) => (c >= 'a' && c <= 'z' ? c.toUpperCase() : c))
  const text = chars.join('')

  if (chars.length !== 18) problems.add('wrong_length')
  if (!isCharsetString(text) || (chars.length === 18 && !/^\d{6}$/.test(text.slice(2, 8)))) problems.add('bad_characters')
  if (chars.length === 18) {
    const org = text.slice(8, 17)
    if (isCharsetString(org) && orgCodeCheckCharacter(org.slice(0, 8)) !== org[8]) problems.add('bad_org_check')
    if (isCharsetString(text) && creditCheckCharacter(text.slice(0, 17)) !== text[17]) problems.add('bad_check_character')
  }

  if (problems.size > 0) return { ok: false, problems: CREDIT_CODE_PROBLEMS.filter((p) => problems.has(p)) }
  const prefix = text.slice(0, 2)
  return {
    ok: true,
    value: text,
    prefix,
    category: CREDIT_CODE_CATEGORIES[prefix],
    regionCode: text.slice(2, 8),
    orgCode: text.slice(8, 17),
  }
}

/**
 * Builds a valid code, for generators: a prefix listed in CREDIT_CODE_CATEGORIES, a 6-digit region
 * code and an 8-character organisation code body from the code's character set; both check
 * characters are computed. Throws on malformed input.
 */
export function makeCreditCode(prefix2: string, region6: string, orgBase8: string): string {
  if (!CREDIT_CODE_CATEGORIES[prefix2]) throw new Error(`unknown prefix: ${JSON.stringify(prefix2)}`)
  if (!/^\d{6}$/.test(region6)) throw new Error(`region code must be 6 digits: ${JSON.stringify(region6)}`)
  if (orgBase8.length !== 8 || !isCharsetString(orgBase8)) throw new Error(`organisation code body must be 8 code characters: ${JSON.stringify(orgBase8)}`)
  const first17 = prefix2 + region6 + orgBase8 + orgCodeCheckCharacter(orgBase8)
  return first17 + creditCheckCharacter(first17)
}
