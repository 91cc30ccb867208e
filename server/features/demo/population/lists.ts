// Special and care lists of the demo population (person_list), with each list's own fields as
// shared/registry/lists.ts defines them, at shares that depend on age, sex and household:
// the elderly living alone only at 65+ in one-person households, left-behind children only under 16
// and raised by grandparents, key youth only 12–25, community correction and drug users mostly men.
import type { ListCode } from '../../../../shared/registry/lists.ts'
import type { Rng, Weighted } from './rng.ts'
import { anyName } from './names.ts'

export interface ListSubject {
  age: number
  sex: '1' | '2'
  rural: boolean
  /** The household's make-up (households.ts). */
  householdType: string
  householdSize: number
  role: string
  /** Name and phone of a family member who can act as guardian or contact, if any. */
  relative: { name: string; phone: string | null; relation: string } | undefined
  /** Name of the grandparent heading a skipped-generation household. */
  grandparent: { name: string; sex: '1' | '2' } | undefined
  surname: string
  village: string
  street: string
  district: string
  birthYear: number
  /** The household's 低保 (minimum living allowance), decided once for all its members. */
  lowIncome?: LowIncomeDecision
}

export interface LowIncomeDecision {
  kind: 'urban_dibao' | 'rural_dibao' | 'extreme_poverty'
  monthlyAmount: number
  startedDaysAgo: number
  approvedBefore: number
  ended?: { daysAgo: number; reason: string }
}

/** Whether a household gets 低保: more often in villages, for the elderly and single parents. */
export function lowIncomeFor(rng: Rng, rural: boolean, headAge: number, householdType: string, size: number, registeredDaysAgo: number): LowIncomeDecision | undefined {
  const p = (rural ? 0.035 : 0.012) * (headAge >= 65 ? 1.6 : 1) * (householdType === 'single_parent' ? 2.5 : 1) * (householdType === 'collective' ? 0 : 1)
  if (!rng.chance(p)) return undefined
  const startedDaysAgo = rng.int(0, Math.max(0, registeredDaysAgo))
  const extreme = size <= 2 && rng.chance(0.25)
  return {
    kind: extreme ? 'extreme_poverty' : rural ? 'rural_dibao' : 'urban_dibao',
    monthlyAmount: Math.round(size * (rural ? rng.int(420, 520) : rng.int(680, 780))),
    startedDaysAgo,
    approvedBefore: rng.int(0, 60),
    ended: startedDaysAgo > 90 && rng.chance(0.1) ? { daysAgo: rng.int(0, startedDaysAgo - 60), reason: rng.pick(['已脱困', '收入超过保障标准', '迁出']) } : undefined,
  }
}

export interface ListEntryDraft {
  code: ListCode
  attention: 'general' | 'medium' | 'serious'
  source: 'entered' | 'claimed' | 'verified'
  fields: Record<string, string | number | boolean>
  /** Days before the reference date the entry started. */
  startedDaysAgo: number
  /** Days before the reference date it ended, with why; undefined while open. */
  ended?: { daysAgo: number; reason: string }
}

const CASES = ['盗窃', '危险驾驶', '诈骗', '故意伤害', '交通肇事', '寻衅滋事', '非法经营', '开设赌场', '聚众斗殴', '掩饰隐瞒犯罪所得']
const SENTENCES = ['有期徒刑一年，缓刑一年六个月', '有期徒刑六个月，缓刑一年', '拘役三个月，缓刑六个月', '有期徒刑二年，缓刑三年', '管制一年', '有期徒刑三年']
const PRISON_TERMS = ['有期徒刑一年', '有期徒刑二年', '有期徒刑三年', '有期徒刑五年', '有期徒刑八年', '有期徒刑十年']
const DIAGNOSES: Weighted<string> = [['精神分裂症', 60], ['双相情感障碍', 15], ['偏执性精神病', 5], ['分裂情感性障碍', 5], ['癫痫所致精神障碍', 8], ['精神发育迟滞伴发精神障碍', 7]]
const ISSUES = ['征地拆迁补偿问题', '拖欠农民工工资', '商品房延期交付', '物业服务纠纷', '涉法涉诉问题', '社保待遇认定', '退役军人安置待遇', '医疗纠纷赔偿', '宅基地确权争议']
const WORKPLACES = ['西宁市', '青海省格尔木市', '江苏省苏州市', '广东省东莞市', '浙江省宁波市', '新疆乌鲁木齐市', '甘肃省兰州市', '西藏拉萨市', '青海省海西州']

