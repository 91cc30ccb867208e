// Mapping the headers of an uploaded sheet (Chinese or English, as people type them) to field keys.
//
// Contract of mapHeaders(headers, specs):
// - Returns one entry per header: the key of the spec it names, or null (an empty header, a header no
//   spec knows, or a second header for a key already taken). Never throws for any headers; it throws
//   only for specs that contradict themselves (one alias under two keys), a programming error.
// - Headers and aliases are compared after normalizeHeader(): NFKC (full-width letters, digits,
//   brackets and colons become half-width), no whitespace of any kind, the asterisks people add to mark
//   required columns and trailing colons removed ("*姓名", "姓名：", "姓 名" all read "姓名"), Latin
//   letters lower-cased. A parenthesized or bracketed hint ("联系电话（手机）", "出生日期(格式:2000-01-01)",
//   "姓名【必填】") is dropped only when the header as written matches nothing and the bare form does.
// - Problems (SheetProblem, as the reader's): `missing_column` for each required spec no header names
//   (the message names the expected Chinese header), `duplicate_column` for each header after the first
//   that maps to the same key (the first one is used), `unknown_column` (level 'warning') for each
//   non-empty header no spec knows. Empty headers are the reader's concern (`empty_header`).
import type { SheetProblem } from './sheet-reader.ts'

export interface ColumnSpec {
  key: string
  required?: boolean
  /** What people call the column, Chinese first (the first Chinese alias is the one messages name). */
  aliases: string[]
}

export interface HeaderMapping {
  /** Per header index: the field key, or null when the column is ignored. */
  columns: (string | null)[]
  problems: SheetProblem[]
}

const HINT = /\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|〈[^〈〉]*〉/g

/** The form headers and aliases are compared in (see the contract above). */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200b\u200c\u200d\u2060\ufeff]+/gu, '')
    .replace(/^[*※:]+|[*※:]+$/g, '')
    .toLowerCase()
}

/** The normalized header without its parenthesized hints. */
function bareForm(normalized: string): string {
  let s = normalized
  for (let previous = ''; previous !== s; ) {
    previous = s
    s = s.replace(HINT, '')
  }
  return s.replace(/^[*※:]+|[*※:]+$/g, '')
}

/** The alias shown in messages: the first one with a Chinese character, else the first. */
function displayName(spec: ColumnSpec): string {
  return spec.aliases.find((a) => /\p{Script=Han}/u.test(a)) ?? spec.aliases[0] ?? spec.key
}

export function mapHeaders(headers: string[], specs: ColumnSpec[]): HeaderMapping {
  const byAlias = new Map<string, ColumnSpec>()
  for (const spec of specs) {
    for (const alias of [...spec.aliases, spec.key]) {
      const n = normalizeHeader(alias)
      if (n === '') continue
      const other = byAlias.get(n)
      if (other && other.key !== spec.key) throw new Error(`Column specs ${other.key} and ${spec.key} share the alias "${alias}"`)
      byAlias.set(n, spec)
    }
  }

  const problems: SheetProblem[] = []
  const taken = new Map<string, number>()
  const columns = headers.map((header, index): string | null => {
    const normalized = normalizeHeader(header)
    if (normalized === '') return null
    const spec = byAlias.get(normalized) ?? byAlias.get(bareForm(normalized))
    if (!spec) {
      problems.push({
        code: 'unknown_column',
        level: 'warning',
        column: header,
        message: `The column "${header}" is not known and is ignored.`,
      })
      return null
    }
    const first = taken.get(spec.key)
    if (first !== undefined) {
      problems.push({
        code: 'duplicate_column',
        column: header,
        message: `The columns "${headers[first]}" and "${header}" both give ${displayName(spec)} (${spec.key}); only "${headers[first]}" is read. Delete or rename one of them.`,
      })
      return null
    }
    taken.set(spec.key, index)
    return spec.key
  })

  for (const spec of specs) {
    if (spec.required && !taken.has(spec.key)) {
      const name = displayName(spec)
      const others = spec.aliases.filter((a) => a !== name && /\p{Script=Han}/u.test(a))
      problems.push({
        code: 'missing_column',
        column: name,
        message: `The required column "${name}" is missing${others.length ? ` (also accepted: ${others.map((o) => `"${o}"`).join(', ')})` : ''}.`,
      })
    }
  }
  return { columns, problems }
}

/**
 * The columns of a person (实有人口) sheet, as community registers and the public-security population
 * templates name them. Values are checked later by the importer; e.g. residenceCategory takes 户籍人口,
 * 流动人口, 未落户人员 or 境外人员 (registry.tables.ts: registered, floating, unsettled, overseas).
 */
export const PERSON_COLUMNS: ColumnSpec[] = [
  { key: 'name', required: true, aliases: ['姓名', '名字', '人员姓名', '居民姓名', 'name'] },
  { key: 'formerName', aliases: ['曾用名', 'former name'] },
  {
    key: 'idNumber',
    required: true,
    aliases: ['公民身份号码', '身份证号', '身份证号码', '身份证', '公民身份证号码', '公民身份证号', '证件号码', 'id number', 'id no'],
  },
  { key: 'sex', aliases: ['性别', 'sex', 'gender'] },
  { key: 'birthDate', aliases: ['出生日期', '出生年月日', '出生年月', '生日', 'birth date', 'date of birth'] },
  { key: 'ethnicity', aliases: ['民族', 'ethnicity', 'ethnic group'] },
  { key: 'phone', aliases: ['联系电话', '手机号码', '电话', '手机号', '手机', '电话号码', '联系方式', 'phone', 'mobile'] },
  { key: 'residenceCategory', aliases: ['人口类别', '人员类别', '居住类型', '人口类型', '人员类型', 'residence category', 'category'] },
  { key: 'registeredAddress', aliases: ['户籍地址', '户籍地', '户籍所在地', '户籍地详址', '户籍详细地址', 'registered address'] },
  { key: 'address', required: true, aliases: ['现住址', '居住地址', '住址', '现居住地址', '现居住地', '居住地', '现住地址', 'address'] },
  { key: 'gridCode', aliases: ['所属网格', '网格编码', '网格', '网格编号', '网格代码', 'grid', 'grid code'] },
  { key: 'building', aliases: ['楼栋', '楼栋名称', '楼号', '楼栋号', 'building'] },
  { key: 'unit', aliases: ['单元', '单元号', 'unit'] },
  { key: 'room', aliases: ['房号', '门牌号', '房间号', '户室号', 'room'] },
  { key: 'relation', aliases: ['与户主关系', '与户主的关系', '户主关系', 'relation', 'relationship to head'] },
  { key: 'householdNo', aliases: ['户号', 'household no', 'household number'] },
  { key: 'politicalStatus', aliases: ['政治面貌', 'political status'] },
  { key: 'education', aliases: ['文化程度', '学历', 'education'] },
  { key: 'maritalStatus', aliases: ['婚姻状况', 'marital status'] },
  { key: 'religion', aliases: ['宗教信仰', '宗教', 'religion'] },
  { key: 'workplace', aliases: ['工作单位', '服务处所', '工作单位/服务处所', '工作单位或服务处所', 'workplace', 'employer'] },
  { key: 'lon', aliases: ['经度', 'lon', 'lng', 'longitude'] },
  { key: 'lat', aliases: ['纬度', 'lat', 'latitude'] },
]
