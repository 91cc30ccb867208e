// Special groups (重点人群) and care groups (关爱对象): each list's own fields, shared by the server
// (validation of person_list.fields) and the web (the form for each list). The list codes match the
// list_type table (server/migrations/0006_registry.sql).
//
// validateListFields never throws: it returns the cleaned value or every problem with its field.
import { parsePhone } from '../validation/phone.ts'

export const LIST_CODES = [
  'community_correction',
  'released_prisoner',
  'severe_mental_disorder',
  'drug_user',
  'hiv',
  'petitioner',
  'key_youth',
  'elderly_alone',
  'disabled',
  'low_income',
  'left_behind_child',
  'entitled_group',
] as const
export type ListCode = (typeof LIST_CODES)[number]

export function isListCode(v: unknown): v is ListCode {
  return typeof v === 'string' && (LIST_CODES as readonly string[]).includes(v)
}

interface Label {
  zh: string
  en: string
}

export type ListFieldSpec =
  | { key: string; label: Label; required?: boolean; type: 'text'; maxLength?: number }
  | { key: string; label: Label; required?: boolean; type: 'date' }
  | { key: string; label: Label; required?: boolean; type: 'boolean' }
  | { key: string; label: Label; required?: boolean; type: 'integer' | 'number'; min: number; max: number }
  | { key: string; label: Label; required?: boolean; type: 'phone' }
  | { key: string; label: Label; required?: boolean; type: 'enum'; options: readonly { code: string; zh: string; en: string }[] }

export interface ListDefinition {
  code: ListCode
  kind: 'special' | 'care'
  label: Label
  /** How often a grid worker visits someone on this list (follow-up rule), in days. */
  visitEveryDays: number
  fields: readonly ListFieldSpec[]
}

const text = (key: string, zh: string, en: string, required = false, maxLength = 100): ListFieldSpec => ({ key, label: { zh, en }, type: 'text', required, maxLength })
const date = (key: string, zh: string, en: string, required = false): ListFieldSpec => ({ key, label: { zh, en }, type: 'date', required })
const bool = (key: string, zh: string, en: string): ListFieldSpec => ({ key, label: { zh, en }, type: 'boolean' })