const ATTENTION: Record<'special' | 'care', Weighted<ListEntryDraft['attention']>> = {
  special: [['general', 60], ['medium', 30], ['serious', 10]],
  care: [['general', 80], ['medium', 15], ['serious', 5]],
}
const SOURCE: Weighted<ListEntryDraft['source']> = [['entered', 60], ['verified', 30], ['claimed', 10]]

const isoDaysAgo = (todayMs: number, days: number) => new Date(todayMs - days * 86_400_000).toISOString().slice(0, 10)

/** A mobile number for a contact who is not in the registry: issued by the caller. */
export type PhoneSource = () => string

/**
 * The list entries of one person. `todayMs` is the reference date; `registeredDaysAgo` how long ago
 * the person entered the registry (an entry cannot start before). `phone` issues contact numbers.
 */
// Helpers at module level, not closures: this runs once per person (millions of times).

/** Days ago an entry started: since the person entered the registry. */
function start(rng: Rng, registeredDaysAgo: number): number {
  return rng.int(0, Math.max(0, registeredDaysAgo))
}

function entry(rng: Rng, code: ListCode, kind: 'special' | 'care', fields: ListEntryDraft['fields'], startedDaysAgo: number, ended?: ListEntryDraft['ended']): ListEntryDraft {
  return { code, attention: rng.weighted(ATTENTION[kind]), source: rng.weighted(SOURCE), fields, startedDaysAgo, ended }
}

/** Ends a share of entries some time after they started. */
function maybeEnd(rng: Rng, startedDaysAgo: number, share: number, reasons: readonly string[]): ListEntryDraft['ended'] {
  return startedDaysAgo > 60 && rng.chance(share) ? { daysAgo: rng.int(0, startedDaysAgo - 30), reason: rng.pick(reasons) } : undefined
}

function add(
  out: ListEntryDraft[],
  rng: Rng,
  registeredDaysAgo: number,
  code: ListCode,
  kind: 'special' | 'care',
  fields: ListEntryDraft['fields'],
  startedDaysAgo?: number,
  ended?: ListEntryDraft['ended'],
): void {
  out.push(entry(rng, code, kind, fields, startedDaysAgo ?? start(rng, registeredDaysAgo), ended))
}

function guardianOf(rng: Rng, s: ListSubject): { name: string; phone: string | null; relation: string } {
  return s.relative ?? { name: anyName(rng, s.birthYear - 25), phone: null, relation: '其他' }
}

export function listEntriesFor(rng: Rng, s: ListSubject, todayMs: number, registeredDaysAgo: number, phone: PhoneSource): ListEntryDraft[] {
  const out: ListEntryDraft[] = []
  const adult = s.age >= 18
  const male = s.sex === '1'

  // Care lists.
  if (s.age >= 65 && s.householdSize === 1 && rng.chance(0.85)) {
    const days = start(rng, registeredDaysAgo)
    add(out, rng, registeredDaysAgo, 
      'elderly_alone',
      'care',
      { emergencyContact: `${s.surname}${rng.pick(['建华', '海燕', '文军', '丽娟', '志强', '秀梅', '国栋'])}`, emergencyPhone: phone(), needsCare: rng.chance(s.age >= 80 ? 0.35 : 0.12) },
      days,
      maybeEnd(rng, days, 0.04, ['子女接回同住', '入住养老机构', '迁出']),
    )
  }
  const disabledRate = s.age < 18 ? 0.008 : s.age < 45 ? 0.017 : s.age < 60 ? 0.033 : s.age < 75 ? 0.06 : 0.1
  if (rng.chance(disabledRate)) {
    const category = rng.weighted<string>([['physical', 40], ['visual', 12], ['hearing', s.age >= 60 ? 30 : 12], ['speech', 2], ['intellectual', 8], ['mental', 10], ['multiple', 8]])
    add(out, rng, registeredDaysAgo, 'disabled', 'care', {
      category,
      grade: rng.weighted<number>([[1, 10], [2, 20], [3, 30], [4, 40]]),
      certificateNo: `${s.district}${String(rng.int(0, 99_999_999)).padStart(8, '0')}${rng.int(1, 7)}${rng.int(1, 4)}`,
    })
  }
  if (s.lowIncome) {
    // Every member of a household on 低保 is on the list, under the household's decision.
    const li = s.lowIncome
    add(out, rng, registeredDaysAgo, 
      'low_income',
      'care',
      { kind: li.kind, monthlyAmount: li.monthlyAmount, householdSize: Math.min(30, s.householdSize), approvedOn: isoDaysAgo(todayMs, li.startedDaysAgo + li.approvedBefore) },
      li.startedDaysAgo,
      li.ended,
    )
  }
  if (s.age < 16 && s.householdType === 'skipped_generation' && s.grandparent && rng.chance(0.9)) {
    const days = start(rng, registeredDaysAgo)
    add(out, rng, registeredDaysAgo, 
      'left_behind_child',
      'care',
      {
        guardianName: s.grandparent.name,
        guardianRelation: s.grandparent.sex === '1' ? rng.pick(['祖父', '外祖父']) : rng.pick(['祖母', '外祖母']),
        parentsWorkplace: rng.pick(WORKPLACES),
        ...(s.age >= 6 ? { school: s.age < 12 ? `${s.village}小学` : `${s.street}中学` } : {}),
      },
      days,
      maybeEnd(rng, days, 0.08, ['父母返乡', '随父母迁出', '年满十六周岁']),
    )
  }
  if (adult && rng.chance(male && s.age >= 35 ? 0.0075 : 0.0006)) {
    const kind = rng.weighted<string>([['veteran', male ? 70 : 5], ['disabled_veteran', male ? 5 : 0], ['martyr_family', 3], ['military_family', 17], ['other', 5]])
    add(out, rng, registeredDaysAgo, 'entitled_group', 'care', { kind, certificateNo: `YD${s.district}${String(rng.int(0, 999_999)).padStart(6, '0')}` })
  }

  // Special lists.
  if (adult && s.age <= 65 && rng.chance(male ? 0.0007 : 0.00012)) {
    const days = rng.int(0, Math.min(registeredDaysAgo, 900))
    const length = rng.int(180, 1100)
    const correctionStart = isoDaysAgo(todayMs, days)
    const correctionEnd = isoDaysAgo(todayMs, days - length)
    add(out, rng, registeredDaysAgo, 
      'community_correction',
      'special',
      {
        sentenceType: rng.weighted<string>([['probation', 75], ['parole', 10], ['control', 5], ['temporary_outside', 10]]),
        caseType: rng.pick(CASES),
        originalSentence: rng.pick(SENTENCES),
        correctionStart,
        correctionEnd,
        hasTeam: rng.chance(0.9),
        absconded: rng.chance(0.02),
      },
      days,
      days - length > 0 ? { daysAgo: rng.int(0, days - length), reason: '矫正期满' } : undefined,
    )
  }
  if (s.age >= 22 && s.age <= 70 && rng.chance(male ? 0.0028 : 0.0004)) {
    const released = rng.int(30, 2400)
    const days = Math.min(released, registeredDaysAgo)
    add(out, rng, registeredDaysAgo, 
      'released_prisoner',
      'special',
      { releaseDate: isoDaysAgo(todayMs, released), crime: rng.pick(CASES), originalSentence: rng.pick(PRISON_TERMS), handedOver: rng.chance(0.95), resettled: rng.chance(0.85) },
      days,
      released > 1825 ? { daysAgo: rng.int(0, Math.max(0, days - 30)), reason: '帮教期满' } : undefined,
    )
  }
  if (adult && rng.chance(0.0052)) {
    const g = guardianOf(rng, s)
    add(out, rng, registeredDaysAgo, 'severe_mental_disorder', 'special', {
      guardianName: g.name,
      guardianPhone: g.phone ?? phone(),
      diagnosis: rng.weighted(DIAGNOSES),
      incidentHistory: rng.chance(0.08),
      dangerLevel: rng.weighted<number>([[0, 50], [1, 25], [2, 12], [3, 8], [4, 3], [5, 2]]),
      treatment: rng.weighted<string>([['outpatient', 70], ['hospitalized', 10], ['none', 20]]),
    })
  }
  if (adult && s.age <= 55 && rng.chance(male ? 0.003 : 0.0006)) {
    const status = rng.weighted<string>([['community_rehab', 35], ['abstinent', 40], ['rehabilitating', 15], ['relapsed', 10]])
    const days = start(rng, registeredDaysAgo)
    add(out, rng, registeredDaysAgo, 
      'drug_user',
      'special',
      {
        status,
        rehabilitation: rng.weighted<string>([['compulsory', 30], ['community', 45], ['voluntary', 10], ['none', 15]]),
        source: rng.pick(['公安机关查获', '社区排查', '自愿登记', '戒毒所转介']),
      },
      days,
      status === 'abstinent' ? maybeEnd(rng, days, 0.3, ['戒断三年未复吸']) : undefined,
    )
  }
  if (adult && s.age <= 70 && rng.chance(0.00013)) {
    add(out, rng, registeredDaysAgo, 'hiv', 'special', { followUpUnit: `${districtName(s.district)}疾病预防控制中心`, underTreatment: rng.chance(0.9) })
  }
  if (s.age >= 35 && rng.chance(0.0004)) {
    const days = start(rng, registeredDaysAgo)
    const resolved = rng.chance(0.3)
    add(out, rng, registeredDaysAgo, 
      'petitioner',
      'special',
      { petitionType: rng.weighted<string>([['repeated', 60], ['collective', 25], ['bypass', 15]]), issue: rng.pick(ISSUES), resolved },
      days,
      resolved ? maybeEnd(rng, days, 0.6, ['诉求已化解', '息诉罢访']) : undefined,
    )
  }
  if (s.age >= 12 && s.age <= 25 && rng.chance(0.0032)) {
    const minor = s.age < 18
    const g = minor ? guardianOf(rng, s) : undefined
    const days = start(rng, registeredDaysAgo)
    add(out, rng, registeredDaysAgo, 
      'key_youth',
      'special',
      {
        category: rng.weighted<string>([['idle', 40], ['bad_behaviour', 25], ['prisoner_child', 10], ['left_behind', minor ? 15 : 0], ['vagrant', 3]]),
        ...(g ? { guardianName: g.name } : {}),
        ...(minor && s.age >= 12 ? { school: `${s.street}中学` } : {}),
      },
      days,
      maybeEnd(rng, days, 0.1, ['已帮扶转化', '年满二十五周岁', '迁出']),
    )
  }
  return out
}

const DISTRICT_NAMES: Readonly<Record<string, string>> = {
  '630102': '城东区', '630103': '城中区', '630104': '城西区', '630105': '城北区', '630106': '湟中区', '630121': '大通县', '630123': '湟源县',
}
function districtName(code: string): string {
  return DISTRICT_NAMES[code] ?? '西宁市'
}