export const LIST_DEFINITIONS: Readonly<Record<ListCode, ListDefinition>> = {
  community_correction: {
    code: 'community_correction',
    kind: 'special',
    label: { zh: '社区矫正对象', en: 'Community correction' },
    visitEveryDays: 30,
    fields: [
      {
        key: 'sentenceType',
        label: { zh: '矫正类别', en: 'Type of correction' },
        type: 'enum',
        required: true,
        options: [
          { code: 'control', zh: '管制', en: 'Public surveillance' },
          { code: 'probation', zh: '缓刑', en: 'Probation' },
          { code: 'parole', zh: '假释', en: 'Parole' },
          { code: 'temporary_outside', zh: '暂予监外执行', en: 'Temporary service outside prison' },
        ],
      },
      text('caseType', '案件类别', 'Type of case', true, 50),
      text('originalSentence', '原判刑罚', 'Original sentence', false, 100),
      date('correctionStart', '矫正开始日期', 'Correction starts', true),
      date('correctionEnd', '矫正结束日期', 'Correction ends', true),
      bool('hasTeam', '是否建立矫正小组', 'Correction team set up'),
      bool('absconded', '是否脱管', 'Absconded'),
    ],
  },
  released_prisoner: {
    code: 'released_prisoner',
    kind: 'special',
    label: { zh: '刑满释放人员', en: 'Released prisoner' },
    visitEveryDays: 90,
    fields: [
      date('releaseDate', '释放日期', 'Released on', true),
      text('crime', '原罪名', 'Offence', true, 50),
      text('originalSentence', '原判刑期', 'Original sentence', false, 50),
      bool('handedOver', '是否衔接', 'Handed over'),
      bool('resettled', '是否安置', 'Resettled'),
    ],
  },
  severe_mental_disorder: {
    code: 'severe_mental_disorder',
    kind: 'special',
    label: { zh: '严重精神障碍患者', en: 'Severe mental disorder' },
    visitEveryDays: 30,
    fields: [
      text('guardianName', '监护人姓名', 'Guardian', true, 50),
      { key: 'guardianPhone', label: { zh: '监护人电话', en: "Guardian's phone" }, type: 'phone', required: true },
      text('diagnosis', '诊断', 'Diagnosis', false, 100),
      bool('incidentHistory', '有无肇事肇祸史', 'History of incidents'),
      { key: 'dangerLevel', label: { zh: '危险性评估等级', en: 'Danger assessment level' }, type: 'integer', min: 0, max: 5, required: true },
      {
        key: 'treatment',
        label: { zh: '治疗情况', en: 'Treatment' },
        type: 'enum',
        options: [
          { code: 'hospitalized', zh: '住院治疗', en: 'In hospital' },
          { code: 'outpatient', zh: '门诊治疗', en: 'Outpatient' },
          { code: 'none', zh: '未治疗', en: 'None' },
        ],
      },
    ],
  },
  drug_user: {
    code: 'drug_user',
    kind: 'special',
    label: { zh: '吸毒人员', en: 'Drug rehabilitation' },
    visitEveryDays: 30,
    fields: [
      {
        key: 'status',
        label: { zh: '当前状态', en: 'Status' },
        type: 'enum',
        required: true,
        options: [
          { code: 'rehabilitating', zh: '戒毒中', en: 'In rehabilitation' },
          { code: 'community_rehab', zh: '社区康复', en: 'Community rehabilitation' },
          { code: 'abstinent', zh: '戒断三年未复吸', en: 'Abstinent (3 years)' },
          { code: 'relapsed', zh: '复吸', en: 'Relapsed' },
        ],
      },
      {
        key: 'rehabilitation',
        label: { zh: '戒毒方式', en: 'Rehabilitation' },
        type: 'enum',
        options: [
          { code: 'compulsory', zh: '强制隔离戒毒', en: 'Compulsory' },
          { code: 'community', zh: '社区戒毒', en: 'Community' },
          { code: 'voluntary', zh: '自愿戒毒', en: 'Voluntary' },
          { code: 'none', zh: '无', en: 'None' },
        ],
      },
      text('source', '发现来源', 'Source', false, 50),
    ],
  },
  hiv: {
    code: 'hiv',
    kind: 'special',
    label: { zh: '艾滋病危险人员', en: 'People with HIV' },
    visitEveryDays: 90,
    fields: [text('followUpUnit', '随访单位', 'Follow-up unit', true, 100), bool('underTreatment', '是否接受治疗', 'Under treatment')],
  },
  petitioner: {
    code: 'petitioner',
    kind: 'special',
    label: { zh: '重点上访人员', en: 'Petitioner' },
    visitEveryDays: 30,
    fields: [
      {
        key: 'petitionType',
        label: { zh: '上访类型', en: 'Type of petition' },
        type: 'enum',
        required: true,
        options: [
          { code: 'repeated', zh: '重复访', en: 'Repeated' },
          { code: 'collective', zh: '集体访', en: 'Collective' },
          { code: 'bypass', zh: '越级访', en: 'Bypassing levels' },
        ],
      },
      text('issue', '诉求事项', 'Issue', true, 500),
      bool('resolved', '是否化解', 'Resolved'),
    ],
  },
  key_youth: {
    code: 'key_youth',
    kind: 'special',
    label: { zh: '重点青少年', en: 'Key youth' },
    visitEveryDays: 30,
    fields: [
      {
        key: 'category',
        label: { zh: '人员类型', en: 'Category' },
        type: 'enum',
        required: true,
        options: [
          { code: 'idle', zh: '闲散青少年', en: 'Idle' },
          { code: 'bad_behaviour', zh: '有不良行为', en: 'With bad behaviour' },
          { code: 'prisoner_child', zh: '服刑人员未成年子女', en: "Prisoner's child" },
          { code: 'left_behind', zh: '农村留守儿童', en: 'Left behind' },
          { code: 'vagrant', zh: '流浪乞讨', en: 'Vagrant' },
        ],
      },
      text('guardianName', '监护人姓名', 'Guardian', false, 50),
      text('school', '就读学校', 'School', false, 100),
    ],
  },
  elderly_alone: {
    code: 'elderly_alone',
    kind: 'care',
    label: { zh: '独居老人', en: 'Elderly living alone' },
    visitEveryDays: 7,
    fields: [
      text('emergencyContact', '紧急联系人', 'Emergency contact', true, 50),
      { key: 'emergencyPhone', label: { zh: '紧急联系电话', en: 'Emergency phone' }, type: 'phone', required: true },
      bool('needsCare', '是否失能半失能', 'Needs daily care'),
    ],
  },
  disabled: {
    code: 'disabled',
    kind: 'care',
    label: { zh: '残疾人', en: 'Disabled' },
    visitEveryDays: 90,
    fields: [
      {
        key: 'category',
        label: { zh: '残疾类别', en: 'Category' },
        type: 'enum',
        required: true,
        options: [
          { code: 'visual', zh: '视力残疾', en: 'Visual' },
          { code: 'hearing', zh: '听力残疾', en: 'Hearing' },
          { code: 'speech', zh: '言语残疾', en: 'Speech' },
          { code: 'physical', zh: '肢体残疾', en: 'Physical' },
          { code: 'intellectual', zh: '智力残疾', en: 'Intellectual' },
          { code: 'mental', zh: '精神残疾', en: 'Mental' },
          { code: 'multiple', zh: '多重残疾', en: 'Multiple' },
        ],
      },
      { key: 'grade', label: { zh: '残疾等级', en: 'Grade' }, type: 'integer', min: 1, max: 4, required: true },
      text('certificateNo', '残疾证号', 'Certificate number', false, 30),
    ],
  },
  low_income: {
    code: 'low_income',
    kind: 'care',
    label: { zh: '低保对象', en: 'Low-income (dibao)' },
    visitEveryDays: 90,
    fields: [
      {
        key: 'kind',
        label: { zh: '保障类别', en: 'Kind' },
        type: 'enum',
        required: true,
        options: [
          { code: 'urban_dibao', zh: '城市低保', en: 'Urban dibao' },
          { code: 'rural_dibao', zh: '农村低保', en: 'Rural dibao' },
          { code: 'extreme_poverty', zh: '特困供养', en: 'Extreme poverty support' },
        ],
      },
      { key: 'monthlyAmount', label: { zh: '月保障金额（元）', en: 'Monthly amount (yuan)' }, type: 'number', min: 0, max: 100000 },
      { key: 'householdSize', label: { zh: '保障人数', en: 'People covered' }, type: 'integer', min: 1, max: 30 },
      date('approvedOn', '批准日期', 'Approved on'),
    ],
  },
  left_behind_child: {
    code: 'left_behind_child',
    kind: 'care',
    label: { zh: '留守儿童', en: 'Left-behind child' },
    visitEveryDays: 30,
    fields: [
      text('guardianName', '监护人姓名', 'Guardian', true, 50),
      text('guardianRelation', '与监护人关系', 'Relation to guardian', false, 20),
      text('parentsWorkplace', '父母务工地', "Parents' place of work", false, 100),
      text('school', '就读学校', 'School', false, 100),
    ],
  },
  entitled_group: {
    code: 'entitled_group',
    kind: 'care',
    label: { zh: '优抚对象', en: 'Entitled group (优抚)' },
    visitEveryDays: 180,
    fields: [
      {
        key: 'kind',
        label: { zh: '优抚类别', en: 'Kind' },
        type: 'enum',
        required: true,
        options: [
          { code: 'veteran', zh: '退役军人', en: 'Veteran' },
          { code: 'disabled_veteran', zh: '伤残军人', en: 'Disabled veteran' },
          { code: 'martyr_family', zh: '烈属', en: "Martyr's family" },
          { code: 'military_family', zh: '军属', en: 'Military family' },
          { code: 'other', zh: '其他', en: 'Other' },
        ],
      },
      text('certificateNo', '优待证号', 'Certificate number', false, 30),
    ],
  },
}

export interface ListFieldProblem {
  field: string
  code: 'required' | 'unknown_field' | 'wrong_type' | 'too_long' | 'out_of_range' | 'not_an_option' | 'bad_date' | 'bad_phone' | 'bad_range'
  message: string
}

export type ListFieldsResult = { ok: true; value: Record<string, string | number | boolean> } | { ok: false; problems: ListFieldProblem[] }

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isRealDate(s: string): boolean {
  const m = DATE.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** Validates the fields of an entry of list `code`: every problem, or the cleaned value (empty fields dropped). */
export function validateListFields(code: ListCode, input: unknown): ListFieldsResult {
  const def = LIST_DEFINITIONS[code]
  const problems: ListFieldProblem[] = []
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [{ field: '', code: 'wrong_type', message: 'fields must be an object' }] }
  }
  const raw = input as Record<string, unknown>
  const value: Record<string, string | number | boolean> = {}
  const known = new Set(def.fields.map((f) => f.key))
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) problems.push({ field: key, code: 'unknown_field', message: `${def.label.en} has no field "${key}"` })
  }
  for (const f of def.fields) {
    const v = raw[f.key]
    if (v === undefined || v === null || v === '') {
      if (f.required) problems.push({ field: f.key, code: 'required', message: `${f.label.en} is required` })
      continue
    }
    switch (f.type) {
      case 'text':
        if (typeof v !== 'string') problems.push({ field: f.key, code: 'wrong_type', message: `${f.label.en} must be text` })
        else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u.test(v)) problems.push({ field: f.key, code: 'wrong_type', message: `${f.label.en} contains control characters` })
        else if (v.trim().length > (f.maxLength ?? 100)) problems.push({ field: f.key, code: 'too_long', message: `${f.label.en} is longer than ${f.maxLength ?? 100} characters` })
        else if (v.trim() === '') { if (f.required) problems.push({ field: f.key, code: 'required', message: `${f.label.en} is required` }) }
        else value[f.key] = v.trim()
        break
      case 'date':
        if (typeof v !== 'string' || !isRealDate(v)) problems.push({ field: f.key, code: 'bad_date', message: `${f.label.en} must be a real date YYYY-MM-DD` })
        else value[f.key] = v
        break
      case 'boolean':
        if (typeof v !== 'boolean') problems.push({ field: f.key, code: 'wrong_type', message: `${f.label.en} must be true or false` })
        else value[f.key] = v
        break
      case 'integer':
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || (f.type === 'integer' && !Number.isInteger(v))) {
          problems.push({ field: f.key, code: 'wrong_type', message: `${f.label.en} must be ${f.type === 'integer' ? 'a whole number' : 'a number'}` })
        } else if (v < f.min || v > f.max) problems.push({ field: f.key, code: 'out_of_range', message: `${f.label.en} must be between ${f.min} and ${f.max}` })
        else value[f.key] = v
        break
      case 'phone': {
        const p = typeof v === 'string' ? parsePhone(v) : undefined
        if (!p || !p.ok) problems.push({ field: f.key, code: 'bad_phone', message: `${f.label.en} is not a valid phone number` })
        else value[f.key] = p.value
        break
      }
      case 'enum':
        if (typeof v !== 'string' || !f.options.some((o) => o.code === v)) {
          problems.push({ field: f.key, code: 'not_an_option', message: `${f.label.en} must be one of ${f.options.map((o) => o.code).join(', ')}` })
        } else value[f.key] = v
        break
    }
  }
  // Cross-field rules.
  if (code === 'community_correction' && typeof value.correctionStart === 'string' && typeof value.correctionEnd === 'string' && value.correctionEnd < value.correctionStart) {
    problems.push({ field: 'correctionEnd', code: 'bad_range', message: 'Correction ends before it starts' })
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value }
}

/** Fields of a list entry that hold personal data (masked in responses like the person's own). */
export function isPersonalListField(spec: ListFieldSpec): boolean {
  return spec.type === 'phone' || spec.key === 'certificateNo'
}
